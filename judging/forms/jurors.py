from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from contest.languages import film_language_choices

from ..enums import ConflictKind


def _country_choices() -> list[tuple[str, str]]:
    return [("", "—"), *countries]


class InviteJurorForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
    )


class JurorProfileForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=_country_choices, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages you can judge in"), choices=film_language_choices, required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )


class JurorSeatForm(forms.Form):
    """The organisers' settings of one juror's seat."""

    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=0, max_value=100000, required=False,
        help_text=_("Most entries this juror takes in a round; empty means an even share. "
                    "A capacity below what the juror holds now moves the excess to other "
                    "jurors at once."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages the juror understands"), choices=film_language_choices,
        required=False, widget=forms.SelectMultiple(attrs={"size": 8}),
    )


class ReactivateJurorForm(forms.Form):
    rebalance = forms.BooleanField(
        label=_("Give this juror an even share of the rounds being judged now"),
        required=False,
        help_text=_("Otherwise the juror takes work at each round's next assignment."),
    )


class DeclareConflictForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Conflict with"),
        choices=[(k.value, k.label) for k in ConflictKind if k != ConflictKind.ENTRY],
    )
    entrant = forms.CharField(
        label=_("Entrant's email or name"), max_length=200, required=False,
        help_text=_("For a specific person."),
    )
    country = forms.ChoiceField(label=_("Country"), choices=_country_choices, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    reason = forms.CharField(label=_("Why (optional)"), widget=forms.Textarea(attrs={"rows": 2}),
                             required=False, max_length=2000)


class EntryConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("What links you to this film? (seen by the organisers only)"),
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000,
    )
