"""A film's timeline fingerprint, for copies that were cut or mirrored.

The eight position hashes (``fingerprint``) compare frames at the same fractions of the
duration, so a copy with a few seconds cut from its start or end, or mirrored, no longer lines
up with its original. Here the film is hashed along its whole length instead, from the full
decode the integrity check does anyway (a second output of the same FFmpeg run: a small grey
frame four times a second costs next to nothing beside decoding every frame).

- Stored per video: one perceptual hash per second (8 bytes a second, 1.4 KB for three
  minutes), packed as big-endian unsigned 64-bit integers.
- Compared when a film is checked: its hashes four times a second, as they are and mirrored,
  against every stored film. Wherever a cut falls, one of the new film's samples lies within
  an eighth of a second of each stored second, so a cut copy finds its original and an
  original uploaded after its cut copy finds the copy.
- Two films match when at least half of the shorter one's seconds find the same picture at one
  and the same time offset, which is what a cut copy looks like: a shared logo or title card
  lines up only for a few seconds. Flat frames (black, white, fades) say nothing about which
  film they belong to and are left out.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

FRAME_SIDE = 32
SAMPLES_PER_SECOND = 4
# Differing bits (of 64) at or under which two samples are taken for the same picture. The
# same picture re-encoded, rescaled or an eighth of a second apart measured 2-10 here; other
# films' closest samples 12 and more.
SAME_PICTURE_BITS = 10
# Share of the shorter film's seconds that must line up at one offset, and at least this many.
MATCH_SHARE = 0.5
MIN_MATCHED_SECONDS = 4
MAX_STORED_SAMPLES = 120
# A grey frame this flat (standard deviation of its 0-255 levels) is left out.
FLAT_FRAME_DEVIATION = 4.0
_PACKED = np.dtype(">u8")


@dataclass(frozen=True)
class Timeline:
    """A checked film's samples: ``dense`` (SAMPLES_PER_SECOND a second), its mirror image,
    and ``stored`` (one a second), each packed; 0 marks a flat frame."""

    dense: bytes
    mirrored: bytes

    @property
    def stored(self) -> bytes:
        return unpack(self.dense)[::SAMPLES_PER_SECOND].astype(_PACKED).tobytes()


def timeline_output_args(target: Path) -> list[str]:
    """FFmpeg output options that write SAMPLES_PER_SECOND small grey frames a second."""
    return ["-map", "0:v:0", "-vf",
            f"fps={SAMPLES_PER_SECOND},scale={FRAME_SIDE}:{FRAME_SIDE}:flags=area,format=gray",
            "-f", "rawvideo", str(target)]


def timeline_hashes(frames_file: Path) -> Timeline:
    """Hash the frames ``timeline_output_args`` wrote, as they are and mirrored (none when
    FFmpeg wrote none: such a film is compared by its position hashes only)."""
    data = frames_file.read_bytes() if frames_file.exists() else b""
    raw = np.frombuffer(data, dtype=np.uint8)
    size = FRAME_SIDE * FRAME_SIDE
    frames = raw[: len(raw) // size * size].reshape(-1, FRAME_SIDE, FRAME_SIDE)
    plain = np.zeros(len(frames), dtype=_PACKED)
    mirrored = np.zeros(len(frames), dtype=_PACKED)
    for index, frame in enumerate(frames):
        if frame.std() >= FLAT_FRAME_DEVIATION:
            plain[index], mirrored[index] = _phash(frame), _phash(frame[:, ::-1])
    return Timeline(dense=plain.tobytes(), mirrored=mirrored.tobytes())


def _phash(frame: np.ndarray) -> int:
    # ImageHash's pHash: the 8x8 lowest frequencies of the 32x32 DCT against their median.
    # Imported here, in the validation worker, rather than by every process that imports media.
    import imagehash
    from PIL import Image

    bits = imagehash.phash(Image.fromarray(np.ascontiguousarray(frame), mode="L")).hash
    return int.from_bytes(np.packbits(bits.flatten()).tobytes(), "big")


def unpack(packed: bytes) -> np.ndarray:
    return np.frombuffer(packed, dtype=_PACKED).astype(np.uint64)


def match_share(dense: np.ndarray, stored: np.ndarray) -> float:
    """Share of the shorter film's seconds that are the same picture in both films at the best
    single time offset; 0.0 below ``MIN_MATCHED_SECONDS``. ``dense`` holds one film's samples
    (SAMPLES_PER_SECOND a second), ``stored`` the other's (one a second), both unpacked.

    A long stored film is compared by every ``step``-th second only (at most
    ``MAX_STORED_SAMPLES``): the seconds that line up need no particular spacing, and the
    cost stays bounded for 15-minute films in a contest of thousands.
    """
    rate = SAMPLES_PER_SECOND
    step = max(1, -(-len(stored) // MAX_STORED_SAMPLES))
    seconds = np.flatnonzero(stored)
    seconds = seconds[seconds % step == 0]
    samples = np.flatnonzero(dense)
    # How many of the stored seconds compared can fall inside the dense film at all.
    possible = min(len(seconds), len(samples) / rate / step)
    if possible < MIN_MATCHED_SECONDS:
        return 0.0
    # Row i, column j: the bits in which a sample of one film and a second of the other differ.
    distances = np.bitwise_count(dense[samples][:, None] ^ stored[seconds][None, :])
    rows, columns = np.nonzero(distances <= SAME_PICTURE_BITS)
    if len(rows) == 0:
        return 0.0
    # The offset, in samples, at which a stored second meets a dense sample. A cut between two
    # samples lands on one of two neighbouring offsets: each pair of neighbours (a window)
    # counts the stored seconds matched on either, each once.
    offsets = seconds[columns] * rate - samples[rows] + len(dense)
    windows = np.concatenate([offsets, offsets - 1])
    pairs = np.unique(windows * len(stored) + np.concatenate([columns, columns]))
    matched = int(np.bincount(pairs // len(stored)).max())
    if matched < MIN_MATCHED_SECONDS:
        return 0.0
    return min(matched / possible, 1.0)


def best_match(timeline: Timeline, candidates) -> tuple[float, int] | None:
    """(share, key) of the candidate that the checked film (or its mirror image) matches best,
    or None when none reaches ``MATCH_SHARE``. ``candidates``: (key, stored bytes) pairs."""
    dense, mirrored = unpack(timeline.dense), unpack(timeline.mirrored)
    best: tuple[float, int] | None = None
    for key, packed in candidates:
        stored = unpack(packed)
        share = max(match_share(dense, stored), match_share(mirrored, stored))
        if share >= MATCH_SHARE and (best is None or share > best[0]):
            best = (share, key)
    return best
