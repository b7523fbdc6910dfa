"""Form fields for the contest's questions. They only collect input: the answer is checked
once, by ``services.answers`` (the same check as the API's), so these fields accept any
value and leave the verdict to it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.widgets import LongSelect

from . import questions as rules
from .enums import QuestionType
from .models import Contest, Question

QUESTION_PREFIX = "q_"


class AnswerField(forms.Field):
    """Passes what was posted on; the service decides (a list for multiple choice)."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return list(value)
        return value if value is not None else ""


def _choices(question: Question, contest: Contest) -> list[tuple[str, str]]:
    language = translation.get_language() or contest.default_language
    return [(key, rules.choice_label(question, key, language, contest.default_language))
            for key in rules.choice_keys(question)]


def _widget(question: Question, contest: Contest) -> forms.Widget:
    kind = question.type
    if kind == QuestionType.LONG_TEXT:
        return forms.Textarea(attrs={"rows": 4, "maxlength": rules.LONG_TEXT_LENGTH})
    if kind == QuestionType.SINGLE_CHOICE:
        return forms.RadioSelect(choices=_choices(question, contest))
    if kind == QuestionType.MULTIPLE_CHOICE:
        return forms.CheckboxSelectMultiple(choices=_choices(question, contest))
    if kind == QuestionType.YES_NO:
        return forms.RadioSelect(choices=[(rules.YES, _("Yes")), (rules.NO, _("No"))])
    if kind == QuestionType.NUMBER:
        attrs = {"step": "any"}
        if question.min_value is not None:
            attrs["min"] = rules.format_number(question.min_value)
        if question.max_value is not None:
            attrs["max"] = rules.format_number(question.max_value)
        return forms.NumberInput(attrs=attrs)
    if kind == QuestionType.DATE:
        return forms.DateInput(attrs={"type": "date"})
    if kind == QuestionType.URL:
        return forms.URLInput(attrs={"maxlength": rules.URL_LENGTH})
    if kind == QuestionType.EMAIL:
        return forms.EmailInput(attrs={"maxlength": rules.EMAIL_LENGTH})
    if kind == QuestionType.COUNTRY:
        return LongSelect(choices=[("", "---------"), *countries])
    return forms.TextInput(attrs={"maxlength": rules.SHORT_TEXT_LENGTH})


def _initial(question: Question, answer: Any) -> Any:
    if answer is None:
        return None
    if question.type == QuestionType.YES_NO:
        return rules.YES if answer else rules.NO
    if question.type == QuestionType.NUMBER:
        return rules.format_number(answer)
    return answer


def question_field(question: Question, *, contest: Contest, initial: Any = None) -> AnswerField:
    label = question.label
    if question.required:
        label = _("%(question)s (required to submit)") % {"question": label}
    return AnswerField(label=label, help_text=question.help_text, required=False,
                       widget=_widget(question, contest), initial=_initial(question, initial))
