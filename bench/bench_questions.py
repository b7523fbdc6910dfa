"""Entry form questions and materials: what 20 questions and 10 materials cost the pages.

Builds a small judged contest in a database of its own (dropped unless --keep), reopens it
for entries, then requests, in process through Django's test client with DEBUG off: the
entrant's entry page, the entrant's entry form (edit) and a juror's score page, first with
no question, then with 20 questions of every type (half for jurors) answered on every entry,
then with 10 checked materials (a poster, five stills, four subtitle tracks) on the entry too.
Printed per page and case: queries and median wall time over --repeat requests.

    python bench/bench_questions.py [--repeat 50] [--questions 20] [--keep]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_DEBUG", "False")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

from _judging_data import build, drop_database, use_database  # noqa: E402

DATABASE = "marquee_bench_questions"
TYPES = ("short_text", "long_text", "single_choice", "multiple_choice", "yes_no", "number",
         "date", "url", "email", "country")
ANSWERS = {"short_text": "La Fémis", "long_text": "Two lines\nof text", "single_choice": "b",
           "multiple_choice": ["a", "b"], "yes_no": True, "number": 12, "date": "2026-03-01",
           "url": "https://example.org/film", "email": "producer@example.org", "country": "JP"}


def measure(client, url: str, repeat: int) -> tuple[int, float]:
    """Queries of one request and median wall ms of ``repeat`` (after two warm requests)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries), statistics.median(timings)


def add_questions(contest, count: int) -> None:
    from accounts.models import User
    from contest.models import Entry
    from contest.services.questions import add_question

    owner = User.objects.filter(memberships__organisation=contest.organisation).first()
    answers = {}
    for index in range(count):
        kind = TYPES[index % len(TYPES)]
        visibility = "organisers" if kind == "email" or index % 2 else "jurors"
        question = add_question(contest=contest, by=owner, values={
            "type": kind, "label": f"Question {index + 1}", "label_fr": f"Question {index + 1}",
            "help_text": "Why we ask.", "visibility": visibility, "required": index % 3 == 0,
            "choices": [{"key": "a", "labels": {"en": "A"}}, {"key": "b", "labels": {"en": "B"}}],
        })
        answers[question.key] = ANSWERS[kind]
    Entry.objects.filter(contest=contest).update(answers=answers)


def add_materials(entry_id: int) -> None:
    """Ten materials on the measured entry, checked here as the test suite checks them."""
    import tempfile

    from bench_materials import _add_materials
    from django.conf import settings

    from config.celery_app import app
    from contest.models import Entry

    settings.MEDIA_ROOT = tempfile.mkdtemp()
    app.conf.task_always_eager = True
    entry = Entry.objects.select_related("entrant").get(pk=entry_id)
    _add_materials(entry, 1)
    _add_materials(entry, 9)


def _clients(ids: dict):
    from django.test import Client
    from django.urls import reverse

    from accounts.enums import OrgRole
    from accounts.models import Membership, User
    from contest.models import Contest
    from judging.models import Assignment

    contest = Contest.objects.get(pk=ids["contest"])
    # Open for entries again: the entrant's form is only shown while entries are editable.
    Contest.objects.filter(pk=contest.pk).update(closes_at=contest.opens_at + timedelta(days=400))
    Membership.objects.get_or_create(organisation=contest.organisation, role=OrgRole.OWNER,
                                     user=User.objects.create(email="owner@bench.example"))
    assignment = Assignment.objects.filter(round_id=ids["round"]).select_related(
        "entry", "juror").first()
    entrant, juror = Client(), Client()
    entrant.force_login(assignment.entry.entrant)
    juror.force_login(assignment.juror.user)
    pages = {
        "entry page": (entrant, reverse("contest:entry_detail", args=[assignment.entry_id])),
        "entry form": (entrant, reverse("contest:entry_edit", args=[assignment.entry_id])),
        "juror score page": (juror, reverse("judging:score", args=[assignment.pk])),
    }
    return contest, pages, assignment.entry_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    use_database(DATABASE)
    try:
        ids = build(entries=args.entries, jurors=20, per_entry=3)
        contest, pages, entry_id = _clients(ids)
        results = {name: [measure(client, url, args.repeat)] for name, (client, url)
                   in pages.items()}
        add_questions(contest, args.questions)
        for name, (client, url) in pages.items():
            results[name].append(measure(client, url, args.repeat))
        add_materials(entry_id)
        for name, (client, url) in pages.items():
            results[name].append(measure(client, url, args.repeat))
        cases = ("0 q", f"{args.questions} q", f"{args.questions} q + 10 m")
        print(f"{'page':<18}" + "".join(f"{f'queries ({case})':>22} {f'ms p50 ({case})':>22}"
                                        for case in cases))
        for name, measured in results.items():
            print(f"{name:<18}" + "".join(f"{queries:>22} {ms:>22.1f}" for queries, ms in measured))
    finally:
        if not args.keep:
            drop_database(DATABASE)


if __name__ == "__main__":
    main()
