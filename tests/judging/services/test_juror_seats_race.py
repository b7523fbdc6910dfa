"""An organiser deactivating a juror while the juror submits a score, from two real
connections: whichever goes first, the score is either kept and counted or refused with the
entry given to another juror, never lost or doubled.

Deactivation locks the contest's rounds being judged, then the seat, then its assignments;
scoring locks the round, the seat, then the assignment. Each test makes one service hold its
locks until the other is seen waiting in PostgreSQL, so both orders are tested every time.
"""


import pytest
from django.db import connection

from contest.enums import EntryStatus
from core.errors import ContestError
from judging.enums import ScoreStatus
from judging.models import Assignment, Juror, Score
from judging.selectors.ranking import ranking
from judging.services import juror_seats, scoring
from judging.services.scoring import save_score
from tests.concurrency import in_lock_order
from tests.factories import EntryFactory

from ..factories import JurorFactory, RoundEntryFactory, RoundFactory, add_rubric

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

HOLD_POINTS = {"scoring": (scoring, "_check_version"),
               "deactivation": (juror_seats, "_open_work")}


def _setting(contest):
    round_ = RoundFactory(contest=contest, jurors_per_entry=1, order=1)
    add_rubric(round_)
    entry = EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE)
    RoundEntryFactory(round=round_, entry=entry)
    leaving, staying = JurorFactory(contest=contest), JurorFactory(contest=contest)
    assignment = Assignment.objects.create(round=round_, entry=entry, juror=leaving)
    return round_, assignment, leaving, staying


def _calls(assignment, leaving, organiser):
    marks = {str(c.pk): 7 for c in assignment.round.criteria.all()}

    def score() -> str:
        try:
            save_score(assignment=assignment, by=leaving.user, marks=marks, comment="",
                       expected_version=0, submit=True)
        except ContestError as error:
            return error.code
        return "saved"

    def deactivate() -> int:
        return juror_seats.deactivate_juror(juror=leaving, by=organiser).moved

    return {"scoring": score, "deactivation": deactivate}


def _in_order(monkeypatch, calls: dict, first: str) -> tuple:
    results = in_lock_order(monkeypatch, calls, first, HOLD_POINTS[first])
    return results["scoring"], results["deactivation"]


def _state(round_, leaving):
    held = sorted(Assignment.objects.filter(round=round_).values_list("juror_id", flat=True))
    scores = list(Score.objects.values_list("assignment__juror_id", "status"))
    return Juror.objects.get(pk=leaving.pk).is_active, held, scores


def test_a_score_submitted_before_the_deactivation_is_kept_and_counts(contest, organiser,
                                                                       monkeypatch):
    round_, assignment, leaving, _staying = _setting(contest)

    outcome = _in_order(monkeypatch, _calls(assignment, leaving, organiser), first="scoring")

    assert outcome == ("saved", 0)
    assert _state(round_, leaving) == (False, [leaving.pk],
                                       [(leaving.pk, ScoreStatus.SUBMITTED)])
    assert [row.count for row in ranking(round=round_)] == [1]


def test_a_score_submitted_during_the_deactivation_is_refused_and_the_entry_moves(
        contest, organiser, monkeypatch):
    round_, assignment, leaving, staying = _setting(contest)

    outcome = _in_order(monkeypatch, _calls(assignment, leaving, organiser),
                        first="deactivation")

    assert outcome == ("assignment_gone", 1)
    assert _state(round_, leaving) == (False, [staying.pk], [])
