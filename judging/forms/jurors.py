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
