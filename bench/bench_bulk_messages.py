"""Organisers' bulk messages at full size: 4,600 entrants in nine languages.

Builds a contest in a database of its own (nine languages, 4,600 entrants with one submitted
entry each, their languages in turn, 1,000 of them in one category), then measures:

- time to queue: ``enqueue_recipients`` writing one outbox row per recipient in batches
  (median of three runs, each a new message), and the queries per batch;
- time to send: the outbox's sender (``core.sender.send_due``, as the sweeper runs it) with
  Django's file email backend, 4,600 recipients;
- peak memory of the queueing and of the sender (tracemalloc) at 1,000 and 4,600 recipients,
  which should be flat: recipients are read in batches, the sender claims 500 ids a run.

Rows are scheduled an hour ahead while queued, so the sends that the queueing triggers after
each batch (in-process here, Celery runs tasks eagerly) find nothing due and the two phases
are measured apart; before the send phase the rows are made due.

    python bench/bench_bulk_messages.py [--entrants 4600] [--small 1000] [--keep]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _judging_data import drop_database, use_database  # noqa: E402

DATABASE = "marquee_bench_bulk"
LANGUAGES = ["en", "zh-hans", "ja", "ko", "ru", "tr", "es", "fr", "ar"]
SUBJECTS = {"en": "Screening night", "zh-hans": "放映之夜", "ja": "上映会のお知らせ",
            "ko": "상영의 밤", "ru": "Вечер показа", "tr": "Gösterim gecesi",
            "es": "Noche de proyección", "fr": "Soirée de projection", "ar": "ليلة العرض"}


def build(entrants: int, small: int) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.enums import OrgRole
    from accounts.models import Membership, Organisation, User
    from contest.enums import EntryStatus
    from contest.models import Category, Contest, Entry

    now = timezone.now()
    organisation = Organisation.objects.create(name="Bench festival", slug="bench")
    contest = Contest.objects.create(
        organisation=organisation, name="Bench AI Film Festival", slug="bench",
        opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=3),
        languages=LANGUAGES, default_language="en")
    big, few = Category.objects.bulk_create([
        Category(contest=contest, name="Fiction", slug="fiction", order=0),
        Category(contest=contest, name="Documentary", slug="documentary", order=1)])
    unusable = make_password(None)
    people = User.objects.bulk_create(
        User(email=f"entrant{n}@bench.example", name_native=f"Entrant {n}",
             language=LANGUAGES[n % len(LANGUAGES)], password=unusable)
        for n in range(entrants))
    Entry.objects.bulk_create(
        (Entry(contest=contest, entrant=person, category=few if n < small else big,
               code=f"BULK{n:06d}"[:12], title_original=f"Film {n}", title_english=f"Film {n}",
               original_language="en", synopsis_original="S", synopsis_english="S",
               runtime_s=120, rights_declared=True, status=EntryStatus.SUBMITTED,
               submitted_at=now)
         for n, person in enumerate(people)), batch_size=2000)
    organiser = User.objects.create(email="organiser@bench.example", name_native="Organiser",
                                    password=unusable)
    Membership.objects.create(organisation=organisation, user=organiser, role=OrgRole.OWNER)
    return {"contest": contest, "organiser": organiser, "small_category": few}


def queued_message(contest, organiser, **segment):
    """A message made queued as ``send`` leaves it, its rows due an hour from now."""
    from django.utils import timezone

    from judging.enums import BulkStatus
    from judging.selectors.segments import recipients
    from judging.services import bulk_messages

    values = {f"subject_{code.replace('-', '_')}": SUBJECTS[code] for code in LANGUAGES}
    values |= {f"body_{code.replace('-', '_')}": f"{SUBJECTS[code]} — 20:00 <Hall A> & more."
               for code in LANGUAGES}
    message = bulk_messages.create_draft(contest=contest, by=organiser, values=values,
                                         **segment)
    message.status = BulkStatus.QUEUED
    message.recipients = recipients(message).count()
    message.queued_at = timezone.now() + timedelta(hours=1)
    message.sent_by = organiser
    message.save()
    return message


def measure_queue(message) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from judging.services import bulk_messages

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        written = bulk_messages.enqueue_recipients(message_id=message.pk)
    seconds = time.perf_counter() - started
    inserts = sum('INSERT INTO "core_message"' in q["sql"] for q in captured.captured_queries)
    reads = sum('FROM "accounts_user"' in q["sql"] for q in captured.captured_queries)
    return {"written": written, "seconds": seconds, "queries": len(captured),
            "recipient_reads": reads, "inserts": inserts}


def peak_of(call) -> tuple[object, int]:
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def send_all(message) -> dict:
    """Make the message's rows due and send them as the sweeper does, 500 a run."""
    from django.utils import timezone

    from core import outbox
    from core.sender import send_due

    outbox.messages_about(message).update(scheduled_at=timezone.now())
    outcomes: dict[str, int] = {}
    while True:
        done = send_due(limit=500)
        if not done:
            return outcomes
        for key, value in done.items():
            outcomes[key] = outcomes.get(key, 0) + value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entrants", type=int, default=4600)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    use_database(DATABASE)
    from django.conf import settings
    from django.utils import timezone

    from core.outbox import messages_about
    from core.sender import send_due
    from judging.enums import BulkSegment

    # DEBUG (on by default outside production) keeps every query's SQL in a log that would
    # count as the sender's memory; production runs without it.
    settings.DEBUG = False
    mail_dir = tempfile.mkdtemp(prefix="bench-bulk-mail-")
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = mail_dir
    world = build(args.entrants, args.small)
    contest, organiser = world["contest"], world["organiser"]
    everyone = {"segment": BulkSegment.VALID_ENTRIES}
    category = {"segment": BulkSegment.CATEGORY, "category": world["small_category"]}
    try:
        runs = [measure_queue(queued_message(contest, organiser, **everyone)) for _ in range(3)]
        batches = runs[0]["recipient_reads"] - 1  # the last read finds nobody and ends
        small_queue, small_queue_peak = peak_of(
            lambda: measure_queue(queued_message(contest, organiser, **category)))
        large_message = queued_message(contest, organiser, **everyone)
        large_queue, large_queue_peak = peak_of(lambda: measure_queue(large_message))
        # Warm up: the first emails load the nine catalogs and compile the templates.
        warm = queued_message(contest, organiser, **category)
        measure_queue(warm)
        first = list(messages_about(warm).values_list("pk", flat=True)[:18])
        messages_about(warm).filter(pk__in=first).update(scheduled_at=timezone.now())
        send_due(limit=500)
        measured = {}
        for size, segment in ((args.small, category), (args.entrants, everyone)):
            message = queued_message(contest, organiser, **segment)
            measure_queue(message)
            outcomes, peak = peak_of(lambda message=message: send_all(message))
            measured[size] = {"outcomes": outcomes, "peak": peak}
        # The time without tracemalloc's overhead, on the rows written above.
        started = time.perf_counter()
        large_sent = send_all(large_message)
        large_seconds = time.perf_counter() - started
        small_send_peak = measured[args.small]["peak"]
        large_send_peak = measured[args.entrants]["peak"]
        report = {
            "recipients": args.entrants, "languages": len(LANGUAGES),
            "queue_seconds_median": round(statistics.median(r["seconds"] for r in runs), 3),
            "queue_seconds_runs": [round(r["seconds"], 3) for r in runs],
            "queue_batches": batches,
            "queue_queries": runs[0]["queries"],
            "queue_inserts": runs[0]["inserts"],
            # Between a one-batch queueing (the category) and the full one.
            "queries_per_batch": round((runs[0]["queries"] - small_queue["queries"])
                                       / extra, 2) if (extra := batches - (
                                           small_queue["recipient_reads"] - 1)) else None,
            "queue_peak_kib": {str(args.small): small_queue_peak // 1024,
                               str(args.entrants): large_queue_peak // 1024},
            "send_seconds": round(large_seconds, 2),
            "sent_per_second": round(sum(large_sent.values()) / large_seconds, 1),
            "send_outcomes": {str(size): item["outcomes"] for size, item in measured.items()},
            "sender_peak_kib": {str(args.small): small_send_peak // 1024,
                                str(args.entrants): large_send_peak // 1024},
            "sender_peak_ratio": round(large_send_peak / small_send_peak, 2),
            "queued_written": [small_queue["written"], large_queue["written"]],
            "emails_on_disk": len(list(Path(mail_dir).iterdir())),
        }
        print(json.dumps(report, indent=2))
    finally:
        if not args.keep:
            drop_database(DATABASE)


if __name__ == "__main__":
    main()
