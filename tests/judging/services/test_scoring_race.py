"""Two tabs (or a tab and a phone) saving the same score at once: no silent lost update.

Real threads with their own PostgreSQL connections hit the juror API at the same moment.
"""


import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from judging.enums import ScoreStatus
from judging.models import Score
from tests.concurrency import run_together

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _race(user, calls: list[tuple[str, dict]]) -> list[tuple[int, dict]]:
    """POST every (url, body) from its own thread and connection, all released together."""

    def post(url: str, body: dict):
        def call() -> tuple[int, dict]:
            client = APIClient()
            client.force_authenticate(user)
            response = client.post(url, body, format="json")
            return response.status_code, response.json()
        return call

    return run_together(*(post(url, body) for url, body in calls))


def _marks(round_, mark: int) -> dict[str, int]:
    return {str(c.pk): mark for c in round_.criteria.all()}


def _url(name: str, assignment) -> str:
    return reverse(f"api:juror-assignment-{name}", kwargs={"pk": assignment.pk})


def test_drafts_racing_from_the_same_version_keep_one_and_refuse_the_rest(
        juror_user, make_assignments, open_round):
    (assignment,) = make_assignments(1)
    tabs = 4
    answers = _race(juror_user, [
        (_url("draft", assignment), {"marks": _marks(open_round, mark), "version": 0})
        for mark in range(3, 3 + tabs)
    ])

    statuses = sorted(status for status, _body in answers)
    assert statuses == [200] + [409] * (tabs - 1)
    (kept,) = [body for status, body in answers if status == 200]
    refused = [body for status, body in answers if status == 409]
    assert {(body["code"], body["fields"]["version"]) for body in refused} == {
        ("stale_version", 1)}
    score = Score.objects.get(assignment=assignment)
    assert (score.version, score.marks) == (1, kept["marks"])


def test_submit_racing_a_draft_either_submits_the_saved_marks_or_refuses(
        juror_user, make_assignments, open_round):
    (assignment,) = make_assignments(1)
    client = APIClient()
    client.force_authenticate(juror_user)
    assert client.post(_url("draft", assignment), {"marks": _marks(open_round, 6), "version": 0},
                       format="json").status_code == 200

    answers = _race(juror_user, [
        (_url("submit", assignment), {"version": 1}),
        (_url("draft", assignment), {"marks": _marks(open_round, 9), "version": 1}),
    ])

    (submit_status, submit_body), (draft_status, draft_body) = answers
    score = Score.objects.get(assignment=assignment)
    # Whichever got the row lock first wins; the other learns about it, never overwrites it:
    # a draft after the submission finds the score locked, a submission after the draft
    # finds a newer version than the one it was about to lock.
    if submit_status == 200:
        assert (draft_status, draft_body["code"]) == (403, "score_locked")
        assert (score.status, score.marks, score.version) == (
            ScoreStatus.SUBMITTED, _marks(open_round, 6), 2)
    else:
        assert (submit_status, submit_body["code"], draft_status) == (409, "stale_version", 200)
        assert (score.status, score.marks, score.version) == (
            ScoreStatus.DRAFT, _marks(open_round, 9), 2)
