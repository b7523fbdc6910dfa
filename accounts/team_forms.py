"""Forms of the organisation and team pages."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .enums import OrgRole
from .models import Organisation, User


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "slug", "default_language", "time_zone", "website"]


class OrganisationSettingsForm(OrganisationForm):
    """The short name is part of every team address: it stays as it was created."""

    class Meta(OrganisationForm.Meta):
        fields = ["name", "default_language", "time_zone", "website",
                  "purge_after_days", "anonymise_after_years", "films_kept",
                  "two_factor_for_team", "two_factor_for_jurors"]


class InviteMemberForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=OrgRole.choices, initial=OrgRole.MANAGER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=OrgRole.choices)


class InvitationSignupForm(forms.Form):
    """A newcomer's account: the email is the invitation's, already proven by the link."""

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
            candidate = User(email=self.email, name_native=data.get("name_native", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
