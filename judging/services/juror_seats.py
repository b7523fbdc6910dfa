"""An organiser's hold on a juror's seat: capacity, languages, deactivating and reactivating.

Each change that takes work from a juror hands it on at once with ``run_assignment``, holding
every other juror's pairs where they are, so only the pairs that must move do. Submitted
scores never move and keep counting. A deactivated juror's drafts stay, frozen: nobody can
edit them while the seat is inactive (``judging.rules``), and they hold no place on an
entry's panel. The services that can move work return a ``SeatChange`` saying how much did.

Lock order, shared with the round services, scoring and erasure: the contest's rounds being
judged (by id), then the seat, then its assignments.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.audit import record
from core.errors import ConflictError, ContestError

from ..enums import RoundStatus, ScoreStatus
from ..models import Assignment, Juror, Round
from .jurors import understood_languages
from .results import results_changed
from .rounds import run_assignment

# Rounds whose work can still move: closed rounds keep who judged what.
MOVABLE_ROUND_STATUSES = (RoundStatus.DRAFT, RoundStatus.OPEN)


@dataclass(frozen=True)
class SeatChange:
    """What a change to a seat did: assignments moved to other jurors (or to this one), the
    juror's open assignments released, the rounds assigned again."""

    juror: Juror
    moved: int = 0
    released: int = 0
    rounds: tuple[int, ...] = ()


def _lock(juror: Juror) -> tuple[list[Round], Juror]:
    rounds = list(Round.objects.select_for_update().filter(
        contest_id=juror.contest_id, status__in=MOVABLE_ROUND_STATUSES).order_by("pk"))
    seat = Juror.objects.select_for_update(of=("self",)).select_related(
        "contest", "user").get(pk=juror.pk)
    return rounds, seat


def _open_work(seat: Juror, rounds: Iterable[Round]) -> dict[int, int]:
    """The seat's assignments without a submitted score, per round (after locking them)."""
    ids = [r.pk for r in rounds]
    rows = Assignment.objects.select_for_update(of=("self",)).filter(
        juror=seat, round_id__in=ids).exclude(score__status=ScoreStatus.SUBMITTED)
    counts: dict[int, int] = {}
    for round_id in rows.order_by("pk").values_list("round_id", flat=True):
        counts[round_id] = counts.get(round_id, 0) + 1
    return counts


def _reassign(rounds: Iterable[Round], by, *, moving: Juror | None = None) -> int:
    """Assign these rounds again; returns the assignments created (given to a new juror).

    With ``moving``, every other juror's pairs stay put: only the places that seat gave up
    are filled, spread over the least loaded (a full rebalance would also move work that
    did not have to move, drafts included).
    """
    keep = () if moving is None else set(Juror.objects.filter(
        contest_id=moving.contest_id).exclude(pk=moving.pk).values_list("pk", flat=True))
    return sum(run_assignment(round=round, by=by, keep=keep).created for round in rounds)


def _has_assignments(rounds: list[Round]) -> set[int]:
    return set(Assignment.objects.filter(round__in=rounds).values_list(
        "round_id", flat=True).distinct())


@transaction.atomic
def set_capacity(*, juror: Juror, capacity: int | None, by) -> SeatChange:
    """Set the most entries the juror takes in a round (None: an even share).

    A capacity below what the juror already holds in a round still being judged moves the
    excess to other jurors at once (the fewest pairs); one below the scores
    they already submitted there is refused, since submitted work never moves. Audited.
    """
    if capacity is not None and capacity < 0:
        raise ContestError(_("A capacity cannot be negative."), code="invalid",
                           fields={"capacity": [_("Enter 0 or more.")]})
    rounds, seat = _lock(juror)
    submitted = dict(Assignment.objects.filter(juror=seat, round__in=rounds).values("round_id")
                     .annotate(n=Count("pk", filter=Q(score__status=ScoreStatus.SUBMITTED)))
                     .values_list("round_id", "n"))
    most = max(submitted.values(), default=0)
    if capacity is not None and most > capacity:
        raise ContestError(
            ngettext("This juror has already submitted %(count)s score in a round being "
                     "judged: the capacity cannot be lower.",
                     "This juror has already submitted %(count)s scores in a round being "
                     "judged: the capacity cannot be lower.", most) % {"count": most},
            code="capacity_below_submitted",
            fields={"capacity": [_("At least %(count)s.") % {"count": most}]})
    before = seat.capacity
    seat.capacity = capacity
    seat.save(update_fields=["capacity"])
    over = _over_capacity(seat, rounds) if seat.is_active else []
    moved = _reassign(over, by, moving=seat)
    record(actor=by, action="juror.capacity_set", obj=seat, scope=seat.contest,
           before={"capacity": before},
           after={"capacity": capacity, "moved": moved, "rounds": [r.pk for r in over]})
    return SeatChange(juror=seat, moved=moved, rounds=tuple(r.pk for r in over))


def _over_capacity(seat: Juror, rounds: list[Round]) -> list[Round]:
    if seat.capacity is None:
        return []
    counts = dict(Assignment.objects.filter(juror=seat, round__in=rounds).values("round_id")
                  .annotate(n=Count("pk")).values_list("round_id", "n"))
    return [r for r in rounds
            if r.jurors_per_entry is not None and counts.get(r.pk, 0) > seat.capacity]


@transaction.atomic
def set_languages(*, juror: Juror, languages: Iterable[str], by) -> Juror:
    """The languages the juror understands, set by the juror or their organisers. Audited.

    Moves no work: the language rule weighs them at the round's next assignment run.
    """
    wanted = understood_languages(languages)
    seat = Juror.objects.select_for_update(of=("self",)).select_related("contest").get(
        pk=juror.pk)
    if seat.languages != wanted:
        record(actor=by, action="juror.languages_set", obj=seat, scope=seat.contest,
               before={"languages": seat.languages}, after={"languages": wanted})
        seat.languages = wanted
        seat.save(update_fields=["languages"])
    juror.languages = seat.languages
    return seat


@transaction.atomic
def update_seat(*, juror: Juror, by, changes: Mapping[str, Any]) -> SeatChange:
    """The organisers' form and endpoint: ``changes`` may hold ``languages`` and ``capacity``
    (None: an even share); each one present is set, in one transaction (``set_languages``,
    then ``set_capacity``)."""
    if "languages" in changes:
        set_languages(juror=juror, languages=changes["languages"], by=by)
    if "capacity" in changes:
        return set_capacity(juror=juror, capacity=changes["capacity"], by=by)
    return SeatChange(juror=Juror.objects.select_related("contest", "user").get(pk=juror.pk))


@transaction.atomic
def deactivate_juror(*, juror: Juror, by) -> SeatChange:
    """Take a juror off the jury: their open work in rounds being judged goes to others.

    The juror's assignments without a score are released and given to other jurors by
    ``run_assignment`` (the fewest pairs move); submitted scores stay and count; drafts stay,
    frozen, and no longer hold a place on the entry's panel. The juror loses access to every
    entry (``judging.rules``: only active seats see assignments). Closed rounds are untouched.
    When the rest of the jury cannot take the work, nothing changes and the error says why.
    """
    rounds, seat = _lock(juror)
    if not seat.is_active:
        raise ConflictError(_("This juror is already inactive."), code="juror_inactive")
    work = _open_work(seat, rounds)
    drafts = Assignment.objects.filter(juror=seat, round__in=rounds,
                                       score__status=ScoreStatus.DRAFT).count()
    seat.is_active = False
    seat.save(update_fields=["is_active"])
    touched = [r for r in rounds if r.pk in work]
    moved = _reassign([r for r in touched if r.jurors_per_entry is not None], by, moving=seat)
    # Whole-panel rounds need no one else: every other juror already judges every entry.
    whole = [r.pk for r in touched if r.jurors_per_entry is None]
    Assignment.objects.filter(juror=seat, round__in=whole, score__isnull=True).delete()
    results_changed(round_ids=whole)
    released = sum(work.values()) - drafts
    record(actor=by, action="juror.deactivated", obj=seat, scope=seat.contest,
           before={"is_active": True},
           after={"is_active": False, "moved": moved, "released": released,
                  "frozen_drafts": drafts, "rounds": [r.pk for r in touched]})
    return SeatChange(juror=seat, moved=moved, released=released,
                      rounds=tuple(r.pk for r in touched))


@transaction.atomic
def reactivate_juror(*, juror: Juror, by, rebalance: bool = False) -> SeatChange:
    """Put a deactivated juror back on the jury; their frozen drafts become editable again.

    Without ``rebalance`` the juror takes work at each round's next assignment run; with it,
    every round being judged that already has assignments is assigned again now, which gives
    the juror an even share (moving the fewest pairs). An entry whose place was filled while
    the juror was away keeps one juror more until that run, which drops one of its pairs
    (never a submitted one). A former juror (account deleted) cannot come back. Audited.
    """
    rounds, seat = _lock(juror)
    if seat.user_id is None:
        raise ConflictError(_("This juror deleted their account and cannot come back."),
                            code="juror_erased")
    if seat.is_active:
        raise ConflictError(_("This juror is already active."), code="juror_active")
    seat.is_active = True
    seat.save(update_fields=["is_active"])
    assigned = _has_assignments(rounds) if rebalance else set()
    again = [r for r in rounds if r.pk in assigned]
    moved = _reassign(again, by)
    record(actor=by, action="juror.reactivated", obj=seat, scope=seat.contest,
           before={"is_active": False},
           after={"is_active": True, "rebalance": rebalance, "moved": moved,
                  "rounds": [r.pk for r in again]})
    return SeatChange(juror=seat, moved=moved, rounds=tuple(r.pk for r in again))
