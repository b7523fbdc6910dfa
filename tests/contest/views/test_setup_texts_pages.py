"""Contest texts on the pages: a fieldset per language for editing, with the language and its
direction on each input, and every visitor reading their language or the contest's."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contest.forms_setup import ContestSettingsForm
from core.models import AuditEvent
from tests.factories import CategoryFactory, contest_in, with_texts

from .test_setup_pages import _post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def tokyo():
    """Written in Japanese (the default), English and Arabic."""
    return contest_in("ja", ["ja", "en", "ar"],
                      name={"ja": "東京短編", "en": "Tokyo Shorts", "ar": "أفلام طوكيو"},
                      description={"ja": "短い映画", "en": "Short films"})


def _input(html: str, name: str) -> str:
    return re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', html).group(0)


def test_settings_page_has_a_fieldset_per_language_with_lang_and_direction(client, organiser,
                                                                             tokyo):
    client.force_login(organiser)

    html = client.get(reverse("contest:contest_settings", args=[tokyo.slug])).content.decode()

    assert html.count('<fieldset class="language-fieldset">') == 3
    assert 'lang="ar" dir="rtl"' in _input(html, "name_ar")
    assert 'lang="ja" dir="ltr"' in _input(html, "rules_text_ja")
    assert 'value="Tokyo Shorts"' in _input(html, "name_en")
    assert 'name="name_fr"' not in html


def test_settings_page_saves_each_language(client, organiser, tokyo):
    client.force_login(organiser)
    data = {**_post_data(ContestSettingsForm(contest=tokyo)), "name_ar": "طوكيو القصيرة",
            "description_en": "Very short films"}

    response = client.post(reverse("contest:contest_settings", args=[tokyo.slug]), data)

    tokyo.refresh_from_db()
    assert response.status_code == 302
    assert (tokyo.name_ar, tokyo.description_en, tokyo.name_ja) == (
        "طوكيو القصيرة", "Very short films", "東京短編")
    assert AuditEvent.objects.get(action="contest.updated").after == {
        "name_ar": "طوكيو القصيرة", "description_en": "Very short films"}


def test_settings_page_errors_stay_on_their_language_and_save_nothing(client, organiser,
                                                                      tokyo):
    client.force_login(organiser)
    data = {**_post_data(ContestSettingsForm(contest=tokyo)), "name_ja": "",
            "name_en": "x" * 201, "name_ar": "جديد"}

    response = client.post(reverse("contest:contest_settings", args=[tokyo.slug]), data)

    tokyo.refresh_from_db()
    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["name_en", "name_ja"]
    assert (tokyo.name_ja, tokyo.name_ar) == ("東京短編", "أفلام طوكيو")
    assert not AuditEvent.objects.filter(action="contest.updated").exists()


def test_categories_page_renames_a_category_in_one_language(client, organiser, tokyo):
    category = with_texts(CategoryFactory(contest=tokyo), default_language="ja",
                          name={"ja": "アニメ"})
    client.force_login(organiser)
    data = {"name_ja": "アニメ", "name_en": "Animation", "name_ar": "رسوم متحركة",
            "description_ja": "", "description_en": "", "description_ar": ""}

    client.post(reverse("contest:category_action", args=[tokyo.slug, category.pk, "rename"]),
                data)

    category.refresh_from_db()
    assert (category.name_en, category.name_ar) == ("Animation", "رسوم متحركة")
    assert AuditEvent.objects.get(action="category.renamed").after == {
        "name_en": "Animation", "name_ar": "رسوم متحركة"}


def test_categories_page_refuses_a_rename_without_the_default_name(client, organiser, tokyo):
    category = with_texts(CategoryFactory(contest=tokyo), default_language="ja",
                          name={"ja": "アニメ"})
    client.force_login(organiser)

    response = client.post(reverse("contest:category_action",
                                   args=[tokyo.slug, category.pk, "rename"]),
                           {"name_ja": "", "name_en": "Animation"}, follow=True)

    category.refresh_from_db()
    assert (category.name_ja, category.name_en) == ("アニメ", "")
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


@pytest.mark.parametrize(("language", "expected"), [
    ("ja", "東京短編"), ("en", "Tokyo Shorts"), ("ar", "أفلام طوكيو"),
    # No Korean text: the contest's default language, Japanese, not the site's English.
    ("ko", "東京短編"),
])
def test_public_contest_page_reads_the_visitors_language_or_the_contests(client, tokyo,
                                                                         language, expected):
    response = client.get(reverse("contest:contest_detail", args=[tokyo.slug]),
                          HTTP_ACCEPT_LANGUAGE=language)

    assert response.context["contest"].name == expected
    assert expected in response.content.decode()


def _queries(client, url, language) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, HTTP_ACCEPT_LANGUAGE=language).status_code == 200
    return len(queries)


def test_public_contest_page_costs_the_same_in_every_language(client, tokyo):
    for index in range(3):
        with_texts(CategoryFactory(contest=tokyo), default_language="ja",
                   name={"ja": f"部門 {index}"})
    url = reverse("contest:contest_detail", args=[tokyo.slug])

    counts = {language: _queries(client, url, language) for language in ("en", "ja", "ko")}

    assert len(set(counts.values())) == 1, counts


def test_organiser_pages_cost_the_same_in_every_language(client, organiser, tokyo):
    client.force_login(organiser)
    urls = [reverse("contest:organiser_home"),
            reverse("contest:organiser_contest", args=[tokyo.slug])]
    counts = {}
    for language in ("en", "ja", "ko"):
        organiser.language = language
        organiser.save(update_fields=["language"])
        counts[language] = [_queries(client, url, language) for url in urls]

    # The pinned counts of test_query_counts, whatever the organiser's language.
    assert counts == {"en": [5, 11], "ja": [5, 11], "ko": [5, 11]}
