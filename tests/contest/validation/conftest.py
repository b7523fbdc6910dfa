import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from contest.enums import EntryStatus
from contest.models import Upload, Video
from contest.services.uploads import finish_upload, partial_path
from tests.factories import ContestFactory, EntryFactory


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True, timeout=120)


@pytest.fixture(scope="session")
def lookalike_samples(tmp_path_factory, media_sample):
    """A re-encode of ``valid_1080p`` (other bytes, same pictures) and a different film."""
    reencoded = tmp_path_factory.mktemp("lookalikes") / "reencoded.mp4"
    _ffmpeg("-i", str(media_sample("valid_1080p")), "-c:v", "libx264", "-preset", "ultrafast",
            "-crf", "36", "-c:a", "copy", str(reencoded))
    return {"reencoded": reencoded, "different": media_sample("other_1080p")}


@pytest.fixture
def contest_entry(entrant):
    """A submitted entry (it becomes eligible when its film is valid)."""
    return EntryFactory(entrant=entrant, contest=ContestFactory(), status=EntryStatus.SUBMITTED)


def upload_file(*, entry, source: Path, filename: str = "film.mp4") -> Video:
    """Complete an upload of ``source`` into ``entry`` as the tus service does at its last byte.

    Validation is queued on commit: wrap the call in ``django_capture_on_commit_callbacks``
    (or use a transactional test) for it to run.
    """
    upload = Upload.objects.create(entry=entry, uploader=entry.entrant, filename=filename,
                                   length=source.stat().st_size)
    partial = partial_path(upload)
    partial.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, partial)
    return finish_upload(upload=upload, path=partial, by=entry.entrant)


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """``upload(entry, path, filename=...)``: upload and run the whole validation (eager)."""

    def run(entry, source: Path, filename: str = "film.mp4", *, validate: bool = True) -> Video:
        if not validate:
            return upload_file(entry=entry, source=source, filename=filename)
        with django_capture_on_commit_callbacks(execute=True):
            video = upload_file(entry=entry, source=source, filename=filename)
        video.refresh_from_db()
        return video

    return run


def stored_names(folder: str) -> list[str]:
    """Every file under ``folder`` of default storage."""
    if not default_storage.exists(folder):
        return []
    dirs, files = default_storage.listdir(folder)
    names = [f"{folder}/{name}" for name in files]
    for sub in dirs:
        names += stored_names(f"{folder}/{sub}")
    return names


def derived_files(video: Video) -> list[str]:
    return [name for name in stored_names(f"derived/{video.entry.contest_id}")
            if Path(name).name.startswith(f"v{video.pk}-")]


def task_id() -> str:
    return str(uuid.uuid4())

