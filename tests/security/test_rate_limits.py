"""Brute force is throttled: failed logins, password-reset mail and the API."""

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
LOCKED_OUT = {
    "en": "Too many failed login attempts. Try again later.",
    "fr": "Trop de tentatives de connexion échouées. Veuillez réessayer ultérieurement.",
    "ja": "ログイン失敗が連続しています。時間が経ってからやり直してください。",
}


def _login(client, email, password, language):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", sorted(LOCKED_OUT))
def test_login_after_five_failures_is_refused_even_with_right_password(client, language):
    user = UserFactory()
    for _attempt in range(5):
        response = _login(client, user.email, "wrong password", language)
        assert response.status_code == 200
        assert LOCKED_OUT[language] not in response.content.decode()

    response = _login(client, user.email, PASSWORD, language)

    assert LOCKED_OUT[language] in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_with_right_password_works_before_the_limit(client):
    user = UserFactory()
    for _attempt in range(4):
        _login(client, user.email, "wrong password", "en")

    response = _login(client, user.email, PASSWORD, "en")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_password_reset_mail_is_limited_per_address(client):
    user = UserFactory()
    for _attempt in range(5):
        client.post(reverse("account_reset_password"), {"email": user.email})

    assert len(mail.outbox) == 3


@pytest.fixture
def strict_api_rates(monkeypatch):
    # DRF binds the rate table at import time; the test settings raise it out of the way.
    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {"anon": "5/minute", "user": "8/minute", "upload": "3/minute"},
    )


@pytest.mark.django_db
def test_api_throttles_anonymous_clients(client, strict_api_rates):
    statuses = [client.get("/api/v1/").status_code for _ in range(6)]

    assert statuses == [200] * 5 + [429]


@pytest.mark.django_db
def test_api_throttled_answer_is_the_json_error_format(client, strict_api_rates):
    for _ in range(5):
        client.get("/api/v1/")

    response = client.get("/api/v1/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert response.json()["message"].startswith("Requête ralentie.")
    assert "Retry-After" in response.headers


@pytest.mark.django_db
def test_api_throttles_signed_in_users(client, entrant, strict_api_rates):
    client.force_login(entrant)
    statuses = [client.get("/api/v1/").status_code for _ in range(9)]

    assert statuses == [200] * 8 + [429]
