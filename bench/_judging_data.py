"""A contest at full size for the judging benchmarks, built with bulk_create in its own database.

4,600 eligible entries (one entrant each, a current valid video each), a jury of N jurors,
one open screening round with the four-criterion rubric and 3 jurors per entry, assigned
in rotation so loads differ by at most one. Some scores are drafts, some submitted.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _code(number: int) -> str:
    from contest.models.entry import CODE_ALPHABET

    digits = []
    for _ in range(7):
        number, digit = divmod(number, len(CODE_ALPHABET))
        digits.append(CODE_ALPHABET[digit])
    return "".join(digits)


def use_database(name: str) -> str:
    """Point Django at a fresh database ``name`` on the configured server, then set it up."""
    base = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    url = f"{base}/{name}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return url


def drop_database(name: str) -> None:
    base = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def build(*, entries: int = 4600, jurors: int = 100, per_entry: int = 3, seed: int = 7,
          scored_share: float = 0.5) -> dict:
    """Create the contest; returns ids the benchmarks need."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts.enums import Role
    from accounts.models import Organisation, User
    from contest.enums import EntryStatus, VideoStatus
    from contest.models import Category, Contest, Entry, Video
    from judging.enums import RoundKind, RoundStatus, ScoreStatus
    from judging.models import Assignment, Criterion, Juror, Round, Score

    rng = random.Random(seed)
    unusable = make_password(None)
    now = timezone.now()
    organisation = Organisation.objects.create(name="Bench festival", slug="bench")
    contest = Contest.objects.create(
        organisation=organisation, name="Bench AI Film Festival", slug="bench",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=1),
    )
    categories = Category.objects.bulk_create(
        Category(contest=contest, name=f"Category {i}", slug=f"category-{i}", order=i)
        for i in range(8)
    )
    countries = ["JP", "CN", "KR", "FR", "BR", "US", "NG", "IN", "TR", "EG", "MX", "DE"]
    entrants = User.objects.bulk_create(
        User(email=f"entrant{i}@bench.example", name_native=f"Entrant {i}",
             country=countries[i % len(countries)], password=unusable)
        for i in range(entries)
    )
    codes = [_code(n) for n in rng.sample(range(31**7), entries)]
    film_entries = Entry.objects.bulk_create(
        Entry(
            contest=contest, entrant=entrant, category=categories[i % len(categories)],
            code=code, title_original=f"映画 {i}", title_english=f"Film {i}",
            original_language="ja", synopsis_original="あらすじ " * 40,
            synopsis_english="A synopsis. " * 40, runtime_s=60 + i % 600,
            ai_tools=["sora", "runway"], rights_declared=True, status=EntryStatus.ELIGIBLE,
            submitted_at=now - timedelta(days=5),
        )
        for i, (entrant, code) in enumerate(zip(entrants, codes, strict=True))
    )
    Video.objects.bulk_create(
        Video(entry=entry, file=f"videos/{contest.pk}/{entry.pk}/f.bin",
              original_filename="film.mp4", status=VideoStatus.VALID,
              poster=f"derived/{contest.pk}/{entry.pk}/p.jpg",
              preview=f"derived/{contest.pk}/{entry.pk}/v.mp4")
        for entry in film_entries
    )
    juror_users = User.objects.bulk_create(
        User(email=f"juror{i}@bench.example", name_native=f"Juror {i}", password=unusable)
        for i in range(jurors)
    )
    group, _created = Group.objects.get_or_create(name=Role.JUROR.value)
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=group.pk) for user in juror_users
    )
    seats = Juror.objects.bulk_create(
        Juror(contest=contest, user=user, country=countries[i % len(countries)],
              languages=["en"])
        for i, user in enumerate(juror_users)
    )
    round_ = Round.objects.create(
        contest=contest, name="Screening", kind=RoundKind.SCREENING, order=1,
        jurors_per_entry=per_entry, deadline=now + timedelta(days=14), status=RoundStatus.OPEN,
    )
    criteria = Criterion.objects.bulk_create(
        Criterion(round=round_, name=name, weight=Decimal(weight), order=i)
        for i, (name, weight) in enumerate(
            [("Story", 30), ("Visual craft", 25), ("Creative use of AI", 25),
             ("Emotional impact", 20)]
        )
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(round=round_, entry=entry, juror=seats[(i + k) % jurors])
        for i, entry in enumerate(film_entries)
        for k in range(per_entry)
    )
    scores = []
    for assignment in assignments:
        if rng.random() >= scored_share:
            continue
        marks = {str(c.pk): rng.randint(1, 10) for c in criteria}
        submitted = rng.random() < 0.6
        weighted = sum(float(c.weight) * marks[str(c.pk)] for c in criteria) / 100
        scores.append(Score(
            assignment=assignment, marks=marks, version=2 if submitted else 1,
            status=ScoreStatus.SUBMITTED if submitted else ScoreStatus.DRAFT,
            weighted=weighted if submitted else None,
            submitted_at=now if submitted else None,
        ))
    Score.objects.bulk_create(scores, batch_size=2000)
    return {
        "contest": contest.pk,
        "round": round_.pk,
        "juror_users": [user.pk for user in juror_users],
        "criteria": [c.pk for c in criteria],
        "assignments": len(assignments),
        "scores": len(scores),
    }
