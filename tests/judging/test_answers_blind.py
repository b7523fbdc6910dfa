"""Blind judging with entry form questions: jurors read only the answers marked for them, on
the score page and in the juror API, and the page's cost does not grow with questions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from contest.enums import QuestionType, QuestionVisibility
from contest.services import questions as question_services
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "director.secret@example.org"


@pytest.fixture
def answered(contest, organiser, make_assignments):
    def ask(label, kind=QuestionType.SHORT_TEXT, **values):
        return question_services.add_question(contest=contest, by=organiser, values={
            "type": kind, "label": label, **values})

    ask("Producer email", QuestionType.EMAIL)
    ask("Private note", visibility=QuestionVisibility.ORGANISERS)
    ask("Workflow", visibility=QuestionVisibility.JURORS)
    ask("Tagline", visibility=QuestionVisibility.PUBLIC)
    ask("Other category", visibility=QuestionVisibility.JURORS,
        categories=[CategoryFactory(contest=contest, name="Zeta").pk])
    (assignment,) = make_assignments(1)
    assignment.entry.answers = {
        "producer_email": SECRET_EMAIL, "private_note": "My uncle is on the jury",
        "workflow": "Sora then After Effects", "tagline": "Night falls",
        "other_category": "Left from another category"}
    assignment.entry.save()
    return assignment


HIDDEN = (SECRET_EMAIL, "My uncle is on the jury", "Private note", "Producer email",
          "Left from another category")


def test_score_page_shows_only_juror_answers(client, juror_user, answered):
    client.force_login(juror_user)
    html = client.get(reverse("judging:score", args=[answered.pk])).content.decode()
    assert ("Sora then After Effects" in html, "Night falls" in html) == (True, True)
    assert [text for text in HIDDEN if text in html] == []


def test_juror_api_detail_shows_only_juror_answers(juror_user, answered):
    api = APIClient()
    api.force_authenticate(juror_user)
    response = api.get(reverse("api:juror-assignment-detail", args=[answered.pk]))
    assert [(item["label"], item["text"]) for item in response.json()["entry"]["answers"]] == [
        ("Workflow", "Sora then After Effects"), ("Tagline", "Night falls")]
    assert [text for text in HIDDEN if text in response.content.decode()] == []


@pytest.mark.parametrize("count", [0, 20])
def test_score_page_query_count_is_constant_in_questions(client, juror_user, contest,
                                                         organiser, make_assignments, count):
    for index in range(count):
        question_services.add_question(contest=contest, by=organiser, values={
            "type": QuestionType.SHORT_TEXT, "label": f"Question {index}",
            "visibility": QuestionVisibility.JURORS})
    (assignment,) = make_assignments(1)
    assignment.entry.answers = {f"question_{index}": "An answer" for index in range(count)}
    assignment.entry.save()
    client.force_login(juror_user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("judging:score", args=[assignment.pk])).status_code == 200
    # The page's 12 queries before questions existed (its checked materials among them), plus
    # one for the questions and, when there are any, one for their categories: 13 without
    # questions, 14 with 20 (or 1).
    assert len(queries) == {0: 13, 20: 14}[count]
