"""200 concurrent jurors saving scores for one minute against gunicorn on PostgreSQL.

Builds the full-size contest (4,600 entries, 3 jurors each) with 200 jurors in a
database of its own, starts gunicorn (gthread) in a subprocess on loopback, then runs
one thread per juror: each saves a draft of its current entry (the version it last
got back), and after a few drafts submits it and moves to the next entry, pausing
``--think`` seconds between requests (2 s by default: the page's autosave cadence).

Prints errors (any non-200 answer or failed request; goal 0), p50/p95/max latency and
throughput, then checks every acknowledged save against the database: no lost score.

    python bench/load_scoring.py [--jurors 200] [--seconds 60] [--think 2]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _judging_data import ROOT, build, drop_database, use_database  # noqa: E402

DATABASE = "marquee_bench_load"


def start_server(port: int, workers: int, threads: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--worker-class", "gthread", "--workers", str(workers), "--threads", str(threads),
        "--bind", f"127.0.0.1:{port}", "--keep-alive", "75", "--backlog", "2048",
        "--log-level", "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/v1/juror/assignments/")
            if connection.getresponse().status in (401, 403):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the server did not start")


class Juror(threading.Thread):
    def __init__(self, *, port, token, assignments, criteria, stop_at, think, drafts, seed):
        super().__init__(daemon=True)
        self.port, self.token, self.assignments = port, token, assignments
        self.criteria, self.stop_at, self.think, self.drafts = criteria, stop_at, think, drafts
        self.rng = random.Random(seed)
        self.latencies: list[float] = []
        self.errors: list[str] = []
        # assignment id -> (version, marks, status) the server acknowledged last
        self.acknowledged: dict[int, tuple[int, dict, str]] = {}

    def _connect(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def _post(self, connection, path: str, body: dict):
        payload = json.dumps(body)
        headers = {"Authorization": f"Token {self.token}", "Content-Type": "application/json"}
        started = time.perf_counter()
        connection.request("POST", path, payload, headers)
        response = connection.getresponse()
        data = response.read()
        self.latencies.append((time.perf_counter() - started) * 1000)
        return response.status, data

    def run(self) -> None:
        connection = self._connect()
        index, version, saved = 0, 0, 0
        time.sleep(self.rng.random() * max(self.think, 0.2))  # stagger the start
        while time.monotonic() < self.stop_at and index < len(self.assignments):
            assignment = self.assignments[index]
            base = f"/api/v1/juror/assignments/{assignment}/"
            try:
                if saved < self.drafts:
                    marks = {str(c): self.rng.randint(1, 10) for c in self.criteria}
                    status, data = self._post(connection, base + "draft/",
                                              {"marks": marks, "version": version})
                    if status == 200:
                        version, saved = json.loads(data)["version"], saved + 1
                        self.acknowledged[assignment] = (version, marks, "draft")
                else:
                    status, data = self._post(connection, base + "submit/", {"version": version})
                    if status == 200:
                        marks = self.acknowledged[assignment][1]
                        version = json.loads(data)["version"]
                        self.acknowledged[assignment] = (version, marks, "submitted")
                        index, version, saved = index + 1, 0, 0
                if status != 200:
                    self.errors.append(f"{status} {data[:120]!r}")
                    index, version, saved = index + 1, 0, 0
            except (OSError, http.client.HTTPException) as error:
                self.errors.append(f"{type(error).__name__}: {error}")
                connection.close()
                connection = self._connect()
                index, version, saved = index + 1, 0, 0
            if self.think:
                time.sleep(self.think * (0.5 + self.rng.random()))
        connection.close()


def _proc_stats():
    """(pid, parent pid, command name, CPU seconds, CPU seconds of its exited children) of
    every process (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name, rest = (entry / "stat").read_text().split(" (", 1)[1].rsplit(")", 1)
        except (OSError, IndexError, ValueError):
            continue
        fields = rest.split()
        yield (int(entry.name), int(fields[1]), name,
               (int(fields[11]) + int(fields[12])) / ticks,
               (int(fields[13]) + int(fields[14])) / ticks)


def named_cpu_seconds(name: str) -> float:
    """User + system CPU of the processes called ``name``, counting the children they have
    reaped: PostgreSQL's postmaster reaps each backend when its connection closes."""
    return sum(own + reaped for _pid, _ppid, command, own, reaped in _proc_stats()
               if command == name)


def child_cpu_seconds(root: int) -> list[float]:
    """CPU seconds of each child of ``root`` (gunicorn's workers), largest first."""
    return sorted((cpu for _pid, ppid, _name, cpu, _reaped in _proc_stats() if ppid == root),
                  reverse=True)


def process_tree_cpu_seconds(root: int) -> float:
    """User + system CPU of a process and all its descendants, counting the ones that have
    exited (FFmpeg runs under a Celery worker's pool process), in seconds (Linux /proc)."""
    stats = list(_proc_stats())
    children: dict[int, list[int]] = {}
    for pid, ppid, _name, _cpu, _reaped in stats:
        children.setdefault(ppid, []).append(pid)
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo.extend(children.get(pid, []))
    return sum(cpu + reaped for pid, _ppid, _name, cpu, reaped in stats if pid in tree)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def score_check(acknowledged: dict, stored: dict) -> tuple[list, list]:
    """Acknowledged saves missing from the database, and later writes that were never answered.

    A request cut off (a reset connection, the end of the run) may still have committed: the
    database then holds a newer version than the last acknowledged one. That is not a loss.
    Lost means an older version than acknowledged, or other marks at the same version.
    """
    lost, unanswered = [], []
    for pk, (version, marks, status) in acknowledged.items():
        row = stored.get(pk)
        if row is None or row[0] < version or (row[0] == version and row != (version, marks,
                                                                               status)):
            lost.append(pk)
        elif row[0] > version:
            unanswered.append(pk)
    return lost, unanswered


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jurors", type=int, default=200)
    parser.add_argument("--entries", type=int, default=4600)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=2.0,
                        help="mean pause between requests (the page autosaves every 2 s)")
    parser.add_argument("--drafts", type=int, default=3, help="drafts saved before submitting")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    use_database(DATABASE)
    from rest_framework.authtoken.models import Token

    from judging.models import Assignment, Score

    data = build(entries=args.entries, jurors=args.jurors, scored_share=0.0)
    tokens = {user: Token.generate_key() for user in data["juror_users"]}
    Token.objects.bulk_create(Token(user_id=user, key=key) for user, key in tokens.items())
    mine: dict[int, list[int]] = {}
    for assignment, user in Assignment.objects.values_list("pk", "juror__user").order_by("pk"):
        mine.setdefault(user, []).append(assignment)
    from django.db import connections

    connections.close_all()

    port = free_port()
    server = start_server(port, args.workers, args.threads)
    try:
        stop_at = time.monotonic() + args.seconds
        jurors = [
            Juror(port=port, token=tokens[user], assignments=mine[user],
                  criteria=data["criteria"], stop_at=stop_at, think=args.think,
                  drafts=args.drafts, seed=i)
            for i, user in enumerate(data["juror_users"])
        ]
        load_before = os.getloadavg()[0]
        cpu_before = process_tree_cpu_seconds(server.pid)
        started = time.monotonic()
        for juror in jurors:
            juror.start()
        for juror in jurors:
            juror.join()
        elapsed = time.monotonic() - started
        server_cpu = process_tree_cpu_seconds(server.pid) - cpu_before
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    latencies = [value for juror in jurors for value in juror.latencies]
    errors = [error for juror in jurors for error in juror.errors]
    acknowledged = {k: v for juror in jurors for k, v in juror.acknowledged.items()}
    print(f"{args.jurors} jurors, {elapsed:.1f} s, think {args.think} s, "
          f"gunicorn gthread {args.workers}x{args.threads}")
    print(f"requests: {len(latencies)}  ({len(latencies) / elapsed:.0f}/s)  errors: {len(errors)}")
    if latencies:
        print(f"latency ms: p50 {statistics.median(latencies):.1f}  "
              f"p95 {percentile(latencies, 0.95):.1f}  p99 {percentile(latencies, 0.99):.1f}  "
              f"max {max(latencies):.1f}")
    print(f"server CPU: {1000 * server_cpu / max(1, len(latencies)):.1f} ms per request; "
          f"machine load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after "
          f"({os.cpu_count()} cores, shared)")
    for error in errors[:5]:
        print("  error:", error)

    stored = {
        score.assignment_id: (score.version, score.marks, score.status)
        for score in Score.objects.filter(assignment_id__in=list(acknowledged))
    }
    lost, unanswered = score_check(acknowledged, stored)
    submitted = sum(1 for ack in acknowledged.values() if ack[2] == "submitted")
    print(f"acknowledged scores: {len(acknowledged)} ({submitted} submitted); "
          f"lost in the database: {len(lost)}; saved by a request whose answer never "
          f"arrived: {len(unanswered)}")
    if not args.keep:
        drop_database(DATABASE)
    if errors or lost:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
