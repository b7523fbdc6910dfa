"""Video checks and derivatives with FFmpeg: pure Python plus capped child processes.

No database access here (``VideoRules.from_contest`` only reads a contest's attributes): the
validation task, the ``validate_video`` command and the benchmarks all call these functions.
"""

from .credentials import read_content_credentials
from .decode import FilmDecode, decode_film, decode_timeout
from .errors import MediaTimeout, MediaToolError
from .fingerprint import NEAR_DUPLICATE_DISTANCE, frame_hashes, hash_distance
from .integrity import check_integrity, integrity_timeout
from .poster import extract_poster
from .preview import make_preview, preview_timeout
from .reasons import Reason, reason_text
from .report import Report
from .rules import VideoRules
from .timeline import Timeline, best_match, timeline_hashes
from .validate import inspect

__all__ = [
    "NEAR_DUPLICATE_DISTANCE",
    "FilmDecode",
    "MediaTimeout",
    "MediaToolError",
    "Reason",
    "Report",
    "Timeline",
    "VideoRules",
    "best_match",
    "check_integrity",
    "decode_film",
    "decode_timeout",
    "extract_poster",
    "frame_hashes",
    "hash_distance",
    "inspect",
    "integrity_timeout",
    "make_preview",
    "preview_timeout",
    "read_content_credentials",
    "reason_text",
    "timeline_hashes",
]
