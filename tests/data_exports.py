"""Build a person's data export as the worker does, and read the zip back."""

from __future__ import annotations

import hashlib
import json
import zipfile

from accounts.data_export.services import build_data_export
from accounts.models import DataExport


class ExportArchive:
    def __init__(self, export: DataExport):
        self.export = export
        with export.file.storage.open(export.file.name, "rb") as handle:
            self.zip = zipfile.ZipFile(handle)
            self.zip.testzip()
            self.members = {name: self.zip.read(name) for name in self.zip.namelist()}

    @property
    def manifest(self) -> dict:
        return json.loads(self.members["manifest.json"])

    def records(self, exporter: str, kind: str | None = None) -> list[dict]:
        rows = json.loads(self.members[f"data/{exporter}.json"])
        return [row for row in rows if kind is None or row["kind"] == kind]

    def sha256(self, path: str) -> str:
        return hashlib.sha256(self.members[path]).hexdigest()

    def text(self) -> str:
        """Every JSON member together, for assertions that something appears nowhere."""
        return "\n".join(data.decode() for name, data in self.members.items()
                         if name.endswith(".json"))


def build_export(user) -> ExportArchive:
    export = DataExport.objects.create(user=user)
    assert build_data_export(export_id=export.pk)
    export.refresh_from_db()
    return ExportArchive(export)
