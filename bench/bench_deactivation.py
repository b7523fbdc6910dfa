"""Deactivating a juror at full size: the service's wall time and the pairs it moves.

Builds 4,600 entries / 60 jurors / 13,800 assignments (half of them scored: 60% of those
submitted, the rest drafts) in a database of its own (dropped at the end unless --keep),
then deactivates one juror after another through ``juror_seats.deactivate_juror``, each in a
transaction rolled back afterwards so every run starts from the same jury. Prints the median
time, the pairs moved and the juror's open, draft and submitted work, and checks that no
other juror's pair moved.

    python bench/bench_deactivation.py [--entries 4600] [--jurors 60] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _judging_data import build, drop_database, use_database  # noqa: E402

DATABASE = "marquee_bench_deactivation"


class RolledBack(Exception):
    pass


def deactivate_once(juror_id: int) -> tuple[float, object, int, int]:
    """Deactivate one juror and roll back; seconds, the change, pairs of others lost, gained."""
    from django.db import transaction

    from judging.models import Assignment, Juror
    from judging.services.juror_seats import deactivate_juror

    juror = Juror.objects.get(pk=juror_id)
    outcome = {}
    try:
        with transaction.atomic():
            others = set(Assignment.objects.exclude(juror=juror).values_list("entry_id",
                                                                             "juror_id"))
            started = time.perf_counter()
            change = deactivate_juror(juror=juror, by=None)
            outcome["seconds"] = time.perf_counter() - started
            after = set(Assignment.objects.exclude(juror=juror).values_list("entry_id",
                                                                            "juror_id"))
            outcome.update(change=change, lost=len(others - after), gained=len(after - others))
            raise RolledBack
    except RolledBack:
        pass
    return outcome["seconds"], outcome["change"], outcome["lost"], outcome["gained"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=4600)
    parser.add_argument("--jurors", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    use_database(DATABASE)
    try:
        run(args)
    finally:
        if not args.keep:
            drop_database(DATABASE)


def run(args) -> None:
    from django.db.models import Count, Q

    from judging.enums import ScoreStatus
    from judging.models import Juror, RoundEntry

    ids = build(entries=args.entries, jurors=args.jurors)
    RoundEntry.objects.bulk_create(
        RoundEntry(round_id=ids["round"], entry_id=entry_id)
        for entry_id in Juror.objects.get(user_id=ids["juror_users"][0]).contest.entries
        .values_list("pk", flat=True))
    seats = list(Juror.objects.order_by("pk").annotate(
        open=Count("assignments", filter=Q(assignments__score__isnull=True)),
        drafts=Count("assignments", filter=Q(assignments__score__status=ScoreStatus.DRAFT)),
        submitted=Count("assignments",
                        filter=Q(assignments__score__status=ScoreStatus.SUBMITTED)),
    )[:args.repeat])
    print(f"{args.entries} entries x 3 jurors over {args.jurors} jurors, "
          f"{ids['assignments']} assignments, {ids['scores']} scores; "
          f"deactivating {len(seats)} jurors one at a time (rolled back)")
    timings = []
    for seat in seats:
        seconds, change, lost, gained = deactivate_once(seat.pk)
        timings.append(seconds)
        assert lost == 0, f"{lost} pairs of other jurors moved"
        assert change.moved == seat.open + seat.drafts == gained, (change, seat.open, gained)
        print(f"juror {seat.pk}: {seconds:.2f} s, moved {change.moved} pairs "
              f"(open {seat.open}, drafts kept frozen {seat.drafts}, submitted kept "
              f"{seat.submitted}); other jurors' pairs moved: {lost}")
    print(f"median {statistics.median(timings):.2f} s per deactivation")


if __name__ == "__main__":
    main()
