"""The jurors' preview: at most 720p, H.264/AAC in MP4 with the index first (faststart), so a
browser starts playing and seeks before the whole file has arrived.

The picture is turned as the film is displayed (FFmpeg's autorotate) and carries no rotation
flag; metadata and chapters are dropped, since titles and comments may name the entrant and
judging is blind.

Encoder settings are for a juror's screen, not for archive (the original stays in storage):
x264's ``ultrafast`` preset with its in-loop deblocking turned back on (without it the
cheapest preset's picture turns blocky at a capped rate, and it costs about a twentieth of the
encode), CRF 27 capped at 2 Mb/s (a 720p web stream; film grain no longer inflates the file),
AAC 128 kb/s. The full stage makes the preview in the same FFmpeg run as the integrity decode
(``decode.py``), so its cost is the encode alone: ``veryfast`` CRF 24, as before, cost 1.8
times the decode again on 1080p film with grain, these settings about 0.8 (CABAC would add
another 0.1 for a few per cent fewer bits, which a juror does not see at this rate).
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


def preview_video_filter() -> str:
    """The preview's picture: displayed size fitted to 720p, 4:2:0 (what every browser plays)."""
    # Bilinear: 1080p to 720p is a mild reduction, where bicubic costs more and shows nothing.
    return fit_short_edge(PREVIEW_SHORT_EDGE) + ":flags=bilinear,format=yuv420p"


def preview_output_args(out_path) -> list[str]:
    """Encoder and container options of the preview file, after its video ``-map``."""
    return ["-c:v", "libx264", "-preset", "ultrafast", "-x264-params", "deblock=1",
            "-crf", "27", "-maxrate", "2000k", "-bufsize", "4000k",
            "-profile:v", "high", "-fpsmax", "60",
            "-map", "0:a:0?", "-c:a", "aac", "-b:a", "128k", "-ac", "2",
            "-map_metadata", "-1", "-map_chapters", "-1", "-sn", "-dn",
            "-movflags", "+faststart", "-f", "mp4", str(out_path)]


def make_preview(path, out_path, *, metadata: dict) -> None:
    """The preview on its own (the demo, tools); the full stage makes it in its single decode."""
    run = run_capped(
        [FFMPEG, "-nostdin", "-hide_banner", "-v", "error", "-y",
         *input_args(Path(path), metadata.get("container")),
         "-map", "0:v:0", "-vf", preview_video_filter(), *preview_output_args(out_path)],
        timeout_s=preview_timeout(metadata.get("duration_s")),
        memory_bytes=DECODE_MEMORY,
        file_bytes=4 * GIB,
    )
    if not run.ok:
        raise MediaToolError(f"preview failed: {run.stderr.strip()[:300]}")
