"""Juror dashboard at full size: queries per request and median latency.

Builds 4,600 entries / 100 jurors / 13,800 assignments in a database of its own
(dropped at the end unless --keep), then requests, in process through Django's test
client, the queue page, the scoring page and the API list as a juror with a full
queue (138 entries) and as a juror with a single entry: the query counts must match.

    python bench/bench_dashboard.py [--entries 4600] [--jurors 100] [--repeat 40]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _judging_data import build, drop_database, use_database  # noqa: E402

DATABASE = "marquee_bench_dashboard"


def measure(client, url: str, repeat: int) -> tuple:
    """Query count, median and p95 wall time, median CPU time of this process, DB time, size.

    CPU time is reported because wall time on a busy machine includes waiting for a core.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm: templates, connection
    assert response.status_code == 200, (url, response.status_code)
    timings, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    db_ms = sum(float(query["time"]) for query in captured.captured_queries) * 1000
    return (len(captured.captured_queries), statistics.median(timings), p95,
            statistics.median(cpu), db_ms, len(response.content))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=4600)
    parser.add_argument("--jurors", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    use_database(DATABASE)
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from accounts.models import User
    from judging.models import Assignment, Juror, Score

    setup_test_environment()
    started = time.perf_counter()
    data = build(entries=args.entries, jurors=args.jurors)
    print(f"built {args.entries} entries, {args.jurors} jurors, {data['assignments']} assignments, "
          f"{data['scores']} scores in {time.perf_counter() - started:.1f} s")

    # A juror with one assignment, to compare query counts against a full queue.
    solo_user = User.objects.create_user(email="solo@bench.example", name_native="Solo")
    solo_user.groups.add(*User.objects.get(pk=data["juror_users"][0]).groups.all())
    solo = Juror.objects.create(contest_id=data["contest"], user=solo_user)
    first = Assignment.objects.filter(round_id=data["round"]).first()
    only = Assignment.objects.create(round_id=data["round"], entry=first.entry, juror=solo)
    Score.objects.create(assignment=only, marks={})  # a draft, so every filter has a row

    busy_user = User.objects.get(pk=data["juror_users"][0])
    rows = []
    for label, user in (("full queue", busy_user), ("one entry", solo_user)):
        client = Client()
        client.force_login(user)
        mine = Assignment.objects.filter(juror__user=user).order_by("pk")
        assignment = mine[mine.count() // 2]
        pages = {
            "queue page": reverse("judging:queue", kwargs={"round_id": data["round"]}),
            "queue page, drafts": reverse("judging:queue", kwargs={"round_id": data["round"]})
            + "?status=draft",
            "scoring page": reverse("judging:score", kwargs={"assignment_id": assignment.pk}),
            "home": reverse("judging:home"),
            "API list": reverse("api:juror-assignment-list"),
            "API list, drafts": reverse("api:juror-assignment-list") + "?status=draft",
            "API detail": reverse("api:juror-assignment-detail", kwargs={"pk": assignment.pk}),
        }
        count = mine.count()
        for name, url in pages.items():
            rows.append((name, label, count, *measure(client, url, args.repeat)))

    print(f"\n{'request':<20} {'juror':<11} {'assigned':>8} {'queries':>7} "
          f"{'median ms':>9} {'p95 ms':>7} {'cpu ms':>7} {'db ms':>6} {'bytes':>7}")
    for name, label, count, queries, median, p95, cpu, db_ms, size in sorted(
        rows, key=lambda r: r[0]
    ):
        print(f"{name:<20} {label:<11} {count:>8} {queries:>7} {median:>9.1f} {p95:>7.1f} "
              f"{cpu:>7.1f} {db_ms:>6.1f} {size:>7}")
    by_request: dict[str, set[int]] = {}
    for name, _label, _count, queries, *_rest in rows:
        by_request.setdefault(name, set()).add(queries)
    constant = all(len(counts) == 1 for counts in by_request.values())
    print(f"\nquery count independent of queue size: {'yes' if constant else 'NO'}")
    if not args.keep:
        drop_database(DATABASE)


if __name__ == "__main__":
    main()
