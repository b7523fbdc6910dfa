"""The deadline rush: 300 entrants submitting and uploading at once while 100 jurors score.

Builds a database of its own on the PostgreSQL server (the judged contest at full size:
4,600 entries (``--entries``), 100 jurors; plus an open contest for the 300 entrants),
starts a private Redis for the broker, gunicorn (gthread) on loopback, and locust headless
for a bounded time. Prints throughput, p50/p95/p99 per request type and overall, errors, the
server's CPU per request, and checks every acknowledged submission and score against the
database.

    python bench/load_deadline.py [--seconds 120] [--entrants 300] [--jurors 100]
                                  [--pacing human|none] [--workers 4] [--threads 8]

``--pacing human`` (the default) paces people as the product's pages do; ``none`` sends every
request as soon as the previous answer arrives, which measures capacity (see
bench/locust_deadline.py). Films are sent in the browser uploader's chunk size unless
``--chunk-kib`` says otherwise.

By default the films are random bytes and nothing validates them: the web tier alone, as on
its own hosts in production. ``--validate`` makes every film a real 1080p H.264 clip (each
upload made unique by an MP4 ``free`` box, so no two share a SHA-256) and starts one Celery
worker on the same cores, as ``make run`` does on a single machine: the rush then competes
with FFmpeg for the CPU (``--worker-nice`` lowers the worker's priority).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _judging_data import ROOT, build, drop_database, use_database  # noqa: E402
from load_scoring import (  # noqa: E402
    child_cpu_seconds,
    free_port,
    named_cpu_seconds,
    process_tree_cpu_seconds,
    score_check,
)
from rush_requests import UNIQUE_BOX_BYTES  # noqa: E402

DATABASE = "marquee_bench_deadline"


def start_redis() -> tuple[subprocess.Popen, str]:
    port = free_port()
    redis = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"], stdout=subprocess.DEVNULL, start_new_session=True,
    )
    time.sleep(0.5)
    return redis, f"redis://127.0.0.1:{port}/0"


def start_web(port: int, workers: int, threads: int, env: dict) -> subprocess.Popen:
    import requests

    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    if (ROOT / "config" / "gunicorn.conf.py").exists():
        command += ["-c", str(ROOT / "config" / "gunicorn.conf.py")]
    command += ["--worker-class", "gthread", "--workers", str(workers), "--threads",
                str(threads), "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
                "--access-logfile", "/dev/null"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    for _ in range(100):
        try:
            requests.get(f"http://127.0.0.1:{port}/api/v1/contests/", timeout=2)
            return server
        except requests.RequestException:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the server did not start")


def make_film(path: Path, kib: int) -> int:
    """A real 1080p H.264 clip of four seconds at about ``kib`` KiB (FFmpeg's test pattern with
    grain, so the encoder spends its bits); returns its size in bytes."""
    seconds = 4
    bitrate = kib * 1024 * 8 // seconds
    subprocess.run([
        "ffmpeg", "-nostdin", "-v", "error", "-y",
        "-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=24:duration={seconds}",
        "-vf", "noise=alls=8:allf=t", "-c:v", "libx264", "-preset", "veryfast",
        "-b:v", str(bitrate), "-maxrate", str(bitrate), "-bufsize", str(bitrate),
        "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(path),
    ], check=True)
    return path.stat().st_size


def start_worker(env: dict, niceness: int) -> subprocess.Popen:
    """One Celery worker on both queues, as ``make run`` starts it, at ``niceness``."""
    return subprocess.Popen(
        ["nice", "-n", str(niceness), sys.executable, "-m", "celery", "-A", "config", "worker",
         "-Q", "validation,default", "--concurrency", "1", "-l", "WARNING"],
        cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
    )


def stop_worker(worker: subprocess.Popen) -> None:
    import signal

    # A cold shutdown: the run is over, an unfinished film would be redelivered anyway.
    os.killpg(worker.pid, signal.SIGQUIT)
    try:
        worker.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def validation_statuses(entry_ids) -> dict[str, int]:
    """How many of these entries' current films are in each status."""
    from collections import Counter

    from contest.models import Video

    return dict(Counter(Video.objects.filter(entry_id__in=entry_ids, is_current=True)
                        .values_list("status", flat=True)))


def seed_entrants(count: int) -> dict:
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from accounts.enums import Role
    from accounts.models import Organisation, User
    from contest.models import Category, Contest

    now = timezone.now()
    organisation = Organisation.objects.create(name="Rush festival", slug="rush")
    contest = Contest.objects.create(
        organisation=organisation, name="Deadline rush", slug="deadline",
        opens_at=now - timedelta(days=30),
        closes_at=now + timedelta(hours=2), max_entries_per_entrant=50,
    )
    Category.objects.create(contest=contest, name="Narrative", slug="narrative")
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"rush{i}@example.org", name_native=f"応募者 {i}", country="JP",
             password=password) for i in range(count)
    )
    group, _created = Group.objects.get_or_create(name=Role.ENTRANT.value)
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=group.pk) for user in users
    )
    tokens = Token.objects.bulk_create(Token(user=user, key=Token.generate_key()) for user in users)
    return {"contest": contest.slug, "category": "narrative",
            "entrants": [{"token": token.key} for token in tokens]}


def seed_jurors(count: int, entries: int = 4600) -> dict:
    from rest_framework.authtoken.models import Token

    from judging.models import Assignment

    data = build(entries=entries, jurors=count, scored_share=0.0)
    tokens = {user: Token.generate_key() for user in data["juror_users"]}
    Token.objects.bulk_create(Token(user_id=user, key=key) for user, key in tokens.items())
    mine: dict[int, list[int]] = {}
    for assignment, user in Assignment.objects.values_list("pk", "juror__user").order_by("pk"):
        mine.setdefault(user, []).append(assignment)
    return {"criteria": data["criteria"],
            "jurors": [{"token": tokens[u], "assignments": mine[u]} for u in data["juror_users"]]}


def read_stats(prefix: str) -> list[dict]:
    with open(f"{prefix}_stats.csv") as handle:
        return list(csv.DictReader(handle))


class MachineSampler:
    """How busy the machine's cores are, sampled every second from /proc in a thread: all
    cores, the ones stolen by the hypervisor (time given to other machines), and the share
    of each watched process tree (``watch(name, pid)``)."""

    def __init__(self):
        # (unix time, busy cores, stolen cores, {name: cores})
        self.samples: list[tuple[float, float, float, dict[str, float]]] = []
        self.watched: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def watch(self, name: str, pid: int) -> None:
        self.watched[name] = pid

    @staticmethod
    def _read() -> tuple[float, float, float]:
        with open("/proc/stat") as handle:
            fields = [float(value) for value in handle.readline().split()[1:9]]
        idle = fields[3] + fields[4]  # idle + iowait
        return sum(fields), idle, fields[7]

    def _trees(self) -> dict[str, float]:
        return {name: process_tree_cpu_seconds(pid) for name, pid in list(self.watched.items())}

    def _run(self) -> None:
        cores = os.cpu_count() or 1
        total, idle, steal = self._read()
        trees, last = self._trees(), time.monotonic()
        while not self._stop.wait(1.0):
            now_total, now_idle, now_steal = self._read()
            now_trees, now = self._trees(), time.monotonic()
            elapsed = (now_total - total) or 1.0
            shares = {name: (cpu - trees.get(name, cpu)) / (now - last)
                      for name, cpu in now_trees.items()}
            self.samples.append((time.time(), cores * (1 - (now_idle - idle) / elapsed),
                                 cores * (now_steal - steal) / elapsed, shares))
            total, idle, steal, trees, last = now_total, now_idle, now_steal, now_trees, now

    def __enter__(self) -> MachineSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()


def print_timeline(prefix: str, machine: MachineSampler, window_s: int = 20) -> None:
    """Per window: throughput, the worst p95 of the last 10 s, and how busy the cores were.
    (Locust writes percentiles of recent requests only with ``--csv-full-history``.)"""
    with open(f"{prefix}_stats_history.csv") as handle:
        rows = [row for row in csv.DictReader(handle) if row["Name"] == "Aggregated"]
    if not rows:
        return
    start = int(rows[0]["Timestamp"])
    windows: dict[int, list[dict]] = {}
    for row in rows:
        windows.setdefault((int(row["Timestamp"]) - start) // window_s, []).append(row)
    names = sorted(machine.watched)
    print(f"{'seconds':<12}{'req/s':>8}{'worst p95 (ms)':>16}{'busy cores':>12}{'stolen':>8}"
          + "".join(f"{name:>11}" for name in names))
    for index, group in sorted(windows.items()):
        rate = sum(float(row["Requests/s"]) for row in group) / len(group)
        worst = max((float(row["95%"]) for row in group if row["95%"] not in ("N/A", "")),
                    default=0.0)
        begin = start + index * window_s
        window = [sample for sample in machine.samples if begin <= sample[0] < begin + window_s]
        count = len(window) or 1
        busy = sum(sample[1] for sample in window) / count
        stolen = sum(sample[2] for sample in window) / count
        shares = [sum(sample[3].get(name, 0.0) for sample in window) / count for name in names]
        print(f"{index * window_s:>4}-{(index + 1) * window_s:<7}{rate:>8.1f}{worst:>16.0f}"
              f"{busy:>12.2f}{stolen:>8.2f}" + "".join(f"{share:>11.2f}" for share in shares))


def check_database(acknowledged: dict) -> tuple[int, int]:
    from contest.enums import EntryStatus
    from contest.models import Entry
    from judging.models import Score

    submitted = {int(k): v for k, v in acknowledged["submitted"].items()}
    accepted = (EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE)
    entries = Entry.objects.filter(pk__in=submitted).prefetch_related("videos")
    stored = {entry.pk: entry for entry in entries}
    lost_entries = sum(
        1 for pk, size in submitted.items()
        # A submitted entry whose film is found valid becomes eligible.
        if pk not in stored or stored[pk].status not in accepted
        or [v.size_bytes for v in stored[pk].videos.all() if v.is_current] != [size]
    )
    scores = {int(k): tuple(v) for k, v in acknowledged["scores"].items()}
    in_db = {
        s.assignment_id: (s.version, s.marks, s.status)
        for s in Score.objects.filter(assignment_id__in=scores)
    }
    lost_scores, unanswered = score_check(scores, in_db)
    return lost_entries, len(lost_scores), len(unanswered)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entrants", type=int, default=300)
    parser.add_argument("--jurors", type=int, default=100)
    parser.add_argument("--entries", type=int, default=4600,
                        help="entries of the judged contest the jurors score")
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--pacing", choices=["human", "none"], default="human")
    parser.add_argument("--film-kib", type=int, default=1024)
    parser.add_argument("--chunk-kib", type=int, default=0,
                        help="PATCH size; 0: the browser uploader's")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--validate", action="store_true",
                        help="real films, validated by a Celery worker on the same cores")
    parser.add_argument("--worker-nice", type=int, default=0,
                        help="the worker's niceness with --validate")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="marquee-rush-"))
    redis, broker = start_redis()
    os.environ["CELERY_BROKER_URL"] = broker
    url = use_database(DATABASE)
    from contest.templatetags.uploads import tus_chunk_size

    chunk_bytes = args.chunk_kib * 1024 or tus_chunk_size()
    plan = {**seed_entrants(args.entrants), **seed_jurors(args.jurors, args.entries),
            "entrant_count": args.entrants, "juror_count": args.jurors,
            "film_bytes": args.film_kib * 1024, "chunk_bytes": chunk_bytes}
    if args.validate:
        plan["film_file"] = str(work / "film.mp4")
        plan["film_bytes"] = make_film(work / "film.mp4", args.film_kib) + UNIQUE_BOX_BYTES
    from django.db import connections

    connections.close_all()
    (work / "plan.json").write_text(json.dumps(plan))
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": url, "CELERY_BROKER_URL": broker,
        "MARQUEE_MEDIA_ROOT": str(work / "media"), "MARQUEE_UPLOAD_DIR": str(work / "uploads"),
        "MARQUEE_VAR_DIR": str(work / "var"),
    }
    port = free_port()
    server = start_web(port, args.workers, args.threads, env)
    worker = start_worker(env, args.worker_nice) if args.validate else None
    try:
        cpu_before = process_tree_cpu_seconds(server.pid)
        database_before = named_cpu_seconds("postgres")
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        load_before = os.getloadavg()[0]
        users = args.entrants + args.jurors
        with MachineSampler() as machine:
            machine.watch("web", server.pid)
            if worker:
                machine.watch("worker", worker.pid)
            generator = subprocess.Popen(
                [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locust_deadline.py"),
                 "--headless", "-u", str(users), "-r", str(min(users, 100)),
                 "-t", f"{args.seconds}s",
                 "--host", f"http://127.0.0.1:{port}", "--csv", str(work / "rush"),
                 "--csv-full-history", "--only-summary",
                 "--stop-timeout", "30", "--loglevel", "WARNING"],
                cwd=ROOT, env={**env, "BENCH_PLAN_FILE": str(work / "plan.json"),
                               "BENCH_PACING": args.pacing,
                               "BENCH_ACK_FILE": str(work / "ack.json")},
                stdout=subprocess.DEVNULL,
            )
            machine.watch("generator", generator.pid)
            generator.wait()
        server_cpu = process_tree_cpu_seconds(server.pid) - cpu_before
        per_worker = child_cpu_seconds(server.pid)
        wall = time.monotonic() - started
        database_cpu = named_cpu_seconds("postgres") - database_before
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        generator_cpu = (children.ru_utime + children.ru_stime
                         - children_before.ru_utime - children_before.ru_stime)
        worker_cpu = process_tree_cpu_seconds(worker.pid) if worker else 0.0
    finally:
        if worker:
            stop_worker(worker)
        server.terminate()
        server.wait(30)
        redis.terminate()
    stats = read_stats(str(work / "rush"))
    print(f"{args.entrants} entrants + {args.jurors} jurors for {args.seconds} s, "
          f"pacing {args.pacing}, "
          f"gunicorn gthread {args.workers}x{args.threads}, films of {args.film_kib} KiB "
          f"in {chunk_bytes // 1024} KiB chunks")
    print(f"{'request':<22}{'count':>8}{'errors':>8}{'req/s':>9}{'p50':>8}{'p95':>8}{'p99':>8}")
    total = None
    for row in stats:
        line = (f"{row['Name']:<22}{row['Request Count']:>8}{row['Failure Count']:>8}"
                f"{float(row['Requests/s']):>9.1f}{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}")
        print(line)
        if row["Name"] == "Aggregated":
            total = row
    print_timeline(str(work / "rush"), machine)
    acknowledged = json.loads((work / "ack.json").read_text())
    lost_entries, lost_scores, unanswered = check_database(acknowledged)
    print(f"server CPU {1000 * server_cpu / max(1, int(total['Request Count'])):.1f} ms per "
          f"request; load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after "
          f"({os.cpu_count()} cores, shared with the load generator)")
    print("CPU seconds of each web worker (an uneven split means connections pile up on a "
          "few processes): " + ", ".join(f"{cpu:.1f}" for cpu in per_worker))
    print(f"CPU over the {wall:.0f} s run, in cores: web tier {server_cpu / wall:.2f}, "
          f"PostgreSQL {database_cpu / wall:.2f}, load generator {generator_cpu / wall:.2f}"
          + (f", validation worker {worker_cpu / wall:.2f} (nice {args.worker_nice})"
             if worker else ""))
    if worker:
        statuses = validation_statuses(acknowledged["submitted"])
        print(f"films of {plan['film_bytes'] // 1024} KiB; statuses of the submitted films when "
              "the run ended: " + ", ".join(f"{n} {status}" for status, n in
                                            sorted(statuses.items())))
    print(f"acknowledged: {len(acknowledged['submitted'])} submissions, "
          f"{len(acknowledged['scores'])} scores; lost or different in the database: "
          f"{lost_entries} submissions, {lost_scores} scores; scores saved by a request "
          f"whose answer never arrived: {unanswered}")
    if not args.keep:
        drop_database(DATABASE)
    subprocess.run(["rm", "-rf", str(work)], check=False)
    if int(total["Failure Count"]) or lost_entries or lost_scores:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
