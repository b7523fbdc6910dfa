"""The outbox's one sender: claim a message, render it, send it, record the outcome.

Two transactions per message. The claim (``SELECT … FOR UPDATE SKIP LOCKED``) marks it
``sending`` with a lease and the claiming task's id, and commits. The send then locks the row
again, checks the claim still holds, sends, and marks it ``sent`` in that same transaction:
a worker killed mid-send rolls back to ``sending``, and the message is taken over when the
same task is delivered again (same task id) or by the sweeper once the lease ran out. A
duplicated task finds the row locked, leased to another claim, or already sent, and sends
nothing.
"""

from __future__ import annotations

import smtplib
import uuid
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .mail_links import unsubscribe_url
from .message_kinds import Rendered, message_kind
from .models import BouncedAddress, Message, MessageStatus, Unsubscription

SENT, SKIPPED, FAILED, RETRY, BUSY = "sent", "skipped", "failed", "retry", "busy"
DONE = "done"  # finished before this call: sent, skipped or failed by an earlier one


def lease() -> timedelta:
    return timedelta(seconds=settings.MARQUEE_MAIL_LEASE_SECONDS)


def deliver(*, message_id: int, claim: str = "") -> str:
    """Send one message if it is due and nobody else holds it; returns what happened.

    ``claim`` is the Celery task id: the same task delivered again after its worker died
    takes its own claim over at once instead of waiting for the lease to run out.
    """
    claim = claim or uuid.uuid4().hex
    outcome = _claim(message_id=message_id, claim=claim)
    if outcome is not None:
        return outcome
    return _send_claimed(message_id=message_id, claim=claim)


def _claim(*, message_id: int, claim: str) -> str | None:
    now = timezone.now()
    with transaction.atomic():
        message = (Message.objects.select_for_update(skip_locked=True)
                   .filter(pk=message_id).first())
        if message is None:
            return BUSY
        if message.status in (MessageStatus.SENT, MessageStatus.SKIPPED, MessageStatus.FAILED):
            return DONE
        if message.scheduled_at > now:
            return BUSY
        if (message.status == MessageStatus.SENDING and message.lease_until
                and message.lease_until > now and not (claim and claim == message.claim_token)):
            return BUSY
        if message.attempts >= settings.MARQUEE_MAIL_MAX_ATTEMPTS:
            _finish(message, status=MessageStatus.FAILED, reason="gave_up")
            return FAILED
        skip = _skip_reason(message)
        if skip:
            _finish(message, status=MessageStatus.SKIPPED, reason=skip)
            return SKIPPED
        message.status = MessageStatus.SENDING
        message.attempts += 1
        message.claim_token = claim
        message.lease_until = now + lease()
        message.save(update_fields=["status", "attempts", "claim_token", "lease_until",
                                    "updated_at"])
    return None


def _skip_reason(message: Message) -> str:
    if not message.address:
        return "no_address"
    kind = message_kind(message.kind)
    if kind is None:
        return "unknown_kind"
    if BouncedAddress.objects.filter(address__iexact=message.address).exists():
        return "bounced"
    if not kind.essential and Unsubscription.objects.filter(
            Q(kind="") | Q(kind=message.kind), address__iexact=message.address).exists():
        return "unsubscribed"
    return ""


def _send_claimed(*, message_id: int, claim: str) -> str:
    with transaction.atomic():
        message = (Message.objects.select_for_update(of=("self",), skip_locked=True)
                   .select_related("recipient").filter(pk=message_id).first())
        # Another run took the message over (its lease ran out): it is that run's now.
        if (message is None or message.status != MessageStatus.SENDING
                or message.claim_token != claim):
            return BUSY
        kind = message_kind(message.kind)
        with translation.override(message.language), timezone.override(_zone(message)):
            rendered = kind.render(message)
            if rendered is None:
                _finish(message, status=MessageStatus.SKIPPED, reason="no_longer_applies")
                return SKIPPED
            email = build_email(message, rendered, essential=kind.essential)
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as error:
            BouncedAddress.objects.get_or_create(address=message.address.lower(),
                                                 defaults={"reason": _describe(error)})
            _finish(message, status=MessageStatus.FAILED, reason="bounced", error=error)
            return FAILED
        except (OSError, smtplib.SMTPException) as error:
            return _failed_attempt(message, error)
        message.sent_at = timezone.now()
        _finish(message, status=MessageStatus.SENT, reason="")
    return SENT


def _failed_attempt(message: Message, error: Exception) -> str:
    """A transient failure: try again later with a growing delay, then give up as failed."""
    if message.attempts >= settings.MARQUEE_MAIL_MAX_ATTEMPTS:
        _finish(message, status=MessageStatus.FAILED, reason="smtp_error", error=error)
        return FAILED
    message.scheduled_at = timezone.now() + timedelta(minutes=2 ** message.attempts)
    _finish(message, status=MessageStatus.PENDING, reason="", error=error)
    return RETRY


def _finish(message: Message, *, status: str, reason: str, error: Exception | None = None):
    message.status = status
    message.status_reason = reason
    message.lease_until = None
    if error is not None:
        message.error = _describe(error)
    message.save(update_fields=["status", "status_reason", "lease_until", "error", "sent_at",
                                "scheduled_at", "updated_at"])


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


def _zone(message: Message) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(message.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def build_email(message: Message, rendered: Rendered, *, essential: bool
                ) -> EmailMultiAlternatives:
    """The email itself: plain text, an HTML part (the kind's own, or the text escaped and
    wrapped), the language, and for non-essential mail the RFC 8058 unsubscribe headers."""
    headers = {"Content-Language": message.language}
    unsubscribe = "" if essential else unsubscribe_url(address=message.address,
                                                       kind=message.kind)
    text = rendered.text
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        text = text.rstrip() + "\n\n-- \n" + render_to_string(
            "core/email/unsubscribe.txt", {"url": unsubscribe}).strip() + "\n"
    # A text template rendered with autoescape off returns a "safe" string: made plain again,
    # every user-written text in it is escaped in the HTML part.
    html = rendered.html or render_to_string(
        "core/email/message.html",
        {"subject": "".join([rendered.subject]), "body": "".join([rendered.text]),
         "unsubscribe_url": unsubscribe, "language": message.language},
    )
    email = EmailMultiAlternatives(subject=rendered.subject, body=text, to=[message.address],
                                   headers=headers)
    email.attach_alternative(html, "text/html")
    return email


def due_message_ids(*, limit: int = 500) -> list[int]:
    """Pending messages that are due, and messages whose sender died (lease run out)."""
    now = timezone.now()
    return list(
        Message.objects.filter(
            Q(status=MessageStatus.PENDING, scheduled_at__lte=now)
            | Q(status=MessageStatus.SENDING, lease_until__lte=now)
        ).order_by("scheduled_at", "id").values_list("id", flat=True)[:limit]
    )


def send_due(*, limit: int = 500) -> dict[str, int]:
    """Send what is due, in this process; returns counts per outcome."""
    outcomes: dict[str, int] = {}
    for message_id in due_message_ids(limit=limit):
        outcome = deliver(message_id=message_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
