"""Results at full size: the organiser's pages and API that read a round's ranking.

Builds a contest of N entries (4,600 by default) with 3 jurors per entry and a share of
submitted scores in a database of its own (dropped unless --keep), gives it three awards,
then requests, in process through Django's test client with DEBUG off, as the contest's
owner: the dashboard, the awards page, the round's results page and the results API.
Printed per request: queries, p50 and p95 wall time, p50 CPU time of this process, bytes.

Then the first request after a change: a juror submits one more score (the round's results
version moves on), and each page is requested once; repeated --changes times, medians shown.

    python bench/bench_results.py [--entries 4600] [--jurors 100] [--repeat 30] [--changes 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_DEBUG", "False")

from _judging_data import build, drop_database, use_database  # noqa: E402

DATABASE = "marquee_bench_results"


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def measure(client, url: str, repeat: int) -> tuple:
    """Queries, p50 and p95 wall ms, p50 CPU ms, response bytes (after one warm request)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return (len(captured.captured_queries), statistics.median(timings), _p95(timings),
            statistics.median(cpu), len(response.content))


def _owner_client(contest_id: int):
    from django.test import Client

    from accounts.enums import OrgRole
    from accounts.models import Membership, User
    from contest.models import Contest

    contest = Contest.objects.get(pk=contest_id)
    owner = User.objects.create_user(email="owner@bench.example", name_native="Owner")
    Membership.objects.create(organisation=contest.organisation, user=owner, role=OrgRole.OWNER)
    client = Client()
    client.force_login(owner)
    return client


def _awards(contest_id: int, round_id: int) -> None:
    """Three awards, and every entry taking part in the round (as filling it would do)."""
    from contest.models import Entry
    from judging.models import Award, RoundEntry

    RoundEntry.objects.bulk_create(
        (RoundEntry(round_id=round_id, entry_id=pk)
         for pk in Entry.objects.filter(contest_id=contest_id).values_list("pk", flat=True)),
        batch_size=5000)

    Award.objects.bulk_create(
        Award(contest_id=contest_id, name=name, places=places, order=index)
        for index, (name, places) in enumerate([("Grand prize", 1), ("Jury prize", 3),
                                                ("Audience", 1)])
    )


def _one_more_score(round_id: int) -> None:
    """A juror submits one more score through the scoring service, as the page would."""
    from judging.models import Assignment
    from judging.services.scoring import save_score

    assignment = (Assignment.objects.filter(round_id=round_id, score__isnull=True)
                  .select_related("juror__user", "round").order_by("?").first())
    criteria = list(assignment.round.criteria.order_by("order"))
    save_score(assignment=assignment, by=assignment.juror.user,
               marks={str(c.pk): 7 for c in criteria}, comment="", expected_version=0,
               submit=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=4600)
    parser.add_argument("--jurors", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--changes", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--database", default=DATABASE)
    args = parser.parse_args()

    use_database(args.database)
    from django.conf import settings
    from django.core.cache import cache
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    cache.clear()
    started = time.perf_counter()
    data = build(entries=args.entries, jurors=args.jurors)
    print(f"built {args.entries} entries, {args.jurors} jurors, {data['assignments']} "
          f"assignments, {data['scores']} scores in {time.perf_counter() - started:.1f} s "
          f"(DEBUG {settings.DEBUG}, load average {os.getloadavg()[0]:.1f})")
    _awards(data["contest"], data["round"])
    from django.db import connection

    with connection.cursor() as cursor:  # as autovacuum would have by now: real plans
        cursor.execute("ANALYZE")
    client = _owner_client(data["contest"])
    slug, round_id = "bench", data["round"]
    pages = {
        "dashboard": reverse("judging:dashboard", kwargs={"slug": slug}),
        "awards page": reverse("judging:awards", kwargs={"slug": slug}),
        "results page": reverse("judging:organiser_results",
                                kwargs={"contest_slug": slug, "round_id": round_id}),
        "results API": reverse("api:organiser-round-results",
                               kwargs={"slug": slug, "round_id": round_id}),
    }
    print(f"\n{'request':<14} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms':>7} "
          f"{'bytes':>8}")
    for name, url in pages.items():
        queries, p50, p95, cpu, size = measure(client, url, args.repeat)
        print(f"{name:<14} {queries:>7} {p50:>8.1f} {p95:>8.1f} {cpu:>7.1f} {size:>8}")

    first: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(args.changes):
        _one_more_score(round_id)
        for name, url in pages.items():
            started = time.perf_counter()
            response = client.get(url)
            first[name].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    print(f"\nfirst request after a score is submitted (median of {args.changes}; the first "
          "page asked computes the ranking for all four)")
    for name, timings in first.items():
        print(f"{name:<14} {statistics.median(timings):>8.1f} ms")
    print(f"\nload average {os.getloadavg()[0]:.1f}")
    if not args.keep:
        drop_database(args.database)


if __name__ == "__main__":
    main()
