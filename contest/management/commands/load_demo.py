import time

from django.core.management.base import BaseCommand, CommandError

from contest import demo


class Command(BaseCommand):
    help = "Load the demo contest (NEXTGEN Creative Contest 2026) with its entries and accounts."

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=4600,
                            help="Received entries to create (default 4600).")
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when the demo contest already exists.")
        parser.add_argument("--replace", action="store_true",
                            help="Delete the demo contest and its generated entrants first.")

    def handle(self, *args, entries: int, if_empty: bool, replace: bool, **options):
        if demo.demo_exists():
            if if_empty:
                self.stdout.write("The demo contest already exists; nothing to do.")
                self._print_logins()
                return
            if not replace:
                raise CommandError("The demo contest exists: use --replace or --if-empty.")
            demo.remove_demo()
        if entries < 4:
            raise CommandError("--entries must be at least 4 (three laureates and one more).")
        started = time.perf_counter()
        result = demo.load_demo(entries=entries)
        self.stdout.write(self.style.SUCCESS(
            f"Demo contest '{result.contest.name}' ({demo.SLUG}): {result.entries} entries "
            f"from {result.countries} countries in {time.perf_counter() - started:.1f} s."
        ))
        self._print_logins()

    def _print_logins(self):
        self.stdout.write(f"Demo logins (password for all: {demo.PASSWORD}):")
        for email, role, *_rest in demo.ACCOUNTS:
            self.stdout.write(f"  {role.label:<10} {email}")
