"""``/api/v1/me/data-export/``: the same service and rules as the account page."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.data_export.services import build_data_export
from accounts.models import DataExport

pytestmark = pytest.mark.django_db
URL = reverse("api:me-data-export")


@pytest.fixture
def api(entrant) -> APIClient:
    client = APIClient()
    client.force_authenticate(entrant)
    return client


def test_asking_twice_is_accepted_then_refused_with_409(api, entrant):
    first = api.post(URL)
    second = api.post(URL)

    assert (first.status_code, first.json()["status"], first.json()["download_url"]) == (
        202, "pending", None)
    assert second.status_code == 409
    assert second.json() == {
        "code": "data_export_in_progress", "fields": {},
        "message": "A copy of your data is already being prepared. We will email you when "
                   "it is ready."}


def test_the_latest_export_carries_its_signed_link_once_ready(api, entrant, settings):
    settings.SITE_URL = "https://contest.example.org"
    export = DataExport.objects.create(user=entrant)
    build_data_export(export_id=export.pk)

    body = api.get(URL).json()

    assert body["status"] == "ready"
    assert body["download_url"].startswith(
        "https://contest.example.org/accounts/data-export/download/")
    assert set(body) == {"status", "requested_at", "ready_at", "expires_at", "size_bytes",
                         "download_url"}


def test_no_export_yet_is_404(api):
    assert api.get(URL).status_code == 404


def test_anonymous_clients_are_refused():
    assert APIClient().get(URL).status_code == 401
    assert APIClient().post(URL).status_code == 401
