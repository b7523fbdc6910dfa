"""Languages a film can be in: every language Django knows a name for.

The names are Django's own translatable ones ("Japanese" reads 日本語 on a Japanese page);
``FILM_LANGUAGE_CHOICES`` keeps one fixed order for the model, the API and validation, and
``film_language_choices()`` sorts them by the name its reader sees.
"""

from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

_ENGLISH_NAMES = sorted(
    ((code, info["name"]) for code, info in LANG_INFO.items() if "name" in info),
    key=lambda pair: pair[1],
)
FILM_LANGUAGE_CHOICES = [(code, _(name)) for code, name in _ENGLISH_NAMES] + [
    ("zxx", _("No spoken language"))
]


def film_language_choices() -> list[tuple[str, str]]:
    """The languages named in the active language, in that language's alphabetical order
    (by code point: close to it for most scripts), "no spoken language" last."""
    *languages, silent = FILM_LANGUAGE_CHOICES
    return [*sorted(((code, str(name)) for code, name in languages),
                    key=lambda pair: pair[1].casefold()), (silent[0], str(silent[1]))]
