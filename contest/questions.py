"""Pure rules of the entry form's questions: what a valid answer is, and which answers make an
entry ineligible. No database: the services (``services/answers.py``) hand in the question
and the raw value, so the entry form and the entry API check answers the same way.

Stored answers are JSON: text for the text, choice, date (ISO), web address, email and
country types; a list of choice keys for multiple choice; ``true``/``false`` for yes or no; a
number (integer when whole) for numbers.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .enums import QuestionType

SHORT_TEXT_LENGTH = 300
LONG_TEXT_LENGTH = 5000
URL_LENGTH = 500
EMAIL_LENGTH = 254
# Same as the built-in fields (validators.py): no control or direction-override characters.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\r\n\u2028\u2029\x85]")
CHOICE_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE})
# The types whose answers can make an entry ineligible.
ELIGIBILITY_TYPES = CHOICE_TYPES | {QuestionType.YES_NO}
YES, NO = "yes", "no"


class AnswerError(Exception):
    """The answer is not valid for its question; ``message`` says why, for the entrant."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class QuestionLike(Protocol):
    type: str
    choices: list
    min_value: Decimal | None
    max_value: Decimal | None
    ineligible_values: list


def choice_keys(question: QuestionLike) -> list[str]:
    return [choice["key"] for choice in question.choices or []]


def is_empty(value: Any) -> bool:
    """No answer: absent, blank text or an empty list (``False`` is an answer: "no")."""
    return value is None or value == "" or value == []


def clean_answer(question: QuestionLike, value: Any) -> Any:
    """The answer to store for ``value``, or ``None`` for no answer; AnswerError if invalid.

    Accepts what a form posts (text for every type, a list for multiple choice) and what the
    API sends (JSON booleans and numbers too).
    """
    if isinstance(value, str) and question.type not in (QuestionType.LONG_TEXT,):
        value = value.strip()
    if is_empty(value):
        return None
    cleaner = _CLEANERS[question.type]
    return cleaner(question, value)


def _text(value: Any, limit: int, *, one_line: bool) -> str:
    if not isinstance(value, str):
        raise AnswerError(_("Enter text."))
    if _CONTROLS.search(value):
        raise AnswerError(_("Remove the invisible control characters (such as direction "
                            "overrides) from this text."))
    if one_line and _LINE_BREAKS.search(value):
        raise AnswerError(_("Write this on one line."))
    if len(value) > limit:
        raise AnswerError(
            _("Ensure this value has at most %(max)d characters (it has %(length)d).")
            % {"max": limit, "length": len(value)})
    return value


def _short_text(question, value):
    return _text(value, SHORT_TEXT_LENGTH, one_line=True)


def _long_text(question, value):
    value = _text(value, LONG_TEXT_LENGTH, one_line=False)
    if not value.strip():
        return None
    return value


def _single_choice(question, value):
    if not isinstance(value, str) or value not in choice_keys(question):
        raise AnswerError(_("Choose one of the options."))
    return value


def _multiple_choice(question, value):
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        raise AnswerError(_("Choose among the options."))
    keys = choice_keys(question)
    if any(item not in keys for item in value):
        raise AnswerError(_("Choose among the options."))
    chosen = set(value)
    # Stored in the question's order, each once: answers compare equal however they came.
    return [key for key in keys if key in chosen]


_TRUE = {"yes", "true", "on", "1"}
_FALSE = {"no", "false", "off", "0"}


def _yes_no(question, value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
        return value.lower() in _TRUE
    raise AnswerError(_("Answer yes or no."))


def _number(question, value):
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise AnswerError(_("Enter a number."))
    try:
        number = Decimal(str(value).replace(",", ".") if isinstance(value, str) else str(value))
    except InvalidOperation:
        raise AnswerError(_("Enter a number.")) from None
    if not number.is_finite() or abs(number) >= Decimal(10) ** 11:
        raise AnswerError(_("Enter a number."))
    if question.min_value is not None and number < question.min_value:
        raise AnswerError(_("Enter a number of at least %(min)s.")
                          % {"min": format_number(question.min_value)})
    if question.max_value is not None and number > question.max_value:
        raise AnswerError(_("Enter a number of at most %(max)s.")
                          % {"max": format_number(question.max_value)})
    number = number.quantize(Decimal("0.0001")).normalize()
    return int(number) if number == number.to_integral_value() else float(number)


def format_number(value: Decimal | int | float) -> str:
    """A bound or answer without trailing zeros: 10, 2.5."""
    number = Decimal(str(value)).normalize()
    return f"{number:f}"


def _date(question, value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise AnswerError(_("Enter a date (YYYY-MM-DD)."))
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise AnswerError(_("Enter a date (YYYY-MM-DD).")) from None
    if len(value) != 10:
        raise AnswerError(_("Enter a date (YYYY-MM-DD)."))
    return day.isoformat()


_URL = URLValidator(schemes=["http", "https"])
_EMAIL = EmailValidator()


def _url(question, value):
    if not isinstance(value, str) or len(value) > URL_LENGTH:
        raise AnswerError(_("Enter a web address starting with https:// or http://."))
    try:
        _URL(value)
    except ValidationError:
        raise AnswerError(_("Enter a web address starting with https:// or http://.")) from None
    return value


def _email(question, value):
    if not isinstance(value, str) or len(value) > EMAIL_LENGTH:
        raise AnswerError(_("Enter a valid email address."))
    try:
        _EMAIL(value)
    except ValidationError:
        raise AnswerError(_("Enter a valid email address.")) from None
    return value


def _country(question, value):
    code = value.upper() if isinstance(value, str) else None
    if not code or code not in countries:
        raise AnswerError(_("Choose a country from the list."))
    return code


_CLEANERS = {
    QuestionType.SHORT_TEXT: _short_text,
    QuestionType.LONG_TEXT: _long_text,
    QuestionType.SINGLE_CHOICE: _single_choice,
    QuestionType.MULTIPLE_CHOICE: _multiple_choice,
    QuestionType.YES_NO: _yes_no,
    QuestionType.NUMBER: _number,
    QuestionType.DATE: _date,
    QuestionType.URL: _url,
    QuestionType.EMAIL: _email,
    QuestionType.COUNTRY: _country,
}


def makes_ineligible(question: QuestionLike, answer: Any) -> bool:
    """Whether a stored ``answer`` is one the organiser declared ineligible."""
    rule = set(question.ineligible_values or [])
    if not rule or is_empty(answer) or question.type not in ELIGIBILITY_TYPES:
        return False
    if question.type == QuestionType.YES_NO:
        return (YES if answer else NO) in rule
    if question.type == QuestionType.MULTIPLE_CHOICE:
        return bool(rule & set(answer))
    return answer in rule


def eligibility_values(question: QuestionLike) -> list[str]:
    """The values an eligibility rule may name for ``question``."""
    if question.type == QuestionType.YES_NO:
        return [YES, NO]
    if question.type in CHOICE_TYPES:
        return choice_keys(question)
    return []


def choice_label(question: QuestionLike, key: str, language: str, default_language: str) -> str:
    """A choice's label in ``language``, else the contest's default language, else any."""
    for choice in question.choices or []:
        if choice["key"] == key:
            labels = choice.get("labels") or {}
            return (labels.get(language) or labels.get(default_language)
                    or next((text for text in labels.values() if text), key))
    return key


def display_answer(question: QuestionLike, answer: Any, *, language: str,
                   default_language: str) -> str:
    """An answer as people read it, in ``language``: choice labels, "Yes"/"No", a country's
    name; "" for no answer."""
    if is_empty(answer):
        return ""
    if question.type == QuestionType.YES_NO:
        return str(_("Yes") if answer else _("No"))
    if question.type == QuestionType.SINGLE_CHOICE:
        return choice_label(question, answer, language, default_language)
    # An answer stored before the question was what it is now (or written by hand) is shown
    # as it is rather than failing the page.
    if question.type == QuestionType.MULTIPLE_CHOICE and isinstance(answer, list):
        return ", ".join(choice_label(question, str(key), language, default_language)
                         for key in answer)
    if question.type == QuestionType.COUNTRY:
        return str(countries.name(answer) or answer)
    if question.type == QuestionType.NUMBER and isinstance(answer, int | float):
        return format_number(answer)
    return str(answer)
