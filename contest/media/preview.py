"""The jurors' preview: at most 720p, H.264/AAC in MP4 with the index first (faststart), so a
browser starts playing and seeks before the whole file has arrived.

The picture is turned as the film is displayed (FFmpeg's autorotate) and carries no rotation
flag; metadata and chapters are dropped, since titles and comments may name the entrant and
judging is blind. x264 at ``veryfast`` is the cheapest preset whose quality holds at 720p.
"""

import shutil
from pathlib import Path

from .errors import MediaToolError
from .inputs import input_args
from .limits import DECODE_MEMORY, GIB, run_capped

FFMPEG = shutil.which("ffmpeg") or "ffmpeg"
PREVIEW_SHORT_EDGE = 720
BASE_TIMEOUT_S = 120.0
# A 540p proxy encoded at 3.7× realtime from 1080p here; 720p from 4K HEVC is far slower.
TIMEOUT_PER_SECOND = 2.0


def fit_short_edge(short_edge: int) -> str:
    """At most ``short_edge`` on the displayed picture's short side, even sizes, never enlarged."""
    return (f"scale=w='if(gte(iw,ih),-2,min({short_edge},iw))'"
            f":h='if(gte(iw,ih),min({short_edge},ih),-2)'")


def preview_timeout(duration_s: float | None) -> float:
    return BASE_TIMEOUT_S + TIMEOUT_PER_SECOND * max(duration_s or 0.0, 0.0)


def make_preview(path, out_path, *, metadata: dict) -> None:
    audio = ["-map", "0:a:0?", "-c:a", "aac", "-b:a", "128k", "-ac", "2"]
    run = run_capped(
        [FFMPEG, "-nostdin", "-hide_banner", "-v", "error", "-y",
         *input_args(Path(path), metadata.get("container")),
         "-map", "0:v:0", "-vf", fit_short_edge(PREVIEW_SHORT_EDGE) + ",format=yuv420p",
         "-c:v", "libx264", "-preset", "veryfast", "-crf", "24", "-profile:v", "high",
         "-fpsmax", "60", *audio, "-map_metadata", "-1", "-map_chapters", "-1", "-sn", "-dn",
         "-movflags", "+faststart", "-f", "mp4", str(out_path)],
        timeout_s=preview_timeout(metadata.get("duration_s")),
        memory_bytes=DECODE_MEMORY,
        file_bytes=4 * GIB,
    )
    if not run.ok:
        raise MediaToolError(f"preview failed: {run.stderr.strip()[:300]}")
