"""A real Celery worker process builds a person's data export and emails the link.

The request is made in this process and queued on commit to this run's Redis database; a
``celery worker`` subprocess on the test database writes the zip to the shared media folder
and sends the email to a file, where the test reads it.
"""

import hashlib
import os
import zipfile

import pytest
from django.core.files.base import ContentFile

from accounts.data_export.links import download_path
from accounts.data_export.services import request_data_export
from accounts.enums import DataExportStatus
from accounts.models import DataExport
from contest.models import Video
from core.models import Message, MessageStatus
from tests.contest.validation.live import worker_factory
from tests.factories import EntryFactory
from tests.slow.servers import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def make_worker(tmp_path):
    with worker_factory(tmp_path) as make:
        yield make


def test_a_real_worker_builds_the_export_and_emails_the_link(make_worker, entrant):
    entrant.language = "fr"
    entrant.save()
    film = os.urandom(5 * 1024 * 1024)
    entry = EntryFactory(entrant=entrant)
    video = Video(entry=entry, original_filename="film.mov", size_bytes=len(film))
    video.file.save("film.bin", ContentFile(film), save=True)
    worker = make_worker().start()

    export = request_data_export(user=entrant)
    done = wait_until(lambda: DataExport.objects.filter(pk=export.pk, emailed_at__isnull=False)
                      .first(), timeout=120, interval=0.2, what="export emailed")
    # emailed_at is set when the message is written; the outbox sends it a moment later.
    wait_until(lambda: Message.objects.filter(kind="accounts.data_export_ready",
                                              status=MessageStatus.SENT).exists(),
               timeout=30, interval=0.2, what="the email sent")

    assert (done.status, done.attempts) == (DataExportStatus.READY, 1)
    with done.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        copied = archive.read(f"files/entries/{entry.pk}/{video.pk}/original.mov")
        assert archive.testzip() is None
    assert hashlib.sha256(copied).hexdigest() == hashlib.sha256(film).hexdigest()
    [message] = worker.sent_mail()
    assert "Content-Language: fr" in message
    assert download_path(done).split(":")[0] in message
