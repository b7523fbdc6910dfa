"""What contest says by email, through the outbox (core/outbox.py): receipts, verdicts,
disqualifications and reinstatements, and reminders of unsubmitted drafts.

Each kind is registered in ``ContestConfig.ready``; its ``render`` reads the object again at
send time and returns ``None`` when the message no longer applies, so a reminder never goes
to an entrant who submitted meanwhile or for a deadline that moved.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.emails import render_subject
from core.models import Message
from core.outbox import Outgoing, Rendered, enqueue, messages_for, register_message_kind

from ..enums import EntryStatus
from ..models import Contest, Entry

RECEIPT = "contest.submission_receipt"
VERDICT = "contest.validation_verdict"
DISQUALIFIED = "contest.disqualified"
REINSTATED = "contest.reinstated"
DRAFT_REMINDER = "contest.draft_reminder"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def entry_url(entry: Entry) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("contest:entry_detail", args=[entry.pk])


def _entry(message: Message) -> Entry | None:
    return (Entry.objects.select_related("contest", "category", "entrant")
            .filter(pk=message.subject_id).first())


def _render(name: str, context: dict) -> Rendered:
    return Rendered(subject=render_subject(f"contest/email/{name}_subject.txt", context),
                    text=render_to_string(f"contest/email/{name}_body.txt", context))


def render_receipt(message: Message) -> Rendered | None:
    entry = _entry(message)
    if entry is None or entry.entrant_id is None:
        return None
    return _render("receipt", {"entry": entry, "contest": entry.contest,
                               "entrant": entry.entrant, "entry_url": entry_url(entry)})


def render_status_change(message: Message) -> Rendered | None:
    entry = _entry(message)
    if entry is None or entry.entrant_id is None:
        return None
    name = "disqualified" if message.kind == DISQUALIFIED else "reinstated"
    return _render(name, {"entry": entry, "contest": entry.contest, "entrant": entry.entrant,
                          "reason": message.context.get("reason", ""),
                          "entry_url": entry_url(entry)})


def render_draft_reminder(message: Message) -> Rendered | None:
    """Sent only while the deadline is the one the reminder was chosen for and the person
    still has an unsubmitted draft in the contest."""
    contest = Contest.objects.filter(pk=message.subject_id).first()
    if contest is None or _iso(contest.closes_at) != message.context.get("deadline"):
        return None
    drafts = list(Entry.objects.filter(contest=contest, entrant_id=message.recipient_id,
                                       status=EntryStatus.DRAFT).order_by("created_at"))
    if not drafts or message.recipient is None:
        return None
    return _render("draft_reminder", {
        "contest": contest, "entrant": message.recipient, "drafts": drafts,
        "urls": [entry_url(draft) for draft in drafts],
        "within_a_day": message.occasion.startswith("24h"),
    })


def register() -> None:
    from .validation_email import render_verdict

    register_message_kind(RECEIPT, render=render_receipt, essential=True,
                          label=_("Submission receipts"))
    register_message_kind(VERDICT, render=render_verdict, essential=True,
                          label=_("Film check verdicts"))
    register_message_kind(DISQUALIFIED, render=render_status_change, essential=True,
                          label=_("Disqualification notices"))
    register_message_kind(REINSTATED, render=render_status_change, essential=True,
                          label=_("Reinstatement notices"))
    register_message_kind(DRAFT_REMINDER, render=render_draft_reminder, essential=False,
                          label=_("Reminders of unsubmitted drafts"))


def queue_entry_message(*, kind: str, entry: Entry, context: dict | None = None,
                        occasion: str = "") -> Message | None:
    """Enqueue ``kind`` about ``entry`` to its entrant, in the caller's transaction."""
    if entry.entrant is None:
        return None
    return enqueue(kind=kind, subject=entry, recipient=entry.entrant, scope=entry.contest,
                   context=context or {}, occasion=occasion)


def draft_reminders(*, contest: Contest, occasion: str) -> list[Outgoing]:
    """One reminder per entrant with an unsubmitted draft in ``contest``."""
    entrants = (Entry.objects.filter(contest=contest, status=EntryStatus.DRAFT,
                                     entrant__isnull=False)
                .select_related("entrant").order_by("entrant_id").distinct("entrant_id"))
    return [
        Outgoing(kind=DRAFT_REMINDER, subject=contest, recipient=entry.entrant, scope=contest,
                 occasion=occasion, context={"deadline": _iso(contest.closes_at)})
        for entry in entrants
    ]


def forget_anonymised(contest: Contest, pseudonyms: dict) -> None:
    """Anonymising a contest's entrants (retention) deletes the contest's messages to them:
    their addresses must not outlive their names."""
    messages_for(contest).filter(recipient_id__in=list(pseudonyms)).delete()
