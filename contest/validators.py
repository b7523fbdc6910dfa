"""Input rules for entry data, shared by the entry form, the API and the services.

Text is kept exactly as written (any script, emoji, markup): templates escape it on
output, so nothing is stripped here. Only values that cannot be stored or that name
something unknown are refused.
"""

import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.errors import ContestError

from .enums import AITool, CreditRole
from .languages import FILM_LANGUAGE_CHOICES
from .models import Category, Contest, Entry

FILM_LANGUAGES = frozenset(code for code, _name in FILM_LANGUAGE_CHOICES)
MAX_CREDITS = 30

# Field -> longest value accepted; taken from the model so form, API and database agree.
TEXT_FIELDS = {
    name: Entry._meta.get_field(name).max_length
    for name in (
        "title_original", "title_english", "synopsis_original", "synopsis_english",
        "ai_tools_other",
    )
}
REQUIRED_FIELDS = ("title_original", "title_english", "synopsis_english", "category",
                   "original_language", "runtime_s")
CREDIT_TEXT_FIELDS = {"name_native": 200, "name_latin": 200, "organisation": 200}
# Titles and names are one line; synopses may have line breaks and tabs.
SINGLE_LINE_FIELDS = frozenset({"title_original", "title_english", "ai_tools_other",
                                "name_native", "name_latin", "organisation"})
# Control characters (C0, DEL, C1) other than tab and line breaks, and the bidirectional
# embedding, override and isolate controls: an RLO in a title reverses what follows it on
# every page and in every export ("Film\u202egnp.exe"). The marks LRM, RLM and ALM stay:
# they are how right-to-left writers place punctuation.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\r\n\u2028\u2029\x85]")


class _Errors:
    def __init__(self):
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, message) -> None:
        self.fields.setdefault(field, []).append(str(message))

    def raise_if_any(self) -> None:
        if self.fields:
            raise ContestError(_("Some fields are not valid."), code="invalid", fields=self.fields)


def _check_text(errors: _Errors, field: str, value: Any, max_length: int | None) -> None:
    if not isinstance(value, str):
        errors.add(field, _("Enter text."))
    elif _CONTROLS.search(value):
        errors.add(field, _("Remove the invisible control characters (such as direction "
                            "overrides) from this text."))
    elif field in SINGLE_LINE_FIELDS and _LINE_BREAKS.search(value):
        errors.add(field, _("Write this on one line."))
    elif max_length and len(value) > max_length:
        errors.add(
            field,
            _("Ensure this value has at most %(max)d characters (it has %(length)d).")
            % {"max": max_length, "length": len(value)},
        )


def resolve_category(*, contest: Contest, value) -> Category | None:
    """A category of ``contest`` given as an object, a primary key or a slug; None if unknown."""
    if isinstance(value, Category):
        return value if value.contest_id == contest.pk else None
    lookup = {"pk": value} if isinstance(value, int) else {"slug": str(value)}
    return Category.objects.filter(contest=contest, **lookup).first()


def clean_entry_data(*, contest: Contest, data: dict[str, Any], partial: bool) -> dict[str, Any]:
    """Return ``data`` with the category resolved; raise ContestError(code="invalid").

    ``partial`` checks only the fields present (an update); otherwise required fields must be
    there. Unknown keys are refused rather than ignored, so a typo never passes silently.
    """
    errors = _Errors()
    allowed = set(TEXT_FIELDS) | set(REQUIRED_FIELDS) | {"ai_tools", "rights_declared",
                                                         "rules_consent", "no_dialogue"}
    for key in data:
        if key not in allowed:
            errors.add(key, _("Unknown field."))
    if not partial:
        for field in REQUIRED_FIELDS:
            if data.get(field) in (None, ""):
                errors.add(field, _("This field is required."))
    cleaned = dict(data)
    for field, max_length in TEXT_FIELDS.items():
        if field in data and data[field] is not None:
            _check_text(errors, field, data[field], max_length)
            value = data[field]
            if field in REQUIRED_FIELDS and isinstance(value, str) and not value.strip():
                errors.add(field, _("This field is required."))
    if data.get("category") not in (None, ""):
        category = resolve_category(contest=contest, value=data["category"])
        if category is None:
            errors.add("category", _("Choose one of this contest's categories."))
        cleaned["category"] = category
    if data.get("original_language") not in (None, "") and (
        data["original_language"] not in FILM_LANGUAGES
    ):
        errors.add("original_language", _("Unknown language."))
    if "runtime_s" in data and data["runtime_s"] is not None:
        _check_runtime(errors, contest, data["runtime_s"])
    if "no_dialogue" in data and not isinstance(data["no_dialogue"], bool):
        errors.add("no_dialogue", _("Answer yes or no."))
    if "ai_tools" in data:
        tools = data["ai_tools"]
        if not isinstance(tools, list | tuple) or any(t not in AITool.values for t in tools):
            errors.add("ai_tools", _("Unknown AI tool."))
        else:
            cleaned["ai_tools"] = list(dict.fromkeys(tools))
    errors.raise_if_any()
    return cleaned


def _check_runtime(errors: _Errors, contest: Contest, runtime) -> None:
    if isinstance(runtime, bool) or not isinstance(runtime, int):
        errors.add("runtime_s", _("Enter a whole number of seconds."))
    elif not contest.min_runtime_s <= runtime <= contest.max_runtime_s:
        errors.add(
            "runtime_s",
            _("The runtime must be between %(min)d and %(max)d seconds.")
            % {"min": contest.min_runtime_s, "max": contest.max_runtime_s},
        )


def clean_credits(credits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Check each credit; errors are keyed ``credits`` with the row number in the message."""
    errors = _Errors()
    if len(credits) > MAX_CREDITS:
        errors.add("credits", _("At most %(max)d credits.") % {"max": MAX_CREDITS})
    cleaned = []
    known_keys = {"name_native", "name_latin", "role", "country", "organisation", "is_author"}
    for index, credit in enumerate(credits[:MAX_CREDITS]):
        row = _Errors()
        for key in credit:
            if key not in known_keys:
                row.add(key, _("Unknown field."))
        if not str(credit.get("name_native") or "").strip():
            row.add("name_native", _("This field is required."))
        for field, max_length in CREDIT_TEXT_FIELDS.items():
            if credit.get(field) is not None:
                _check_text(row, field, credit[field], max_length)
        if credit.get("role") not in CreditRole.values:
            row.add("role", _("Unknown role."))
        country = credit.get("country") or ""
        if country and country not in countries:
            row.add("country", _("Unknown country."))
        for field, messages in row.fields.items():
            for message in messages:
                errors.add(f"credits.{index}.{field}", message)
        cleaned.append({
            "name_native": credit.get("name_native", ""),
            "name_latin": credit.get("name_latin") or "",
            "role": credit.get("role"),
            "country": country,
            "organisation": (credit.get("organisation") or "").strip(),
            "is_author": bool(credit.get("is_author", True)),
            "order": index,
        })
    errors.raise_if_any()
    return cleaned
