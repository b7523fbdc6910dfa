from django import forms
from django.utils.translation import gettext_lazy as _

from contest.models import Contest
from contest.selectors import entry_by_code

from ..enums import VoteMethod
from ..models import Award


class VoteForm(forms.Form):
    """A new final vote: its title, method, shortlist (entry codes) and optional award."""

    title = forms.CharField(label=_("Title"), max_length=120)
    method = forms.ChoiceField(label=_("Method"), choices=VoteMethod.choices)
    codes = forms.CharField(label=_("Shortlist (entry codes, one per line)"),
                            widget=forms.Textarea(attrs={"rows": 5}))
    award = forms.ModelChoiceField(label=_("For the award"), queryset=Award.objects.none(),
                                   required=False)

    def __init__(self, *args, contest: Contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.contest = contest
        self.fields["award"].queryset = Award.objects.filter(contest=contest)

    def clean_codes(self):
        codes = [code.strip() for code in self.cleaned_data["codes"].replace(",", "\n").split()]
        entries, unknown = [], []
        for code in dict.fromkeys(code for code in codes if code):
            entry = entry_by_code(contest=self.contest, code=code)
            (entries if entry is not None else unknown).append(entry or code)
        if unknown:
            raise forms.ValidationError(_("Unknown codes: %(codes)s") % {
                "codes": ", ".join(unknown)})
        return entries
