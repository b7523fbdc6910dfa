"""A juror deleting their account while one of their scores is being saved, from two real
connections: whichever goes first, nothing is lost, doubled or left half-done.

Erasure and scoring lock the juror's seat, then the assignment, in that order; the second
waits for the first to commit and then sees its result. Each test makes one service take its
locks first and hold them until the other is seen waiting in PostgreSQL (``pg_stat_activity``),
so both orders are tested every time; a plain race of the two is tested as well.
"""


import pytest
from django.db import connection

from accounts.services import delete_account
from contest.enums import EntryStatus
from core.errors import ContestError
from judging.enums import ScoreStatus
from judging.models import Assignment, Juror, Score
from judging.selectors.ranking import ranking
from judging.services import erasure, scoring
from judging.services.scoring import save_score
from tests.concurrency import in_lock_order, run_together
from tests.factories import EntryFactory

from ..factories import JurorFactory, RoundEntryFactory, RoundFactory, add_rubric

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

# Where each service holds its locks: scoring has locked the seat and the assignment when it
# checks the version; the erasure has when it retires the seat.
HOLD_POINTS = {"scoring": (scoring, "_check_version"), "erasure": (erasure, "_retire")}


def _setting(contest):
    """One entry, judged by one juror per entry: the leaving juror holds it, another waits."""
    round_ = RoundFactory(contest=contest, jurors_per_entry=1, order=1)
    add_rubric(round_)
    entry = EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE)
    RoundEntryFactory(round=round_, entry=entry)
    leaving, staying = JurorFactory(contest=contest), JurorFactory(contest=contest)
    assignment = Assignment.objects.create(round=round_, entry=entry, juror=leaving)
    return round_, assignment, leaving, staying


def _calls(assignment, leaving, *, submit: bool):
    marks = {str(c.pk): 7 for c in assignment.round.criteria.all()}
    user = leaving.user

    def score() -> str:
        try:
            save_score(assignment=assignment, by=user, marks=marks, comment="Strong ending.",
                       expected_version=0, submit=submit)
        except ContestError as error:
            return error.code
        return "saved"

    return {"scoring": score, "erasure": lambda: delete_account(user=user)}


def _in_order(monkeypatch, calls: dict, first: str) -> str:
    """Run ``first`` until it holds its locks, start the other, let ``first`` go on once the
    other waits on a lock; returns the scoring's outcome."""
    results = in_lock_order(monkeypatch, calls, first, HOLD_POINTS[first])
    return results["scoring"]


def _state(round_, leaving):
    seat = Juror.objects.get(pk=leaving.pk)
    held = sorted(Assignment.objects.filter(round=round_).values_list("juror_id", flat=True))
    scores = list(Score.objects.values_list("assignment__juror_id", "status", "comment"))
    return (seat.user_id, seat.is_active), held, scores


def test_a_score_submitted_before_the_erasure_is_kept_and_counts(contest, monkeypatch):
    round_, assignment, leaving, _staying = _setting(contest)

    outcome = _in_order(monkeypatch, _calls(assignment, leaving, submit=True), first="scoring")

    assert outcome == "saved"
    assert _state(round_, leaving) == (
        (None, False), [leaving.pk], [(leaving.pk, ScoreStatus.SUBMITTED, "Strong ending.")])
    assert [row.count for row in ranking(round=round_)] == [1]


def test_a_score_submitted_during_the_erasure_is_refused_and_the_entry_reassigned(
        contest, monkeypatch):
    round_, assignment, leaving, staying = _setting(contest)

    outcome = _in_order(monkeypatch, _calls(assignment, leaving, submit=True), first="erasure")

    assert outcome == "assignment_gone"
    assert _state(round_, leaving) == ((None, False), [staying.pk], [])


@pytest.mark.parametrize("first", ["scoring", "erasure"])
def test_a_draft_saved_around_the_erasure_is_released_with_its_assignment(
        contest, monkeypatch, first):
    round_, assignment, leaving, staying = _setting(contest)

    outcome = _in_order(monkeypatch, _calls(assignment, leaving, submit=False), first=first)

    assert outcome == {"scoring": "saved", "erasure": "assignment_gone"}[first]
    assert _state(round_, leaving) == ((None, False), [staying.pk], [])


def test_a_plain_race_ends_in_one_of_the_two_orders(contest):
    round_, assignment, leaving, staying = _setting(contest)
    calls = _calls(assignment, leaving, submit=True)

    outcome, _erased = run_together(calls["scoring"], calls["erasure"])

    submitted = [(leaving.pk, ScoreStatus.SUBMITTED, "Strong ending.")]
    assert (outcome, _state(round_, leaving)) in [
        ("saved", ((None, False), [leaving.pk], submitted)),
        ("assignment_gone", ((None, False), [staying.pk], [])),
    ]
