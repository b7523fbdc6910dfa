"""Run one FFmpeg tool under resource limits and report the tool's own peak memory.

Started by ``limits.run_capped`` as
``python -I -S _child.py PEAK_FD MEMORY FILE_BYTES TOOL ARGS...``; the peak (bytes) and the CPU
seconds it used are written to the inherited pipe ``PEAK_FD``.
It runs as its own small program rather than as a ``preexec_fn`` because the kernel's peak-memory
figure of a forked child starts from the parent's size: forked from a 300 MB worker, every
ffprobe would "peak" at 300 MB. Forked from this small process, the figure is the tool's own.
It imports nothing from the project, so it starts in a few milliseconds.
"""

import ctypes
import os
import resource
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """SIGKILL this process when the process that started it dies (Linux).

    The tool runs in a session of its own so that a timeout can kill it as a group, which
    also puts it out of reach of a kill -9 aimed at the worker's group: without this, a
    worker killed mid-validation would leave FFmpeg running (a hung one, forever).
    The setting survives exec, so the tool itself inherits it.
    """
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the timeout still bounds the tool
        return
    if os.getppid() != parent:  # the parent died before the setting took effect
        os._exit(128 + signal.SIGKILL)


def main() -> int:
    peak_fd, memory, file_bytes = (int(arg) for arg in sys.argv[1:4])
    args = sys.argv[4:]
    die_with_parent()
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    pid = os.fork()
    if pid == 0:
        try:
            die_with_parent()
            os.execv(args[0], args)  # noqa: S606 (no shell: the arguments stay arguments)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    cpu = usage.ru_utime + usage.ru_stime
    os.write(peak_fd, f"{usage.ru_maxrss * 1024} {cpu:.4f}".encode())
    code = os.waitstatus_to_exitcode(status)
    return code if code >= 0 else 128 - code  # killed by a signal: 128 + its number


if __name__ == "__main__":
    sys.exit(main())
