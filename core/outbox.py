"""The outbox: every email the platform sends is first a ``Message`` row.

A service that causes a message calls ``enqueue`` (or ``enqueue_many`` for a bulk send) inside
its own transaction; after commit the row is handed to ``core.send_message`` (or, for many,
``core.send_pending_messages``), and the periodic sweeper picks up whatever nobody sent. Apps
say how each kind of message reads with ``register_message_kind`` in their
``AppConfig.ready``, so core never imports the app that owns the object a message is about.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError

from . import audit
from .errors import ConflictError
from .message_kinds import (  # noqa: F401 -- the outbox is where apps find them
    MessageKind,
    Rendered,
    message_kind,
    message_kinds,
    register_message_kind,
)
from .models import Message, MessageStatus, scope_of

logger = logging.getLogger(__name__)


@dataclass
class Outgoing:
    """One message to enqueue. ``recipient`` is the user, when the person has an account;
    ``address`` is taken from it unless given (invitees have only an address)."""

    kind: str
    subject: Model
    recipient: Any = None
    address: str = ""
    language: str = ""
    time_zone: str = ""
    scope: Model | None = None
    occasion: str = ""
    context: dict = field(default_factory=dict)
    scheduled_at: datetime | None = None

    def to_row(self) -> Message:
        if message_kind(self.kind) is None:
            raise LookupError(f"Unknown message kind {self.kind!r}")
        recipient = self.recipient
        address = (self.address or getattr(recipient, "email", "") or "").strip()
        subject_type, subject_id = scope_of(self.subject)
        scope_type, scope_id = scope_of(self.scope)
        who = f"u{recipient.pk}" if recipient is not None else address.lower()
        return Message(
            recipient=recipient, address=address, kind=self.kind,
            subject_type=subject_type, subject_id=subject_id,
            scope_type=scope_type, scope_id=scope_id, occasion=self.occasion,
            dedupe_key=f"{who}|{self.kind}|{subject_type}:{subject_id}|{self.occasion}",
            language=(self.language or getattr(recipient, "language", "")
                      or settings.LANGUAGE_CODE),
            time_zone=self.time_zone or getattr(recipient, "time_zone", "") or "UTC",
            context=self.context, scheduled_at=self.scheduled_at or timezone.now(),
        )


def enqueue(*, send_after_commit: bool = True, **fields: Any) -> Message:
    """Write one message in the caller's transaction and send it after commit when due.

    Takes ``Outgoing``'s fields. A message with the same recipient, kind, subject and occasion
    already in the outbox is returned as it is: enqueueing twice never sends twice. A task
    that sends at once itself (``core.sender.deliver``) passes ``send_after_commit=False``.
    """
    row = Outgoing(**fields).to_row()
    Message.objects.bulk_create([row], ignore_conflicts=True)
    message = Message.objects.get(dedupe_key=row.dedupe_key)
    if (send_after_commit and message.status == MessageStatus.PENDING
            and message.scheduled_at <= timezone.now()):
        _dispatch_after_commit([message.pk])
    return message


def enqueue_many(outgoing: Iterable[Outgoing]) -> int:
    """Write many messages in one statement (a bulk send, reminders); the ones already in the
    outbox are left alone. After commit one batch task sends them. Returns how many rows the
    outbox holds for these keys (new and old)."""
    rows = [item.to_row() for item in outgoing]
    if not rows:
        return 0
    Message.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    transaction.on_commit(_send_pending_batch)
    return len(rows)


def _dispatch_after_commit(ids: list[int]) -> None:
    from .tasks import send_message

    def dispatch() -> None:
        # The row is committed: with the broker away, the sweeper sends it later, and the
        # request that caused it must not fail for that.
        try:
            for message_id in ids:
                send_message.delay(message_id=message_id)
        except (BrokerError, OSError):
            logger.exception("Could not queue messages %s; the sweeper will send them", ids)

    transaction.on_commit(dispatch)


def _send_pending_batch() -> None:
    from .tasks import send_pending_messages

    try:
        send_pending_messages.delay()
    except (BrokerError, OSError):
        logger.exception("Could not queue a batch of messages; the sweeper will send them")


def retry_failed(*, message: Message, scope: Model, by) -> Message:
    """Put a failed message back in the queue (an organiser's retry), with an audit row.

    A bounced address stays bounced: the sender skips it again until an operator clears it.
    """
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.status != MessageStatus.FAILED:
            raise ConflictError(_("Only a failed message can be sent again."), "not_failed")
        before = {"status": MessageStatus.FAILED, "attempts": message.attempts}
        message.status = MessageStatus.PENDING
        message.status_reason = ""
        # A fresh budget of attempts: the one it used up is why it failed.
        message.attempts = 0
        message.scheduled_at = timezone.now()
        message.claim_token = ""
        message.lease_until = None
        message.save(update_fields=["status", "status_reason", "attempts", "scheduled_at",
                                    "claim_token", "lease_until", "updated_at"])
        audit.record(actor=by, action="message.retry", obj=message, scope=scope,
                     before=before,
                     after={"status": MessageStatus.PENDING, "kind": message.kind})
        _dispatch_after_commit([message.pk])
    return message


def messages_for(scope: Model) -> QuerySet[Message]:
    scope_type, scope_id = scope_of(scope)
    return Message.objects.filter(scope_type=scope_type, scope_id=scope_id)


def counts_by_kind(*, scope: Model) -> list[dict[str, Any]]:
    """Per kind of message of ``scope``: how many are sent, pending (or being sent), failed and
    skipped; one query. Kinds are listed in registration order, the ones never used left out."""
    tally: dict[str, dict[str, int]] = {}
    rows = messages_for(scope).order_by().values("kind", "status").annotate(n=Count("id"))
    for row in rows:
        status = MessageStatus.PENDING if row["status"] == MessageStatus.SENDING else row["status"]
        counts = tally.setdefault(row["kind"], dict.fromkeys(MessageStatus.values, 0))
        counts[status] += row["n"]
    order = {kind.kind: index for index, kind in enumerate(message_kinds())}
    return [
        {"kind": kind, "label": _label(kind), **{key: counts[key] for key in
                                                 ("sent", "pending", "failed", "skipped")}}
        for kind, counts in sorted(tally.items(), key=lambda item: order.get(item[0], 999))
    ]


def failed_messages(*, scope: Model) -> QuerySet[Message]:
    """The failed messages of ``scope``, newest first, for the organiser to retry."""
    return (messages_for(scope).filter(status=MessageStatus.FAILED)
            .only("id", "kind", "address", "status", "status_reason", "error", "attempts",
                  "updated_at", "scope_type", "scope_id")
            .order_by("-updated_at", "-id"))


def _label(kind: str) -> Any:
    registered = message_kind(kind)
    return registered.label if registered else kind


def kind_label(kind: str) -> Any:
    return _label(kind)


def unsubscribe_address(*, address: str, kind: str) -> None:
    """Stop non-essential mail of ``kind`` (empty: of every kind) to ``address``; pending
    messages are skipped when their turn comes."""
    from .models import Unsubscription

    Unsubscription.objects.get_or_create(address=address.lower(), kind=kind)


def clear_bounces(*, addresses: Iterable[str]) -> int:
    """Forget that ``addresses`` bounced (the person fixed their mailbox); returns how many
    were marked. Messages skipped meanwhile stay skipped: they were about a moment past."""
    from .models import BouncedAddress

    cleared = 0
    for address in addresses:
        cleared += BouncedAddress.objects.filter(address__iexact=address.strip()).delete()[0]
    return cleared


def optional_kinds() -> list[MessageKind]:
    """The kinds a person may turn off (every kind that is not essential)."""
    return [kind for kind in message_kinds() if not kind.essential]


def unwanted_kinds(*, address: str) -> set[str]:
    """The non-essential kinds ``address`` does not receive (all of them after an
    "unsubscribe from everything")."""
    from .models import Unsubscription

    kinds = set(Unsubscription.objects.filter(address__iexact=address)
                .values_list("kind", flat=True))
    return {kind.kind for kind in optional_kinds()} if "" in kinds else kinds


def set_unwanted_kinds(*, address: str, kinds: Iterable[str]) -> None:
    """A person's email preferences: exactly ``kinds`` (of the non-essential ones) stay off.
    Pending messages follow the new choice when their turn comes."""
    from .models import Unsubscription

    optional = {kind.kind for kind in optional_kinds()}
    with transaction.atomic():
        Unsubscription.objects.filter(address__iexact=address).delete()
        Unsubscription.objects.bulk_create(
            Unsubscription(address=address.lower(), kind=kind)
            for kind in sorted(set(kinds) & optional))


# Added for organisers' bulk messages (judging/services/bulk_messages.py): rows followed and
# stopped by the object they are about.
UNFINISHED = (MessageStatus.PENDING, MessageStatus.SENDING)


def messages_about(subject: Model) -> QuerySet[Message]:
    subject_type, subject_id = scope_of(subject)
    return Message.objects.filter(subject_type=subject_type, subject_id=subject_id)


def skip_pending(*, subject: Model, reason: str) -> int:
    """Skip the messages about ``subject`` still waiting (a cancelled send); the ones a sender
    holds right now are skipped by their kind's renderer. Returns how many were skipped."""
    return messages_about(subject).filter(status=MessageStatus.PENDING).update(
        status=MessageStatus.SKIPPED, status_reason=reason, updated_at=timezone.now())
