"""Cells a spreadsheet would run as formulas are neutralised (OWASP CSV injection advice)."""

import re

from django.utils.functional import Promise

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Control characters XLSX cannot store (and no CSV reader expects); tab, LF and CR are kept.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(value):
    """Return ``value`` safe for a spreadsheet cell: text starting with = + - @ TAB or CR gets a
    leading apostrophe, so it is read as text. Numbers, dates and None pass unchanged."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARACTERS.sub("", value)
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
