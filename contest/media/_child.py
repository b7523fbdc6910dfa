"""Run one FFmpeg tool under resource limits and report the tool's own peak memory.

Started by ``limits.run_capped`` as
``python -I -S _child.py PEAK_FD MEMORY FILE_BYTES TOOL ARGS...``; the peak (bytes) is written
to the inherited pipe ``PEAK_FD``.
It runs as its own small program rather than as a ``preexec_fn`` because the kernel's peak-memory
figure of a forked child starts from the parent's size: forked from a 300 MB worker, every
ffprobe would "peak" at 300 MB. Forked from this small process, the figure is the tool's own.
It imports nothing from the project, so it starts in a few milliseconds.
"""

import os
import resource
import sys


def main() -> int:
    peak_fd, memory, file_bytes = (int(arg) for arg in sys.argv[1:4])
    args = sys.argv[4:]
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    pid = os.fork()
    if pid == 0:
        try:
            os.execv(args[0], args)  # noqa: S606 (no shell: the arguments stay arguments)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    os.write(peak_fd, str(usage.ru_maxrss * 1024).encode())
    code = os.waitstatus_to_exitcode(status)
    return code if code >= 0 else 128 - code  # killed by a signal: 128 + its number


if __name__ == "__main__":
    sys.exit(main())
