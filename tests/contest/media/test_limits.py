import subprocess
import sys
import time
from pathlib import Path

import pytest

from contest.media import MediaTimeout, MediaToolError
from contest.media.limits import MIB, run_capped


def test_run_capped_returns_output_and_peak_memory():
    run = run_capped([sys.executable, "-c", "print('hello')"], timeout_s=30)
    assert (run.returncode, run.stdout) == (0, b"hello\n")
    assert run.max_rss_bytes > 0


def test_run_capped_kills_the_whole_group_on_timeout(tmp_path):
    marker = tmp_path / "grandchild.pid"
    script = f"sleep 60 & echo $! > {marker}; wait"
    started = time.monotonic()
    with pytest.raises(MediaTimeout):
        run_capped(["sh", "-c", script], timeout_s=0.5)
    assert time.monotonic() - started < 5
    time.sleep(0.2)
    assert _alive(int(marker.read_text())) is False


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            # A killed orphan may linger as a zombie until init reaps it: dead all the same.
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_run_capped_memory_cap_fails_the_child_not_us():
    run = run_capped([sys.executable, "-c", "b = bytearray(800 * 1024 * 1024)"],
                     timeout_s=30, memory_bytes=400 * MIB)
    assert run.returncode != 0
    assert "MemoryError" in run.stderr


def test_run_capped_output_flood_is_cut():
    flood = "import sys\nwhile True: sys.stderr.write('x' * 65536)"
    run = run_capped([sys.executable, "-c", flood], timeout_s=30, file_bytes=1 * MIB)
    assert run.returncode != 0
    assert len(run.stderr) <= 64 * 1024


def test_run_capped_missing_binary_is_a_tool_error():
    with pytest.raises(MediaToolError):
        run_capped(["/nonexistent/ffmpeg"], timeout_s=5)


def test_tool_dies_with_the_worker_that_ran_it(tmp_path):
    """kill -9 of a worker mid-FFmpeg: the tool (in a session of its own) must not live on."""
    marker = tmp_path / "tool.pid"
    worker = subprocess.Popen([
        sys.executable, "-c",
        "import sys; from contest.media.limits import run_capped; "
        f"run_capped(['sh', '-c', 'echo $$ > {marker}; exec sleep 60'], timeout_s=120)",
    ], cwd=Path(__file__).resolve().parents[3])
    try:
        deadline = time.monotonic() + 20
        while not (marker.exists() and marker.read_text().strip()):
            assert time.monotonic() < deadline, "the tool did not start"
            time.sleep(0.05)
        tool = int(marker.read_text())
        assert _alive(tool) is True
        worker.kill()
        worker.wait(timeout=10)
        deadline = time.monotonic() + 5
        while _alive(tool) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _alive(tool) is False
    finally:
        worker.kill()
