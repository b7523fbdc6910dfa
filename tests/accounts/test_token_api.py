import pytest
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
