"""``manage.py media_archive export|import|verify|describe|check-empty``: the media half of
scripts/backup.sh and scripts/restore.sh, for a media folder or an S3 bucket alike (see
``core.media_archive``)."""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from core import media_archive as archive


class Command(BaseCommand):
    help = ("Write every stored media file into a tar with SHA-256 sums (export), restore such "
            "a tar into an empty storage (import), or check the storage against the sums "
            "(verify); describe names the storage, check-empty fails unless it holds no file.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "import", "verify", "describe",
                                                       "check-empty"])
        parser.add_argument("--tar", type=Path, help="The archive to write or read.")
        parser.add_argument("--checksums", type=Path,
                            help="The sums file (sha256sum format) to write or check against.")

    def handle(self, *args, action: str, tar: Path | None, checksums: Path | None, **options):
        where = archive.describe(default_storage)
        if action == "describe":
            self.stdout.write(where)
            return
        if action == "check-empty":
            if next(archive.stored_files(default_storage), None) is not None:
                raise CommandError(f"{where} is not empty")
            return
        if checksums is None:
            raise CommandError("--checksums is required.")
        try:
            if action == "export":
                sums = archive.export_archive(default_storage, self._tar(tar))
                checksums.write_text(archive.format_checksums(sums), encoding="utf-8")
                self.stdout.write(f"{len(sums)} files of {where} archived")
            elif action == "import":
                expected = archive.parse_checksums(checksums.read_text(encoding="utf-8"))
                count = archive.import_archive(default_storage, self._tar(tar),
                                               expected=expected)
                self.stdout.write(f"{count} files restored into {where}")
            else:
                self._verify(checksums, where)
        except archive.ArchiveError as error:
            raise CommandError(str(error)) from error

    def _tar(self, tar: Path | None) -> Path:
        if tar is None:
            raise CommandError("--tar is required for export and import.")
        return tar

    def _verify(self, checksums: Path, where: str) -> None:
        expected = archive.parse_checksums(checksums.read_text(encoding="utf-8"))
        problems = archive.differences(expected, archive.storage_checksums(default_storage))
        if problems:
            for line in problems[:50]:
                self.stderr.write(line)
            raise CommandError(f"{len(problems)} files of {where} differ from the checksums")
        self.stdout.write(f"{len(expected)} files of {where} match their checksums")
