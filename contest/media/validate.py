"""``inspect``: the cheap verdict, in seconds, without decoding the film.

Order matters: the name and the first bytes are checked before any FFmpeg child starts, and the
container header (no decoder) before ffprobe's stream analysis, so a non-video or an absurd
frame size is refused having cost almost nothing. The full decode is ``check_integrity``.
"""

import hashlib
from pathlib import Path

from .checks import (
    check_content,
    check_header_dimensions,
    check_metadata,
    check_name,
    check_size,
    too_big,
)
from .errors import MediaTimeout
from .probe import ProbeFailed, metadata_from, picture_streams, probe_header, probe_streams
from .reasons import Reason
from .report import METADATA_KEYS, Report
from .rules import VideoRules
from .sniff import Sniffed, has_trailing_archive, sniff_file


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def inspect(
    path: str | Path, *, rules: VideoRules, filename: str, sha256: str | None = None
) -> Report:
    """Name rule, real type, capped probe and rules. A hostile file ends in an invalid Report.

    Raises MediaToolError only when ffprobe cannot run at all.
    """
    path = Path(path)
    size = path.stat().st_size
    metadata = dict.fromkeys(METADATA_KEYS)
    metadata.update(size_bytes=size, sha256=sha256 or file_sha256(path))
    stats: dict = {"probe_s": 0.0, "probe_max_rss_bytes": 0}
    reasons = check_name(filename, rules) + check_size(size, rules)

    sniffed = sniff_file(path)
    metadata.update(sniffed=sniffed.kind, brand=sniffed.detail)
    if sniffed.is_video_container:
        metadata["container"] = sniffed.kind
    refused = check_content(sniffed, rules)
    if not refused and has_trailing_archive(path):
        refused = [Reason("hidden_archive", {})]
    if refused or size == 0:
        return _report(reasons + refused, metadata, stats)

    try:
        reasons += _probe(path, sniffed, rules, metadata, stats)
    except ProbeFailed as exc:
        metadata["probe_error"] = str(exc)[:500]
        if exc.oversize:
            reasons.append(too_big(*exc.oversize, rules))
        else:
            reasons.append(Reason("unreadable", {}))
    except MediaTimeout:
        reasons.append(Reason("too_slow_to_read", {}))
    return _report(reasons, metadata, stats)


def _probe(
    path: Path, sniffed: Sniffed, rules: VideoRules, metadata: dict, stats: dict
) -> list[Reason]:
    container = sniffed.kind
    header, seconds, peak = probe_header(path, container=container)
    _account(stats, seconds, peak)
    oversized = check_header_dimensions(picture_streams(header), rules)
    if oversized:
        metadata.update(metadata_from(header))
        return oversized
    data, seconds, peak = probe_streams(path, container=container, max_pixels=rules.max_pixels)
    _account(stats, seconds, peak)
    metadata.update(metadata_from(data))
    return check_metadata(metadata, sniffed, rules)


def _account(stats: dict, seconds: float, peak: int) -> None:
    stats["probe_s"] = round(stats["probe_s"] + seconds, 4)
    stats["probe_max_rss_bytes"] = max(stats["probe_max_rss_bytes"], peak)


def _report(reasons: list[Reason], metadata: dict, stats: dict) -> Report:
    return Report(verdict="invalid" if reasons else "valid", reasons=reasons,
                  metadata=metadata, stats=stats)
