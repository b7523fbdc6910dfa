"""The account page and the signed download link: the owner's only, for 24 hours."""

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from accounts.data_export import links
from accounts.data_export.services import build_data_export
from accounts.enums import DataExportStatus
from accounts.models import DataExport
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db
PAGE = reverse("accounts:data_export")


@pytest.fixture
def ready(entrant) -> DataExport:
    EntryFactory(entrant=entrant, title_original="Mon film")
    export = DataExport.objects.create(user=entrant)
    build_data_export(export_id=export.pk)
    export.refresh_from_db()
    return export


class MovedClock:
    """``time`` as django.core.signing sees it, ``ahead`` later than the real one."""

    def __init__(self, ahead: timedelta):
        self.ahead = ahead.total_seconds()

    def time(self) -> float:
        return time.time() + self.ahead


def test_the_page_asks_for_an_export_and_says_when_one_is_under_way(
    client, entrant, django_capture_on_commit_callbacks
):
    client.force_login(entrant)
    first = client.post(PAGE, follow=True)
    second = client.post(PAGE, follow=True)

    assert first.status_code == second.status_code == 200
    assert [str(m) for m in first.context["messages"]] == [
        "We are preparing a copy of your data and will email you a download link when it is "
        "ready."]
    assert [str(m) for m in second.context["messages"]] == [
        "A copy of your data is already being prepared. We will email you when it is ready."]
    assert DataExport.objects.filter(user=entrant).count() == 1
    assert second.context["export"].status == DataExportStatus.PENDING
    assert second.context["download_path"] == ""


def test_the_page_offers_the_ready_export(client, entrant, ready):
    client.force_login(entrant)

    response = client.get(PAGE)

    assert response.status_code == 200
    path = response.context["download_path"]
    assert path.startswith("/accounts/data-export/download/")
    assert path.encode() in response.content


def test_the_page_needs_a_signed_in_person(client):
    response = client.get(PAGE)
    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")


def test_the_owner_downloads_the_zip(client, entrant, ready):
    client.force_login(entrant)

    response = client.get(links.download_path(ready))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="marquee-data-{ready.ready_at:%Y-%m-%d}.zip"')
    with ready.file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()


def test_another_person_gets_404_even_with_the_link(client, ready, other_entrant, organiser):
    for someone in (other_entrant, organiser):
        client.force_login(someone)
        assert client.get(links.download_path(ready)).status_code == 404


def test_a_superuser_gets_404_too(client, ready, django_user_model):
    operator = django_user_model.objects.create_superuser(email="root@example.org",
                                                          password="x" * 12)
    client.force_login(operator)
    assert client.get(links.download_path(ready)).status_code == 404


def test_someone_signed_out_is_sent_to_log_in(client, ready):
    response = client.get(links.download_path(ready))
    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")


def test_a_link_we_did_not_sign_is_404(client, entrant, ready):
    client.force_login(entrant)
    forged = signing.TimestampSigner(salt="another.purpose").sign(str(ready.pk))

    assert client.get(reverse("accounts:data_export_download",
                              kwargs={"token": forged})).status_code == 404
    assert client.get(reverse("accounts:data_export_download",
                              kwargs={"token": "12:abc:def"})).status_code == 404


def test_the_link_works_for_24_hours_and_not_a_second_more(client, entrant, ready, monkeypatch):
    # The row outlives the link here, so only the link's own age decides.
    DataExport.objects.filter(pk=ready.pk).update(expires_at=timezone.now() + timedelta(days=3))
    path = links.download_path(ready)
    client.force_login(entrant)

    monkeypatch.setattr(signing, "time", MovedClock(timedelta(hours=23, minutes=59)))
    almost = client.get(path)
    almost_bytes = b"".join(almost.streaming_content)  # read to the end, which closes the file
    monkeypatch.setattr(signing, "time", MovedClock(timedelta(hours=24, seconds=1)))
    expired = client.get(path)

    assert (almost.status_code, expired.status_code) == (200, 410)
    assert almost_bytes[:2] == b"PK"
    assert b"This link has expired" in expired.content


def test_a_fresh_link_to_an_expired_export_is_gone(client, entrant, ready):
    DataExport.objects.filter(pk=ready.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(entrant)

    assert client.get(links.download_path(ready)).status_code == 410


def test_nginx_sends_the_bytes_in_production(client, entrant, ready, settings):
    settings.MARQUEE_MEDIA_DELIVERY = "x-accel"
    client.force_login(entrant)

    response = client.get(links.download_path(ready))

    assert response["X-Accel-Redirect"] == "/protected-media/" + ready.file.name
    assert response["Content-Disposition"].startswith("attachment; ")
