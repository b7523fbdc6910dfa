"""Texts that organisers write in several languages: one column per language, and the rule
that decides which one a reader sees.

django-modeltranslation adds the columns (``name_en``, ``name_ja``, ``name_zh_hans`` …) next
to the original one and makes ``obj.name`` read the active language. Its fallback languages
are global, but ours belong to each contest, so the original column keeps the *fallback
text*: the text in the contest's default language, or the first non-empty one when that is
empty. Services write it with :func:`store`; reading needs no join and no extra query:

    reader's language → the contest's default language → any non-empty language → ""

The rule lives in one descriptor, so pages, the API, exports and emails (rendered under the
recipient's language) all read texts the same way through ``obj.name``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.utils import build_localized_fieldname

LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)
# Arabic is the only right-to-left language of the site; Django's table says which are.
RTL_CODES = frozenset(
    code for code in LANGUAGE_CODES if translation.get_language_info(code)["bidi"])
_SAVING = "_texts_saving"


def column(field: str, code: str) -> str:
    """The column of ``field`` in language ``code``: ``column("name", "zh-hans")`` is
    ``"name_zh_hans"``."""
    return build_localized_fieldname(field, code)


def columns(field: str, codes: Iterable[str] = LANGUAGE_CODES) -> list[str]:
    return [column(field, code) for code in codes]


def fallback_text(values: Mapping[str, str | None], default_language: str) -> str:
    """The text a reader without their own language sees: the default language's, else the
    first non-empty one in the site's language order."""
    if values.get(default_language):
        return values[default_language]
    return next((values[code] for code in LANGUAGE_CODES if values.get(code)), "")


def texts_of(obj: models.Model, field: str) -> dict[str, str]:
    """``{language: text}`` of every language, empty ones as ``""``."""
    return {code: getattr(obj, column(field, code)) or "" for code in LANGUAGE_CODES}


def store(obj: models.Model, field: str, values: Mapping[str, str], *,
          default_language: str) -> None:
    """Set ``field`` in every language (missing languages become empty) and its fallback
    text; the caller saves."""
    for code in LANGUAGE_CODES:
        setattr(obj, column(field, code), values.get(code) or "")
    obj.__dict__[field] = fallback_text(values, default_language)


def refresh_fallback(obj: models.Model, field: str, *, default_language: str) -> None:
    """Recompute the fallback text after the default language changed; the caller saves."""
    obj.__dict__[field] = fallback_text(texts_of(obj, field), default_language)


class ContestTextDescriptor(TranslationFieldDescriptor):
    """``obj.name``: the reader's language, else the stored fallback text, else any."""

    def __get__(self, instance, owner):
        if instance is None:
            return self
        name = self.field.name
        stored = instance.__dict__.get(name)
        language = translation.get_language()
        if instance.__dict__.get(_SAVING) or language is None:
            return stored if stored is not None else ""
        own = getattr(instance, column(name, _available(language)), None)
        if own:
            return own
        if stored:
            return stored
        return next((text for code in LANGUAGE_CODES
                     if (text := getattr(instance, column(name, code), None))), "")


def _available(language: str) -> str:
    if language in LANGUAGE_CODES:
        return language
    base = language.split("-")[0]
    return base if base in LANGUAGE_CODES else settings.LANGUAGE_CODE


def install(model: type[models.Model], fields: Iterable[str]) -> None:
    """Put the per-contest rule on ``model``'s translated ``fields`` (after registration)."""
    for name in fields:
        setattr(model, name, ContestTextDescriptor(model._meta.get_field(name)))


class TranslatedTextsMixin:
    """Saves keep the fallback text: without this, Django would write whatever the saver's
    language reads into the original column."""

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is not None:
            # modeltranslation would also write the original's value into the saver's
            # language column unless every column of that text is named.
            update_fields = _with_all_columns(type(self), update_fields)
        self.__dict__[_SAVING] = True
        try:
            return super().save(*args, update_fields=update_fields, **kwargs)
        finally:
            self.__dict__.pop(_SAVING, None)


def _with_all_columns(model: type[models.Model], names: Iterable[str]) -> list[str]:
    from modeltranslation.translator import translator

    translated = translator.get_options_for_model(model).all_fields
    names = list(dict.fromkeys(names))
    return list(dict.fromkeys([*names, *(key for name in names if name in translated
                                          for key in columns(name))]))


def writing():
    """Around ``bulk_create`` and ``bulk_update`` of translated rows, which skip ``save()``:
    with no active language the original column is written as stored."""
    return translation.override(None)


def text_columns(fields: Iterable[str], codes: Iterable[str] = LANGUAGE_CODES) -> list[str]:
    """Every column of ``fields``, field by field: ``name_en, name_zh_hans, …, description_en``."""
    codes = tuple(codes)
    return [column(field, code) for field in fields for code in codes]


def with_columns(values: Mapping, fields: Iterable[str], *, default_language: str) -> dict:
    """``values`` with each bare text key (``name``) renamed to its column in the default
    language (``name_ja``): callers that know one language keep working."""
    values = dict(values)
    for field in fields:
        if field in values:
            values.setdefault(column(field, default_language), values.pop(field))
    return values


def text_errors(values: Mapping, fields: Mapping[str, int | None], *, default_language: str,
                required: Iterable[str] = ("name",)) -> dict[str, list]:
    """Field errors of the text columns in ``values``: a required text missing in the default
    language, or a text over its length."""
    errors: dict[str, list] = {}
    for field in required:
        key = column(field, default_language)
        if not (values.get(key) or "").strip():
            errors.setdefault(key, []).append(_("This field is required."))
    for field, limit in fields.items():
        for code in LANGUAGE_CODES:
            key = column(field, code)
            if limit and len(values.get(key) or "") > limit:
                errors.setdefault(key, []).append(_("Too long."))
    return errors


def copy_texts(source: models.Model, target: models.Model, fields: Iterable[str]) -> None:
    """Give ``target`` every language of ``source``'s ``fields`` and the same fallback text."""
    for field in fields:
        for key in columns(field):
            setattr(target, key, getattr(source, key))
        target.__dict__[field] = source.__dict__.get(field, "")


def own_column(path: str) -> str:
    """For ``values()`` across a relation (``"category__name"``): the reader's own column;
    the bare path is the stored fallback text. Read the pair with :func:`read`."""
    language = translation.get_language()
    return column(path, _available(language) if language else settings.LANGUAGE_CODE)


def read(row: Mapping, path: str) -> str:
    """The text of ``path`` in a ``values()`` row that holds ``path`` and ``own_column(path)``:
    the same rule as ``obj.name``."""
    return row.get(own_column(path)) or row.get(path) or ""
