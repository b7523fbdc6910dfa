"""An entry leaving the rounds being judged, and coming back. Registered in ``JudgingConfig.ready``
as a status listener of contest's entry services.

A withdrawn or disqualified entry leaves every draft and open round at once: its assignments
without a submitted score are deleted (with their drafts: nobody may judge the film any more),
so it drops out of the jurors' queues and their loads. Its submitted scores stay for the audit;
the ranking leaves them out by the entry's status (``selectors/ranking.py: NOT_COUNTED``), in
closed rounds too, which are otherwise untouched. The entry keeps its place in each round
(``RoundEntry``), which is how a reinstated entry finds the rounds it was in: those still being
judged are assigned again, the entry's places filled by the least loaded jurors while every
other pair stays.
A round nobody has assigned yet is left for the organisers' first run.
"""

from __future__ import annotations

from django.db import transaction

from contest.models import Entry
from core.audit import record
from core.errors import ContestError

from ..enums import RoundStatus, ScoreStatus
from ..models import Assignment, Juror, Round
from ..selectors.ranking import NOT_COUNTED
from .rounds import run_assignment

BEING_JUDGED = (RoundStatus.DRAFT, RoundStatus.OPEN)


def entry_status_changed(entry: Entry) -> None:
    """Contest's status hook: take the entry out of the rounds being judged, or put it back."""
    rounds = list(Round.objects.select_for_update().filter(
        round_entries__entry=entry, status__in=BEING_JUDGED).order_by("pk"))
    if not rounds:
        return
    if entry.status in NOT_COUNTED:
        _leave(entry, rounds)
    else:
        _come_back(entry, rounds)


def _leave(entry: Entry, rounds: list[Round]) -> None:
    open_work = Assignment.objects.select_for_update(of=("self",)).filter(
        entry=entry, round__in=rounds).exclude(score__status=ScoreStatus.SUBMITTED)
    cancelled = list(open_work.order_by("pk").values_list("pk", "round_id", "juror_id"))
    Assignment.objects.filter(pk__in=[pk for pk, _r, _j in cancelled]).delete()
    kept = Assignment.objects.filter(entry=entry, round__in=rounds,
                                     score__status=ScoreStatus.SUBMITTED).count()
    record(actor=None, action="judging.entry_left_rounds", obj=entry, scope=entry.contest,
           after={"status": entry.status, "rounds": [r.pk for r in rounds],
                  "cancelled": [[r, j] for _pk, r, j in cancelled], "kept_scores": kept})


def _come_back(entry: Entry, rounds: list[Round]) -> None:
    assigned = set(Assignment.objects.filter(round__in=rounds).values_list(
        "round_id", flat=True).distinct())
    for round in rounds:
        if round.pk in assigned:
            _assign_again(entry, round)


def _jurors_of(round: Round) -> set[int]:
    # Every current pair stays: only the entry's own places are filled.
    return set(Juror.objects.filter(contest_id=round.contest_id).values_list("pk", flat=True))


def _assign_again(entry: Entry, round: Round) -> None:
    """Give the entry jurors; when the jury cannot take it, log why rather than refuse the
    reinstatement (the organisers add jurors or relax the rules and assign again)."""
    try:
        with transaction.atomic():
            run = run_assignment(round=round, by=None, keep=_jurors_of(round))
    except ContestError as error:
        record(actor=None, action="judging.reassignment_failed", obj=round, scope=round.contest,
               after={"entry": entry.pk, "code": error.code, "message": str(error.message)})
        return
    record(actor=None, action="judging.entry_back_in_round", obj=entry, scope=entry.contest,
           after={"round": round.pk, "created": run.created, "removed": run.removed})
