"""Entry form and credits formset. They check and render input; the services decide."""

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.errors import ContestError
from core.widgets import LongSelect

from . import questions as question_rules
from .enums import AITool
from .languages import film_language_choices
from .models import Contest, Credit, Entry, Question
from .question_fields import QUESTION_PREFIX, question_field
from .services import answers as answer_services
from .services import entries as entry_services

# Fields handed to the entry services as they are: the services' own list.
ENTRY_FIELDS = list(entry_services.ENTRY_FIELDS)
MAX_CREDITS = 30


class EntryForm(forms.ModelForm):
    ai_tools = forms.MultipleChoiceField(
        label=_("AI tools used"),
        choices=AITool.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick every tool that generated or changed picture, sound or text."),
    )
    rules_consent = forms.BooleanField(required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Entry
        fields = ENTRY_FIELDS
        widgets = {
            "category": LongSelect,
            "original_language": LongSelect,
            "synopsis_original": forms.Textarea(attrs={"rows": 5}),
            "synopsis_english": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "title_original": _("As it appears on screen, in its own script."),
            "ai_tools_other": _("Tools not in the list, separated by commas."),
        }

    def __init__(self, *args, contest: Contest, questions: list[Question] | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.contest = contest
        self.questions = questions or []
        self.fields["category"].queryset = contest.categories.all()
        language = self.fields["original_language"]
        blank = [choice for choice in language.choices if choice[0] == ""]
        language.choices = [*blank, *film_language_choices()]
        runtime = self.fields["runtime_s"]
        runtime.widget.attrs.update(min=contest.min_runtime_s, max=contest.max_runtime_s)
        runtime.validators += [
            MinValueValidator(contest.min_runtime_s), MaxValueValidator(contest.max_runtime_s)
        ]
        self.fields["rules_consent"].label = _(
            "I have read the rules (version %(version)s) and accept them."
        ) % {"version": contest.rules_version}
        self.fields["rights_declared"].help_text = _(
            "Including the music, voices, images and every AI-generated element."
        )
        instance = self.instance
        if instance.pk:
            self.fields["version"].initial = instance.version
            self.fields["rules_consent"].initial = (
                instance.rules_consent_version == contest.rules_version
            )
        self.order_fields([*ENTRY_FIELDS, "rules_consent"])
        answers = instance.answers if instance.pk else {}
        for question in self.questions:
            self.fields[QUESTION_PREFIX + question.key] = question_field(
                question, contest=contest, initial=answers.get(question.key))

    def question_fields(self) -> list[dict]:
        """For the template: each question's field, its categories and eligibility rule (for
        the small script that shows the organiser's message as soon as it is chosen), and
        the message when the answer shown already makes the entry ineligible."""
        rows = []
        for question in self.questions:
            bound = self[QUESTION_PREFIX + question.key]
            value = bound.value()
            try:
                current = question_rules.clean_answer(question, value)
            except question_rules.AnswerError:
                current = None
            rows.append({
                "field": bound, "question": question,
                "categories": " ".join(str(c.pk) for c in question.categories.all()),
                "rule": " ".join(question.ineligible_values),
                "ineligible": question_rules.makes_ineligible(question, current),
            })
        return rows

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in ENTRY_FIELDS}
        data["rules_consent"] = self.cleaned_data["rules_consent"]
        category = self.cleaned_data.get("category")
        # Only the questions of the chosen category: the others' inputs are hidden.
        data["answers"] = {
            question.key: self.cleaned_data.get(QUESTION_PREFIX + question.key)
            for question in answer_services.for_category(self.questions,
                                                         getattr(category, "pk", None))}
        return data

    def _post_clean(self):
        # The model is validated by the services; the form only checks and renders input.
        pass


class CreditForm(forms.ModelForm):
    """One person in the credits; co-authors need no account."""

    class Meta:
        model = Credit
        fields = ["name_native", "name_latin", "role", "country", "organisation"]
        widgets = {"role": LongSelect, "country": LongSelect}

    def _post_clean(self):
        pass


class BaseCreditFormSet(forms.BaseFormSet):
    def credits(self) -> list[dict[str, Any]]:
        """The rows to store, in page order: filled in and not marked for deletion."""
        return [data for _form, data in self._kept()]

    def _kept(self):
        for form in self.forms:
            if form.cleaned_data and not form.cleaned_data.get("DELETE"):
                data = {key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
                yield form, data

    def kept_forms(self) -> list[forms.Form]:
        return [form for form, _data in self._kept()]


CreditFormSet = forms.formset_factory(
    CreditForm,
    formset=BaseCreditFormSet,
    extra=1,
    can_delete=True,
    min_num=1,
    validate_min=True,
    max_num=MAX_CREDITS,
    validate_max=True,
)


def show_service_errors(error: ContestError, *, form: forms.Form, formset: BaseCreditFormSet):
    """Put a service's field errors next to the fields they are about.

    Credit errors come as ``credits.<n>.<field>`` where ``n`` counts the rows kept.
    """
    unplaced = not error.fields
    kept = formset.kept_forms() if formset.is_bound else []
    for key, messages in (error.fields or {}).items():
        messages = messages if isinstance(messages, list | tuple) else [messages]
        parts = key.split(".")
        target, field = form, parts[0]
        if parts[0] == "answers" and len(parts) == 2:
            field = QUESTION_PREFIX + parts[1]
        elif parts[0] == "credits" and len(parts) == 3 and parts[1].isdigit():
            index = int(parts[1])
            if index < len(kept):
                target, field = kept[index], parts[2]
        if field not in target.fields or target.fields[field].widget.is_hidden:
            unplaced = True
            continue
        for message in messages:
            target.add_error(field, str(message))
    if unplaced:
        form.add_error(None, str(error.message))
