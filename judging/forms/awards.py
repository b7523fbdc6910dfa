from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import AuditEvent

from ..models import Award


class AwardForm(forms.ModelForm):
    class Meta:
        model = Award
        fields = ["name", "description", "places", "order", "allows_other_awards", "notes"]


class AssignForm(forms.Form):
    award = forms.IntegerField(widget=forms.HiddenInput)
    place = forms.IntegerField(label=_("Place"), min_value=1)
    entry_code = forms.CharField(label=_("Entry code"), max_length=12)
    notes = forms.CharField(label=_("Deliberation notes"), required=False, widget=forms.Textarea)

    def clean_entry_code(self) -> str:
        return self.cleaned_data["entry_code"].strip().upper()


class PlacementForm(forms.Form):
    notes = forms.CharField(label=_("Deliberation notes"), required=False, widget=forms.Textarea)
    screening_order = forms.IntegerField(label=_("Screening order"), min_value=1, required=False)


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Who (email)"), required=False)
    since = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        actions = (
            AuditEvent.objects.for_scope(contest).order_by("action")
            .values_list("action", flat=True).distinct()
        )
        self.fields["action"].choices = [("", _("Any"))] + [(a, a) for a in actions]
