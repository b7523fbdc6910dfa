"""The organiser's form for a round's jury and its category panels."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Juror, PanelSeat, Round


class RoundJuryForm(forms.Form):
    jury = forms.ModelMultipleChoiceField(
        label=_("The round's jury"), queryset=Juror.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nobody ticked: every active juror of the contest judges this round."),
    )

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        jurors = Juror.objects.filter(contest=round.contest_id).select_related("user")
        jurors = jurors.order_by("pk")
        self.fields["jury"].queryset = jurors
        seats = list(PanelSeat.objects.filter(round=round).values_list("juror_id", "category_id"))
        self.fields["jury"].initial = [j for j, c in seats if c is None]
        self.categories = list(round.contest.categories.order_by("order", "pk"))
        for category in self.categories:
            self.fields[self.panel_field(category)] = forms.ModelMultipleChoiceField(
                label=_("Panel for %(category)s") % {"category": category.name},
                queryset=jurors, required=False, widget=forms.CheckboxSelectMultiple,
                initial=[j for j, c in seats if c == category.pk],
                help_text=_("Nobody ticked: the round's jury judges this category."),
            )

    @staticmethod
    def panel_field(category) -> str:
        return f"panel_{category.pk}"

    def panels(self) -> dict:
        return {category: self.cleaned_data[self.panel_field(category)]
                for category in self.categories if self.cleaned_data[self.panel_field(category)]}
