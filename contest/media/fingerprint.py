"""Perceptual hashes of frames sampled across a film, for near-duplicate detection.

A re-encode, a rescale or a different container of the same film gives nearly the same hashes
(ImageHash's pHash of a small grey frame), while another film differs in about half the bits.
Frames are taken at the same fractions of the duration in every film, so hashes compare
position by position, and a film whose frames happen to match another's at one point (a
black frame) does not become its duplicate.
"""

import shutil
import tempfile
from pathlib import Path

from .errors import MediaToolError
from .inputs import input_args
from .limits import DECODE_MEMORY, run_capped

FFMPEG = shutil.which("ffmpeg") or "ffmpeg"
FRAME_SIDE = 64
HASH_BITS = 64
# Mean differing bits (of 64) at or under which two films are near duplicates: re-encodes
# of one film measure 0–4 here, different films around 25–35.
NEAR_DUPLICATE_DISTANCE = 10.0
FRAME_TIMEOUT_S = 120.0
FRAMES_PER_CHILD = 4


def sample_times(duration_s: float, samples: int) -> list[float]:
    """Evenly spread inside the film, away from fades at the very start and end."""
    return [round(duration_s * (index + 0.5) / samples, 3) for index in range(samples)]


def frame_hashes(path, *, metadata: dict, samples: int = 8,
                 work: Path | None = None) -> list[str]:
    """Perceptual hashes of ``samples`` frames spread over the film. Frames are written under
    ``work`` when given (a folder its caller cleans up), else in a temporary folder."""
    duration = metadata.get("duration_s") or 0.0
    times = sample_times(duration, samples)
    hashes: list[str] = []
    for first in range(0, len(times), FRAMES_PER_CHILD):
        hashes += _hashes_at(Path(path), times[first : first + FRAMES_PER_CHILD],
                             metadata.get("container"), work)
    return hashes


def _hashes_at(path: Path, times: list[float], container: str | None,
               parent: Path | None) -> list[str]:
    """One child opens the file once per time (a fast seek each) and writes one small frame
    per output: process start-up is paid once, not once per frame."""
    inputs, outputs = [], []
    with tempfile.TemporaryDirectory(dir=parent) as work:
        frames = [Path(work) / f"{index}.gray" for index in range(len(times))]
        for index, (at, frame) in enumerate(zip(times, frames, strict=True)):
            # One decoder thread each: several decoders are open at once.
            inputs += ["-threads", "1", "-ss", str(at), *input_args(path, container)]
            outputs += ["-map", f"{index}:v:0", "-frames:v", "1",
                        "-vf", f"scale={FRAME_SIDE}:{FRAME_SIDE},format=gray",
                        "-f", "rawvideo", str(frame)]
        run = run_capped([FFMPEG, "-nostdin", "-hide_banner", "-v", "error", "-y",
                          *inputs, *outputs],
                         timeout_s=FRAME_TIMEOUT_S, memory_bytes=DECODE_MEMORY)
        size = FRAME_SIDE * FRAME_SIDE
        pictures = [frame.read_bytes()[:size] if frame.exists() else b"" for frame in frames]
    if not run.ok or any(len(picture) < size for picture in pictures):
        raise MediaToolError(f"no frames at {times} s: {run.stderr.strip()[:300]}")
    return hash_pictures(pictures)


def hash_pictures(pictures: list[bytes]) -> list[str]:
    """pHash of each FRAME_SIDE × FRAME_SIDE grey picture, as hex."""
    # Loaded here, in the validation worker, rather than by every process that imports media.
    import imagehash
    from PIL import Image

    return [str(imagehash.phash(Image.frombytes("L", (FRAME_SIDE, FRAME_SIDE), picture)))
            for picture in pictures]


def hash_distance(a: list[str], b: list[str]) -> float:
    """Mean Hamming distance of the hashes at the same positions (all bits differ if none)."""
    pairs = list(zip(a, b, strict=False))
    if not pairs:
        return float(HASH_BITS)
    total = sum((int(x, 16) ^ int(y, 16)).bit_count() for x, y in pairs)
    return total / len(pairs)
