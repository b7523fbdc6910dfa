"""A film replaced by a newer upload: marked replaced, listed for organisers, and its files
deleted once the retention time has passed."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from contest.enums import VideoStatus
from contest.models import Video
from contest.services.replaced_films import purge_replaced_films
from contest.tasks import purge_replaced_films as purge_task
from core.models import AuditEvent

from .conftest import create, patch

pytestmark = pytest.mark.django_db


def _upload(client, entry, payload) -> Video:
    url = create(client, entry=entry, length=len(payload))["Location"]
    assert patch(client, url, payload, offset=0).status_code == 204
    return Video.objects.get(entry=entry, is_current=True)


def _stored_video(entry, *, replaced_days_ago: float | None) -> Video:
    video = Video(entry=entry, original_filename="old cut.mov", size_bytes=9,
                  is_current=replaced_days_ago is None)
    if replaced_days_ago is not None:
        video.status = VideoStatus.REPLACED
        video.replaced_at = timezone.now() - timedelta(days=replaced_days_ago)
    video.file.save("film.bin", ContentFile(b"old bytes"), save=False)
    video.poster.save("poster.jpg", ContentFile(b"\xff\xd8poster"), save=False)
    video.preview.save("preview.mp4", ContentFile(b"preview"), save=False)
    video.save()
    return video


def _names(video: Video) -> list[str]:
    return [video.file.name, video.poster.name, video.preview.name]


def test_a_new_upload_marks_the_previous_film_replaced(owner_client, entry, payload):
    first = _upload(owner_client, entry, payload)
    before = timezone.now()
    second = _upload(owner_client, entry, payload[::-1])

    first.refresh_from_db()
    assert (first.is_current, first.status) == (False, VideoStatus.REPLACED)
    assert before <= first.replaced_at <= timezone.now()
    second.refresh_from_db()
    assert second.is_current and second.replaced_at is None
    # The replaced film is kept: the entrant and organisers can still fetch it.
    assert default_storage.exists(first.file.name)


def test_organisers_see_replaced_films_until_their_files_are_deleted(
    client, organiser, entry, settings
):
    settings.MARQUEE_REPLACED_FILM_RETENTION = timedelta(days=30)
    kept = _stored_video(entry, replaced_days_ago=1)
    client.force_login(organiser)
    page = reverse("contest:organiser_entry", args=[entry.contest.slug, entry.pk])

    html = client.get(page).content.decode()
    assert f'data-replaced-video="{kept.pk}"' in html
    assert reverse("contest:video-original", args=[kept.pk]) in html
    assert "kept until" in html

    Video.objects.filter(pk=kept.pk).update(replaced_at=timezone.now() - timedelta(days=31))
    assert purge_replaced_films() == 1
    html = client.get(page).content.decode()
    assert "its files were deleted" in html
    assert reverse("contest:video-original", args=[kept.pk]) not in html
    assert client.get(reverse("contest:video-original", args=[kept.pk])).status_code == 404


def test_purge_deletes_only_files_past_the_retention(entry, settings):
    settings.MARQUEE_REPLACED_FILM_RETENTION = timedelta(days=30)
    due = _stored_video(entry, replaced_days_ago=31)
    recent = _stored_video(entry, replaced_days_ago=29)
    current = _stored_video(entry, replaced_days_ago=None)
    due_files = _names(due)

    assert purge_task.delay().get() == 1

    due.refresh_from_db()
    assert _names(due) == ["", "", ""]
    assert not any(default_storage.exists(name) for name in due_files)
    # The row stays for the audit trail.
    assert (due.status, due.original_filename, due.size_bytes) == (VideoStatus.REPLACED,
                                                                   "old cut.mov", 9)
    event = AuditEvent.objects.get(action="video.files_deleted")
    assert (event.object_id, event.actor, event.before["files"]) == (str(due.pk), None, due_files)
    for video in (recent, current):
        video.refresh_from_db()
        assert all(default_storage.exists(name) for name in _names(video))
    assert purge_replaced_films() == 0


def test_a_failed_deletion_keeps_the_row_for_the_next_run(entry, settings, monkeypatch):
    settings.MARQUEE_REPLACED_FILM_RETENTION = timedelta(days=30)
    due = _stored_video(entry, replaced_days_ago=31)
    names = _names(due)

    delete = default_storage.delete

    def refuse_the_poster(name):
        # The film is already gone when the poster's deletion fails.
        if name == due.poster.name:
            raise PermissionError(name)
        delete(name)

    with monkeypatch.context() as patched:
        patched.setattr(default_storage, "delete", refuse_the_poster)
        assert purge_replaced_films() == 0
    due.refresh_from_db()
    assert _names(due) == names
    assert not AuditEvent.objects.filter(action="video.files_deleted").exists()

    assert purge_replaced_films() == 1
    assert not any(default_storage.exists(name) for name in names)


def test_one_films_storage_error_does_not_keep_the_others(entry, settings, monkeypatch):
    settings.MARQUEE_REPLACED_FILM_RETENTION = timedelta(days=30)
    failing, fine = (_stored_video(entry, replaced_days_ago=40),
                     _stored_video(entry, replaced_days_ago=35))
    delete = default_storage.delete

    def refuse_the_first(name):
        if name in _names(failing):
            raise RuntimeError("the bucket said no")  # not an OSError, as S3's errors are not
        delete(name)

    monkeypatch.setattr(default_storage, "delete", refuse_the_first)
    assert purge_replaced_films() == 1
    failing.refresh_from_db()
    fine.refresh_from_db()
    assert (failing.file.name != "", _names(fine)) == (True, ["", "", ""])


def test_purge_runs_daily(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "contest.purge_replaced_films" in tasks
