"""Form fields for texts written in several languages: one field per language and text, shown
in one fieldset per language (``templates/_language_fieldsets.html``), each input marked with
its language and direction so Arabic is typed right to left."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils import translation

from . import texts


def language_fields(labels: dict[str, object], limits: dict[str, int | None],
                    codes: Iterable[str], *, required: Iterable[str] = (),
                    rows: dict[str, int] | None = None) -> dict[str, forms.CharField]:
    """``{"name_ja": CharField, …}`` for each text in ``labels`` (text -> label) and each
    language in ``codes``; a text in ``required`` must be given in the first language."""
    rows = rows or {}
    codes = list(codes)
    fields = {}
    for code in codes:
        attrs = {"lang": code, "dir": "rtl" if code in texts.RTL_CODES else "ltr"}
        for field, label in labels.items():
            widget = (forms.Textarea(attrs={**attrs, "rows": rows[field]}) if field in rows
                      else forms.TextInput(attrs=attrs))
            fields[texts.column(field, code)] = forms.CharField(
                label=label, max_length=limits.get(field), widget=widget,
                required=field in required and code == codes[0])
    return fields


class LanguageFieldsetsMixin:
    """For templates: ``language_groups`` (a fieldset per language) and ``plain_fields``."""

    text_names: tuple[str, ...] = ()
    text_codes: list[str] = []

    def language_groups(self) -> list[dict]:
        groups = []
        for index, code in enumerate(self.text_codes):
            info = translation.get_language_info(code)
            groups.append({
                "code": code, "name": info["name_local"], "first": index == 0,
                "dir": "rtl" if info["bidi"] else "ltr",
                "fields": [self[texts.column(field, code)] for field in self.text_names
                           if texts.column(field, code) in self.fields],
            })
        return groups

    def plain_fields(self) -> list:
        keys = set(texts.text_columns(self.text_names))
        return [bound for bound in self if bound.name not in keys]

    def texts(self) -> dict[str, str]:
        """The text columns typed: ``{"name_ja": …}``."""
        keys = set(texts.text_columns(self.text_names))
        return {key: value for key, value in self.cleaned_data.items() if key in keys}
