"""The questions API (organisers) and answers through the entry API (entrants)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.enums import OrgRole
from contest.enums import QuestionType
from contest.models import Entry, Question
from contest.services import questions as services
from core.models import AuditEvent
from tests.contest.api.test_entries_api import NEW_ENTRY
from tests.factories import EntryFactory, MembershipFactory

pytestmark = pytest.mark.django_db

CHOICES = [{"labels": {"en": "Mostly generative AI"}}, {"labels": {"en": "Camera"}}]


def _ask(contest, organiser, **values):
    return services.add_question(contest=contest, by=organiser, values={
        "type": QuestionType.SHORT_TEXT, "label": "School", **values})


def test_questions_api_organiser_adds_lists_changes_and_removes(client_for, organiser,
                                                                 api_contest):
    api_contest.languages = ["en", "ja"]
    api_contest.save()
    api = client_for(organiser)
    url = reverse("api:contest-questions", args=[api_contest.slug])
    created = api.post(url, {"type": "single_choice", "label": "How was it made?",
                             "label_ja": "制作方法", "choices": CHOICES, "visibility": "jurors",
                             "ineligible_values": ["camera"],
                             "ineligible_message": "AI films only."}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["key"], body["label_ja"], body["ineligible_values"]) == (
        "how_was_it_made", "制作方法", ["camera"])
    one = reverse("api:contest-question", args=[api_contest.slug, body["id"]])
    changed = api.patch(one, {"label": "Made how?"}, format="json")
    assert changed.json()["label"] == "Made how?"
    assert [row["key"] for row in api.get(url).json()] == ["how_was_it_made"]
    assert api.delete(one).status_code == 204
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "question.added", "question.changed", "question.deleted"]


def test_questions_api_type_change_with_answers_is_a_coded_error(client_for, organiser,
                                                                  api_contest):
    question = _ask(api_contest, organiser)
    EntryFactory(contest=api_contest, answers={"school": "La Fémis"})
    response = client_for(organiser).patch(
        reverse("api:contest-question", args=[api_contest.slug, question.pk]),
        {"type": "number"}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "question_answered")
    deleted = client_for(organiser).delete(
        reverse("api:contest-question", args=[api_contest.slug, question.pk]))
    assert (deleted.status_code, deleted.json()["archived_at"] is not None) == (200, True)


@pytest.mark.parametrize("role", [OrgRole.COORDINATOR, OrgRole.VIEWER])
def test_questions_api_other_roles_are_refused(client_for, api_contest, role):
    member = MembershipFactory(organisation=api_contest.organisation, role=role).user
    response = client_for(member).post(
        reverse("api:contest-questions", args=[api_contest.slug]),
        {"type": "short_text", "label": "School"}, format="json")
    assert response.status_code == 403
    assert Question.objects.count() == 0


def test_questions_api_list_query_count_is_constant(client_for, organiser, api_contest):
    api = client_for(organiser)
    url = reverse("api:contest-questions", args=[api_contest.slug])
    _ask(api_contest, organiser, label="Q0")
    api.get(url)  # the first request of a process also reads what stays cached
    with CaptureQueriesContext(connection) as one:
        assert api.get(url).status_code == 200
    for index in range(1, 20):
        _ask(api_contest, organiser, label=f"Q{index}",
             categories=[api_contest.categories.first().pk])
    with CaptureQueriesContext(connection) as twenty:
        api.get(url)
    # The contest, the questions, their categories and the answer counts per key (the
    # person's roles were read by the first request): 4 for 1 question or 20.
    assert (len(one), len(twenty)) == (4, 4)


def test_entry_api_answers_are_checked_stored_and_returned(client_for, entrant, organiser,
                                                           api_contest):
    _ask(api_contest, organiser, label="Crew size", type=QuestionType.NUMBER, max_value=50)
    api = client_for(entrant)
    bad = api.post(reverse("api:entry-list"), {**NEW_ENTRY, "answers": {"crew_size": 51}},
                   format="json")
    assert (bad.status_code, list(bad.json()["fields"])) == (400, ["answers.crew_size"])
    good = api.post(reverse("api:entry-list"), {**NEW_ENTRY, "answers": {"crew_size": 5}},
                    format="json")
    assert good.status_code == 201
    assert good.json()["answers"] == {"crew_size": 5}
    entry = Entry.objects.get()
    patched = api.patch(reverse("api:entry-detail", args=[entry.pk]),
                        {"version": entry.version, "answers": {"crew_size": None}},
                        format="json")
    assert patched.json()["answers"] == {}


def test_entry_api_names_what_makes_the_entry_ineligible_at_once(client_for, entrant,
                                                                 organiser, api_contest):
    _ask(api_contest, organiser, label="Mostly AI", type=QuestionType.YES_NO,
         ineligible_values=["no"], ineligible_message="AI films only.")
    api = client_for(entrant)
    created = api.post(reverse("api:entry-list"), {**NEW_ENTRY, "answers": {"mostly_ai": "no"}},
                       format="json")
    assert created.json()["ineligible"] == [{"key": "mostly_ai", "message": "AI films only."}]
    entry = Entry.objects.get()
    read = api.get(reverse("api:entry-detail", args=[entry.pk])).json()
    submitted = api.post(reverse("api:entry-submit", args=[entry.pk]), {}, format="json")
    assert (read["ineligible"][0]["message"], submitted.status_code,
            submitted.json()["code"]) == ("AI films only.", 400, "ineligible")
    assert "ineligible" not in api.get(reverse("api:entry-list")).json()["results"][0]
