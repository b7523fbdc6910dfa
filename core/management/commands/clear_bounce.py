"""``manage.py clear_bounce ADDRESS…``: let mail go to addresses that bounced before."""

from django.core.management.base import BaseCommand

from core.outbox import clear_bounces


class Command(BaseCommand):
    help = "Forget that these addresses bounced, so the outbox sends to them again."

    def add_arguments(self, parser):
        parser.add_argument("addresses", nargs="+")

    def handle(self, *args, addresses, **options):
        cleared = clear_bounces(addresses=addresses)
        self.stdout.write(f"{cleared} address(es) cleared.")
