"""Every stored file (films, posters, previews) into one tar and back, with SHA-256 sums.

The backup and restore scripts call this through ``manage.py media_archive``. It reads the
default storage, whichever it is: a folder on this server (``MEDIA_ROOT``) or an S3 bucket
(django-storages), where objects are streamed with boto3 in both directions, so a film of
many gigabytes never sits whole in memory or on the local disk. Checksums are in
``sha256sum`` format (``<hex>  <name>``), so ``sha256sum -c`` can read them too.
"""

from __future__ import annotations

import hashlib
import os
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.core.files.storage import FileSystemStorage, Storage

CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """The archive or the storage does not hold what the checksums say."""


@dataclass(frozen=True)
class Stored:
    name: str  # as the storage names it (the file field's value)
    size: int
    modified: datetime | None = None  # when it was last written, in UTC


class _Hashing:
    """A readable file that hashes what passes through it."""

    def __init__(self, raw: BinaryIO):
        self.raw, self.sha256 = raw, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        return data


def _is_s3(storage: Storage) -> bool:
    return hasattr(storage, "bucket") and hasattr(storage, "bucket_name")


def _s3_key(storage: Storage, name: str) -> str:
    from storages.utils import clean_name

    # The key django-storages itself would use for ``name`` (its location prefix included).
    return storage._normalize_name(clean_name(name))


def _s3_prefix(storage: Storage) -> str:
    location = (getattr(storage, "location", "") or "").strip("/")
    return f"{location}/" if location else ""


def stored_files(storage: Storage) -> Iterator[Stored]:
    """Every file in the storage, by name, in a stable order."""
    if _is_s3(storage):
        prefix = _s3_prefix(storage)
        for summary in storage.bucket.objects.filter(Prefix=prefix):
            yield Stored(name=summary.key[len(prefix):], size=summary.size,
                         modified=summary.last_modified)
        return
    root = Path(storage.location)
    if not root.is_dir():
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        status = path.stat()
        yield Stored(name=path.relative_to(root).as_posix(), size=status.st_size,
                     modified=datetime.fromtimestamp(status.st_mtime, tz=UTC))


@contextmanager
def _reading(storage: Storage, name: str) -> Iterator[BinaryIO]:
    if _is_s3(storage):
        body = storage.bucket.Object(_s3_key(storage, name)).get()["Body"]
        try:
            yield body
        finally:
            body.close()
    else:
        with open(storage.path(name), "rb") as file:
            yield file


def _safe_name(name: str) -> str:
    # A tar names its own paths: one that climbs out of the media folder is refused.
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts:
        raise ArchiveError(f"Unsafe name in the archive: {name!r}")
    return path.as_posix()


def _write(storage: Storage, name: str, source: BinaryIO) -> None:
    if _is_s3(storage):
        storage.bucket.upload_fileobj(source, _s3_key(storage, name))
        return
    target = Path(storage.path(name))
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as out:  # "x": a restore never overwrites a file
        while chunk := source.read(CHUNK):
            out.write(chunk)


def export_archive(storage: Storage, tar_path: Path) -> dict[str, str]:
    """Write every stored file into an uncompressed tar (films do not compress); returns
    name -> SHA-256 of the bytes written."""
    sums: dict[str, str] = {}
    with tarfile.open(tar_path, "w|", format=tarfile.PAX_FORMAT) as tar:
        for stored in stored_files(storage):
            if "\n" in stored.name or "\\" in stored.name:
                # The sums file is one name per line, as sha256sum reads it.
                raise ArchiveError(f"A stored name the checksums cannot hold: {stored.name!r}")
            info = tarfile.TarInfo(stored.name)
            info.size, info.mode = stored.size, 0o640
            with _reading(storage, stored.name) as raw:
                hashing = _Hashing(raw)
                tar.addfile(info, hashing)
            sums[stored.name] = hashing.sha256.hexdigest()
    return sums


def import_archive(storage: Storage, tar_path: Path, *, expected: dict[str, str]) -> int:
    """Write every file of the tar into an empty storage, checking each against ``expected``
    as it streams; returns how many were written."""
    if next(stored_files(storage), None) is not None:
        raise ArchiveError("The media storage is not empty: restore into an empty one.")
    written = 0
    with tarfile.open(tar_path, "r|") as tar:
        for member in tar:
            if not member.isfile():
                continue
            name = _safe_name(member.name)
            hashing = _Hashing(tar.extractfile(member))
            _write(storage, name, hashing)
            if expected.get(name) != hashing.sha256.hexdigest():
                raise ArchiveError(f"{name}: its bytes in the archive do not match the checksum")
            written += 1
    missing = set(expected) - set(stored.name for stored in stored_files(storage))
    if missing:
        raise ArchiveError(f"{len(missing)} files of the checksums are not in the archive")
    return written


def storage_checksums(storage: Storage) -> dict[str, str]:
    """SHA-256 of every stored file, read back from the storage."""
    sums = {}
    for stored in stored_files(storage):
        with _reading(storage, stored.name) as raw:
            digest = hashlib.sha256()
            while chunk := raw.read(CHUNK):
                digest.update(chunk)
        sums[stored.name] = digest.hexdigest()
    return sums


def format_checksums(sums: dict[str, str]) -> str:
    return "".join(f"{digest}  {name}\n" for name, digest in sorted(sums.items()))


def parse_checksums(text: str) -> dict[str, str]:
    sums = {}
    for line in text.splitlines():
        if line.strip():
            digest, name = line.split("  ", 1)
            sums[name] = digest
    return sums


def differences(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """What differs between two sets of checksums, one line each (empty: identical)."""
    lines = [f"missing: {name}" for name in sorted(set(expected) - set(actual))]
    lines += [f"unexpected: {name}" for name in sorted(set(actual) - set(expected))]
    lines += [f"different: {name}" for name in sorted(set(expected) & set(actual))
              if expected[name] != actual[name]]
    return lines


def describe(storage: Storage) -> str:
    if _is_s3(storage):
        return f"s3://{storage.bucket_name}/{_s3_prefix(storage)}"
    if isinstance(storage, FileSystemStorage):
        return os.fspath(storage.location)
    return type(storage).__name__
