"""Who may upload, when, and what happens on a full disk or a concurrent request."""

import errno
import os
import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from contest.models import Upload
from contest.services import uploads
from contest.tus import stream

from .conftest import create, patch

pytestmark = pytest.mark.django_db


def _close_contest(contest, *, ago: timedelta) -> None:
    contest.closes_at = timezone.now() - ago
    contest.save()


def test_creation_after_close_is_refused(owner_client, entry):
    _close_contest(entry.contest, ago=timedelta(minutes=1))
    response = create(owner_client, entry=entry, length=1000)
    assert (response.status_code, response.json()["code"]) == (403, "upload_closed")


def test_creation_before_opening_is_refused(owner_client, entry):
    entry.contest.opens_at = timezone.now() + timedelta(days=1)
    entry.contest.closes_at = timezone.now() + timedelta(days=2)
    entry.contest.save()
    assert create(owner_client, entry=entry, length=1000).status_code == 403


def test_upload_started_before_close_finishes_within_grace(owner_client, entry, payload, settings):
    settings.MARQUEE_UPLOAD_GRACE = timedelta(minutes=30)
    url = create(owner_client, entry=entry, length=len(payload))["Location"]
    _close_contest(entry.contest, ago=timedelta(minutes=29))
    response = patch(owner_client, url, payload, offset=0)
    assert response.status_code == 204
    assert Upload.objects.get().completed_at is not None


def test_upload_after_grace_is_refused(owner_client, entry, payload, settings):
    settings.MARQUEE_UPLOAD_GRACE = timedelta(minutes=30)
    url = create(owner_client, entry=entry, length=len(payload))["Location"]
    _close_contest(entry.contest, ago=timedelta(minutes=31))
    response = patch(owner_client, url, payload, offset=0)
    assert (response.status_code, response.json()["code"]) == (403, "upload_closed")
    assert Upload.objects.get().offset == 0


def test_disk_full_keeps_upload_at_last_saved_byte(owner_client, entry, payload, monkeypatch):
    url = create(owner_client, entry=entry, length=len(payload))["Location"]
    patch(owner_client, url, payload[:1000], offset=0)
    real_write = os.write

    def write_until_full(fd, data):
        if os.fstat(fd).st_size >= 50_000:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(stream.os, "write", write_until_full)
    response = patch(owner_client, url, payload[1000:], offset=1000)
    assert (response.status_code, response.json()["code"]) == (507, "storage_full")
    upload = Upload.objects.get()
    path = uploads.partial_path(upload)
    assert (upload.offset, path.stat().st_size, path.read_bytes()) == (1000, 1000, payload[:1000])

    monkeypatch.setattr(stream.os, "write", real_write)
    assert patch(owner_client, url, payload[1000:], offset=1000).status_code == 204
    with upload.entry.videos.get().file.open("rb") as stored:
        assert stored.read() == payload


def test_bytes_beyond_recorded_offset_are_overwritten(owner_client, entry, payload):
    """A request that crashed after writing but before recording its offset leaves no trace."""
    url = create(owner_client, entry=entry, length=len(payload))["Location"]
    patch(owner_client, url, payload[:1000], offset=0)
    path = uploads.partial_path(Upload.objects.get())
    with open(path, "ab") as partial:
        partial.write(b"garbage from a crashed request")
    patch(owner_client, url, payload[1000:], offset=1000)
    with Upload.objects.get().video.file.open("rb") as stored:
        assert stored.read() == payload


@pytest.mark.django_db(transaction=True)
def test_concurrent_patch_is_refused_while_another_writes(owner_client, entry, payload):
    url = create(owner_client, entry=entry, length=len(payload))["Location"]
    upload = Upload.objects.get()
    locked, release = threading.Event(), threading.Event()

    def hold_lock():
        try:
            with transaction.atomic():
                uploads.access_upload(upload_id=upload.pk, user=entry.entrant, lock=True)
                locked.set()
                release.wait(30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert locked.wait(30)
        response = patch(owner_client, url, payload[:1000], offset=0)
    finally:
        release.set()
        holder.join()
    assert (response.status_code, response.json()["code"]) == (423, "upload_busy")
    assert Upload.objects.get().offset == 0
    assert patch(owner_client, url, payload[:1000], offset=0).status_code == 204
