"""Entry form questions: what 20 questions cost the pages that show them.

Builds a small judged contest in a database of its own (dropped unless --keep), reopens it
for entries, then requests, in process through Django's test client with DEBUG off: the
entrant's entry page, the entrant's entry form (edit) and a juror's score page, first with
no question, then with 20 questions of every type (half for jurors) answered on every entry.
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
    return contest, pages


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
        contest, pages = _clients(ids)
        results = {name: [measure(client, url, args.repeat)] for name, (client, url)
                   in pages.items()}
        add_questions(contest, args.questions)
        for name, (client, url) in pages.items():
            results[name].append(measure(client, url, args.repeat))
        print(f"{'page':<18} {'queries (0 q)':>13} {'ms p50 (0 q)':>13} "
              f"{f'queries ({args.questions} q)':>14} {f'ms p50 ({args.questions} q)':>14}")
        for name, ((q0, ms0), (qn, msn)) in results.items():
            print(f"{name:<18} {q0:>13} {ms0:>13.1f} {qn:>14} {msn:>14.1f}")
    finally:
        if not args.keep:
            drop_database(DATABASE)


if __name__ == "__main__":
    main()
