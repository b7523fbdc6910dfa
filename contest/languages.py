"""Languages a film can be in: every language Django knows a name for."""

from django.conf.locale import LANG_INFO

FILM_LANGUAGE_CHOICES = sorted(
    ((code, info["name"]) for code, info in LANG_INFO.items() if "name" in info),
    key=lambda pair: pair[1],
) + [("zxx", "No spoken language")]
