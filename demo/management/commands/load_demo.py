import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from demo import contests as demo
from demo import films as demo_films
from demo import judging as judging_demo


class Command(BaseCommand):
    help = ("Load the demo: NEXTGEN Creative Contest 2026 (open, being judged) with its entries "
            "and accounts, and the 2025 edition with its published winners.")

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=4600,
                            help="Received entries in the 2026 edition (default 4600).")
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when the demo contest already exists.")
        parser.add_argument("--replace", action="store_true",
                            help="Delete the demo contests and their generated entrants first.")
        parser.add_argument("--without-films", action="store_true",
                            help="Do not make the demo's films (no previews or posters).")

    def handle(self, *args, entries: int, if_empty: bool, replace: bool, without_films: bool,
               **options):
        if demo.demo_exists():
            if if_empty:
                self.stdout.write("The demo contest already exists; nothing to do.")
                self._print_logins()
                return
            if not replace:
                raise CommandError("The demo contest exists: use --replace or --if-empty.")
            with transaction.atomic():
                judging_demo.remove_judging()
                demo.remove_demo()
        if entries < 2:
            raise CommandError("--entries must be at least 2 (the demo entrant's and one more).")
        started = time.perf_counter()
        # The films are made on the other cores while the rows are written.
        films = None if without_films else demo_films.start_films()
        # One transaction: a failure leaves no half-built demo behind.
        with transaction.atomic():
            result = demo.load_demo(entries=entries)
            judging_demo.load_judging(demo=result)
            if films is not None:
                demo_films.attach_films(contests=[result.contest, result.past_edition],
                                        laureates=result.laureates, films=films.result())
        self.stdout.write(self.style.SUCCESS(
            f"Demo contest '{result.contest.name}' ({demo.SLUG}): {result.entries} entries "
            f"from {result.countries} countries, judging under way, "
            f"in {time.perf_counter() - started:.1f} s."
        ))
        self._print_logins()

    def _print_logins(self):
        self.stdout.write(f"Demo logins (password for all: {demo.PASSWORD}):")
        for email, role, *_rest in demo.ACCOUNTS:
            self.stdout.write(f"  {role.label:<10} {email}")
        winners = reverse("winners", args=[demo.PAST_SLUG])
        self.stdout.write(f"Published winners of the 2025 edition: {winners}")
