import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contest.services.materials import upload_material
from tests.factories import ContestFactory, EntryFactory


@pytest.fixture
def draft(entrant):
    """A draft entry of an open contest (its film in English: no subtitle rule applies)."""
    return EntryFactory(entrant=entrant, contest=ContestFactory(), original_language="ja")


@pytest.fixture
def add_material(django_capture_on_commit_callbacks):
    """``add_material(entry, kind, data, name, language=...)``: upload and check it (eager)."""

    def run(entry, kind, data: bytes, name: str = "file.bin", *, language: str = "",
            by=None, check: bool = True):
        upload = SimpleUploadedFile(name, data)
        with django_capture_on_commit_callbacks(execute=check):
            material = upload_material(entry=entry, by=by or entry.entrant, kind=kind,
                                       upload=upload, language=language)
        material.refresh_from_db()
        return material

    return run
