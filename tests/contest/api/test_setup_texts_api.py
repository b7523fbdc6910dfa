"""Contest texts over the API: one field per language for editing (``name_ja``), the bare field
read in the reader's language (``?lang=`` or Accept-Language) with the contest's fallback."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from contest.models import Category
from core.models import AuditEvent
from tests.factories import CategoryFactory, contest_in, with_texts
from tests.judging.factories import RoundFactory, add_rubric

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def tokyo():
    return contest_in("ja", ["ja", "en"], name={"ja": "東京短編", "en": "Tokyo Shorts"},
                      description={"ja": "短い映画"})


def _settings_url(contest) -> str:
    return reverse("api:contest-settings", kwargs={"slug": contest.slug})


def test_settings_expose_each_language_and_read_the_bare_name_in_the_asked_one(organiser,
                                                                                tokyo):
    client = _api(organiser)

    by_query = client.get(_settings_url(tokyo), {"lang": "en"}).json()
    by_header = client.get(_settings_url(tokyo), HTTP_ACCEPT_LANGUAGE="ar").json()

    assert (by_query["name"], by_header["name"]) == ("Tokyo Shorts", "東京短編")
    assert (by_query["name_ja"], by_query["name_en"], by_query["name_ar"]) == (
        "東京短編", "Tokyo Shorts", "")
    assert (by_query["default_language"], by_query["languages"]) == ("ja", ["ja", "en"])


def test_patch_writes_one_language_and_audits_it(organiser, tokyo):
    response = _api(organiser).patch(_settings_url(tokyo), {
        "name_en": "Tokyo Short Films", "rules_text_en": "Be brief."}, format="json")

    tokyo.refresh_from_db()
    event = AuditEvent.objects.for_scope(tokyo).get()
    assert response.status_code == 200
    assert (tokyo.name_en, tokyo.name_ja, tokyo.rules_version) == (
        "Tokyo Short Films", "東京短編", "1.1")
    assert event.after == {"name_en": "Tokyo Short Films", "rules_text_en": "Be brief.",
                           "rules_version": "1.1"}


def test_patch_errors_are_per_language_field_and_save_nothing(organiser, tokyo):
    client = _api(organiser)

    too_long = client.patch(_settings_url(tokyo), {"name_en": "x" * 201, "name_ja": "新"},
                            format="json")
    missing = client.patch(_settings_url(tokyo), {"name_ja": "", "name_en": "New"},
                           format="json")

    tokyo.refresh_from_db()
    assert (too_long.status_code, list(too_long.json()["fields"])) == (400, ["name_en"])
    assert (missing.status_code, list(missing.json()["fields"])) == (400, ["name_ja"])
    assert (tokyo.name_ja, tokyo.name_en) == ("東京短編", "Tokyo Shorts")
    assert not AuditEvent.objects.for_scope(tokyo).exists()


def test_an_unknown_language_field_is_refused(organiser, tokyo):
    response = _api(organiser).patch(_settings_url(tokyo), {"name_de": "Kurzfilme"},
                                     format="json")

    assert (response.status_code, list(response.json()["fields"])) == (400, ["name_de"])


def test_public_contest_api_reads_the_visitor_language_then_the_contest_default(tokyo):
    client = APIClient()
    url = reverse("api:contest-detail", kwargs={"slug": tokyo.slug})

    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    arabic = client.get(url, {"lang": "ar"}).json()

    assert (english["name"], english["description"]) == ("Tokyo Shorts", "短い映画")
    assert (arabic["name"], arabic["description"]) == ("東京短編", "短い映画")


def test_categories_are_added_and_renamed_per_language(organiser, tokyo):
    client = _api(organiser)
    url = reverse("api:contest-categories", kwargs={"slug": tokyo.slug})

    created = client.post(url, {"name_ja": "アニメ", "name_en": "Animation"}, format="json")
    renamed = client.patch(
        reverse("api:contest-category", kwargs={"slug": tokyo.slug,
                                                "category_id": created.json()["id"]}),
        {"name_en": "Animated"}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    category = Category.objects.get(contest=tokyo)
    assert created.status_code == 201
    assert (renamed.status_code, renamed.json()["name"], renamed.json()["name_ja"]) == (
        200, "Animated", "アニメ")
    assert (category.name_ja, category.name_en) == ("アニメ", "Animated")


def test_a_category_without_its_default_language_name_is_a_field_error(organiser, tokyo):
    url = reverse("api:contest-categories", kwargs={"slug": tokyo.slug})

    response = _api(organiser).post(url, {"name_en": "Animation"}, format="json")

    assert (response.status_code, list(response.json()["fields"])) == (400, ["name_ja"])
    assert not Category.objects.filter(contest=tokyo).exists()


def test_criteria_texts_are_read_and_changed_per_language(organiser, tokyo):
    criterion = with_texts(add_rubric(RoundFactory(contest=tokyo))[0], default_language="ja",
                           name={"ja": "物語", "en": "Story"})
    url = reverse("api:organiser-criterion", kwargs={"slug": tokyo.slug,
                                                     "criterion_id": criterion.pk})
    client = _api(organiser)

    changed = client.patch(url, {"description_ja": "語り方"}, format="json")
    read = client.get(url, {"lang": "ko"}).json()

    assert changed.status_code == 200
    assert (read["name"], read["description"], read["name_en"]) == ("物語", "語り方", "Story")
    assert AuditEvent.objects.get(action="judging.criterion_texts").after == {
        "description_ja": "語り方"}


def test_criteria_of_another_contest_are_not_found(organiser, tokyo):
    criterion = add_rubric(RoundFactory())[0]
    url = reverse("api:organiser-criterion", kwargs={"slug": tokyo.slug,
                                                     "criterion_id": criterion.pk})

    assert _api(organiser).patch(url, {"name_en": "Mine"}, format="json").status_code == 404


def test_category_listing_keeps_names_per_language(organiser, tokyo):
    with_texts(CategoryFactory(contest=tokyo), default_language="ja",
               name={"ja": "アニメ", "en": "Animation"})
    url = reverse("api:contest-categories", kwargs={"slug": tokyo.slug})

    listed = _api(organiser).get(url, {"lang": "fr"}).json()

    assert [(row["name"], row["name_en"], row["name_fr"]) for row in listed] == [
        ("アニメ", "Animation", "")]
