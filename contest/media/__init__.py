"""Video checks and derivatives with FFmpeg: pure Python plus capped child processes.

No database access here (``VideoRules.from_contest`` only reads a contest's attributes): the
validation task, the ``validate_video`` command and the benchmarks all call these functions.
"""

from .errors import MediaTimeout, MediaToolError
from .reasons import Reason, reason_text
from .report import Report
from .rules import VideoRules
from .validate import inspect

__all__ = [
    "MediaTimeout",
    "MediaToolError",
    "Reason",
    "Report",
    "VideoRules",
    "inspect",
    "reason_text",
]
