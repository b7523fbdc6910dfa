from decimal import Decimal
from types import SimpleNamespace

import pytest

from contest import questions
from contest.enums import QuestionType

CHOICES = [{"key": "ai", "labels": {"en": "Mostly AI", "fr": "Surtout l'IA"}},
           {"key": "camera", "labels": {"en": "Camera"}}]


def ask(kind, **fields):
    return SimpleNamespace(type=kind, choices=fields.get("choices", CHOICES),
                           min_value=fields.get("min_value"), max_value=fields.get("max_value"),
                           ineligible_values=fields.get("ineligible_values", []))


@pytest.mark.parametrize(("kind", "raw", "stored"), [
    (QuestionType.SHORT_TEXT, "  Tokyo  ", "Tokyo"),
    (QuestionType.LONG_TEXT, "Line one\nLine two", "Line one\nLine two"),
    (QuestionType.SINGLE_CHOICE, "camera", "camera"),
    (QuestionType.MULTIPLE_CHOICE, ["camera", "ai", "camera"], ["ai", "camera"]),
    (QuestionType.YES_NO, "no", False),
    (QuestionType.YES_NO, True, True),
    (QuestionType.NUMBER, "12", 12),
    (QuestionType.NUMBER, 2.5, 2.5),
    (QuestionType.NUMBER, "3,25", 3.25),
    (QuestionType.DATE, "2026-02-28", "2026-02-28"),
    (QuestionType.URL, "https://example.org/film", "https://example.org/film"),
    (QuestionType.EMAIL, "producer@example.org", "producer@example.org"),
    (QuestionType.COUNTRY, "jp", "JP"),
])
def test_clean_answer_valid_value_is_stored_normalised(kind, raw, stored):
    assert questions.clean_answer(ask(kind), raw) == stored


@pytest.mark.parametrize(("kind", "raw"), [
    (QuestionType.SHORT_TEXT, "two\nlines"),
    (QuestionType.SHORT_TEXT, "x" * 301),
    (QuestionType.SHORT_TEXT, "Film\u202egnp.exe"),
    (QuestionType.SHORT_TEXT, 12),
    (QuestionType.LONG_TEXT, "x" * 5001),
    (QuestionType.SINGLE_CHOICE, "drone"),
    (QuestionType.SINGLE_CHOICE, ["ai"]),
    (QuestionType.MULTIPLE_CHOICE, ["ai", "drone"]),
    (QuestionType.MULTIPLE_CHOICE, [1]),
    (QuestionType.YES_NO, "maybe"),
    (QuestionType.NUMBER, "twelve"),
    (QuestionType.NUMBER, True),
    (QuestionType.NUMBER, "NaN"),
    (QuestionType.NUMBER, "1e20"),
    (QuestionType.DATE, "28/02/2026"),
    (QuestionType.DATE, "2026-02-30"),
    (QuestionType.DATE, "20260228"),
    (QuestionType.URL, "javascript:alert(1)"),
    (QuestionType.URL, "example.org"),
    (QuestionType.EMAIL, "not an address"),
    (QuestionType.COUNTRY, "XX"),
])
def test_clean_answer_invalid_value_is_refused(kind, raw):
    with pytest.raises(questions.AnswerError):
        questions.clean_answer(ask(kind), raw)


@pytest.mark.parametrize("raw", [None, "", "   ", []])
def test_clean_answer_empty_value_is_no_answer(raw):
    assert questions.clean_answer(ask(QuestionType.MULTIPLE_CHOICE), raw) is None


def test_clean_answer_number_outside_bounds_is_refused_with_the_bound():
    question = ask(QuestionType.NUMBER, min_value=Decimal("1.0000"), max_value=Decimal("10"))
    with pytest.raises(questions.AnswerError) as low:
        questions.clean_answer(question, "0")
    with pytest.raises(questions.AnswerError) as high:
        questions.clean_answer(question, "10.5")
    assert (str(low.value), str(high.value)) == ("Enter a number of at least 1.",
                                                 "Enter a number of at most 10.")
    assert questions.clean_answer(question, "10") == 10


@pytest.mark.parametrize(("kind", "rule", "answer", "ineligible"), [
    (QuestionType.YES_NO, ["no"], False, True),
    (QuestionType.YES_NO, ["no"], True, False),
    (QuestionType.YES_NO, ["yes"], True, True),
    (QuestionType.SINGLE_CHOICE, ["camera"], "camera", True),
    (QuestionType.SINGLE_CHOICE, ["camera"], "ai", False),
    (QuestionType.MULTIPLE_CHOICE, ["camera"], ["ai", "camera"], True),
    (QuestionType.MULTIPLE_CHOICE, ["camera"], ["ai"], False),
    (QuestionType.YES_NO, ["no"], None, False),
    (QuestionType.SHORT_TEXT, ["no"], "no", False),
])
def test_makes_ineligible_follows_the_rule(kind, rule, answer, ineligible):
    assert questions.makes_ineligible(ask(kind, ineligible_values=rule), answer) is ineligible


def test_display_answer_uses_the_readers_language_then_the_default():
    question = ask(QuestionType.MULTIPLE_CHOICE)
    assert questions.display_answer(question, ["ai", "camera"], language="fr",
                                    default_language="en") == "Surtout l'IA, Camera"
    assert questions.display_answer(ask(QuestionType.YES_NO), False, language="en",
                                    default_language="en") == "No"
    assert questions.display_answer(ask(QuestionType.COUNTRY), "JP", language="en",
                                    default_language="en") == "Japan"


@pytest.mark.parametrize(("kind", "stored"), [
    (QuestionType.NUMBER, "twelve"), (QuestionType.MULTIPLE_CHOICE, "ai"),
    (QuestionType.SINGLE_CHOICE, "gone"),
])
def test_display_answer_of_an_answer_its_question_no_longer_accepts_is_shown_as_stored(
        kind, stored):
    assert questions.display_answer(ask(kind), stored, language="en",
                                    default_language="en") == stored
