"""The contest's rules applied to what we know of a file, cheapest knowledge first.

Each function returns the reasons it finds (empty when the file passes). ``validate.inspect``
calls them in order and stops before probing when the name or content already rules it out.
"""

from pathlib import PurePath

from .reasons import Reason
from .rules import VideoRules
from .sniff import Sniffed

WEBM_VIDEO_CODECS = ("vp9", "av1")


def check_name(filename: str, rules: VideoRules) -> list[Reason]:
    suffix = PurePath(filename).suffix.lower()
    allowed = tuple(ext.lower() for ext in rules.allowed_extensions)
    if suffix in allowed:
        return []
    return [Reason("extension_not_allowed", {"filename": PurePath(filename).name,
                                             "extension": suffix, "allowed": list(allowed)})]


def check_size(size_bytes: int, rules: VideoRules) -> list[Reason]:
    if size_bytes == 0:
        return [Reason("not_a_video", {"kind": "empty"})]
    if size_bytes > rules.max_bytes:
        return [Reason("file_too_large", {"size_bytes": size_bytes, "max_bytes": rules.max_bytes})]
    return []


def check_content(sniffed: Sniffed, rules: VideoRules) -> list[Reason]:
    """The real type, from the bytes: anything but an allowed container ends the inspection."""
    if sniffed.kind in rules.allowed_containers:
        return []
    if sniffed.kind == "empty":
        return []  # already reported by check_size
    code = "container_not_allowed" if sniffed.is_video_container else "not_a_video"
    return [Reason(code, {"kind": sniffed.kind, "allowed": list(rules.allowed_containers)})]


def _edges(width: int, height: int) -> tuple[int, int]:
    return max(width, height), min(width, height)


def check_header_dimensions(streams: list[dict], rules: VideoRules) -> list[Reason]:
    """Absurd frame sizes declared by the container header, refused before any decoding."""
    for stream in streams:
        width, height = int(stream.get("width") or 0), int(stream.get("height") or 0)
        if _edges(width, height)[0] > rules.max_long_edge:
            return [too_big(width, height, rules)]
    return []


def too_big(width: int, height: int, rules: VideoRules) -> Reason:
    return Reason("resolution_too_high",
                  {"width": width, "height": height, "max_long": rules.max_long_edge})


def check_metadata(meta: dict, sniffed: Sniffed, rules: VideoRules) -> list[Reason]:
    """The probed stream against the rules: codec, displayed resolution, duration."""
    if not meta.get("video_streams"):
        return [Reason("no_video_stream", {})]
    reasons = []
    codec = meta.get("video_codec") or ""
    if codec not in rules.allowed_video_codecs:
        reasons.append(Reason("video_codec_not_allowed",
                              {"codec": codec, "allowed": list(rules.allowed_video_codecs)}))
    elif sniffed.kind == "webm" and codec not in WEBM_VIDEO_CODECS:
        reasons.append(Reason("webm_codec_not_allowed", {"codec": codec}))
    reasons += check_resolution(meta, rules)
    reasons += check_duration(meta.get("duration_s"), rules)
    return reasons


def check_resolution(meta: dict, rules: VideoRules) -> list[Reason]:
    width, height = meta.get("display_width") or 0, meta.get("display_height") or 0
    long_edge, short_edge = _edges(width, height)
    if long_edge > rules.max_long_edge:
        return [too_big(width, height, rules)]
    if long_edge < rules.min_long_edge or short_edge < rules.min_short_edge:
        return [Reason("resolution_too_low", {
            "width": width, "height": height,
            "min_long": rules.min_long_edge, "min_short": rules.min_short_edge,
        })]
    return []


def check_duration(duration_s: float | None, rules: VideoRules) -> list[Reason]:
    if duration_s is None:
        return [Reason("duration_unknown", {})]
    if duration_s < rules.min_duration_s:
        return [Reason("too_short", {"duration": duration_s, "min": rules.min_duration_s})]
    if duration_s > rules.max_duration_s:
        return [Reason("too_long", {"duration": duration_s, "max": rules.max_duration_s})]
    return []
