from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from .models import TIME_ZONE_CHOICES


class SignupForm(forms.Form):
    """Extra fields asked at sign-up; allauth calls ``signup`` after creating the user."""

    name_native = forms.CharField(label=_("Name as written"), max_length=200)
    name_latin = forms.CharField(label=_("Name in Latin letters"), max_length=200, required=False)
    country = LazyTypedChoiceField(label=_("Country"), choices=countries)
    language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES, initial="UTC")

    def signup(self, request, user):
        from .services import complete_signup_profile

        data = self.cleaned_data
        complete_signup_profile(
            user=user,
            **{name: data[name] for name in ("name_native", "name_latin", "country", "language",
                                             "time_zone")},
        )
