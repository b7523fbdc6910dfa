"""The rule every contest text is read by: the reader's language, the contest's default
language, any language; kept in the stored fallback text whatever language saves it."""

import pytest
from django.utils import translation

from contest.models import Category, Contest
from core import texts
from tests.factories import CategoryFactory, contest_in, with_texts

pytestmark = pytest.mark.django_db


def _name_in(obj, language: str) -> str:
    with translation.override(language):
        return obj.name


def test_fallback_text_prefers_the_default_language_then_the_site_order():
    assert texts.fallback_text({"en": "Shorts", "ja": "短編"}, "ja") == "短編"
    assert texts.fallback_text({"en": "", "fr": "Courts", "ja": "短編"}, "ar") == "短編"
    assert texts.fallback_text({}, "ar") == ""


def test_a_visitor_reads_their_own_language():
    contest = contest_in("en", ["en", "ja"], name={"en": "Shorts", "ja": "短編"})

    assert (_name_in(contest, "ja"), _name_in(contest, "en")) == ("短編", "Shorts")


def test_a_visitor_without_a_text_reads_the_contest_default_not_the_site_default():
    contest = contest_in("ja", ["ja", "en"], name={"ja": "短編", "en": "Shorts"})

    assert (_name_in(contest, "ar"), _name_in(contest, "fr")) == ("短編", "短編")


def test_with_no_default_language_text_any_language_is_read():
    contest = contest_in("ja", ["ja", "fr"], description={"fr": "Des films courts."})

    with translation.override("ko"):
        assert contest.description == "Des films courts."


def test_the_rule_holds_after_a_reload_without_any_join():
    contest = contest_in("ja", ["ja", "en"], name={"ja": "短編", "en": "Shorts"})
    CategoryFactory(contest=contest)
    category = with_texts(Category.objects.get(contest=contest), default_language="ja",
                          name={"ja": "アニメ", "ko": "애니메이션"})

    reloaded = Category.objects.get(pk=category.pk)

    assert [_name_in(reloaded, code) for code in ("ko", "ar", "ja")] == [
        "애니메이션", "アニメ", "アニメ"]


def test_saving_in_another_language_keeps_the_fallback_text():
    contest = contest_in("ja", ["ja", "en"], name={"ja": "短編", "en": "Shorts"})

    with translation.override("en"):
        Contest.objects.get(pk=contest.pk).save()
        Contest.objects.get(pk=contest.pk).save(update_fields=["name", "rules_version"])

    reloaded = Contest.objects.get(pk=contest.pk)
    assert (reloaded.__dict__["name"], reloaded.name_en, _name_in(reloaded, "ar")) == (
        "短編", "Shorts", "短編")


def test_values_rows_read_by_the_same_rule():
    contest = contest_in("ja", ["ja", "en"], name={"ja": "短編", "en": "Shorts"})
    rows = {}
    for code in ("en", "ar"):
        with translation.override(code):
            row = Contest.objects.rewrite(False).values(
                "name", texts.own_column("name")).get(pk=contest.pk)
            rows[code] = texts.read(row, "name")

    assert rows == {"en": "Shorts", "ar": "短編"}
