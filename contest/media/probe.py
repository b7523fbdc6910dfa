"""Read a file's streams with ffprobe, in a capped child, in two stages.

1. ``probe_header``: the container's own header only (``-nofind_stream_info``), no decoder
   opened. It costs a few MB even for a 16000×16000 file, so absurd dimensions are refused
   here, before anything is decoded.
2. ``probe_streams``: ffprobe's usual stream analysis, which decodes a few frames to fill in
   what the header lacks (frame rate, codec details). ``-max_pixels`` caps the frame size a
   decoder may allocate, in case the codec's header disagrees with the container's.

The JSON is turned into the flat metadata dict that reports, the database and the command use.
"""

import json
import re
import shutil
from fractions import Fraction
from pathlib import Path

from .inputs import input_args
from .limits import PROBE_MEMORY, PROBE_TIMEOUT_S, run_capped

FFPROBE = shutil.which("ffprobe") or "ffprobe"
_PICTURE_TOO_BIG = re.compile(r"Picture size (\d+)x(\d+) exceeds")


class ProbeFailed(Exception):
    """ffprobe could not make sense of the file (the file's fault, not the tool's)."""

    def __init__(self, message: str, *, oversize: tuple[int, int] | None = None):
        super().__init__(message)
        self.oversize = oversize


def _ffprobe(path: Path, container: str | None, extra: list[str]) -> tuple[dict, float, int]:
    run = run_capped(
        [FFPROBE, "-v", "error", "-hide_banner", *extra, "-show_format", "-show_streams",
         "-of", "json", *input_args(path, container)],
        timeout_s=PROBE_TIMEOUT_S,
        memory_bytes=PROBE_MEMORY,
    )
    if not run.ok:
        found = _PICTURE_TOO_BIG.search(run.stderr)
        oversize = (int(found[1]), int(found[2])) if found else None
        raise ProbeFailed(run.stderr.strip()[:500] or f"ffprobe exit {run.returncode}",
                          oversize=oversize)
    try:
        data = json.loads(run.stdout or b"{}")
    except ValueError as exc:
        raise ProbeFailed("ffprobe printed no JSON") from exc
    return data, run.elapsed_s, run.max_rss_bytes


def probe_header(path: str | Path, *, container: str | None) -> tuple[dict, float, int]:
    """(ffprobe JSON, seconds, peak bytes) from the container header alone."""
    return _ffprobe(Path(path), container, ["-nofind_stream_info"])


def probe_streams(
    path: str | Path, *, container: str | None, max_pixels: int
) -> tuple[dict, float, int]:
    return _ffprobe(Path(path), container, ["-max_pixels", str(max_pixels)])


def picture_streams(data: dict) -> list[dict]:
    """Video streams that carry moving pictures: cover art and thumbnails do not count."""
    return [
        s for s in data.get("streams", [])
        if s.get("codec_type") == "video"
        and not (s.get("disposition") or {}).get("attached_pic")
        and not (s.get("disposition") or {}).get("still_image")
    ]


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and number >= 0 else None  # drops NaN


def _rate(value) -> float | None:
    try:
        rate = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return None
    return round(float(rate), 3) if rate > 0 else None


def rotation_of(stream: dict) -> int:
    """Clockwise degrees to turn the stored picture for display (0, 90, 180 or 270)."""
    tag = (stream.get("tags") or {}).get("rotate")
    if tag is not None:
        degrees = _number(tag)
        if degrees is not None:
            return int(round(degrees)) % 360
    for side in stream.get("side_data_list") or []:
        if "rotation" in side:
            # The display matrix counts counter-clockwise; the rotate tag counts clockwise.
            return int(round(-float(side["rotation"]))) % 360
    return 0


def metadata_from(data: dict) -> dict:
    """The flat metadata dict from ffprobe's JSON (None where the file does not say)."""
    pictures = picture_streams(data)
    audio = [s for s in data.get("streams", []) if s.get("codec_type") == "audio"]
    fmt = data.get("format") or {}
    meta: dict = {
        "video_codec": None, "width": None, "height": None, "display_width": None,
        "display_height": None, "rotation": 0, "fps": None, "pix_fmt": None,
        "variable_frame_rate": None,
        "has_audio": bool(audio), "audio_codec": audio[0].get("codec_name") if audio else None,
        "video_streams": len(pictures), "audio_streams": len(audio),
        "format_name": fmt.get("format_name"), "bit_rate": _number(fmt.get("bit_rate")),
    }
    duration = _number(fmt.get("duration"))
    if pictures:
        video = pictures[0]
        width, height = int(video.get("width") or 0), int(video.get("height") or 0)
        rotation = rotation_of(video)
        turned = rotation % 180 == 90
        avg, real = _rate(video.get("avg_frame_rate")), _rate(video.get("r_frame_rate"))
        meta.update(
            video_codec=video.get("codec_name"), width=width or None, height=height or None,
            display_width=(height if turned else width) or None,
            display_height=(width if turned else height) or None,
            rotation=rotation, fps=avg or real, pix_fmt=video.get("pix_fmt"),
            variable_frame_rate=bool(avg and real and abs(avg - real) > 0.01),
        )
        if duration is None:
            duration = _number(video.get("duration"))
    meta["duration_s"] = round(duration, 3) if duration is not None else None
    return meta
