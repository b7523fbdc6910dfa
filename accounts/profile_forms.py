from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class ProfileForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = User
        fields = ["name_native", "name_latin", "country", "language", "time_zone", "organisation", "website"]
