"""Forms of the organiser's set-up pages: a contest's settings, a copy, its categories.

They check and convert input; ``contest.services.setup`` decides. Dates are typed as the
contest's local wall-clock time and turned into instants with the contest's time zone.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime
from typing import Any

from django import forms
from django.conf import settings as django_settings
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import FilmsKept
from accounts.models.users import TIME_ZONE_CHOICES
from core import texts
from core.text_forms import LanguageFieldsetsMixin, language_fields
from core.widgets import LongSelect, LongSelectMultiple

from .models import Category, Contest
from .services.setup import (
    CATEGORY_NAME_LENGTH,
    CATEGORY_TEXTS,
    PRESETS,
    SETTINGS_FIELDS,
    TEXT_FIELDS,
    TEXT_KEYS,
    TEXT_LIMITS,
)

DATE_FIELDS = ("opens_at", "closes_at")
LIST_FIELDS = ("allowed_extensions", "allowed_containers", "allowed_video_codecs")
LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class WallClockDateTimeField(forms.DateTimeField):
    """A date and time as typed, without a time zone: the form applies the contest's."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)

    def to_python(self, value):
        # Parsed in UTC only to keep Django from applying the visitor's zone; then dropped.
        with timezone.override(UTC):
            parsed = super().to_python(value)
        return parsed.replace(tzinfo=None) if parsed else parsed


class ListField(forms.CharField):
    """A short list typed as words separated by commas ("mp4, mov")."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        return [item.strip().lower() for item in text.split(",") if item.strip()]


def wall_clock(moment: datetime, time_zone: str) -> datetime:
    """``moment`` as the contest's local time, to the minute, without a zone (for the input)."""
    local = moment.astimezone(zoneinfo.ZoneInfo(time_zone))
    return local.replace(second=0, microsecond=0, tzinfo=None)


class LocalDatesMixin:
    """Turns the wall-clock ``opens_at`` and ``closes_at`` into instants in ``time_zone``."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        name = data.get("time_zone")
        if name in dict(TIME_ZONE_CHOICES):
            zone = zoneinfo.ZoneInfo(name)
            for field in DATE_FIELDS:
                if data.get(field) is not None:
                    data[field] = data[field].replace(tzinfo=zone)
        return data


def _labels(model, names) -> dict[str, Any]:
    return {name: model._meta.get_field(name).verbose_name for name in names}


def _settings_fields(codes: list[str]) -> dict[str, forms.Field]:
    fields = fields_for_model(
        Contest, fields=[f for f in SETTINGS_FIELDS
                         if f not in DATE_FIELDS + LIST_FIELDS + TEXT_KEYS
                         and f not in ("languages", "default_language")],
        widgets={"excluded_countries": LongSelectMultiple},
    )
    fields["default_language"] = forms.ChoiceField(
        label=_("default language"), choices=django_settings.LANGUAGES,
        help_text=_("Visitors whose language has no text read this language's."))
    fields["languages"] = forms.MultipleChoiceField(
        label=_("languages of the contest's texts"), choices=django_settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Save, then write the texts of a language you added."))
    fields.update(language_fields(_labels(Contest, TEXT_FIELDS), TEXT_LIMITS, codes,
                                  required=("name",),
                                  rows={"description": 4, "rules_text": 10}))
    fields["time_zone"] = forms.ChoiceField(
        label=_("time zone of the deadline"), choices=TIME_ZONE_CHOICES, widget=LongSelect,
        help_text=_("The opening and the deadline below are read as times in this zone."))
    fields["opens_at"] = WallClockDateTimeField(label=_("opens at"))
    fields["closes_at"] = WallClockDateTimeField(label=_("closes at"))
    for name in LIST_FIELDS:
        label = Contest._meta.get_field(name).verbose_name
        fields[name] = ListField(label=label, help_text=_("Separated by commas."))
    fields["preset"] = forms.ChoiceField(
        label=_("technical preset"), required=False,
        choices=[("", _("None: use the values below")),
                 *((code, preset.label) for code, preset in PRESETS.items())],
        help_text=_("A preset replaces the resolution, format and size rules below with its own."))
    fields["films_kept"].choices = [("", _("The organisation's default")),
                                    *FilmsKept.choices]
    # The preset sits with the technical rules it replaces.
    order = [*SETTINGS_FIELDS]
    order.insert(order.index("max_upload_bytes"), "preset")
    return {name: fields[name] for name in order if name in fields}


def _default_first(codes: list[str], default: str) -> list[str]:
    return [default, *(code for code in codes if code != default)]


class ContestSettingsForm(LanguageFieldsetsMixin, LocalDatesMixin, forms.Form):
    """Every setting of a contest; bound to one for editing (``contest=``), or new (in
    ``language``, the organisation's). The texts are typed in each of the contest's
    languages, the default one first."""

    text_names = TEXT_FIELDS

    def __init__(self, *args, contest: Contest | None = None, organisations=None,
                 language: str = django_settings.LANGUAGE_CODE, **kwargs):
        if contest is not None:
            kwargs.setdefault("initial", settings_initial(contest))
        super().__init__(*args, **kwargs)
        self.contest = contest
        if organisations is not None:
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("organisation"), queryset=organisations, to_field_name="slug",
                empty_label=None)
        self.text_codes = (_default_first(contest.languages, contest.default_language)
                           if contest is not None else [language])
        self.fields.update(_settings_fields(self.text_codes))
        if contest is None:
            self.fields["default_language"].initial = language
            self.fields["languages"].initial = [language]
        if contest is not None:
            self.fields["closes_at"].help_text = deadline_help(contest)
            self.fields["recheck_films"] = forms.BooleanField(
                label=_("Check the current films again under these technical rules"),
                required=False,
                help_text=_("In the background, from what the first check found: no new "
                            "upload. Only entrants whose verdict changes get an email."))

    @staticmethod
    def new_initial() -> dict[str, Any]:
        """A new contest's defaults, as the model has them."""
        blank = Contest()
        return {field: getattr(blank, field) for field in SETTINGS_FIELDS
                if field not in DATE_FIELDS}

    def settings(self) -> dict[str, Any]:
        """The settings typed, for a new contest."""
        return {field: self.cleaned_data[field] for field in SETTINGS_FIELDS
                if field in self.cleaned_data}

    def changes(self) -> dict[str, Any]:
        """The settings the organiser changed; the dates whenever the time zone changed, as
        the same wall-clock time then names another instant."""
        changed = set(self.changed_data)
        if "time_zone" in changed:
            changed.update(DATE_FIELDS)
        return {field: self.cleaned_data[field] for field in SETTINGS_FIELDS
                if field in changed and field in self.cleaned_data}


def settings_initial(contest: Contest) -> dict[str, Any]:
    initial = {field: getattr(contest, field) for field in SETTINGS_FIELDS}
    initial.update({key: initial[key] or "" for key in TEXT_KEYS})
    initial["excluded_countries"] = [str(country) for country in contest.excluded_countries]
    for field in DATE_FIELDS:
        initial[field] = wall_clock(getattr(contest, field), contest.time_zone)
    return initial


def deadline_help(contest: Contest):
    return _("Now %(local)s in %(zone)s, that is %(utc)s UTC.") % {
        "local": wall_clock(contest.closes_at, contest.time_zone).strftime("%Y-%m-%d %H:%M"),
        "zone": contest.time_zone,
        "utc": contest.closes_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
    }


class CopyContestForm(LanguageFieldsetsMixin, LocalDatesMixin, forms.Form):
    """The next edition: a new name in each of the source's languages, slug and dates (in the
    source's time zone)."""

    text_names = ("name",)
    slug = forms.SlugField(label=_("slug"))
    opens_at = WallClockDateTimeField(label=_("opens at"))
    closes_at = WallClockDateTimeField(label=_("closes at"))
    with_jury_invitations = forms.BooleanField(
        label=_("Invite the jury again"), required=False,
        help_text=_("Everyone on this contest's jury or invited to it gets a new invitation."))

    def __init__(self, *args, source: Contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.text_codes = _default_first(source.languages, source.default_language)
        self.fields.update(language_fields(_labels(Contest, ["name"]), TEXT_LIMITS,
                                           self.text_codes, required=("name",)))

    def clean(self) -> dict[str, Any]:
        self.cleaned_data["time_zone"] = self.source.time_zone
        data = super().clean()
        data.pop("time_zone", None)
        return data

    def copy_values(self) -> dict[str, Any]:
        """Keyword arguments of ``copy_contest``."""
        data = self.cleaned_data
        default, *others = self.text_codes
        return {"name": data[texts.column("name", default)],
                "names": {code: data[texts.column("name", code)] for code in others},
                **{key: data[key] for key in ("slug", "opens_at", "closes_at",
                                              "with_jury_invitations")}}


class CategoryForm(LanguageFieldsetsMixin, forms.Form):
    """A category's name and description in each of the contest's languages."""

    text_names = CATEGORY_TEXTS

    def __init__(self, *args, contest: Contest, category: Category | None = None, **kwargs):
        if category is not None:
            kwargs.setdefault("initial", {key: getattr(category, key) or "" for key in
                                          texts.text_columns(CATEGORY_TEXTS)})
            kwargs.setdefault("auto_id", f"category-{category.pk}-%s")
        super().__init__(*args, **kwargs)
        self.category = category
        self.text_codes = _default_first(contest.languages, contest.default_language)
        self.fields.update(language_fields(
            _labels(Category, CATEGORY_TEXTS), {"name": CATEGORY_NAME_LENGTH},
            self.text_codes, required=("name",), rows={"description": 2}))
