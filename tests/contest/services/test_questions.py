import pytest

from contest.enums import QuestionType
from contest.models import Question
from contest.services import questions as services
from contest.services.setup import copy_contest
from core.errors import ContestError
from core.models import AuditEvent
from tests.factories import CategoryFactory, EntryFactory, contest_in

pytestmark = pytest.mark.django_db

AI_CHOICES = [{"key": "mostly_ai", "labels": {"en": "Mostly generative AI"}},
              {"key": "some_ai", "labels": {"en": "Some AI"}},
              {"key": "no_ai", "labels": {"en": "No AI"}}]


def add(contest, organiser, **values):
    return services.add_question(contest=contest, by=organiser, values={
        "type": QuestionType.SHORT_TEXT, "label": "School", **values})


def test_add_question_stores_texts_key_order_and_audit(open_contest, organiser):
    first = add(open_contest, organiser)
    second = add(open_contest, organiser, label="School", type=QuestionType.YES_NO,
                 ineligible_values=["no"], ineligible_message="Students only.")
    assert [(q.key, q.order, q.label_en) for q in (first, second)] == [
        ("school", 0, "School"), ("school_2", 1, "School")]
    assert second.ineligible_message == "Students only."
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["question.added"] * 2


def test_add_question_texts_per_language_and_others_emptied(organiser):
    contest = contest_in("fr", ["fr", "ja"], name={"fr": "Concours"})
    question = services.add_question(contest=contest, by=organiser, values={
        "type": QuestionType.SHORT_TEXT, "label": "École", "label_ja": "学校",
        "label_es": "Escuela"})
    assert (question.label_fr, question.label_ja, question.label_es) == ("École", "学校", "")


@pytest.mark.parametrize(("values", "field"), [
    ({"type": "colour"}, "type"),
    ({"label": ""}, "label_en"),
    ({"type": QuestionType.SINGLE_CHOICE, "choices": AI_CHOICES[:1]}, "choices"),
    ({"type": QuestionType.SINGLE_CHOICE, "choices": [{"key": "x", "labels": {}}, *AI_CHOICES]},
     "choices"),
    ({"type": QuestionType.NUMBER, "min_value": 5, "max_value": 1}, "min_value"),
    ({"type": QuestionType.NUMBER, "max_value": "lots"}, "max_value"),
    ({"type": QuestionType.YES_NO, "ineligible_values": ["maybe"]}, "ineligible_values"),
    ({"type": QuestionType.YES_NO, "ineligible_values": ["no"]}, "ineligible_message_en"),
    ({"type": QuestionType.EMAIL, "visibility": "jurors"}, "visibility"),
    ({"visibility": "everyone"}, "visibility"),
    ({"key": "Bad Key"}, "key"),
    ({"categories": [999999]}, "categories"),
])
def test_add_question_invalid_settings_are_refused_with_field_errors(open_contest, organiser,
                                                                     values, field):
    with pytest.raises(ContestError) as caught:
        add(open_contest, organiser, **values)
    assert field in caught.value.fields
    assert Question.objects.count() == 0


def test_update_question_label_change_keeps_answers(open_contest, organiser):
    question = add(open_contest, organiser)
    entry = EntryFactory(contest=open_contest, answers={"school": "La Fémis"})
    services.update_question(question=question, by=organiser, values={"label": "Film school"})
    question.refresh_from_db()
    entry.refresh_from_db()
    assert (question.label, entry.answers) == ("Film school", {"school": "La Fémis"})
    assert AuditEvent.objects.filter(action="question.changed").count() == 1


def test_update_question_type_change_with_answers_is_refused(open_contest, organiser):
    question = add(open_contest, organiser)
    EntryFactory(contest=open_contest, answers={"school": "La Fémis"})
    with pytest.raises(ContestError) as caught:
        services.update_question(question=question, by=organiser,
                                 values={"type": QuestionType.LONG_TEXT})
    assert caught.value.code == "question_answered"
    assert "1 entry answered this question" in str(caught.value.message)
    question.refresh_from_db()
    assert question.type == QuestionType.SHORT_TEXT


def test_update_question_type_change_without_answers_is_allowed(open_contest, organiser):
    question = add(open_contest, organiser)
    services.update_question(question=question, by=organiser,
                             values={"type": QuestionType.URL, "key": "website"})
    question.refresh_from_db()
    assert (question.type, question.key) == (QuestionType.URL, "website")


@pytest.mark.parametrize("kind", [QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE])
def test_update_question_removing_a_chosen_option_is_refused(open_contest, organiser, kind):
    question = add(open_contest, organiser, type=kind, label="AI", choices=AI_CHOICES)
    chosen = "no_ai" if kind == QuestionType.SINGLE_CHOICE else ["some_ai", "no_ai"]
    EntryFactory.create_batch(2, contest=open_contest, answers={"ai": chosen})
    with pytest.raises(ContestError) as caught:
        services.update_question(question=question, by=organiser,
                                 values={"choices": AI_CHOICES[:2]})
    assert list(caught.value.fields) == ["choices"]
    assert str(caught.value.fields["choices"][0]).startswith("2 entries chose an option")


def test_update_question_removing_an_unchosen_option_and_relabelling_is_allowed(
        open_contest, organiser):
    question = add(open_contest, organiser, type=QuestionType.SINGLE_CHOICE, label="AI",
                   choices=AI_CHOICES)
    EntryFactory(contest=open_contest, answers={"ai": "no_ai"})
    relabelled = [{"key": "mostly_ai", "labels": {"en": "Mainly AI"}}, AI_CHOICES[2]]
    services.update_question(question=question, by=organiser, values={"choices": relabelled})
    question.refresh_from_db()
    assert question.choices == relabelled


def test_update_question_bounds_excluding_answers_are_refused(open_contest, organiser):
    question = add(open_contest, organiser, type=QuestionType.NUMBER, label="Crew size")
    EntryFactory(contest=open_contest, answers={"crew_size": 40})
    with pytest.raises(ContestError) as caught:
        services.update_question(question=question, by=organiser, values={"max_value": 30})
    assert list(caught.value.fields) == ["min_value"]
    services.update_question(question=question, by=organiser, values={"max_value": 40})
    question.refresh_from_db()
    assert question.max_value == 40


def test_remove_question_without_answers_deletes_it(open_contest, organiser):
    question = add(open_contest, organiser)
    assert services.remove_question(question=question, by=organiser) is None
    assert Question.objects.count() == 0


def test_remove_question_with_answers_archives_it_and_keeps_answers(open_contest, organiser):
    question = add(open_contest, organiser)
    entry = EntryFactory(contest=open_contest, answers={"school": "La Fémis"})
    archived = services.remove_question(question=question, by=organiser)
    entry.refresh_from_db()
    assert archived.archived_at is not None
    assert entry.answers == {"school": "La Fémis"}
    with pytest.raises(ContestError):
        services.update_question(question=archived, by=organiser, values={"label": "New"})


def test_move_question_renumbers_the_asked_questions(open_contest, organiser):
    first, second, third = (add(open_contest, organiser, label=label) for label in "ABC")
    services.move_question(question=third, by=organiser, offset=-5)
    assert list(open_contest.questions.values_list("label", flat=True)) == ["C", "A", "B"]


def test_copy_contest_copies_asked_questions_with_categories(open_contest, organiser):
    category = open_contest.categories.get()
    add(open_contest, organiser, categories=[category.pk], required=True)
    archived = add(open_contest, organiser, label="Old")
    EntryFactory(contest=open_contest, answers={"old": "x"})
    services.remove_question(question=archived, by=organiser)
    target = copy_contest(source=open_contest, by=organiser, name="Next", slug="next",
                          opens_at=open_contest.opens_at, closes_at=open_contest.closes_at)
    copies = list(target.questions.prefetch_related("categories"))
    assert [(q.key, q.required, [c.slug for c in q.categories.all()]) for q in copies] == [
        ("school", True, ["narrative"])]


def test_add_question_categories_of_another_contest_are_refused(open_contest, organiser):
    other = CategoryFactory()
    with pytest.raises(ContestError) as caught:
        add(open_contest, organiser, categories=[other.pk])
    assert list(caught.value.fields) == ["categories"]


def test_new_default_language_refreshes_the_questions_fallback_texts(organiser):
    from contest.services.setup import update_contest

    contest = contest_in("en", ["en", "fr"], name={"en": "Shorts", "fr": "Courts"})
    question = services.add_question(contest=contest, by=organiser, values={
        "type": QuestionType.SHORT_TEXT, "label": "School", "label_fr": "École"})
    update_contest(contest=contest, by=organiser, changes={"default_language": "fr"})
    question.refresh_from_db()
    assert question.__dict__["label"] == "École"
