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
