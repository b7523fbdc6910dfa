"""Organiser forms for rounds: creating one, advancing entries, adjusting assignments."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contest.models import Contest
from core import texts
from core.text_forms import LanguageFieldsetsMixin, language_fields

from ..enums import AggregationMethod, RoundKind
from ..models import Criterion, Juror, Round
from ..services.rounds import MANUAL_ADD, MANUAL_REMOVE, CriterionSpec
from ..services.texts import CRITERION_LIMITS
from ..translation import CRITERION_TEXTS


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=RoundKind.choices)
    deadline = forms.DateTimeField(
        label=_("Deadline"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    jurors_per_entry = forms.IntegerField(
        label=_("Jurors per entry"), min_value=1, required=False,
        help_text=_("Leave empty for the whole panel to score every entry."),
    )
    language_rule = forms.BooleanField(
        label=_("Jurors must understand the film"), required=False, initial=True,
        help_text=_("Pair a juror only with films in a language they understand (original or "
                    "subtitles), or without dialogue."),
    )
    scale_min = forms.IntegerField(label=_("Lowest mark"), min_value=0, initial=1)
    scale_max = forms.IntegerField(label=_("Highest mark"), min_value=1, initial=10)
    criteria = forms.CharField(
        label=_("Criteria"), widget=forms.Textarea(attrs={"rows": 5}),
        initial="Story: 30\nVisual craft: 25\nCreative use of AI: 25\nEmotional impact: 20",
        help_text=_("One per line: name, a colon, then the weight."),
    )

    def clean_criteria(self) -> list[CriterionSpec]:
        specs = []
        for line in self.cleaned_data["criteria"].splitlines():
            if not line.strip():
                continue
            name, _sep, weight = line.rpartition(":")
            try:
                value = Decimal(weight.strip())
            except InvalidOperation:
                value = Decimal(0)
            if not name.strip() or value <= 0:
                raise forms.ValidationError(
                    _("Write each criterion as “name: weight” with a positive weight.")
                )
            specs.append(CriterionSpec(name=name.strip(), weight=value))
        if not specs:
            raise forms.ValidationError(_("A round needs at least one criterion."))
        return specs

    def clean(self):
        data = super().clean()
        low, high = data.get("scale_min"), data.get("scale_max")
        if low is not None and high is not None and high <= low:
            self.add_error("scale_max", _("The highest mark must be above the lowest."))
        return data


class CriterionTextsForm(LanguageFieldsetsMixin, forms.Form):
    """A criterion's name and description in each of the contest's languages."""

    text_names = CRITERION_TEXTS

    def __init__(self, *args, contest: Contest, criterion: Criterion, **kwargs):
        kwargs.setdefault("initial", {key: getattr(criterion, key) or ""
                                      for key in texts.text_columns(CRITERION_TEXTS)})
        kwargs.setdefault("auto_id", f"criterion-{criterion.pk}-%s")
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        self.text_codes = [contest.default_language,
                           *(code for code in contest.languages
                             if code != contest.default_language)]
        self.fields.update(language_fields(
            {"name": _("Name"), "description": _("Description")}, CRITERION_LIMITS,
            self.text_codes, required=("name",), rows={"description": 2}))


class AdvanceForm(forms.Form):
    from_round = forms.ModelChoiceField(label=pgettext_lazy("round", "From round"),
                                        queryset=Round.objects.none())
    to_round = forms.ModelChoiceField(label=pgettext_lazy("round", "Next round"),
                                      queryset=Round.objects.none())
    method = forms.ChoiceField(
        label=_("Ranking method"), required=False,
        choices=[("", _("The round's own method")), *AggregationMethod.choices])
    top_n = forms.IntegerField(label=_("Best entries to advance"), min_value=1, required=False)
    threshold = forms.FloatField(label=_("Or every entry at or above"), required=False)

    def __init__(self, *args, contest: Contest, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("from_round", "to_round"):
            self.fields[name].queryset = Round.objects.filter(contest=contest)

    def clean(self):
        data = super().clean()
        if data.get("top_n") is None and data.get("threshold") is None:
            raise forms.ValidationError(_("Give a number of entries or a threshold."))
        return data


class ManualAssignmentForm(forms.Form):
    ADD, REMOVE = MANUAL_ADD, MANUAL_REMOVE
    round = forms.ModelChoiceField(label=pgettext_lazy("model", "round"),
                                   queryset=Round.objects.none())
    entry_code = forms.CharField(label=_("Entry code"), max_length=12)
    juror = forms.ModelChoiceField(label=_("Juror"), queryset=Juror.objects.none())
    action = forms.ChoiceField(label=_("Action"),
                               choices=[(ADD, _("Assign")), (REMOVE, _("Remove"))])

    def __init__(self, *args, contest: Contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = Round.objects.filter(contest=contest)
        self.fields["juror"].queryset = Juror.objects.filter(
            contest=contest, is_active=True
        ).select_related("user")


class ResultsQueryForm(forms.Form):
    """The results page's and endpoint's query: a ranking method and an advancement cut.
    Unknown or missing values fall back to the round's own method (None) and no cut."""

    method = forms.ChoiceField(label=_("Ranking method"), choices=AggregationMethod.choices,
                               required=False)
    cut = forms.IntegerField(label=_("Entries to advance"), min_value=1, required=False)

    def query(self) -> tuple[str | None, int | None]:
        self.is_valid()  # cleaned_data keeps the fields that passed
        return (self.cleaned_data.get("method") or None,
                self.cleaned_data.get("cut"))
