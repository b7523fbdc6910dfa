from django import forms
from django.utils.translation import gettext_lazy as _

from contest.models import Contest
from contest.selectors import entry_by_code
from core import texts
from core.limits import BIG_INT_MAX, SMALL_INT_MAX
from core.models import AuditEvent
from core.text_forms import LanguageFieldsetsMixin, language_fields

from ..models import Award
from ..translation import AWARD_TEXTS

UNKNOWN_ENTRY = _("No entry with this code in this contest.")


class AwardForm(LanguageFieldsetsMixin, forms.ModelForm):
    """An award's name in each of the contest's languages, the default one first, and its
    places, order, policy and notes."""

    text_names = AWARD_TEXTS

    class Meta:
        model = Award
        fields = ["description", "places", "order", "allows_other_awards", "allow_ex_aequo",
                  "notes"]

    def __init__(self, *args, contest: Contest, **kwargs):
        instance = kwargs.get("instance")
        if instance is not None:
            kwargs.setdefault("initial", {key: getattr(instance, key) or ""
                                          for key in texts.columns("name")})
            kwargs.setdefault("auto_id", f"award-{instance.pk}-%s")
        super().__init__(*args, **kwargs)
        self.text_codes = [contest.default_language,
                           *(code for code in contest.languages
                             if code != contest.default_language)]
        self.fields.update(language_fields(
            {"name": _("Name")}, {"name": Award._meta.get_field("name").max_length},
            self.text_codes, required=("name",)))

    def values(self) -> dict:
        """Keyword arguments of the award services: the names per language and the rest."""
        return {**self.texts(), **{field: self.cleaned_data[field]
                                   for field in self.Meta.fields}}


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
