"""The full stage: does every stream decode, from the first frame to the last?

Strategy: a full decode, not sampling. Corruption sits anywhere (a bad block in minute 11 is
invisible to any sample that misses it) and sampling only pays for itself when seeking is
cheap, which it is not for VP9 or ProRes (every frame decoded anyway). A full decode of 1080p
H.264 runs at several times realtime, so a 15-minute film costs a couple of minutes of one
worker, which the queue absorbs; the entrant already has the cheap verdict by then.

How a failure is recognised (FFmpeg 5.1 exits 0 on truncated and corrupted files):
- ``ffmpeg -v error``: ANY line on stderr is a failure (damaged macroblocks, invalid NAL units,
  "partial file"). Legitimate files print nothing at this level.
- the decoded duration (``-progress``'s last ``out_time``) must reach the declared duration:
  a file cut after a front-placed index demuxes cleanly to its end but stops early, and this
  comparison is the only signal for it.

Bounds: the ``ffmpeg`` CLI runs in a capped child (``limits``), never PyAV in the worker: the
child has FFmpeg's logging on (PyAV silences it and hides corruption), cannot hang the worker at
exit (a multi-threaded PyAV decode of a corrupt file did, unless the container was closed
explicitly; the child's exit closes everything), and is killed with its process group when the
time limit, scaled with the declared duration, passes. ``-max_pixels`` refuses frames larger
than the rules allow even if the stream changes size midway.
"""

import shutil
from pathlib import Path

from .errors import MediaToolError
from .inputs import input_args
from .limits import DECODE_MEMORY, run_capped
from .reasons import Reason
from .timeline import timeline_output_args

FFMPEG = shutil.which("ffmpeg") or "ffmpeg"
# 4K HEVC decodes at 1.5–2× realtime here; ×1 leaves room for a busy machine.
BASE_TIMEOUT_S = 60.0
TIMEOUT_PER_SECOND = 1.0
DEFAULT_MAX_PIXELS = 4096 * 4096
TRUNCATION_TOLERANCE_S = 0.5
TRUNCATION_TOLERANCE_RATIO = 0.005


def integrity_timeout(duration_s: float | None) -> float:
    """Wall-clock limit of the full decode of a film of this (declared) duration."""
    return BASE_TIMEOUT_S + TIMEOUT_PER_SECOND * max(duration_s or 0.0, 0.0)


def check_integrity(path, *, metadata: dict, timeout_s: float | None = None,
                    timeline: Path | None = None) -> list[Reason]:
    """Decode every video and audio stream; [] when clean. MediaTimeout past the time limit.

    ``timeline``: also write the film's timeline frames there (``timeline.py``), from the same
    decode.
    """
    declared = metadata.get("duration_s")
    pixels = max((metadata.get("width") or 0) * (metadata.get("height") or 0), DEFAULT_MAX_PIXELS)
    run = run_capped(
        [FFMPEG, "-nostdin", "-hide_banner", "-v", "error", "-nostats", "-y",
         *input_args(Path(path), metadata.get("container"), max_pixels=pixels),
         "-map", "0:v", "-map", "0:a?", "-f", "null", "-", "-progress", "pipe:1",
         *(timeline_output_args(timeline) if timeline else [])],
        timeout_s=timeout_s or integrity_timeout(declared),
        memory_bytes=DECODE_MEMORY,
    )
    decoded = decoded_seconds(run.stdout)
    if decoded is None and run.returncode == 0 and not run.stderr.strip():
        raise MediaToolError("ffmpeg reported no progress")
    return judge_decode(
        returncode=run.returncode, stderr=run.stderr, decoded_s=decoded, declared_s=declared
    )


def decoded_seconds(progress: bytes) -> float | None:
    """The last ``out_time_us`` FFmpeg's ``-progress`` reported, in seconds."""
    last = None
    for line in progress.decode("ascii", "replace").splitlines():
        key, _, value = line.partition("=")
        if key == "out_time_us" and value.strip().lstrip("-").isdigit():
            last = max(int(value), 0) / 1_000_000
    return last


def judge_decode(
    *, returncode: int, stderr: str, decoded_s: float | None, declared_s: float | None
) -> list[Reason]:
    reasons = []
    errors = [line for line in stderr.splitlines() if line.strip()]
    if returncode != 0 or errors:
        detail = errors[0][:300] if errors else f"exit status {returncode}"
        reasons.append(Reason("decode_error", {"detail": detail, "lines": len(errors)}))
    if declared_s and decoded_s is not None:
        tolerance = max(TRUNCATION_TOLERANCE_S, declared_s * TRUNCATION_TOLERANCE_RATIO)
        if decoded_s < declared_s - tolerance:
            reasons.append(Reason("truncated", {"decoded": round(decoded_s, 2),
                                                "declared": round(declared_s, 2)}))
    return reasons
