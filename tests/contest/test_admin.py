"""Questions and answers in the operators' admin: read, never changed there."""

import pytest
from django.urls import reverse

from contest.enums import QuestionType
from contest.models import Question
from tests.factories import EntryFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_questions_are_listed_and_read_only(client):
    question = Question.objects.create(contest=EntryFactory().contest, key="school",
                                       label="School", type=QuestionType.SHORT_TEXT)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listing = client.get(reverse("admin:contest_question_changelist"))
    change = client.post(reverse("admin:contest_question_change", args=[question.pk]),
                         {"label": "Changed"})
    question.refresh_from_db()
    assert (listing.status_code, change.status_code, question.label) == (200, 403, "School")


def test_admin_entry_answers_are_shown_but_not_editable(client):
    entry = EntryFactory(answers={"school": "La Fémis"})
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(reverse("admin:contest_entry_change", args=[entry.pk]))
    assert "answers" not in page.context["adminform"].form.fields
    assert "La Fémis" in page.content.decode()
