from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
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


class InvitationSignupForm(forms.Form):
    """A new juror's account: the email is the invitation's, already proven by the link."""

    name_native = forms.CharField(
        label=_("Name as written"), max_length=200,
        help_text=_("Your name in your own script, exactly as you write it."),
    )
    name_latin = forms.CharField(label=_("Name in Latin letters"), max_length=200, required=False)
    password1 = forms.CharField(
        label=_("Password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        password = data.get("password1")
        if password and password != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif password:
            from accounts.models import User

            candidate = User(email=self.email, name_native=data.get("name_native", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


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
