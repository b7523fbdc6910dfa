from datetime import timedelta

import pytest
from django.utils import timezone

from core.errors import ConflictError, ContestError, PermissionDeniedError
from core.models import AuditEvent
from judging.enums import RoundStatus, ScoreStatus
from judging.services.scoring import save_draft, submit_score

from ..factories import JurorFactory

pytestmark = pytest.mark.django_db


def _marks(round_, values):
    return {str(c.pk): v for c, v in zip(round_.criteria.order_by("order"), values, strict=True)}


def test_save_draft_creates_score_at_version_one(make_assignments, juror_user, open_round):
    (assignment,) = make_assignments(1)
    score = save_draft(assignment=assignment, by=juror_user,
                       marks=_marks(open_round, [7, None, 5, 9]), comment="Moving.",
                       expected_version=0)
    assert (score.version, score.status, score.comment) == (1, ScoreStatus.DRAFT, "Moving.")
    # A null mark is simply not stored.
    story, _craft, ai, impact = (str(c.pk) for c in open_round.criteria.order_by("order"))
    assert score.marks == {story: 7, ai: 5, impact: 9}


def test_save_draft_stale_version_is_refused_with_409(make_assignments, juror_user, open_round):
    (assignment,) = make_assignments(1)
    marks = _marks(open_round, [7, 7, 7, 7])
    save_draft(assignment=assignment, by=juror_user, marks=marks, comment="", expected_version=0)
    save_draft(assignment=assignment, by=juror_user, marks=marks, comment="b", expected_version=1)
    with pytest.raises(ConflictError) as error:
        save_draft(assignment=assignment, by=juror_user, marks=marks, comment="old tab",
                   expected_version=1)
    assert (error.value.status, error.value.code, error.value.fields) == (
        409, "stale_version", {"version": 2})
    assignment.score.refresh_from_db()
    assert assignment.score.comment == "b"


def test_save_draft_refuses_marks_outside_the_scale_or_rubric(make_assignments, juror_user,
                                                               open_round):
    (assignment,) = make_assignments(1)
    first = str(open_round.criteria.first().pk)
    with pytest.raises(ContestError) as error:
        save_draft(assignment=assignment, by=juror_user, marks={first: 11, "999999": 3},
                   comment="", expected_version=0)
    assert error.value.code == "invalid_marks"
    assert sorted(error.value.fields["marks"]) == sorted([first, "999999"])


def test_submit_score_computes_weighted_mean_and_locks(make_assignments, juror_user, open_round):
    (assignment,) = make_assignments(1)
    # Weights 30, 25, 25, 20.
    save_draft(assignment=assignment, by=juror_user, marks=_marks(open_round, [10, 8, 6, 5]),
               comment="", expected_version=0)
    score = submit_score(assignment=assignment, by=juror_user, expected_version=1)
    assert score.status == ScoreStatus.SUBMITTED
    assert score.weighted == pytest.approx((30 * 10 + 25 * 8 + 25 * 6 + 20 * 5) / 100)
    assert score.version == 2
    with pytest.raises(PermissionDeniedError) as error:
        save_draft(assignment=assignment, by=juror_user, marks=_marks(open_round, [1, 1, 1, 1]),
                   comment="", expected_version=2)
    assert error.value.code == "score_locked"
    event = AuditEvent.objects.get(action="score.submitted")
    assert (event.actor, event.after["weighted"]) == (juror_user, score.weighted)


def test_submit_score_incomplete_is_refused(make_assignments, juror_user, open_round):
    (assignment,) = make_assignments(1)
    marks = _marks(open_round, [10, 8, 6, 5])
    marks.pop(next(iter(marks)))
    save_draft(assignment=assignment, by=juror_user, marks=marks, comment="", expected_version=0)
    with pytest.raises(ContestError) as error:
        submit_score(assignment=assignment, by=juror_user, expected_version=1)
    assert error.value.code == "incomplete"


def test_scoring_after_deadline_is_refused(make_assignments, juror_user, open_round):
    (assignment,) = make_assignments(1)
    open_round.deadline = timezone.now() - timedelta(minutes=1)
    open_round.save()
    with pytest.raises(PermissionDeniedError) as error:
        save_draft(assignment=assignment, by=juror_user, marks={}, comment="", expected_version=0)
    assert error.value.code == "deadline_passed"


def test_scoring_in_a_closed_round_is_refused(make_assignments, juror_user, open_round):
    (assignment,) = make_assignments(1)
    open_round.status = RoundStatus.CLOSED
    open_round.save()
    with pytest.raises(PermissionDeniedError) as error:
        save_draft(assignment=assignment, by=juror_user, marks={}, comment="", expected_version=0)
    assert error.value.code == "round_closed"


def test_another_juror_cannot_score_the_assignment(make_assignments, contest):
    (assignment,) = make_assignments(1)
    other = JurorFactory(contest=contest)
    with pytest.raises(PermissionDeniedError) as error:
        save_draft(assignment=assignment, by=other.user, marks={}, comment="",
                   expected_version=0)
    assert error.value.code == "permission_denied"
