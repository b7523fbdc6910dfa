"""Latency and queries per request on the 4,600-entry demo.

Usage: python bench/bench_entries.py [--database-url URL] [--requests 30]

By default the demo lives in its own SQLite file under var/; pass a PostgreSQL URL (its
database is created when missing) to measure there. The demo is loaded once if absent.
Runs with DEBUG off, as in production, through Django's test client (no network).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_url = f"sqlite:///{ROOT / 'var' / 'bench-entries.sqlite3'}"
    parser.add_argument("--database-url",
                        default=os.environ.get("BENCH_DATABASE_URL", default_url))
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--entries", type=int, default=4600)
    return parser.parse_args()


def _ensure_postgres_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _setup(args: argparse.Namespace) -> None:
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    if args.database_url.startswith("postgres"):
        _ensure_postgres_database(args.database_url)
    else:
        (ROOT / "var").mkdir(exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", "--if-empty", "--entries", str(args.entries))


def _measure(client, url: str, runs: int) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        client.get(url)
    timings, queries, status = [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        queries, status = len(captured), response.status_code
    return statistics.median(timings), queries, status


def _url(name: str, **kwargs) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def main() -> None:
    args = _parse()
    _setup(args)
    from django.conf import settings
    from django.test import Client, override_settings

    from accounts.models import User
    from contest.models import Contest
    from contest.selectors import contest_stats
    from demo import contests as demo

    contest = Contest.objects.get(slug=demo.SLUG)
    stats = contest_stats(contest=contest)
    organiser = User.objects.get(email="organiser@marquee.test")
    entrant = User.objects.get(email="entrant@marquee.test")
    targets = [
        ("landing page /", None, "/"),
        ("organiser overview (all contests)", organiser, _url("contest:organiser_home")),
        ("organiser overview (one contest)", organiser,
         _url("contest:organiser_contest", slug=demo.SLUG)),
        ("API organiser entry list (page 1 of 50)", organiser,
         f"/api/v1/contests/{demo.SLUG}/entries/"),
        ("API organiser entry list (last page)", organiser,
         f"/api/v1/contests/{demo.SLUG}/entries/?page={-(-stats.by_status['eligible'] // 50)}"
         "&status=eligible"),
        ("API entrant's own entry list", entrant, "/api/v1/entries/"),
    ]
    database = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
    print(f"Demo: {stats.total} entries from {stats.countries} countries; {database}; "
          f"median of {args.requests} requests after 3 warm-up requests.")
    print(f"{'request':<42} {'median ms':>10} {'queries':>8} {'status':>7}")
    # Unhashed static names: the bench needs no collectstatic run.
    storages = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"], STORAGES=storages):
        for label, user, url in targets:
            if url is None:
                print(f"{label:<42} {'(page not available yet)':>27}")
                continue
            client = Client()
            if user is not None:
                client.force_login(user)
            median, queries, status = _measure(client, url, args.requests)
            print(f"{label:<42} {median:>10.1f} {queries:>8} {status:>7}")


if __name__ == "__main__":
    main()
