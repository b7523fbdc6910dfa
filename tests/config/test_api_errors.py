"""The API's error format holds for hostile bodies and missing credentials too."""

import pytest
from django.urls import reverse

from tests.factories import ContestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name, kwargs", [
    ("api:auth-token", {}),
    ("api:contest-entry-list", None),
])
def test_deeply_nested_json_is_a_400_even_anonymously(client, url_name, kwargs):
    if kwargs is None:
        kwargs = {"contest_slug": ContestFactory().slug}
    response = client.post(reverse(url_name, kwargs=kwargs), "[" * 100_000,
                           content_type="application/json")

    assert response.status_code in (400, 401)
    assert response["Content-Type"] == "application/json"


def test_deeply_nested_json_from_a_signed_in_entrant_is_a_400(client, entrant):
    contest = ContestFactory()
    client.force_login(entrant)

    response = client.post(reverse("api:entry-list"), "{\"a\":" * 50_000 + "1" + "}" * 50_000,
                           content_type="application/json")

    assert (response.status_code, response.json()["code"]) == (400, "parse_error")
    assert contest.entries.count() == 0


def test_a_body_over_the_limit_is_a_json_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = '{"email": "' + "a" * 4096 + '", "password": "x"}'

    response = client.post(reverse("api:auth-token"), body, content_type="application/json")

    assert (response.status_code, response.json()["code"]) == (413, "too_large")


@pytest.mark.parametrize("header", [None, "Token not-a-token", "Token "])
def test_missing_or_unknown_token_is_a_401_with_www_authenticate(client, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}

    response = client.get(reverse("api:entry-list"), **extra)

    assert (response.status_code, response["WWW-Authenticate"]) == (401, "Token")
    assert response["Content-Type"] == "application/json"


def test_unknown_fields_on_create_and_update_are_field_errors(entrant):
    from rest_framework.test import APIClient

    from contest.models import Entry
    from tests.factories import EntryFactory

    contest = ContestFactory()
    client = APIClient()
    client.force_authenticate(entrant)

    created = client.post(reverse("api:entry-list"), {
        "contest": contest.slug, "title_englsh": "Typo", "title_original": "原題"},
        format="json")
    entry = EntryFactory(contest=contest, entrant=entrant)
    updated = client.patch(reverse("api:entry-detail", args=[entry.pk]), {
        "version": entry.version, "synopsis": "x"}, format="json")
    credits = client.patch(reverse("api:entry-detail", args=[entry.pk]), {
        "version": entry.version, "credits": [{"name_native": "A", "rol": "x"}]}, format="json")

    assert (created.status_code, list(created.json()["fields"])) == (400, ["title_englsh"])
    assert (updated.status_code, list(updated.json()["fields"])) == (400, ["synopsis"])
    assert credits.status_code == 400
    assert "rol" in str(credits.json()["fields"]["credits"])
    assert Entry.objects.filter(contest=contest).count() == 1
