"""Reading organisers' bulk messages, for the pages and the API alike."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from contest.models import Contest
from core.models import Message, MessageStatus, scope_of

from ..enums import BulkStatus
from ..models import BulkMessage

COUNTED = ("sent", "pending", "failed", "skipped")


def messages_of_contest(*, contest: Contest) -> QuerySet[BulkMessage]:
    """The log: newest first, with who wrote and who sent each message."""
    return (BulkMessage.objects.filter(contest=contest)
            .select_related("created_by", "sent_by", "category", "round")
            .order_by("-created_at", "-id"))


def _counts(rows) -> dict[str, dict[str, int]]:
    tally: dict[str, dict[str, int]] = {}
    for row in rows:
        status = MessageStatus.PENDING if row["status"] == MessageStatus.SENDING else row["status"]
        counts = tally.setdefault(row["subject_id"], dict.fromkeys(COUNTED, 0))
        counts[status] += row["n"]
    return tally


def with_counts(messages: list[BulkMessage]) -> list[BulkMessage]:
    """Give each message ``counts`` (sent, pending, failed, skipped) from its outbox rows:
    one grouped query for the whole list."""
    if not messages:
        return messages
    subject_type = scope_of(messages[0])[0]
    rows = (Message.objects.filter(subject_type=subject_type,
                                   subject_id__in=[str(m.pk) for m in messages])
            .order_by().values("subject_id", "status").annotate(n=Count("id")))
    tally = _counts(rows)
    for message in messages:
        message.counts = tally.get(str(message.pk), dict.fromkeys(COUNTED, 0))
    return messages


def progress(*, message: BulkMessage) -> dict:
    """Where a send stands, from its outbox rows in one query. ``done`` once every row is
    written and none waits."""
    [message] = with_counts([message])
    counts = message.counts
    writing = message.status in (BulkStatus.QUEUED, BulkStatus.SENDING) and (
        message.status == BulkStatus.QUEUED or message.queued < message.recipients)
    return {"status": message.status, "recipients": message.recipients,
            "queued": message.queued, **counts,
            "done": message.status in (BulkStatus.SENT, BulkStatus.CANCELLED)
            or (not writing and message.status == BulkStatus.SENDING and not counts["pending"])}
