"""``save_score``: save the draft and, when asked, submit it, in one transaction."""

import pytest
from django.urls import reverse

from core.errors import ContestError
from core.models import AuditEvent
from judging.enums import ScoreStatus
from judging.models import Score
from judging.services.scoring import save_score

pytestmark = pytest.mark.django_db


def _marks(round_, values):
    return {str(c.pk): v for c, v in zip(round_.criteria.order_by("order"), values, strict=True)}


def test_save_score_without_submit_keeps_a_draft(make_assignments, juror_user, open_round):
    (assignment,) = make_assignments(1)
    score = save_score(assignment=assignment, by=juror_user,
                       marks=_marks(open_round, [7, 7, 7, 7]), comment="Fine.",
                       expected_version=0, submit=False)
    assert (score.status, score.version) == (ScoreStatus.DRAFT, 1)


def test_save_score_with_submit_saves_and_submits(make_assignments, juror_user, open_round):
    (assignment,) = make_assignments(1)
    score = save_score(assignment=assignment, by=juror_user,
                       marks=_marks(open_round, [8, 8, 8, 8]), comment="",
                       expected_version=0, submit=True)
    assert (score.status, score.version, score.weighted) == (ScoreStatus.SUBMITTED, 2, 8.0)
    assert AuditEvent.objects.filter(action="score.submitted").count() == 1


def test_save_score_refused_submit_rolls_back_the_draft(make_assignments, juror_user,
                                                       open_round):
    (assignment,) = make_assignments(1)
    save_score(assignment=assignment, by=juror_user, marks=_marks(open_round, [5, 5, 5, 5]),
               comment="first", expected_version=0, submit=False)
    with pytest.raises(ContestError) as error:
        save_score(assignment=assignment, by=juror_user,
                   marks=_marks(open_round, [9, None, 9, 9]), comment="second",
                   expected_version=1, submit=True)
    assert error.value.code == "incomplete"
    score = Score.objects.get(assignment=assignment)
    assert (score.version, score.comment, score.status) == (1, "first", ScoreStatus.DRAFT)
    assert sorted(score.marks.values()) == [5, 5, 5, 5]


def test_score_page_refused_submit_leaves_no_draft(client, make_assignments, juror_user,
                                                  open_round):
    (assignment,) = make_assignments(1)
    criteria = list(open_round.criteria.order_by("order"))
    client.force_login(juror_user)
    url = reverse("judging:score", kwargs={"assignment_id": assignment.pk})
    response = client.post(url, {"version": "0", "action": "submit", "comment": "half",
                                 f"mark-{criteria[0].pk}": "6"}, follow=True)
    assert "Mark every criterion before submitting" in response.content.decode()
    assert Score.objects.filter(assignment=assignment).count() == 0
