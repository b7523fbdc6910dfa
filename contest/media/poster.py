"""A poster frame: one JPEG, as the film is displayed (FFmpeg applies the rotation itself)."""

import shutil
from pathlib import Path

from .errors import MediaToolError
from .inputs import input_args
from .limits import DECODE_MEMORY, MIB, run_capped

FFMPEG = shutil.which("ffmpeg") or "ffmpeg"
POSTER_LONG_EDGE = 1280
POSTER_TIMEOUT_S = 120.0
# Long enough in to skip a black fade-in, early enough to exist in a 3-second film.
POSTER_AT_FRACTION = 0.1
POSTER_AT_MAX_S = 10.0


def fit_long_edge(long_edge: int) -> str:
    """A scale filter that fits the displayed picture's long edge, never enlarging it."""
    return (f"scale=w='if(gte(iw,ih),min({long_edge},iw),-2)'"
            f":h='if(gte(iw,ih),-2,min({long_edge},ih))'")


def poster_time(metadata: dict) -> float:
    duration = metadata.get("duration_s") or 0.0
    return round(min(duration * POSTER_AT_FRACTION, POSTER_AT_MAX_S), 3)


def extract_poster(path, out_path, *, metadata: dict) -> None:
    """Write a JPEG of the frame at ``poster_time`` (the first frame if that fails)."""
    for at in dict.fromkeys((poster_time(metadata), 0.0)):
        run = run_capped(
            [FFMPEG, "-nostdin", "-hide_banner", "-v", "error", "-y", "-ss", str(at),
             *input_args(Path(path), metadata.get("container")),
             "-map", "0:v:0", "-frames:v", "1", "-vf", fit_long_edge(POSTER_LONG_EDGE),
             "-q:v", "3", "-map_metadata", "-1", "-f", "image2", "-update", "1", str(out_path)],
            timeout_s=POSTER_TIMEOUT_S,
            memory_bytes=DECODE_MEMORY,
            file_bytes=32 * MIB,
        )
        if run.ok and Path(out_path).exists() and Path(out_path).stat().st_size > 0:
            return
    raise MediaToolError(f"no poster frame: {run.stderr.strip()[:300]}")
