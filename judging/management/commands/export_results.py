import sys

from django.core.management.base import BaseCommand, CommandError

from contest.models import Contest
from core.errors import ContestError
from judging.exports import EXPORT_FORMATS, EXPORT_KINDS, build_export


class Command(BaseCommand):
    help = "Export a contest's winners, full results or statistics as CSV, XLSX or PDF."

    def add_arguments(self, parser):
        parser.add_argument("contest_slug")
        parser.add_argument("--format", dest="fmt", choices=sorted(EXPORT_FORMATS), default="csv")
        parser.add_argument("--what", choices=sorted(EXPORT_KINDS), default="winners")
        parser.add_argument("-o", "--output", help="File to write; standard output by default.")

    def handle(self, *args, contest_slug, fmt, what, output=None, **options):
        contest = Contest.objects.filter(slug=contest_slug).first()
        if contest is None:
            raise CommandError(f"No contest with the slug {contest_slug!r}.")
        if output is None and fmt != "csv" and sys.stdout.isatty():
            raise CommandError("Binary formats need -o FILE when writing to a terminal.")
        try:
            export = build_export(contest=contest, what=what, fmt=fmt)
            if output:
                with open(output, "wb") as handle:
                    for chunk in export.chunks:
                        handle.write(chunk)
            else:
                stream = getattr(self.stdout, "_out", sys.stdout)
                binary = getattr(stream, "buffer", None)
                for chunk in export.chunks:
                    if binary is not None:
                        binary.write(chunk)
                    else:
                        stream.write(chunk.decode("utf-8") if fmt == "csv" else chunk)
                stream.flush()
        except ContestError as exc:
            raise CommandError(str(exc.message)) from exc
        if output:
            self.stderr.write(f"Wrote {output}")
