from django import forms
from django.utils.translation import gettext_lazy as _

from contest.models import Contest
from contest.selectors import entry_by_code
from core.limits import BIG_INT_MAX, SMALL_INT_MAX
from core.models import AuditEvent

from ..models import Award

UNKNOWN_ENTRY = _("No entry with this code in this contest.")


class AwardForm(forms.ModelForm):
    class Meta:
        model = Award
        fields = ["name", "description", "places", "order", "allows_other_awards",
                  "allow_ex_aequo", "notes"]


class AssignForm(forms.Form):
    """An award, a place and an entry typed by its code; ``cleaned_data["entry"]`` is the entry."""

    award = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=BIG_INT_MAX)
    place = forms.IntegerField(label=_("Place"), min_value=1, max_value=SMALL_INT_MAX)
    entry_code = forms.CharField(label=_("Entry code"), max_length=12)
    notes = forms.CharField(label=_("Deliberation notes"), required=False, widget=forms.Textarea)

    def __init__(self, *args, contest: Contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.contest = contest

    def clean(self):
        data = super().clean()
        if data.get("entry_code"):
            data["entry"] = entry_by_code(contest=self.contest, code=data["entry_code"])
            if data["entry"] is None:
                self.add_error("entry_code", forms.ValidationError(UNKNOWN_ENTRY, code="unknown"))
        return data

    def problem(self) -> str:
        """One sentence for the flashed message when the form is not valid."""
        if self.has_error("entry_code", "unknown"):
            return str(UNKNOWN_ENTRY)
        return str(_("Choose an award, a place and an entry code."))


class PlacementForm(forms.Form):
    notes = forms.CharField(label=_("Deliberation notes"), required=False, widget=forms.Textarea)
    screening_order = forms.IntegerField(label=_("Screening order"), min_value=1,
                                         max_value=SMALL_INT_MAX, required=False)


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
