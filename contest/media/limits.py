"""Run ffprobe and ffmpeg in a child process that a hostile file cannot turn against us.

Each child gets:
- its own session and process group, killed as a whole (SIGKILL) when the wall-clock limit
  passes, so a file that makes FFmpeg loop or crawl costs at most that limit;
- ``RLIMIT_AS`` (address space), so a decompression bomb fails an allocation in the child
  instead of swapping or OOM-killing the worker; FFmpeg's ``-max_pixels`` (set by callers)
  refuses absurd frames before they are allocated at all;
- ``RLIMIT_FSIZE`` on what it writes (its stdout and stderr go to anonymous temporary files,
  never to memory), so a flood of error messages cannot fill the disk or the worker's RAM;
- no core dumps and no stdin.

The limits are set by a tiny launcher (``_child.py``) that also reports the tool's own peak
resident memory, for tests and benchmarks.
"""

import contextlib
import contextvars
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import MediaTimeout, MediaToolError

MIB = 1024**2
GIB = 1024**3

# Address-space caps, not resident memory: FFmpeg maps libraries and thread stacks that are
# never touched, so these sit well above what the tools really use (see docs/uploads.md).
PROBE_MEMORY = 1 * GIB
DECODE_MEMORY = 3 * GIB
PROBE_TIMEOUT_S = 30.0
# What we keep of a child's output; more is cut by RLIMIT_FSIZE (the child then fails).
OUTPUT_LIMIT = 64 * MIB
STDERR_KEEP = 64 * 1024
CHILD = str(Path(__file__).with_name("_child.py"))


_recorders: contextvars.ContextVar[list | None] = contextvars.ContextVar("media_runs", default=None)


@contextlib.contextmanager
def recording():
    """Collect every ToolRun started inside the block (benchmarks, tests)."""
    runs: list[ToolRun] = []
    token = _recorders.set(runs)
    try:
        yield runs
    finally:
        _recorders.reset(token)


@dataclass(frozen=True)
class ToolRun:
    tool: str
    returncode: int
    stdout: bytes
    stderr: str
    elapsed_s: float
    max_rss_bytes: int
    cpu_s: float = 0.0

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run_capped(
    args: list[str],
    *,
    timeout_s: float,
    memory_bytes: int = PROBE_MEMORY,
    file_bytes: int = OUTPUT_LIMIT,
    stdout_keep: int = OUTPUT_LIMIT,
) -> ToolRun:
    """Run ``args``; raise MediaTimeout past ``timeout_s``, MediaToolError if it cannot start.

    ``file_bytes`` also bounds files the child writes itself (a preview or a poster).
    """
    binary = shutil.which(args[0])
    if binary is None:
        raise MediaToolError(f"{args[0]} is not installed")
    started = time.monotonic()
    peak_read, peak_write = os.pipe()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            os.fdopen(peak_read, "rb") as peak:
        try:
            proc = subprocess.Popen(
                [sys.executable, "-I", "-S", CHILD, str(peak_write), str(memory_bytes),
                 str(file_bytes), binary, *args[1:]],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
                pass_fds=(peak_write,),
            )
        except OSError as exc:
            raise MediaToolError(f"{args[0]} could not start: {exc}") from exc
        finally:
            os.close(peak_write)
        timed_out = threading.Event()

        def kill_group() -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout_s, kill_group)
        timer.daemon = True
        timer.start()
        try:
            proc.wait()
        except BaseException:
            # A soft time limit (or any signal) in the caller must not leave FFmpeg running.
            kill_group()
            proc.wait()
            raise
        finally:
            timer.cancel()
        elapsed = time.monotonic() - started
        if timed_out.is_set():
            raise MediaTimeout(f"{os.path.basename(args[0])} passed its {timeout_s:.0f} s limit")
        if proc.returncode == 127:
            raise MediaToolError(f"{args[0]} could not be executed")
        out.seek(0)
        err.seek(0)
        peak_bytes, _, cpu = peak.read().decode().partition(" ")
        run = ToolRun(
            tool=os.path.basename(args[0]),
            returncode=proc.returncode,
            stdout=out.read(stdout_keep),
            stderr=err.read(STDERR_KEEP).decode("utf-8", "replace"),
            elapsed_s=elapsed,
            max_rss_bytes=int(peak_bytes or 0),
            cpu_s=float(cpu or 0),
        )
    runs = _recorders.get()
    if runs is not None:
        runs.append(run)
    return run
