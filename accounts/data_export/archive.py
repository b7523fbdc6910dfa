"""The export's zip, written front to back as a stream: flat memory whatever the films weigh.

The archive goes to a write-only stream (a file in private storage, or an S3 multipart
upload), so ``zipfile`` never seeks back: each member carries its sizes and checksum in a
data descriptor after its bytes. Stored files are copied in pieces of ``PIECE`` bytes and
hashed on the way; records are encoded one at a time. No database access here.

Layout: ``data/<exporter>.json`` (a JSON array per exporter), ``files/…`` (the person's stored
files, uncompressed: films and images are compressed already), and ``manifest.json`` last,
listing every file with its size and SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder

from .registry import ExportFile, Item

PIECE = 512 * 1024
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Summary:
    files: int
    file_bytes: int
    missing: int


class _WriteOnly:
    """Hides ``seek`` and ``tell`` of the target, so zipfile writes a pure stream."""

    def __init__(self, target: IO[bytes]):
        self._target = target

    def write(self, data: bytes) -> int:
        return self._target.write(data)

    def flush(self) -> None:
        self._target.flush()


def write_archive(target: IO[bytes], parts: Iterable[tuple[str, Iterable[Item]]], *,
                  about: dict[str, Any]) -> Summary:
    """Write the archive of ``parts`` (exporter name, its items) to ``target``.

    ``about`` opens the manifest (who, when). Files a part names but storage no longer holds
    are listed in the manifest as missing rather than failing the whole export.
    """
    listed: list[dict[str, Any]] = []
    missing: list[str] = []
    with zipfile.ZipFile(_WriteOnly(target), "w", allowZip64=True) as archive:
        files: list[ExportFile] = []
        names = []
        for name, items in parts:
            names.append(name)
            files.extend(_write_records(archive, f"data/{name}.json", items))
        for item in files:
            copied = _copy_file(archive, item)
            if copied is None:
                missing.append(item.path)
            else:
                listed.append(copied)
        manifest = {**about, "format": FORMAT_VERSION, "data": [f"data/{n}.json" for n in names],
                    "files": listed, "missing_files": missing}
        with archive.open(_member("manifest.json", zipfile.ZIP_DEFLATED), "w") as out:
            out.write(_encode(manifest))
    return Summary(files=len(listed), file_bytes=sum(f["size"] for f in listed),
                   missing=len(missing))


def _write_records(archive: zipfile.ZipFile, path: str,
                   items: Iterable[Item]) -> list[ExportFile]:
    """Write the dicts among ``items`` as one JSON array; return the files to copy after."""
    files = []
    with archive.open(_member(path, zipfile.ZIP_DEFLATED), "w", force_zip64=True) as out:
        out.write(b"[")
        first = True
        for item in items:
            if isinstance(item, ExportFile):
                files.append(item)
                continue
            out.write(b"\n" if first else b",\n")
            out.write(_encode(item))
            first = False
        out.write(b"\n]\n")
    return files


def _copy_file(archive: zipfile.ZipFile, item: ExportFile) -> dict[str, Any] | None:
    if not item.name or not item.storage.exists(item.name):
        return None
    digest = hashlib.sha256()
    size = 0
    # force_zip64: the size is not known to zipfile up front, and films pass 4 GiB.
    with item.storage.open(item.name, "rb") as source, \
            archive.open(_member(item.path, zipfile.ZIP_STORED), "w", force_zip64=True) as out:
        while piece := source.read(PIECE):
            digest.update(piece)
            size += len(piece)
            out.write(piece)
    return {"path": item.path, "size": size, "sha256": digest.hexdigest()}


def _member(path: str, compression: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, date_time=time.gmtime()[:6])
    info.compress_type = compression
    info.external_attr = 0o644 << 16
    return info


def _encode(value: Any) -> bytes:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
