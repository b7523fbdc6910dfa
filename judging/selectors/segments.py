"""Who a bulk message reaches: one query per segment, always inside the message's contest.

Each segment is a subquery of user ids filtered by the contest first; a category or round of
another contest (a crafted id) matches nothing rather than leaking that contest's people.
Recipients are active accounts only, read in batches by id (keyset), so a send of any size
holds one batch in memory and costs one query per batch.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, QuerySet

from accounts.models import User
from contest.enums import EntryStatus
from contest.models import Entry

from ..enums import BulkSegment, ScoreStatus
from ..models import Assignment, BulkMessage

# Entries still in the contest: submitted, or checked and eligible.
VALID_STATUSES = (EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE)
RECIPIENT_FIELDS = ("id", "email", "language", "time_zone")


def _entrants(message: BulkMessage, **filters) -> QuerySet:
    return (Entry.objects.filter(contest_id=message.contest_id, entrant__isnull=False,
                                 **filters).values("entrant_id"))


def segment_user_ids(message: BulkMessage) -> QuerySet:
    """The ids of the people ``message`` is for (a subquery, possibly with repeats)."""
    segment = message.segment
    if segment == BulkSegment.DRAFTS:
        return _entrants(message, status=EntryStatus.DRAFT)
    if segment == BulkSegment.CATEGORY:
        return _entrants(message, category_id=message.category_id, status__in=VALID_STATUSES)
    if segment == BulkSegment.COUNTRY:
        return _entrants(message, entrant__country=message.country, status__in=VALID_STATUSES)
    if segment == BulkSegment.VALID_ENTRIES:
        return _entrants(message, status__in=VALID_STATUSES)
    if segment == BulkSegment.UNFINISHED_JURORS:
        return (Assignment.objects
                .filter(round_id=message.round_id, round__contest_id=message.contest_id,
                        juror__contest_id=message.contest_id, juror__is_active=True,
                        juror__user__isnull=False)
                .exclude(score__status=ScoreStatus.SUBMITTED).values("juror__user_id"))
    return User.objects.none().values("id")


def recipients(message: BulkMessage) -> QuerySet[User]:
    """The active accounts ``message`` is for, each once, by id."""
    if message.segment == BulkSegment.COUNTRY and not message.country:
        return User.objects.none()
    return (User.objects.filter(pk__in=segment_user_ids(message), is_active=True)
            .exclude(email="").order_by("pk"))


def recipient_batches(message: BulkMessage, *, size: int, after: int = 0
                      ) -> Iterator[list[User]]:
    """The recipients in batches of ``size``, by id after ``after``: one query per batch."""
    people = recipients(message).only(*RECIPIENT_FIELDS)
    while True:
        batch = list(people.filter(pk__gt=after)[:size])
        if not batch:
            return
        yield batch
        after = batch[-1].pk


def count_by_language(message: BulkMessage) -> dict[str, int]:
    """``{language: recipients}`` in one query."""
    rows = (recipients(message).order_by().values("language").annotate(n=Count("id"))
            .order_by("language"))
    return {row["language"]: row["n"] for row in rows}
