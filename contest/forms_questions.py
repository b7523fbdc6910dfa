"""The organiser's question form: texts in each of the contest's languages, the type and its
settings, the choices (a row per choice, a column per language) and the eligibility rule.

It converts input; ``contest.services.questions`` decides what is valid.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core import texts
from core.text_forms import LanguageFieldsetsMixin, language_fields

from . import questions as rules
from .enums import QuestionType, QuestionVisibility
from .models import Contest, Question
from .services.questions import LABEL_LENGTH, TEXT_FIELDS

# Empty rows offered for new choices; saving and coming back offers as many again.
EXTRA_CHOICE_ROWS = 4
TEXT_LABELS = {"label": _("Question"), "help_text": _("Help text"),
               "ineligible_message": _("Message shown to ineligible entrants")}


def _default_first(codes: list[str], default: str) -> list[str]:
    return [default, *(code for code in codes if code != default)]


class QuestionForm(LanguageFieldsetsMixin, forms.Form):
    text_names = TEXT_FIELDS

    type = forms.ChoiceField(label=_("Type"), choices=QuestionType.choices)
    key = forms.SlugField(
        label=_("Key"), required=False, max_length=40,
        help_text=_("Names the answer's column in exports. Leave empty to make one from the "
                    "question. It cannot change once entries answered."))
    required = forms.BooleanField(label=_("Required to submit"), required=False)
    visibility = forms.ChoiceField(label=_("Who sees the answers"),
                                   choices=QuestionVisibility.choices,
                                   initial=QuestionVisibility.ORGANISERS)
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: the question is asked in every category."))
    min_value = forms.DecimalField(label=_("Smallest number"), required=False,
                                   max_digits=15, decimal_places=4)
    max_value = forms.DecimalField(label=_("Largest number"), required=False,
                                   max_digits=15, decimal_places=4)
    ineligible_answer = forms.ChoiceField(
        label=_("A yes-or-no answer that makes the entry ineligible"), required=False,
        choices=[("", _("None")), (rules.YES, _("Yes")), (rules.NO, _("No"))])

    def __init__(self, *args, contest: Contest, question: Question | None = None, **kwargs):
        if question is not None:
            kwargs.setdefault("initial", _initial(question))
        super().__init__(*args, **kwargs)
        self.contest, self.question = contest, question
        self.text_codes = _default_first(contest.languages, contest.default_language)
        self.fields["categories"].queryset = contest.categories.all()
        self.fields.update(language_fields(
            TEXT_LABELS, {"label": LABEL_LENGTH, "help_text": 2000, "ineligible_message": 2000},
            self.text_codes, required=("label",),
            rows={"help_text": 2, "ineligible_message": 2}))
        existing = question.choices if question is not None else []
        self.choice_rows = len(existing) + EXTRA_CHOICE_ROWS
        for index in range(self.choice_rows):
            choice = existing[index] if index < len(existing) else {"key": "", "labels": {}}
            self.fields[f"choice_{index}_key"] = forms.CharField(
                required=False, widget=forms.HiddenInput, initial=choice["key"])
            self.fields[f"choice_{index}_ineligible"] = forms.BooleanField(
                label=_("Makes the entry ineligible"), required=False,
                initial=bool(question and choice["key"] in question.ineligible_values))
            for code in self.text_codes:
                self.fields[f"choice_{index}_{code}"] = forms.CharField(
                    required=False, max_length=200, initial=choice["labels"].get(code, ""),
                    widget=forms.TextInput(attrs={
                        "lang": code, "dir": "rtl" if code in texts.RTL_CODES else "ltr"}))

    def choice_table(self) -> list[dict]:
        """For the template: a row per choice with its key and a cell per language."""
        return [{"key": self[f"choice_{index}_key"],
                 "ineligible": self[f"choice_{index}_ineligible"],
                 "cells": [self[f"choice_{index}_{code}"] for code in self.text_codes]}
                for index in range(self.choice_rows)]

    def plain_fields(self) -> list:
        return [bound for bound in super().plain_fields() if not bound.name.startswith("choice_")]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        choices, rule = [], []
        for index in range(self.choice_rows):
            labels = {code: data[f"choice_{index}_{code}"] for code in self.text_codes
                      if data[f"choice_{index}_{code}"]}
            if not labels:
                continue
            if data[f"choice_{index}_ineligible"]:
                rule.append(len(choices))
            choices.append({"key": data[f"choice_{index}_key"], "labels": labels})
        values = {**self.texts(), "type": data["type"], "required": data["required"],
                  "visibility": data["visibility"],
                  "categories": [category.pk for category in data["categories"]],
                  "min_value": data["min_value"], "max_value": data["max_value"],
                  "choices": choices}
        if data["key"]:
            values["key"] = data["key"].replace("-", "_")
        values["ineligible_values"] = self._rule(data, choices, rule)
        return values

    def _rule(self, data, choices, rows) -> Any:
        if data["type"] == QuestionType.YES_NO:
            return [data["ineligible_answer"]] if data["ineligible_answer"] else []
        if data["type"] in rules.CHOICE_TYPES:
            # New choices get their key from the service: "#n" names the n-th choice.
            return [choices[index]["key"] or f"#{index}" for index in rows]
        return []


def _initial(question: Question) -> dict[str, Any]:
    initial = {key: getattr(question, key) or "" for key in texts.text_columns(TEXT_FIELDS)}
    initial.update(type=question.type, key=question.key, required=question.required,
                   visibility=question.visibility,
                   categories=[category.pk for category in question.categories.all()],
                   min_value=question.min_value, max_value=question.max_value)
    if question.type == QuestionType.YES_NO and question.ineligible_values:
        initial["ineligible_answer"] = question.ineligible_values[0]
    return initial
