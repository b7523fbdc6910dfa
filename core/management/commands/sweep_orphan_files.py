"""``manage.py sweep_orphan_files [--dry-run]``: the daily sweep of stored files no row names,
on demand (after a restore, or to see what it would delete)."""

from django.core.management.base import BaseCommand

from core.orphan_files import sweep_orphan_files


class Command(BaseCommand):
    help = ("Delete stored files that no row names and that are older than "
            "MARQUEE_ORPHAN_FILE_GRACE_HOURS.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Count what would be deleted; delete nothing.")

    def handle(self, *args, dry_run, **options):
        counts = sweep_orphan_files(dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(
            f"{counts['seen']} stored file(s); {verb} {counts['deleted']} orphan(s) "
            f"({counts['bytes']} bytes); {counts['too_young']} too recent to tell; "
            f"{counts['failed']} could not be deleted.")
