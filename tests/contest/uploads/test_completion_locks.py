"""Completing an upload at a deadline must not hold up the other entrants of the contest."""

import threading

import pytest
from django.db import connection, transaction

from contest.enums import VideoStatus
from contest.models import Upload, Video
from contest.services.uploads import make_current_video
from core import audit
from tests.factories import EntryFactory, UserFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="row locks need PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_a_completing_upload_locks_its_entry_not_the_contest(entrant, contest, monkeypatch):
    entry = EntryFactory(entrant=entrant, contest=contest)
    upload = Upload.objects.create(entry=entry, uploader=entrant, filename="film.mp4", length=1)
    video = Video(entry=entry, original_filename="film.mp4", size_bytes=1,
                  status=VideoStatus.UPLOADED)
    video.file.name = f"videos/{contest.pk}/{entry.pk}/film.mp4"
    holding, release = threading.Event(), threading.Event()
    original_record = audit.record

    def record_then_wait(**kwargs):
        # Inside the completion's transaction, after its row locks are taken.
        original_record(**kwargs)
        holding.set()
        release.wait(timeout=20)

    monkeypatch.setattr(audit, "record", record_then_wait)

    def complete():
        try:
            make_current_video(upload=upload, video=video, by=entrant)
        finally:
            connection.close()

    completing = threading.Thread(target=complete)
    completing.start()
    try:
        assert holding.wait(timeout=20)
        # Another entrant enters the same contest meanwhile: the new row's foreign key needs a
        # share lock on the contest row, which a lock on it would refuse until the end.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '2s'")
            other = EntryFactory(contest=contest, entrant=UserFactory())
        assert other.pk
    finally:
        release.set()
        completing.join(timeout=20)
    assert Video.objects.get(entry=entry, is_current=True).pk == video.pk
