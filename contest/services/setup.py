"""Setting up a contest without the administration site: create, edit, copy an edition, and
its categories.

Every write checks the whole set of values before it saves anything, so a refusal names each
field at fault and leaves the contest as it was. Fields that other services own (statuses,
publication and lock times, the rules version) are not settings and cannot be set here.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, Protocol

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.enums import FilmsKept
from accounts.models import Organisation
from core import audit, texts
from core.errors import ContestError, PermissionDeniedError

from ..models import Category, Contest
from ..models.contest import GIB
from .recheck import TECHNICAL_FIELDS, recheck_films

# Texts written in each of the contest's languages: one key per column ("name_ja").
TEXT_FIELDS = ("name", "description", "rules_text")
TEXT_LIMITS = {"name": Contest._meta.get_field("name").max_length, "description": None,
               "rules_text": None}
TEXT_KEYS = tuple(texts.text_columns(TEXT_FIELDS))
CATEGORY_TEXTS = ("name", "description")
SETTINGS_FIELDS = (
    "default_language", "languages", *TEXT_KEYS, "slug", "opens_at", "closes_at", "time_zone",
    "max_entries_per_entrant", "excluded_countries", "edit_policy",
    "min_runtime_s", "max_runtime_s", "max_upload_bytes", "allowed_extensions",
    "allowed_containers", "allowed_video_codecs", "min_long_edge", "min_short_edge",
    "max_long_edge", "min_duration_s", "max_duration_s",
    "hide_country_from_jurors", "same_country_is_conflict",
    "require_poster", "min_stills", "max_stills", "require_document", "english_subtitles",
    "purge_after_days", "anonymise_after_years", "films_kept",
)
# "organise/new/" is the page that creates a contest: no contest may be called that.
RESERVED_SLUGS = frozenset({"new"})
REQUIRED_FIELDS = ("slug", "opens_at", "closes_at")
# Retention periods, when the contest sets its own (empty: the organisation's default).
RETENTION_BOUNDS = {"purge_after_days": (1, 3650), "anonymise_after_years": (1, 100)}
# (minimum, maximum, refusal): the minimum field carries the refusal.
RANGES = (
    ("min_runtime_s", "max_runtime_s", _("The shortest runtime is longer than the longest.")),
    ("min_duration_s", "max_duration_s", _("The shortest duration is longer than the longest.")),
    ("min_long_edge", "max_long_edge",
     _("The shortest long edge is larger than the longest long edge.")),
    ("min_short_edge", "min_long_edge", _("The short edge cannot be larger than the long edge.")),
    ("min_stills", "max_stills", _("More stills are required than an entry may have.")),
)


@dataclass(frozen=True)
class Preset:
    label: Any
    values: dict[str, Any]


# Technical rules that go together; a chosen preset overrides the same fields of the form.
PRESETS: dict[str, Preset] = {
    "festival_1080p": Preset(_("1080p festival"), {
        "min_long_edge": 1920, "min_short_edge": 1080, "max_long_edge": 4096,
        "allowed_extensions": [".mp4", ".mov", ".webm"],
        "allowed_containers": ["mp4", "mov", "webm"],
        "allowed_video_codecs": ["h264", "hevc", "vp9", "av1", "prores"],
        "max_upload_bytes": 4 * GIB,
    }),
    "cinema_4k": Preset(_("4K cinema"), {
        # Scope DCI 4K is 4096 x 1716: the short edge of a wide film stays under 2160.
        "min_long_edge": 3840, "min_short_edge": 1600, "max_long_edge": 4096,
        "allowed_extensions": [".mov", ".mp4"], "allowed_containers": ["mov", "mp4"],
        "allowed_video_codecs": ["prores", "hevc", "h264", "av1"],
        "max_upload_bytes": 40 * GIB,
    }),
    "vertical_social": Preset(_("vertical social"), {
        "min_long_edge": 1920, "min_short_edge": 1080, "max_long_edge": 1920,
        "allowed_extensions": [".mp4", ".mov"], "allowed_containers": ["mp4", "mov"],
        "allowed_video_codecs": ["h264", "hevc"],
        "min_runtime_s": 3, "max_runtime_s": 180, "min_duration_s": 3, "max_duration_s": 180,
        "max_upload_bytes": 1 * GIB,
    }),
}


class EditionCopier(Protocol):
    def __call__(self, source: Contest, target: Contest, *, with_jury_invitations: bool,
                 by) -> None: ...


# Apps above contest copy their part of an edition (judging: awards, rounds, jurors); contest
# cannot import them, so they register here at start-up (name -> function, replaced by name).
_EDITION_COPIERS: dict[str, EditionCopier] = {}
# ... and, when a contest's default language changes, recompute the fallback text of their
# translated rows (judging: criteria and awards): fn(contest) -> None.
_FALLBACK_REFRESHERS: dict[str, Any] = {}


def register_fallback_refresher(name: str, fn) -> None:
    """Let ``fn(contest)`` recompute its texts' fallback after the default language changed;
    it runs inside the settings' transaction."""
    _FALLBACK_REFRESHERS[name] = fn


def register_edition_copier(name: str, fn: EditionCopier) -> None:
    """Let ``fn(source, target, *, with_jury_invitations, by)`` copy more of an edition; it
    runs inside the copy's transaction and queues any email with ``on_commit``."""
    _EDITION_COPIERS[name] = fn


def next_rules_version(version: str) -> str:
    """The version after ``version``: its trailing number plus one ("2026.1" -> "2026.2"),
    or ".1" appended when it ends in no number ("draft" -> "draft.1")."""
    match = re.search(r"(\d+)$", version)
    if match is None:
        return f"{version}.1"
    return f"{version[:match.start()]}{int(match.group(1)) + 1}"


@cache
def _known_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _current(contest: Contest, field: str) -> Any:
    value = getattr(contest, field)
    if field == "excluded_countries":
        return [str(country) for country in value]
    if field in TEXT_KEYS:
        return value or ""
    if field == "languages":
        return list(value)
    return value


def _json_safe(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    return value


def _settings_only(values: dict[str, Any], preset: str | None, *,
                   default_language: str) -> dict[str, Any]:
    values = texts.with_columns(values, TEXT_FIELDS, default_language=values.get(
        "default_language", default_language))
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Not contest settings: {sorted(unknown)}")
    for key in TEXT_KEYS:
        if key in values:
            values[key] = (values[key] or "").strip()
    if "excluded_countries" in values:
        values["excluded_countries"] = [str(code) for code in values["excluded_countries"]]
    if preset:
        if preset not in PRESETS:
            raise ContestError(_("Choose one of the presets."), "invalid",
                               fields={"preset": [_("Unknown preset.")]})
        values.update(PRESETS[preset].values)
    return values


def _without_other_languages(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with the texts of languages the contest does not offer emptied: nobody can
    edit them any more, so no visitor should read them."""
    offered = set(values["languages"]) if isinstance(values["languages"], list) else set()
    return {**values, **{texts.column(field, code): "" for field in TEXT_FIELDS
                         for code in texts.LANGUAGE_CODES if code not in offered}}


def _language_errors(values: dict[str, Any]) -> dict[str, list]:
    languages, default = values.get("languages"), values.get("default_language")
    if (not isinstance(languages, list) or not languages
            or any(code not in texts.LANGUAGE_CODES for code in languages)):
        return {"languages": [_("Choose the languages of the contest's texts.")]}
    if len(set(languages)) != len(languages):
        return {"languages": [_("Choose the languages of the contest's texts.")]}
    if default not in languages:
        return {"default_language": [
            _("The default language must be one of the contest's languages.")]}
    return {}


def _check(values: dict[str, Any], *, contest_pk: int | None, deadline_moved: bool) -> None:
    """Refuse, naming every field at fault, unless ``values`` make a sound contest."""
    errors: dict[str, list] = _language_errors(values)

    def refuse(field: str, message) -> None:
        errors.setdefault(field, []).append(message)

    if not errors:
        errors.update(texts.text_errors(values, TEXT_LIMITS,
                                        default_language=values["default_language"]))
    for field in REQUIRED_FIELDS:
        if values.get(field) in (None, ""):
            refuse(field, _("This field is required."))
    if values.get("time_zone") not in _known_time_zones():
        refuse("time_zone", _("Unknown time zone."))
    opens_at, closes_at = values.get("opens_at"), values.get("closes_at")
    if opens_at and closes_at and closes_at <= opens_at:
        refuse("closes_at", _("The contest must close after it opens."))
    if closes_at and deadline_moved and closes_at <= timezone.now():
        refuse("closes_at", _("This deadline has already passed."))
    for low, high, message in RANGES:
        if values[low] > values[high]:
            refuse(low, message)
    for field, (low, high) in RETENTION_BOUNDS.items():
        if values.get(field) is not None and not low <= values[field] <= high:
            refuse(field, _("Between %(low)d and %(high)d, or empty for the organisation's "
                            "default.") % {"low": low, "high": high})
    if values.get("films_kept") not in ("", None, *FilmsKept.values):
        refuse("films_kept", _("Choose one of the options."))
    if values.get("slug") in RESERVED_SLUGS:
        refuse("slug", _("This address is reserved; choose another."))
    elif values.get("slug") and Contest.objects.filter(slug=values["slug"]).exclude(
            pk=contest_pk).exists():
        refuse("slug", _("Another contest already uses this address."))
    if errors:
        raise ContestError(_("Please correct the settings marked below."), "invalid_settings",
                           fields=errors)


def _apply(contest: Contest, values: dict[str, Any]) -> None:
    for field, value in values.items():
        setattr(contest, field, value)
    for field in TEXT_FIELDS:
        texts.refresh_fallback(contest, field, default_language=contest.default_language)


def _refresh_fallbacks(contest: Contest) -> None:
    categories = list(contest.categories.all())
    for category in categories:
        for field in CATEGORY_TEXTS:
            texts.refresh_fallback(category, field, default_language=contest.default_language)
    with texts.writing():
        Category.objects.rewrite(False).bulk_update(categories, list(CATEGORY_TEXTS))
    for refresh in _FALLBACK_REFRESHERS.values():
        refresh(contest)


def _save(contest: Contest, fields: list[str] | None = None) -> None:
    # A savepoint: two organisers taking the same slug at once, the second is refused cleanly.
    try:
        with transaction.atomic():
            contest.save(update_fields=fields)
    except IntegrityError as error:
        raise ContestError(_("Another contest already uses this address."), "slug_taken",
                           fields={"slug": [_("Another contest already uses this address.")]}
                           ) from error


def _check_may_create(*, organisation: Organisation, by) -> None:
    if not by.has_perm("contest.add_contest", organisation):
        raise PermissionDeniedError(
            _("Only owners and managers of the organisation may create its contests."),
            "permission_denied")


@transaction.atomic
def create_contest(*, organisation: Organisation, by, values: dict[str, Any],
                   preset: str | None = None) -> Contest:
    """Create a contest of ``organisation`` with the given settings (and ``preset``, which
    overrides the technical rules it covers).

    Refuses with field errors, saving nothing, when a rule of :func:`update_contest` fails
    or the deadline is already past. Side effects: one audit row with every setting.
    """
    _check_may_create(organisation=organisation, by=by)
    language = organisation.default_language
    contest = Contest(organisation=organisation, default_language=language, languages=[language])
    values = {**{field: _current(contest, field) for field in SETTINGS_FIELDS},
              **_settings_only(values, preset, default_language=language)}
    _check(values, contest_pk=None, deadline_moved=True)
    values = _without_other_languages(values)
    _apply(contest, values)
    _save(contest)
    audit.record(actor=by, action="contest.created", obj=contest, scope=contest,
                 after={field: _json_safe(value) for field, value in values.items()})
    return contest


@transaction.atomic
def update_contest(*, contest: Contest, by, changes: dict[str, Any],
                   preset: str | None = None, recheck: bool = False) -> Contest:
    """Change a contest's settings; only the values that differ are written.

    Refuses with field errors and saves nothing when the contest would close before it
    opens, a new deadline is already past, the time zone is unknown, a minimum is above its
    maximum or the slug is taken. A change of ``rules_text`` bumps ``rules_version``, so
    each entrant's consent names the text they accepted; a change of a technical rule stamps
    ``technical_rules_changed_at``, which marks the films checked before as due for a
    re-check. With ``recheck``, they are queued (``recheck.recheck_films``, changes or not).
    Side effects: one audit row with the changed fields before and after (none when nothing
    changed), and the re-check's own.
    """
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    current = {field: _current(contest, field) for field in SETTINGS_FIELDS}
    wanted = {**current, **_settings_only(changes, preset,
                                          default_language=contest.default_language)}
    _check(wanted, contest_pk=contest.pk, deadline_moved=wanted["closes_at"] != contest.closes_at)
    wanted = _without_other_languages(wanted)
    changed = {field: value for field, value in wanted.items() if value != current[field]}
    if not changed:
        if recheck:
            recheck_films(contest=contest, by=by)
        return contest
    before = {field: current[field] for field in changed}
    if any(key.startswith("rules_text_") for key in changed):
        before["rules_version"] = contest.rules_version
        changed["rules_version"] = next_rules_version(contest.rules_version)
    _apply(contest, changed)
    stamped = []
    if set(changed) & set(TECHNICAL_FIELDS):
        contest.technical_rules_changed_at = timezone.now()
        stamped.append("technical_rules_changed_at")
    _save(contest, [*changed, *TEXT_FIELDS, *stamped])
    if "default_language" in changed:
        _refresh_fallbacks(contest)
    audit.record(actor=by, action="contest.updated", obj=contest, scope=contest,
                 before={field: _json_safe(value) for field, value in before.items()},
                 after={field: _json_safe(value) for field, value in changed.items()})
    if recheck:
        recheck_films(contest=contest, by=by)
    return contest


@transaction.atomic
def copy_contest(*, source: Contest, by, name: str, slug: str, opens_at: datetime,
                 closes_at: datetime, with_jury_invitations: bool = False,
                 names: dict[str, str] | None = None) -> Contest:
    """Start the next edition of ``source``: its settings, languages, texts in every language
    and categories under a new name, slug and dates, in the same organisation.

    ``name`` is the name in the default language, ``names`` (language code -> name) in others;
    the old edition's names in other languages are not kept, as they name the old edition.
    Apps above contest copy their part through :func:`register_edition_copier` (judging:
    awards, rounds and criteria, and with ``with_jury_invitations`` new invitations to the
    jurors, emailed after commit). Entries never move. Side effects: one audit row.
    """
    _check_may_create(organisation=source.organisation, by=by)
    new_names = {texts.column("name", code): text for code, text in (names or {}).items()
                 if code in source.languages}
    values = {**{field: _current(source, field) for field in SETTINGS_FIELDS},
              **dict.fromkeys(texts.columns("name"), ""), **new_names,
              texts.column("name", source.default_language): name.strip(),
              "slug": slug, "opens_at": opens_at, "closes_at": closes_at}
    _check(values, contest_pk=None, deadline_moved=True)
    target = Contest(organisation=source.organisation, rules_version=source.rules_version)
    _apply(target, values)
    _save(target)
    copies = []
    for category in source.categories.all():
        copy = Category(contest=target, slug=category.slug, order=category.order)
        texts.copy_texts(category, copy, CATEGORY_TEXTS)
        copies.append(copy)
    with texts.writing():
        categories = Category.objects.bulk_create(copies)
    for copier in _EDITION_COPIERS.values():
        copier(source, target, with_jury_invitations=with_jury_invitations, by=by)
    audit.record(actor=by, action="contest.copied", obj=target, scope=target,
                 before={"source": source.slug},
                 after={"name": name, **new_names, "slug": slug,
                        "opens_at": opens_at.isoformat(),
                        "closes_at": closes_at.isoformat(), "categories": len(categories),
                        "with_jury_invitations": with_jury_invitations})
    return target


CATEGORY_NAME_LENGTH = Category._meta.get_field("name").max_length


def _locked_contest(contest_id: int) -> Contest:
    # Category orders are renumbered as a whole: one writer per contest at a time.
    return Contest.objects.select_for_update().get(pk=contest_id)


CATEGORY_KEYS = tuple(texts.text_columns(CATEGORY_TEXTS))


def _category_texts(contest: Contest, current: dict[str, str],
                    values: dict[str, str | None]) -> dict[str, str]:
    """Every text column of a category once ``values`` (bare ``name``: the default
    language's) are applied; refuses with field errors, naming each column at fault."""
    values = texts.with_columns({key: value for key, value in values.items()
                                 if value is not None},
                                CATEGORY_TEXTS, default_language=contest.default_language)
    unknown = set(values) - set(CATEGORY_KEYS)
    if unknown:
        raise ValueError(f"Not category texts: {sorted(unknown)}")
    wanted = {**current, **{key: (value or "").strip() for key, value in values.items()}}
    for field in CATEGORY_TEXTS:
        for code in set(texts.LANGUAGE_CODES) - set(contest.languages):
            wanted[texts.column(field, code)] = ""
    errors = texts.text_errors(wanted, {"name": CATEGORY_NAME_LENGTH, "description": None},
                               default_language=contest.default_language)
    if errors:
        raise ContestError(_("Give the category a name.") if any(
            texts.column("name", contest.default_language) == key for key in errors)
            else _("Keep the category's name under 120 characters."), "invalid", fields=errors)
    return wanted


def _put_texts(category: Category, values: dict[str, str], default_language: str) -> None:
    for key, value in values.items():
        setattr(category, key, value)
    for field in CATEGORY_TEXTS:
        texts.refresh_fallback(category, field, default_language=default_language)


@transaction.atomic
def add_category(*, contest: Contest, by, name: str = "", description: str = "",
                 translations: dict[str, str] | None = None) -> Category:
    """Add a category at the end of the contest's list; its slug comes from the name.

    ``name`` and ``description`` are the default language's texts, ``translations`` any
    column (``name_ja``, ``description_ar``). Side effects: one audit row.
    """
    contest = _locked_contest(contest.pk)
    wanted = _category_texts(contest, dict.fromkeys(CATEGORY_KEYS, ""),
                             {"name": name or None, "description": description or None,
                              **(translations or {})})
    default_name = wanted[texts.column("name", contest.default_language)]
    base = slugify(default_name)[:40] or "category"
    taken = set(contest.categories.values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    last = contest.categories.aggregate(last=Max("order"))["last"]
    category = Category(contest=contest, slug=slug, order=0 if last is None else last + 1)
    _put_texts(category, wanted, contest.default_language)
    category.save()
    audit.record(actor=by, action="category.added", obj=category, scope=contest,
                 after={**{key: text for key, text in wanted.items() if text},
                        "slug": slug, "order": category.order})
    return category


@transaction.atomic
def rename_category(*, category: Category, by, name: str | None = None,
                    description: str | None = None,
                    translations: dict[str, str] | None = None) -> Category:
    """Rename a category in any of its contest's languages (its slug, used in addresses,
    stays): ``name`` and ``description`` are the default language's texts, ``translations``
    any column. Side effects: one audit row with the changed columns, unless none changed.
    """
    contest = _locked_contest(category.contest_id)
    category = Category.objects.get(pk=category.pk)
    current = {key: getattr(category, key) or "" for key in CATEGORY_KEYS}
    wanted = _category_texts(contest, current, {"name": name, "description": description,
                                                **(translations or {})})
    changed = {key: text for key, text in wanted.items() if text != current[key]}
    if not changed:
        return category
    _put_texts(category, changed, contest.default_language)
    category.save(update_fields=[*changed, *CATEGORY_TEXTS])
    audit.record(actor=by, action="category.renamed", obj=category, scope=contest,
                 before={key: current[key] for key in changed}, after=changed)
    return category


@transaction.atomic
def move_category(*, category: Category, by, offset: int) -> list[Category]:
    """Move a category ``offset`` places (-1: up, 1: down) and number the list 0, 1, 2, ...

    Moving past either end keeps it there. Side effects: one audit row with the order of
    category ids before and after.
    """
    contest = _locked_contest(category.contest_id)
    categories = list(contest.categories.order_by("order", "name", "pk"))
    before = [item.pk for item in categories]
    index = before.index(category.pk)
    moved = categories.pop(index)
    categories.insert(max(0, min(len(categories), index + offset)), moved)
    for order, item in enumerate(categories):
        item.order = order
    Category.objects.bulk_update(categories, ["order"])
    audit.record(actor=by, action="category.moved", obj=moved, scope=contest,
                 before={"order": before}, after={"order": [item.pk for item in categories]})
    return categories


@transaction.atomic
def delete_category(*, category: Category, by) -> None:
    """Delete a category that holds no entries; one with entries is refused, nothing changes.

    Side effects: one audit row.
    """
    contest = _locked_contest(category.contest_id)
    count = category.entries.count()
    if count:
        message = ngettext("Move its %(count)d entry to another category first.",
                           "Move its %(count)d entries to another category first.",
                           count) % {"count": count}
        raise ContestError(message, "category_has_entries")
    audit.record(actor=by, action="category.deleted", obj=category, scope=contest,
                 before={"name": category.name, "slug": category.slug})
    category.delete()

