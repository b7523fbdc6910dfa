"""Scratch folders for one video's validation that a killed worker cannot leave behind.

A worker killed with SIGKILL (out of memory, a redeploy, a crash) runs no cleanup, so a
``TemporaryDirectory`` it held stays in the temporary folder for good. Instead, each video
gets one folder named after it: the next run of the same video on this host empties it
before use (the validation claim guarantees there is never a second live run of a video),
and every worker, when it starts, removes the folders older than the longest validation time
limit, which no live run can own any more.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = "marquee-video-"


def _root() -> Path:
    return Path(tempfile.gettempdir())


@contextmanager
def scratch_folder(video_id: int) -> Iterator[Path]:
    """An empty private folder for ``video_id``'s run; removed when the run ends."""
    folder = _root() / f"{PREFIX}{int(video_id)}"
    _remove(folder)  # what a killed run of this video left
    folder.mkdir(mode=0o700)
    try:
        yield folder
    finally:
        _remove(folder)


def remove_stale(*, older_than_s: float, now: float | None = None) -> int:
    """Remove scratch folders untouched for ``older_than_s`` seconds; returns how many."""
    now = time.time() if now is None else now
    removed = 0
    for folder in _root().glob(f"{PREFIX}*"):
        try:
            stale = folder.lstat().st_mtime < now - older_than_s
        except FileNotFoundError:
            continue
        if stale:
            _remove(folder)
            removed += 1
    return removed


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)
