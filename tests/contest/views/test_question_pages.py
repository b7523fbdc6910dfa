import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contest.enums import QuestionType, QuestionVisibility
from contest.models import Entry, Question
from contest.services import questions as services
from tests.contest.views.test_entry_form import _post_data
from tests.factories import CategoryFactory, EntryFactory, contest_in

pytestmark = pytest.mark.django_db

AI_MESSAGE = "This contest is for films made mainly with generative AI."


def ask(contest, organiser, **values):
    return services.add_question(contest=contest, by=organiser, values={
        "type": QuestionType.SHORT_TEXT, "label": "School", **values})


def ask_many(contest, organiser, count):
    kinds = [QuestionType.SHORT_TEXT, QuestionType.SINGLE_CHOICE, QuestionType.NUMBER,
             QuestionType.YES_NO, QuestionType.COUNTRY]
    for index in range(count):
        ask(contest, organiser, label=f"Question {index}", type=kinds[index % len(kinds)],
            visibility=QuestionVisibility.JURORS,
            choices=[{"labels": {"en": "One"}}, {"labels": {"en": "Two"}}],
            categories=[contest.categories.first().pk] if index % 2 else [])


def test_question_add_page_stores_question_with_choices_and_rule(client, organiser,
                                                                open_contest):
    client.force_login(organiser)
    url = reverse("contest:question_add", args=[open_contest.slug])
    response = client.post(url, {
        "label_en": "How was it made?", "help_text_en": "Mostly.", "type": "single_choice",
        "visibility": "jurors", "ineligible_message_en": AI_MESSAGE,
        "choice_0_en": "Mostly generative AI", "choice_1_en": "Camera",
        "choice_1_ineligible": "on"})
    assert response.status_code == 302
    question = Question.objects.get()
    assert [choice["key"] for choice in question.choices] == ["mostly_generative_ai", "camera"]
    assert (question.ineligible_values, question.visibility) == (["camera"], "jurors")


def test_question_add_page_rule_without_message_shows_field_error(client, organiser,
                                                                  open_contest):
    client.force_login(organiser)
    response = client.post(reverse("contest:question_add", args=[open_contest.slug]), {
        "label_en": "Mostly AI?", "type": "yes_no", "visibility": "organisers",
        "ineligible_answer": "no"})
    assert response.status_code == 200
    assert response.context["form"].errors["ineligible_message_en"] == [
        "This field is required."]
    assert Question.objects.count() == 0


def test_question_edit_page_type_change_with_answers_is_refused_with_message(
        client, organiser, open_contest):
    question = ask(open_contest, organiser)
    EntryFactory(contest=open_contest, answers={"school": "La Fémis"})
    client.force_login(organiser)
    url = reverse("contest:question_edit", args=[open_contest.slug, question.pk])
    page = client.get(url)
    assert "1 entry answered this question" in page.content.decode()
    response = client.post(url, {"label_en": "School", "type": "long_text",
                                 "visibility": "organisers"})
    assert response.status_code == 200
    assert response.context["form"].errors["type"] == ["Answers exist."]


def test_question_list_page_moves_and_removes(client, organiser, open_contest):
    first, second = ask(open_contest, organiser), ask(open_contest, organiser, label="City")
    EntryFactory(contest=open_contest, answers={"city": "Lyon"})
    client.force_login(organiser)
    client.post(reverse("contest:question_action", args=[open_contest.slug, second.pk, "up"]))
    assert list(open_contest.questions.values_list("key", flat=True)) == ["city", "school"]
    for question in (first, second):
        client.post(reverse("contest:question_action",
                            args=[open_contest.slug, question.pk, "remove"]))
    page = client.get(reverse("contest:contest_questions", args=[open_contest.slug]))
    assert [(q.key, q.archived_at is not None) for q in Question.objects.all()] == [
        ("city", True)]
    assert "Questions no longer asked" in page.content.decode()


def test_question_list_page_query_count_is_constant(client, organiser, open_contest):
    client.force_login(organiser)
    url = reverse("contest:contest_questions", args=[open_contest.slug])
    ask_many(open_contest, organiser, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    ask_many(open_contest, organiser, 19)
    with CaptureQueriesContext(connection) as twenty:
        client.get(url)
    # Session, user, the contest, the person's roles (permission), the questions, their
    # categories, the answer counts per key, and the menu's roles: 1 or 20 questions alike.
    assert (len(one), len(twenty)) == (len(one), len(one))
    assert len(one) == 8


def test_entry_form_with_questions_stores_answers(client, entrant, organiser, open_contest):
    ask(open_contest, organiser, label="Crew size", type=QuestionType.NUMBER, min_value=1)
    ask(open_contest, organiser, label="Tools", type=QuestionType.MULTIPLE_CHOICE,
        choices=[{"key": "sora", "labels": {"en": "Sora"}},
                 {"key": "veo", "labels": {"en": "Veo"}}])
    client.force_login(entrant)
    response = client.post(reverse("contest:entry_create", args=[open_contest.slug]),
                           _post_data(open_contest, q_crew_size="4", q_tools=["veo", "sora"]))
    assert response.status_code == 302
    assert Entry.objects.get().answers == {"crew_size": 4, "tools": ["sora", "veo"]}


def test_entry_form_invalid_answer_is_shown_on_its_field(client, entrant, organiser,
                                                         open_contest):
    ask(open_contest, organiser, label="Crew size", type=QuestionType.NUMBER, min_value=1)
    client.force_login(entrant)
    response = client.post(reverse("contest:entry_create", args=[open_contest.slug]),
                           _post_data(open_contest, q_crew_size="0"))
    assert response.status_code == 200
    assert response.context["form"].errors["q_crew_size"] == ["Enter a number of at least 1."]
    assert Entry.objects.count() == 0


def test_entry_pages_show_the_eligibility_message_at_once(client, entrant, organiser,
                                                          open_contest):
    ask(open_contest, organiser, label="Mostly AI", type=QuestionType.YES_NO,
        ineligible_values=["no"], ineligible_message=AI_MESSAGE)
    client.force_login(entrant)
    form_page = client.get(reverse("contest:entry_create", args=[open_contest.slug]))
    assert 'data-ineligible-values="no"' in form_page.content.decode()
    response = client.post(reverse("contest:entry_create", args=[open_contest.slug]),
                           _post_data(open_contest, q_mostly_ai="no"), follow=True)
    assert response.context["ineligibilities"][0].message == AI_MESSAGE
    assert AI_MESSAGE in response.content.decode()


def test_entry_form_labels_and_choices_in_the_readers_language(client, entrant, organiser):
    contest = contest_in("en", ["en", "fr"], name={"en": "Shorts"})
    CategoryFactory(contest=contest)
    ask(contest, organiser, label="Tools", label_fr="Outils", type=QuestionType.SINGLE_CHOICE,
        choices=[{"key": "ai", "labels": {"en": "AI", "fr": "IA"}},
                 {"key": "cam", "labels": {"en": "Camera"}}])
    entrant.language = "fr"
    entrant.save()
    client.force_login(entrant)
    page = client.get(reverse("contest:entry_create", args=[contest.slug]),
                      HTTP_ACCEPT_LANGUAGE="fr")
    content = page.content.decode()
    # French where the organiser wrote it, the default language (English) where not.
    assert ("Outils" in content, " IA</label>" in content, " Camera</label>" in content) == (
        True, True, True)


@pytest.mark.parametrize("count", [0, 20])
def test_entry_form_page_query_count_is_constant_in_questions(client, entrant, organiser,
                                                              open_contest, count):
    ask_many(open_contest, organiser, count)
    client.force_login(entrant)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("contest:entry_create",
                                  args=[open_contest.slug])).status_code == 200
    # Session, user, the contest, its categories, the questions and their categories (one
    # each, however many), the menu's roles: the questions add 2 queries, never one each.
    assert len(queries) == {0: 7, 20: 8}[count]


@pytest.mark.parametrize("count", [0, 20])
def test_entry_page_query_count_is_constant_in_questions(client, entrant, organiser,
                                                         open_contest, count):
    ask_many(open_contest, organiser, count)
    entry = EntryFactory(contest=open_contest, entrant=entrant,
                         category=open_contest.categories.first(),
                         answers={f"question_{index}": "x" for index in range(count)})
    client.force_login(entrant)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("contest:entry_detail", args=[entry.pk])).status_code == 200
    # The page's queries before questions (its materials among them), plus the questions and
    # (when there are any) their categories: never one per question.
    assert len(queries) == {0: 11, 20: 12}[count]


def test_organiser_entry_page_shows_every_answer_archived_ones_marked(client, organiser,
                                                                    open_contest):
    ask(open_contest, organiser, label="Phone")
    old = ask(open_contest, organiser, label="Old school")
    entry = EntryFactory(contest=open_contest, answers={"phone": "+33 6 12", "old_school": "X"})
    services.remove_question(question=old, by=organiser)
    client.force_login(organiser)
    response = client.get(reverse("contest:organiser_entry", args=[open_contest.slug, entry.pk]))
    assert [(a.label, a.text, a.archived) for a in response.context["answers"]] == [
        ("Phone", "+33 6 12", False), ("Old school", "X", True)]
    assert "question no longer asked" in response.content.decode()
