import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def test_token_for_verified_user_authenticates_api_calls():
    user = UserFactory(email="ada@example.org")
    api = APIClient()
    response = api.post("/api/v1/auth/token/", {"email": "ada@example.org", "password": PASSWORD},
                        format="json")
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get("/api/v1/entries/").status_code == 200
    assert user.auth_token.key == response.json()["token"]


def test_token_for_unverified_user_is_refused():
    UserFactory(email="new@example.org", verified=False)
    response = APIClient().post("/api/v1/auth/token/",
                                {"email": "new@example.org", "password": PASSWORD},
                                format="json")
    assert (response.status_code, response.json()["code"]) == (400, "email_unverified")


def test_token_with_wrong_password_is_refused():
    UserFactory(email="ada@example.org")
    response = APIClient().post("/api/v1/auth/token/",
                                {"email": "ada@example.org", "password": "nope"},
                                format="json")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_credentials")


def test_token_delete_revokes_it():
    UserFactory(email="ada@example.org")
    api = APIClient()
    token = api.post("/api/v1/auth/token/", {"email": "ada@example.org", "password": PASSWORD},
                     format="json").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.delete("/api/v1/auth/token/").status_code == 204
    response = api.get("/api/v1/entries/")
    assert (response.status_code, response.json()["code"]) == (401, "authentication_failed")
    assert response["WWW-Authenticate"] == "Token"


@pytest.fixture
def fresh_counters():
    """allauth counts failed log-ins in the shared cache: start and end from zero."""
    cache.clear()
    yield
    cache.clear()


def _token(api, email):
    return api.post("/api/v1/auth/token/", {"email": email, "password": PASSWORD},
                    format="json")


def test_token_endpoint_shares_the_web_log_in_lockout(client, settings, fresh_counters):
    from django.urls import reverse

    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/ip,5/5m/key"}
    user = UserFactory(email="ada@example.org")
    for _attempt in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    api = APIClient()

    locked = [_token(api, user.email).status_code for _ in range(3)]

    assert locked == [429, 429, 429]
    assert not Token.objects.filter(user=user).exists()


def test_failures_on_the_token_endpoint_lock_the_web_log_in(client, settings, fresh_counters):
    from django.urls import reverse

    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/ip,5/5m/key"}
    user = UserFactory(email="ada@example.org")
    api = APIClient()
    for _attempt in range(5):
        assert api.post("/api/v1/auth/token/", {"email": user.email, "password": "wrong"},
                        format="json").status_code == 400

    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session


def test_changing_the_password_revokes_the_token(client):
    from django.urls import reverse

    user = UserFactory(email="ada@example.org")
    api = APIClient()
    key = _token(api, user.email).json()["token"]
    client.force_login(user)

    client.post(reverse("account_change_password"), {
        "oldpassword": PASSWORD, "password1": "a brand new passphrase",
        "password2": "a brand new passphrase"})

    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/entries/").status_code == 401
    assert not Token.objects.filter(user=user).exists()


def test_resetting_the_password_revokes_the_token():
    from allauth.account.signals import password_reset
    from django.test import RequestFactory

    user = UserFactory(email="ada@example.org")
    Token.objects.create(user=user)

    password_reset.send(sender=type(user), request=RequestFactory().get("/"), user=user)

    assert not Token.objects.filter(user=user).exists()


def test_an_expired_token_is_refused_and_a_new_one_issued(settings):
    from datetime import timedelta

    from django.utils import timezone

    user = UserFactory(email="ada@example.org")
    api = APIClient()
    old = _token(api, user.email).json()["token"]
    Token.objects.filter(key=old).update(created=timezone.now() - timedelta(days=91))

    api.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    refused = api.get("/api/v1/entries/")
    api.credentials()
    new = _token(api, user.email).json()["token"]

    assert (refused.status_code, refused.json()["code"]) == (401, "authentication_failed")
    assert new != old


def test_owner_reads_the_token_dates_but_never_the_key():
    user = UserFactory(email="ada@example.org")
    api = APIClient()
    key = _token(api, user.email).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    body = api.get("/api/v1/auth/token/").json()

    assert set(body) == {"created", "expires"}
    assert key not in str(body)
