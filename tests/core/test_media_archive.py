"""The media half of a backup: every stored file into a tar with SHA-256 sums and back, for a
media folder and an S3 bucket (moto on loopback), refusing a non-empty target, unsafe names
and bytes that do not match their sums."""

import hashlib
import io
import os
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command

from core import media_archive as archive
from tests.contest.uploads.conftest import moto_endpoint, s3_bucket  # noqa: F401 -- fixtures

FILES = {
    "videos/3/14/film.bin": os.urandom(700_000),
    "derived/3/14/poster.jpg": b"\xff\xd8poster",
    "odd name é.txt": b"",
}


def _fill(storage) -> dict[str, str]:
    for name, data in FILES.items():
        storage.save(name, ContentFile(data))
    return {name: hashlib.sha256(data).hexdigest() for name, data in FILES.items()}


def test_a_media_folder_goes_into_a_tar_and_back(tmp_path):
    source = FileSystemStorage(location=tmp_path / "media")
    target = FileSystemStorage(location=tmp_path / "restored")
    expected = _fill(source)

    sums = archive.export_archive(source, tmp_path / "media.tar")
    written = archive.import_archive(target, tmp_path / "media.tar", expected=sums)

    assert sums == expected
    assert written == 3
    assert archive.storage_checksums(target) == expected
    assert archive.differences(expected, archive.storage_checksums(target)) == []


def test_a_bucket_goes_into_a_tar_and_back(s3_bucket, tmp_path, settings):  # noqa: F811
    expected = _fill(default_storage)
    tar = tmp_path / "media.tar"
    sums = archive.export_archive(default_storage, tar)
    for summary in default_storage.bucket.objects.all():
        summary.delete()

    written = archive.import_archive(default_storage, tar, expected=sums)

    assert (sums, written) == (expected, 3)
    assert archive.storage_checksums(default_storage) == expected
    assert archive.describe(default_storage) == f"s3://{s3_bucket.name}/"


def test_a_restore_refuses_a_storage_that_is_not_empty(tmp_path):
    source = FileSystemStorage(location=tmp_path / "media")
    sums = _fill(source)
    archive.export_archive(source, tmp_path / "media.tar")

    with pytest.raises(archive.ArchiveError, match="not empty"):
        archive.import_archive(source, tmp_path / "media.tar", expected=sums)


def test_bytes_that_do_not_match_their_sum_are_refused(tmp_path):
    source = FileSystemStorage(location=tmp_path / "media")
    sums = _fill(source)
    archive.export_archive(source, tmp_path / "media.tar")
    sums["derived/3/14/poster.jpg"] = "0" * 64
    target = FileSystemStorage(location=tmp_path / "restored")

    with pytest.raises(archive.ArchiveError, match="poster.jpg"):
        archive.import_archive(target, tmp_path / "media.tar", expected=sums)


def test_a_name_climbing_out_of_the_media_folder_is_refused(tmp_path):
    tar_path = tmp_path / "evil.tar"
    with tarfile.open(tar_path, "w") as tar:
        info = tarfile.TarInfo("../outside.txt")
        info.size = 4
        tar.addfile(info, io.BytesIO(b"evil"))
    target = FileSystemStorage(location=tmp_path / "restored")

    with pytest.raises(archive.ArchiveError, match="Unsafe name"):
        archive.import_archive(target, tar_path, expected={"../outside.txt": "x"})
    assert not (tmp_path / "outside.txt").exists()


def test_the_command_verifies_the_storage_against_the_sums(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    _fill(default_storage)
    sums = tmp_path / "media.sha256"
    call_command("media_archive", "export", "--tar", str(tmp_path / "media.tar"),
                 "--checksums", str(sums))
    call_command("media_archive", "verify", "--checksums", str(sums))

    default_storage.delete("derived/3/14/poster.jpg")
    with pytest.raises(CommandError, match="1 files"):
        call_command("media_archive", "verify", "--checksums", str(sums))
    assert archive.parse_checksums(sums.read_text())["odd name é.txt"] == (
        hashlib.sha256(b"").hexdigest())
