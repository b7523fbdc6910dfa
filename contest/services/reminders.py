"""Reminding entrants of drafts they have not submitted, 7 days and 24 hours before the
deadline in the contest's time zone."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from core.outbox import enqueue_many
from core.reminders import due_occasion

from ..models import Contest
from .messages import draft_reminders

# "One week left" is not sent more than a day late; "last day" until the deadline.
SCHEDULE = {"7d": {"days": 7, "grace_hours": 24}, "24h": {"hours": 24}}


def queue_draft_reminders(*, now: datetime | None = None) -> int:
    """Enqueue the reminders due now, each (entrant, contest, occasion) once; returns how
    many reminders the due occasions hold. Run every quarter of an hour by celery beat."""
    now = now or timezone.now()
    queued = 0
    # Eight days: the seven-day reminder on a wall clock may lie an hour beyond seven days.
    contests = Contest.objects.filter(opens_at__lte=now, closes_at__gt=now,
                                      closes_at__lte=now + timedelta(days=8)).order_by("pk")
    for contest in contests:
        occasion = due_occasion(deadline=contest.closes_at, time_zone=contest.time_zone,
                                now=now, schedule=SCHEDULE)
        if occasion is None:
            continue
        with transaction.atomic():
            queued += enqueue_many(draft_reminders(contest=contest, occasion=occasion))
    return queued
