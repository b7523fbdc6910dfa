"""Forms of the organiser's set-up pages: a contest's settings, a copy, its categories.

They check and convert input; ``contest.services.setup`` decides. Dates are typed as the
contest's local wall-clock time and turned into instants with the contest's time zone.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime
from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import FilmsKept
from accounts.models.users import TIME_ZONE_CHOICES
from core.widgets import LongSelect, LongSelectMultiple

from .models import Contest
from .services.setup import PRESETS, SETTINGS_FIELDS

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


def _settings_fields() -> dict[str, forms.Field]:
    fields = fields_for_model(
        Contest, fields=[f for f in SETTINGS_FIELDS if f not in DATE_FIELDS + LIST_FIELDS],
        widgets={"description": forms.Textarea(attrs={"rows": 4}),
                 "rules_text": forms.Textarea(attrs={"rows": 10}),
                 "excluded_countries": LongSelectMultiple},
    )
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
    return {name: fields[name] for name in order}


class ContestSettingsForm(LocalDatesMixin, forms.Form):
    """Every setting of a contest; bound to one for editing (``contest=``), or new."""

    def __init__(self, *args, contest: Contest | None = None, organisations=None, **kwargs):
        if contest is not None:
            kwargs.setdefault("initial", settings_initial(contest))
        super().__init__(*args, **kwargs)
        self.contest = contest
        if organisations is not None:
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("organisation"), queryset=organisations, to_field_name="slug",
                empty_label=None)
        self.fields.update(_settings_fields())
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
        return {field: self.cleaned_data[field] for field in SETTINGS_FIELDS}

    def changes(self) -> dict[str, Any]:
        """The settings the organiser changed; the dates whenever the time zone changed, as
        the same wall-clock time then names another instant."""
        changed = set(self.changed_data)
        if "time_zone" in changed:
            changed.update(DATE_FIELDS)
        return {field: self.cleaned_data[field] for field in SETTINGS_FIELDS if field in changed}


def settings_initial(contest: Contest) -> dict[str, Any]:
    initial = {field: getattr(contest, field) for field in SETTINGS_FIELDS}
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


class CopyContestForm(LocalDatesMixin, forms.Form):
    """The next edition: a new name, slug and dates (in the source's time zone)."""

    name = forms.CharField(label=_("name"), max_length=200)
    slug = forms.SlugField(label=_("slug"))
    opens_at = WallClockDateTimeField(label=_("opens at"))
    closes_at = WallClockDateTimeField(label=_("closes at"))
    with_jury_invitations = forms.BooleanField(
        label=_("Invite the jury again"), required=False,
        help_text=_("Everyone on this contest's jury or invited to it gets a new invitation."))

    def __init__(self, *args, source: Contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source

    def clean(self) -> dict[str, Any]:
        self.cleaned_data["time_zone"] = self.source.time_zone
        data = super().clean()
        data.pop("time_zone", None)
        return data


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=120)
    description = forms.CharField(label=_("description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
