from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import LongSelect

from .models import User


class ProfileForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = User
        fields = [
            "name_native", "name_latin", "country", "language", "time_zone", "organisation",
            "website",
        ]
        widgets = {"country": LongSelect, "language": LongSelect, "time_zone": LongSelect}


class DeleteAccountForm(forms.Form):
    """Deleting an account cannot be undone: ask for the password and an explicit yes."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account, my entries and their films are deleted for good."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct."), code="wrong_password")
        return password
