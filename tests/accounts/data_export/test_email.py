"""The emails about an export (ready, or given up): once, in the person's language and time
zone."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.data_export.email import DATA_EXPORT_FAILED, send_data_export_ready
from accounts.data_export.services import give_up_data_export, request_data_export
from accounts.enums import DataExportStatus
from accounts.models import DataExport
from core.models import Message, MessageStatus
from core.sender import send_due

pytestmark = pytest.mark.django_db


def _ready(user, **fields) -> DataExport:
    fields.setdefault("expires_at", timezone.now() + timedelta(hours=24))
    return DataExport.objects.create(user=user, status=DataExportStatus.READY, file="x.zip",
                                     size_bytes=3 * 1024 * 1024, ready_at=timezone.now(),
                                     **fields)


def test_the_email_is_in_the_persons_language_and_time_zone(entrant, mailoutbox, settings):
    settings.SITE_URL = "https://contest.example.org"
    entrant.language, entrant.time_zone = "fr", "Asia/Tokyo"
    entrant.save()
    # Next year, so the link has not expired whenever the test runs.
    year = timezone.now().year + 1
    export = _ready(entrant, expires_at=datetime(year, 12, 5, 18, 30, tzinfo=UTC))

    assert send_data_export_ready(export_id=export.pk) is True

    [message] = mailoutbox
    assert (message.to, message.extra_headers["Content-Language"]) == ([entrant.email], "fr")
    assert message.body.startswith("Bonjour,")
    # 18:30 UTC is 03:30 the next morning in Tokyo, written the French way.
    assert f"6 décembre {year} 03:30 (Asia/Tokyo)" in message.body
    assert "3,0\xa0Mio" in message.body
    assert "https://contest.example.org/accounts/data-export/download/" in message.body
    assert "\n" not in message.subject


def test_the_email_is_sent_once(entrant, mailoutbox):
    export = _ready(entrant)

    assert [send_data_export_ready(export_id=export.pk) for _ in range(2)] == [True, False]
    assert len(mailoutbox) == 1


def test_an_export_that_expired_before_the_email_gets_none(entrant, mailoutbox):
    export = _ready(entrant, expires_at=timezone.now() - timedelta(seconds=1))

    assert send_data_export_ready(export_id=export.pk) is False
    assert mailoutbox == []


def test_an_export_given_up_is_announced_in_the_persons_language(
    entrant, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://contest.example.org"
    entrant.language = "fr"
    entrant.save()
    export = DataExport.objects.create(user=entrant, status=DataExportStatus.BUILDING)

    with django_capture_on_commit_callbacks(execute=True):
        assert give_up_data_export(export_id=export.pk, reason="OSError") is True
    with django_capture_on_commit_callbacks(execute=True):
        assert give_up_data_export(export_id=export.pk, reason="OSError") is False

    [message] = mailoutbox
    assert message.to == [entrant.email]
    assert message.body.startswith("Bonjour,")
    assert "https://contest.example.org/accounts/data-export/" in message.body
    assert Message.objects.get(kind=DATA_EXPORT_FAILED).status == MessageStatus.SENT


def test_a_failure_the_person_already_asked_past_is_not_announced(entrant, mailoutbox):
    failed = DataExport.objects.create(user=entrant, status=DataExportStatus.BUILDING)
    give_up_data_export(export_id=failed.pk, reason="OSError")
    request_data_export(user=entrant)

    send_due()

    assert mailoutbox == []
    assert Message.objects.get(kind=DATA_EXPORT_FAILED).status == MessageStatus.SKIPPED
