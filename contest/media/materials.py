"""Run the check of one entry material in a capped child process and read its answer.

The checkers (``subtitles.py``, ``images.py``, ``documents.py``) are pure Python, but they parse
files an entrant made: a decoder bug, a parser bomb or a pathological file must cost a child
its memory limit or its wall-clock limit, never the worker (see ``limits.run_capped``).
"""

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import MediaToolError
from .limits import GIB, MIB, run_capped

CHILD = str(Path(__file__).with_name("_material_child.py"))
# Python with Pillow or pypdf maps ~150 MB before reading a byte; a 64-megapixel RGBA image
# decodes to 256 MB and its re-encoding and thumbnail need about as much again.
MEMORY = 1536 * MIB
TIMEOUT_S = 60.0
# The derived files: a re-encoded image is at most a few times its source; see services.
OUTPUT_BYTES = 1 * GIB


@dataclass(frozen=True)
class MaterialCheck:
    refusals: list[tuple[str, dict]] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)
    info: dict = field(default_factory=dict)
    peak_bytes: int = 0
    elapsed_s: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.refusals


def check_material(kind: str, source: Path, out_dir: Path, *, max_bytes: int,
                   language: str = "", duration_s: float | None = None,
                   timeout_s: float = TIMEOUT_S) -> MaterialCheck:
    """Check ``source`` as ``kind`` ("subtitle", "image" or "document"); derived files land
    in ``out_dir``. Raises MediaTimeout past the limit, MediaToolError if the child failed
    (out of memory, crashed): the caller counts the attempt and refuses after a few."""
    options = {"max_bytes": max_bytes, "language": language, "duration_s": duration_s}
    run = run_capped(
        [sys.executable, "-I", CHILD, kind, str(source), str(out_dir), json.dumps(options)],
        timeout_s=timeout_s, memory_bytes=MEMORY, file_bytes=OUTPUT_BYTES,
        stdout_keep=1 * MIB,
    )
    if not run.ok:
        raise MediaToolError(f"material check failed ({run.returncode}): {run.stderr[-500:]}")
    try:
        answer = json.loads(run.stdout)
    except ValueError as exc:
        raise MediaToolError("material check gave no answer") from exc
    return MaterialCheck(
        refusals=[(code, params) for code, params in answer["refusals"]],
        files={key: out_dir / name for key, name in answer["files"].items()},
        info=answer["info"], peak_bytes=run.max_rss_bytes, elapsed_s=run.elapsed_s,
    )
