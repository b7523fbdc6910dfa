import pytest

from contest.enums import EntryStatus, QuestionType, QuestionVisibility
from contest.selectors import JUROR_LEVELS, shown_answers
from contest.services import answers, entries
from contest.services import questions as question_services
from core.errors import ContestError
from tests.contest.services.test_entries import CREDITS, ENTRY_DATA
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(open_contest, organiser):
    def add(**values):
        return question_services.add_question(contest=open_contest, by=organiser, values={
            "type": QuestionType.SHORT_TEXT, "label": "School", **values})
    return add


def test_create_entry_stores_cleaned_answers(open_contest, entrant, asked):
    asked(label="Crew size", type=QuestionType.NUMBER, min_value=1)
    asked(label="Made with AI", type=QuestionType.YES_NO)
    entry = entries.create_entry(contest=open_contest, entrant=entrant, credits=CREDITS,
                                 data={**ENTRY_DATA, "answers": {"crew_size": "4",
                                                                 "made_with_ai": "yes"}})
    entry.refresh_from_db()
    assert entry.answers == {"crew_size": 4, "made_with_ai": True}


def test_create_entry_invalid_answer_is_refused_with_its_key(open_contest, entrant, asked):
    asked(label="Crew size", type=QuestionType.NUMBER, min_value=1)
    with pytest.raises(ContestError) as caught:
        entries.create_entry(contest=open_contest, entrant=entrant, credits=CREDITS,
                             data={**ENTRY_DATA, "answers": {"crew_size": "0", "nope": "x"}})
    assert sorted(caught.value.fields) == ["answers.crew_size", "answers.nope"]


def test_create_entry_question_of_another_category_is_refused(open_contest, entrant, asked):
    other = CategoryFactory(contest=open_contest, slug="docs")
    asked(categories=[other.pk])
    with pytest.raises(ContestError) as caught:
        entries.create_entry(contest=open_contest, entrant=entrant, credits=CREDITS,
                             data={**ENTRY_DATA, "answers": {"school": "La Fémis"}})
    assert list(caught.value.fields) == ["answers.school"]


def test_update_entry_changes_and_clears_answers(make_entry, entrant, asked):
    asked()
    asked(label="City")
    entry = make_entry(answers={"school": "La Fémis", "city": "Paris"})
    entries.update_entry(entry=entry, by=entrant, expected_version=1,
                         data={"answers": {"school": "", "city": "Lyon"}})
    entry.refresh_from_db()
    assert entry.answers == {"city": "Lyon"}


def test_submit_entry_missing_required_answer_is_refused(make_entry, entrant, asked):
    asked(required=True)
    entry = make_entry()
    with pytest.raises(ContestError) as caught:
        entries.submit_entry(entry=entry, by=entrant)
    assert (caught.value.code, list(caught.value.fields)) == ("answers_missing",
                                                              ["answers.school"])


def test_submit_entry_required_question_of_another_category_is_not_asked(make_entry, entrant,
                                                                         open_contest, asked):
    asked(required=True, categories=[CategoryFactory(contest=open_contest, name="Zeta").pk])
    entry = entries.submit_entry(entry=make_entry(), by=entrant)
    assert entry.status == EntryStatus.ELIGIBLE


def test_submit_entry_ineligible_answer_is_refused_with_the_organisers_message(
        make_entry, entrant, asked):
    asked(label="Mostly AI", type=QuestionType.YES_NO, ineligible_values=["no"],
          ineligible_message="This contest is for films made mainly with generative AI.")
    entry = make_entry(answers={"mostly_ai": False})
    with pytest.raises(ContestError) as caught:
        entries.submit_entry(entry=entry, by=entrant)
    assert (caught.value.code, str(caught.value.message)) == (
        "ineligible", "This contest is for films made mainly with generative AI.")
    entries.update_entry(entry=entry, by=entrant, expected_version=1,
                         data={"answers": {"mostly_ai": "yes"}})
    assert entries.submit_entry(entry=entry, by=entrant).status == EntryStatus.ELIGIBLE


def test_update_entry_submitted_may_not_become_ineligible(make_entry, entrant, asked):
    asked(label="Mostly AI", type=QuestionType.YES_NO, ineligible_values=["no"],
          ineligible_message="AI films only.")
    entry = make_entry(answers={"mostly_ai": True})
    entries.submit_entry(entry=entry, by=entrant)
    with pytest.raises(ContestError) as caught:
        entries.update_entry(entry=entry, by=entrant, expected_version=entry.version,
                             data={"answers": {"mostly_ai": "no"}})
    assert caught.value.code == "ineligible"
    entry.refresh_from_db()
    assert entry.answers == {"mostly_ai": True}


def test_shown_answers_juror_levels_leave_out_organisers_only(open_contest, asked):
    asked(label="Email", type=QuestionType.EMAIL)
    asked(label="School", visibility=QuestionVisibility.JURORS)
    asked(label="Motto", visibility=QuestionVisibility.PUBLIC)
    stored = {"email": "me@example.org", "school": "La Fémis", "motto": "Go"}
    questions = answers.active_questions(open_contest)
    shown = shown_answers(questions, stored, contest=open_contest, levels=JUROR_LEVELS)
    assert [(item.label, item.text) for item in shown] == [("School", "La Fémis"),
                                                          ("Motto", "Go")]
