"""Organisers' bulk messages: written once per language, previewed with the number of
recipients, sent through the outbox (core/outbox.py) throttled, followed, cancelled.

A send writes one outbox row per recipient in batches (``enqueue_recipients``, run by the
task ``judging.enqueue_bulk_message``), each row's dedupe key naming the message, so a task
run twice writes nothing twice. Rows are scheduled ``MARQUEE_BULK_MESSAGES_PER_MINUTE`` to a
minute and the outbox's sender sends them as they fall due. The kind is not essential: each
email carries an unsubscribe link and header, and people who unsubscribed are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from contest.models import Category, Contest
from core import outbox, texts
from core.audit import record
from core.errors import ConflictError, ContestError, PermissionDeniedError
from core.models import Message
from core.outbox import Outgoing, Rendered

from ..enums import BulkSegment, BulkStatus
from ..models import BulkMessage, Round
from ..selectors import segments
from ..translation import BULK_MESSAGE_TEXTS

KIND = "judging.bulk_message"
PERMISSION = "judging.send_bulk_messages"
EDITABLE = (BulkStatus.DRAFT,)
CANCELLABLE = (BulkStatus.DRAFT, BulkStatus.QUEUED, BulkStatus.SENDING)


@dataclass(frozen=True)
class Sample:
    language: str
    recipients: int
    uses_fallback: bool
    subject: str
    text: str


@dataclass(frozen=True)
class Preview:
    recipients: int
    samples: list[Sample]


def _check_may_send(contest: Contest, by) -> None:
    if not by.has_perm(PERMISSION, contest):
        raise PermissionDeniedError(_("Only the contest's organisers can send bulk messages."))


def contest_languages(contest: Contest) -> list[str]:
    """The contest's languages, its default one first."""
    return [contest.default_language,
            *(code for code in contest.languages if code != contest.default_language)]


def _segment_errors(contest: Contest, segment: str, category: Category | None,
                    country: str, round: Round | None) -> dict[str, list]:
    if segment not in BulkSegment.values:
        return {"segment": [_("Choose who receives the message.")]}
    errors: dict[str, list] = {}
    if segment == BulkSegment.CATEGORY and (category is None or category.contest_id != contest.pk):
        errors["category"] = [_("Choose one of this contest's categories.")]
    if segment == BulkSegment.COUNTRY and not country:
        errors["country"] = [_("Choose a country.")]
    if segment == BulkSegment.UNFINISHED_JURORS and (round is None
                                                    or round.contest_id != contest.pk):
        errors["round"] = [_("Choose one of this contest's rounds.")]
    return errors


def _write(message: BulkMessage, *, segment: str, values: dict[str, str],
           category: Category | None, country: str, round: Round | None) -> None:
    """Check and set the segment and the texts (``subject_ja``, ``body_ja`` …, only the
    contest's languages); the caller saves."""
    contest = message.contest
    codes = contest_languages(contest)
    values = {key: (values.get(key) or "").strip()
              for key in texts.text_columns(BULK_MESSAGE_TEXTS, codes)}
    errors = _segment_errors(contest, segment, category, country, round)
    errors.update(texts.text_errors(
        values, {"subject": 200, "body": 10000}, default_language=contest.default_language,
        required=BULK_MESSAGE_TEXTS))
    if errors:
        raise ContestError(_("Please correct the message."), "invalid", fields=errors)
    message.segment = segment
    message.category = category if segment == BulkSegment.CATEGORY else None
    message.country = country if segment == BulkSegment.COUNTRY else ""
    message.round = round if segment == BulkSegment.UNFINISHED_JURORS else None
    for field in BULK_MESSAGE_TEXTS:
        texts.store(message, field, {code: values[texts.column(field, code)] for code in codes},
                    default_language=contest.default_language)


def _state(message: BulkMessage) -> dict:
    return {"segment": message.segment, "category": message.category_id,
            "country": str(message.country or ""), "round": message.round_id,
            "subject": message.__dict__.get("subject", ""), "status": message.status}


def create_draft(*, contest: Contest, by, segment: str, values: dict[str, str],
                 category: Category | None = None, country: str = "",
                 round: Round | None = None) -> BulkMessage:
    """A new draft to ``segment`` of ``contest``; ``values`` holds the texts per language
    (``subject_en``, ``body_en`` …). Side effects: one audit row."""
    _check_may_send(contest, by)
    message = BulkMessage(contest=contest, created_by=by)
    _write(message, segment=segment, values=values, category=category, country=country,
           round=round)
    with transaction.atomic():
        message.save()
        record(actor=by, action="bulk_message.create", obj=message, scope=contest,
               after=_state(message))
    return message


def update_draft(*, message: BulkMessage, by, segment: str, values: dict[str, str],
                 category: Category | None = None, country: str = "",
                 round: Round | None = None) -> BulkMessage:
    """Rewrite a draft (only a draft: what was sent stays as it was). One audit row."""
    _check_may_send(message.contest, by)
    with transaction.atomic():
        locked = BulkMessage.objects.select_for_update().select_related("contest").get(
            pk=message.pk)
        if locked.status not in EDITABLE:
            raise ConflictError(_("Only a draft can be changed."), "not_draft")
        before = _state(locked)
        _write(locked, segment=segment, values=values, category=category, country=country,
               round=round)
        locked.save()
        record(actor=by, action="bulk_message.update", obj=locked, scope=locked.contest,
               before=before, after=_state(locked))
    return locked


def compose(message: BulkMessage) -> Rendered:
    """The email in the active language (the recipient's; the default language's text when
    theirs is empty). The body is plain text: the outbox's HTML part escapes all of it."""
    subject = " ".join(str(message.subject).split())
    text = render_to_string("judging/email/bulk_message_body.txt",
                            {"body": message.body, "contest": message.contest})
    # A template rendered with autoescape off returns a "safe" string; made plain again, every
    # page and HTML part that shows it escapes the organiser's text.
    return Rendered(subject=subject, text="".join([text]))


def render_bulk_message(row: Message) -> Rendered | None:
    """The outbox's renderer: nothing once the message was cancelled (the row is skipped)."""
    message = (BulkMessage.objects.select_related("contest").filter(pk=row.subject_id)
               .first())
    if message is None or message.status == BulkStatus.CANCELLED:
        return None
    return compose(message)


def register() -> None:
    outbox.register_message_kind(KIND, render=render_bulk_message, essential=False,
                                 label=_("Organisers' bulk messages"))


def preview(*, message: BulkMessage) -> Preview:
    """How many people the message reaches now, per language, and the email each language
    reads (a language the contest has no text in reads the default language's)."""
    counts = segments.count_by_language(message)
    own = {code for code in contest_languages(message.contest)
           if getattr(message, texts.column("subject", code))}
    samples = []
    for code in dict.fromkeys([*contest_languages(message.contest), *sorted(counts)]):
        with translation.override(code):
            rendered = compose(message)
        samples.append(Sample(language=code, recipients=counts.get(code, 0),
                              uses_fallback=code not in own, subject=rendered.subject,
                              text=rendered.text))
    return Preview(recipients=sum(counts.values()), samples=samples)


def send(*, message: BulkMessage, by) -> BulkMessage:
    """Start sending a draft: freeze the number of recipients, mark it queued, and after
    commit queue ``judging.enqueue_bulk_message``. Side effects: one audit row (who sent what
    to how many, when)."""
    _check_may_send(message.contest, by)
    from ..tasks.bulk_messages import enqueue_bulk_message

    with transaction.atomic():
        locked = BulkMessage.objects.select_for_update().select_related("contest").get(
            pk=message.pk)
        if locked.status != BulkStatus.DRAFT:
            raise ConflictError(_("This message has already been sent."), "not_draft")
        total = segments.recipients(locked).count()
        if not total:
            raise ContestError(_("Nobody matches these recipients yet."), "no_recipients")
        locked.status = BulkStatus.QUEUED
        locked.recipients = total
        locked.sent_by = by
        locked.queued_at = timezone.now()
        locked.save(update_fields=["status", "recipients", "sent_by", "queued_at",
                                   "updated_at"])
        record(actor=by, action="bulk_message.send", obj=locked, scope=locked.contest,
               before={"status": BulkStatus.DRAFT},
               after={**_state(locked), "recipients": total})
        pk = locked.pk
        transaction.on_commit(lambda: enqueue_bulk_message.delay(message_id=pk))
    return locked


def per_minute() -> int:
    return max(1, settings.MARQUEE_BULK_MESSAGES_PER_MINUTE)


def enqueue_recipients(*, message_id: int, batch_size: int | None = None) -> int:
    """Write the outbox rows of a queued message, batch by batch; returns the rows written or
    found. Each batch: one read of recipients, one guarded update of the message (a cancel in
    between stops the loop), one insert. Rows already there (a retried task) are left alone.
    """
    size = batch_size or settings.MARQUEE_BULK_BATCH_SIZE
    message = (BulkMessage.objects.select_related("contest").filter(pk=message_id).first())
    if message is None or message.status not in (BulkStatus.QUEUED, BulkStatus.SENDING):
        return 0
    # A redelivered task starts over: the rows already written are found, not written again.
    BulkMessage.objects.filter(pk=message.pk, status__in=(BulkStatus.QUEUED, BulkStatus.SENDING)
                               ).update(status=BulkStatus.SENDING, queued=0,
                                        updated_at=timezone.now())
    start, rate, written = message.queued_at or timezone.now(), per_minute(), 0
    occasion = f"bulk:{message.pk}"
    for batch in segments.recipient_batches(message, size=size):
        with transaction.atomic():
            if not BulkMessage.objects.filter(pk=message.pk, status=BulkStatus.SENDING).update(
                    queued=F("queued") + len(batch), updated_at=timezone.now()):
                return written  # cancelled meanwhile
            outbox.enqueue_many(
                Outgoing(kind=KIND, subject=message, recipient=person, scope=message.contest,
                         occasion=occasion,
                         scheduled_at=start + timedelta(minutes=(written + index) // rate))
                for index, person in enumerate(batch))
        written += len(batch)
    # The segment may have changed since the send was confirmed: the log keeps who was reached.
    BulkMessage.objects.filter(pk=message.pk, status=BulkStatus.SENDING).update(
        recipients=written, queued=written, updated_at=timezone.now())
    return written


def settle(*, message_id: int) -> bool:
    """Mark a message sent once the outbox holds nothing of it still to send; ``False`` while
    some rows wait."""
    with transaction.atomic():
        message = BulkMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != BulkStatus.SENDING:
            return False
        if message.queued < message.recipients and _writing(message):
            return False
        if outbox.messages_about(message).filter(status__in=outbox.UNFINISHED).exists():
            return False
        message.status = BulkStatus.SENT
        message.finished_at = timezone.now()
        message.save(update_fields=["status", "finished_at", "updated_at"])
    return True


def _writing(message: BulkMessage) -> bool:
    """Rows may still be written while the last batch was touched within the task's limit."""
    return message.updated_at > timezone.now() - timedelta(minutes=10)


def settle_all() -> int:
    """Settle every message being sent; returns how many are now sent."""
    ids = BulkMessage.objects.filter(status=BulkStatus.SENDING).values_list("pk", flat=True)
    return sum(settle(message_id=pk) for pk in list(ids))


def cancel(*, message: BulkMessage, by) -> BulkMessage:
    """Stop a message: a draft is dropped from sending, a send in progress writes no more rows
    and its waiting rows are skipped; emails already sent stay sent. One audit row."""
    _check_may_send(message.contest, by)
    with transaction.atomic():
        locked = BulkMessage.objects.select_for_update().select_related("contest").get(
            pk=message.pk)
        if locked.status not in CANCELLABLE:
            raise ConflictError(_("This message can no longer be cancelled."), "not_cancellable")
        before = locked.status
        locked.status = BulkStatus.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.save(update_fields=["status", "cancelled_at", "updated_at"])
        skipped = outbox.skip_pending(subject=locked, reason="cancelled")
        record(actor=by, action="bulk_message.cancel", obj=locked, scope=locked.contest,
               before={"status": before},
               after={"status": BulkStatus.CANCELLED, "skipped": skipped})
    return locked
