"""The periodic task removes abandoned uploads and nothing else."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contest.models import Upload
from contest.services.upload_cleanup import clean_abandoned_uploads
from contest.services.uploads import partial_path
from contest.tasks import clean_abandoned_uploads as clean_task

from .conftest import create, patch

pytestmark = pytest.mark.django_db


def _tus_upload(client, entry, payload, *, complete=False):
    url = create(client, entry=entry, length=len(payload))["Location"]
    patch(client, url, payload if complete else payload[:100], offset=0)
    return Upload.objects.get(pk=url.rsplit("/", 1)[-1])


def _age(upload, *, days):
    Upload.objects.filter(pk=upload.pk).update(updated_at=timezone.now() - timedelta(days=days))


def test_cleanup_removes_only_abandoned_partial_uploads(owner_client, entry, payload):
    stale = _tus_upload(owner_client, entry, payload)
    fresh = _tus_upload(owner_client, entry, payload)
    finished = _tus_upload(owner_client, entry, payload, complete=True)
    _age(stale, days=3)
    _age(finished, days=3)

    assert clean_task.delay().get() == {"rows": 1, "files": 1, "multipart": 0}
    assert set(Upload.objects.values_list("pk", flat=True)) == {fresh.pk, finished.pk}
    assert (partial_path(stale).exists(), partial_path(fresh).exists()) == (False, True)


def test_cleanup_removes_uploads_of_contest_closed_beyond_grace(
    owner_client, entry, payload, settings
):
    upload = _tus_upload(owner_client, entry, payload)
    entry.contest.closes_at = timezone.now() - settings.MARQUEE_UPLOAD_GRACE - timedelta(minutes=1)
    entry.contest.save()
    assert clean_abandoned_uploads() == {"rows": 1, "files": 1, "multipart": 0}
    assert not partial_path(upload).exists()


def test_cleanup_keeps_upload_within_grace(owner_client, entry, payload, settings):
    _tus_upload(owner_client, entry, payload)
    entry.contest.closes_at = timezone.now() - settings.MARQUEE_UPLOAD_GRACE + timedelta(minutes=5)
    entry.contest.save()
    assert clean_abandoned_uploads()["rows"] == 0


def test_cleanup_removes_old_stray_partial_files(owner_client, entry, payload):
    upload = _tus_upload(owner_client, entry, payload)
    stray = partial_path(upload).with_name("0" * 32 + ".part")
    stray.write_bytes(b"left by a crash")
    assert clean_abandoned_uploads()["files"] == 0  # too young to be dead
    counts = clean_abandoned_uploads(now=timezone.now() + timedelta(days=3))
    assert (counts["files"], stray.exists()) == (2, False)  # the stray one and the stale upload


@pytest.mark.integration
def test_cleanup_aborts_stale_multipart_uploads(owner_client, entry, s3_bucket):
    started = owner_client.post(
        reverse("api:s3-upload-start"),
        {"entry": entry.pk, "filename": "film.mp4", "length": 1000},
        content_type="application/json",
    )
    assert started.status_code == 201
    s3_bucket.client.create_multipart_upload(Bucket=s3_bucket.name, Key="videos/stray.bin")
    counts = clean_abandoned_uploads(now=timezone.now() + timedelta(days=3))
    assert counts == {"rows": 1, "files": 0, "multipart": 2}
    assert Upload.objects.count() == 0
    assert s3_bucket.client.list_multipart_uploads(Bucket=s3_bucket.name).get("Uploads", []) == []
