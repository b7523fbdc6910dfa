from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from contest.models import Category, Contest
from core import texts
from core.text_forms import LanguageFieldsetsMixin, language_fields

from ..enums import BulkSegment
from ..models import BulkMessage, Round
from ..services.bulk_messages import contest_languages
from ..translation import BULK_MESSAGE_TEXTS


class BulkMessageForm(LanguageFieldsetsMixin, forms.Form):
    """Who receives the message, and its subject and text in each of the contest's languages
    (the default one required, the others optional: their readers get the default one)."""

    text_names = BULK_MESSAGE_TEXTS

    segment = forms.ChoiceField(label=_("Recipients"), choices=BulkSegment.choices,
                                widget=forms.RadioSelect)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(),
                                      required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    round = forms.ModelChoiceField(label=pgettext_lazy("model", "round"),
                                   queryset=Round.objects.none(), required=False)

    def __init__(self, *args, contest: Contest, instance: BulkMessage | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {
                "segment": instance.segment, "category": instance.category_id,
                "country": str(instance.country or ""), "round": instance.round_id,
                **{key: getattr(instance, key) or ""
                   for key in texts.text_columns(BULK_MESSAGE_TEXTS)}})
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = contest.categories.order_by("order", "pk")
        self.fields["round"].queryset = Round.objects.filter(contest=contest).order_by("order")
        self.fields["country"].choices = [("", "—"), *countries]
        self.text_codes = contest_languages(contest)
        self.fields.update(language_fields(
            {"subject": _("Subject"), "body": _("Message")}, {"subject": 200, "body": 10000},
            self.text_codes, required=BULK_MESSAGE_TEXTS, rows={"body": 10}))

    def values(self) -> dict:
        """Keyword arguments of ``create_draft`` and ``update_draft``."""
        data = self.cleaned_data
        return {"segment": data["segment"], "category": data.get("category"),
                "country": data.get("country") or "", "round": data.get("round"),
                "values": self.texts()}
