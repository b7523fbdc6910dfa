from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.widgets import LongSelect

from .models import TIME_ZONE_CHOICES, User


class SignupForm(forms.Form):
    """Extra fields asked at sign-up; allauth calls ``signup`` after creating the user."""

    name_native = forms.CharField(label=_("Name as written"), max_length=200)
    name_latin = forms.CharField(label=_("Name in Latin letters"), max_length=200, required=False)
    # The model's field brings a lazily translated list that starts with an empty choice.
    country = User._meta.get_field("country").formfield(
        label=_("Country"), required=True, widget=LongSelect
    )
    language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=TIME_ZONE_CHOICES, initial="UTC", widget=LongSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # marquee.js preselects the page's language and the browser's time zone, which the
            # server cannot know; a form sent back with errors keeps what the person chose.
            self.fields["language"].widget.attrs["data-guess"] = "language"
            self.fields["time_zone"].widget.attrs["data-guess"] = "time-zone"

    def signup(self, request, user):
        from .services import complete_signup_profile

        data = self.cleaned_data
        complete_signup_profile(
            user=user,
            **{name: data[name] for name in ("name_native", "name_latin", "country", "language",
                                             "time_zone")},
        )
