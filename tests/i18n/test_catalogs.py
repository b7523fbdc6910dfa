"""Shipped translations: complete against the current source, compiled, loaded and rendered.

Completeness is measured against what ``makemessages`` extracts from the code *now*, in a
scratch copy, so a string added without a translation lowers the figure even before anyone
re-runs ``makemessages`` in the repository.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import ContestFactory

ROOT = Path(settings.BASE_DIR)
SHIPPED = [code for code, _name in settings.LANGUAGES if code != "en"]
MIN_COVERAGE = 0.95
SOURCES = ["core", "accounts", "config", "contest", "judging", "demo", "templates", "static/js",
           "locale"]


def locale_dir(language: str) -> str:
    """zh-hans -> zh_Hans: the folder name gettext expects."""
    return translation.to_locale(language)


@pytest.fixture(scope="module")
def refreshed_catalogs(tmp_path_factory) -> Path:
    """A copy of the sources with catalogs merged against the strings the code has today."""
    copy = tmp_path_factory.mktemp("catalogs")
    for name in SOURCES:
        ignore = shutil.ignore_patterns("*.mo", "__pycache__")
        shutil.copytree(ROOT / name, copy / name, ignore=ignore)
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    languages = [arg for code in SHIPPED for arg in ("-l", locale_dir(code))]
    for domain, extra in (("django", []), ("djangojs", ["--ignore", "node_modules"])):
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-d", domain, *languages,
             "--no-obsolete", "-v", "0", *extra],
            cwd=copy, check=True, capture_output=True,
        )
    return copy


def statistics(po: Path) -> tuple[int, int]:
    """(translated, total) as msgfmt counts them; fuzzy entries are not translated."""
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True, text=True, check=True,
    )
    numbers = {
        kind: int(count)
        for count, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr)
    }
    translated = numbers.get("translated", 0)
    return translated, translated + numbers.get("fuzzy", 0) + numbers.get("untranslated", 0)


@pytest.mark.parametrize("domain", ["django", "djangojs"])
@pytest.mark.parametrize("language", SHIPPED)
def test_catalog_covers_the_current_source(refreshed_catalogs, language, domain):
    po = refreshed_catalogs / "locale" / locale_dir(language) / "LC_MESSAGES" / f"{domain}.po"

    translated, total = statistics(po)

    assert total > 0
    assert translated / total >= MIN_COVERAGE, f"{language}: {translated}/{total} translated"


@pytest.mark.parametrize("language", SHIPPED)
def test_committed_catalog_is_valid_and_has_plural_forms(language):
    po = ROOT / "locale" / locale_dir(language) / "LC_MESSAGES" / "django.po"
    header = po.read_text(encoding="utf-8").split("\n\n", 1)[0]

    statistics(po)  # msgfmt --check: placeholders and plurals consistent
    assert "Plural-Forms: nplurals=" in header
    assert "#, fuzzy" not in header  # a fuzzy header drops Plural-Forms from the compiled file


# Strings only this project has: Django's and allauth's own catalogs cannot supply them.
PAGE_STRINGS = ("Skip to content", "Marquee — open-source film contests.")


@pytest.mark.django_db
@pytest.mark.parametrize("language", SHIPPED)
def test_pages_show_the_translation_not_the_english(client, language):
    contest = ContestFactory()
    with translation.override(language):
        expected = [translation.gettext(text) for text in PAGE_STRINGS]
    html = client.get(
        reverse("contest:contest_detail", args=[contest.slug]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    assert all(text in html for text in expected)
    assert not set(expected) & set(PAGE_STRINGS), "catalog not translated, compiled or loaded"
