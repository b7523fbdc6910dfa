"""The sweep of stored files that no row names (``core/orphan_files.py``)."""

import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from accounts.models import DataExport
from contest.models import EntryMaterial, Video
from core import orphan_files
from core.orphan_files import file_fields, names_in_use, sweep_orphan_files
from tests.factories import VideoFactory

pytestmark = pytest.mark.django_db


def stored(name: str, *, hours_old: float, content: bytes = b"x") -> str:
    name = default_storage.save(name, ContentFile(content))
    moment = (timezone.now() - timedelta(hours=hours_old)).timestamp()
    os.utime(default_storage.path(name), (moment, moment))
    return name


def test_every_model_that_stores_files_is_looked_up():
    covered = {model: set(fields) for model, fields in file_fields()}
    assert covered[Video] == {"file", "poster", "preview"}
    assert covered[EntryMaterial] == {"upload", "file", "thumbnail"}
    assert covered[DataExport] == {"file"}


def test_an_old_file_no_row_names_goes_and_everything_named_or_recent_stays(entrant, settings):
    settings.MARQUEE_ORPHAN_FILE_GRACE_HOURS = 24
    video = VideoFactory(file=stored("videos/1/1/film.bin", hours_old=100))
    video.poster = stored("derived/1/1/poster.jpg", hours_old=100)
    video.save()
    export = DataExport.objects.create(user=entrant, file=stored("data-exports/1/x.zip",
                                                                 hours_old=100))
    orphan = stored("derived/1/1/v1-preview-left-by-a-killed-run.mp4", hours_old=25,
                    content=b"12345")
    being_written = stored("derived/1/1/v1-poster-still-being-made.jpg", hours_old=1)

    counts = sweep_orphan_files()

    assert counts == {"seen": 5, "deleted": 1, "too_young": 1, "failed": 0, "bytes": 5}
    assert not default_storage.exists(orphan)
    assert all(default_storage.exists(name) for name in (
        video.file.name, video.poster.name, export.file.name, being_written))
    assert sweep_orphan_files()["deleted"] == 0  # a second run finds nothing more


def test_a_dry_run_counts_and_deletes_nothing():
    orphan = stored("derived/9/9/old.jpg", hours_old=48)

    assert sweep_orphan_files(dry_run=True)["deleted"] == 1
    assert default_storage.exists(orphan)


def test_one_file_the_storage_will_not_delete_does_not_stop_the_others(monkeypatch):
    stuck = stored("derived/9/9/stuck.jpg", hours_old=48)
    other = stored("derived/9/9/other.jpg", hours_old=48)
    delete = default_storage.delete

    def refusing(name):
        if name == stuck:
            raise OSError("read-only")
        delete(name)

    monkeypatch.setattr(default_storage, "delete", refusing)

    counts = sweep_orphan_files()

    assert (counts["deleted"], counts["failed"]) == (1, 1)
    assert default_storage.exists(stuck) and not default_storage.exists(other)


def test_a_file_named_again_after_its_batch_was_read_is_kept(monkeypatch):
    orphan = stored("derived/9/9/restored.jpg", hours_old=48)
    calls = []

    def named_on_second_look(names):
        names = list(names)
        calls.append(names)
        return set() if len(calls) == 1 else set(names)

    monkeypatch.setattr(orphan_files, "names_in_use", named_on_second_look)

    counts = sweep_orphan_files()

    assert counts["deleted"] == 0 and default_storage.exists(orphan)
    assert len(calls) == 2


def test_looking_names_up_costs_one_query_per_model_with_files(django_assert_num_queries):
    names = [f"derived/1/1/{n}.jpg" for n in range(1000)]
    with django_assert_num_queries(len(file_fields())):
        assert names_in_use(names) == set()


def test_the_command_says_what_it_would_delete(capsys):
    stored("derived/9/9/old.jpg", hours_old=48, content=b"abc")

    call_command("sweep_orphan_files", "--dry-run")

    out = capsys.readouterr().out
    assert "would delete 1 orphan(s) (3 bytes)" in out
    assert default_storage.exists("derived/9/9/old.jpg")
