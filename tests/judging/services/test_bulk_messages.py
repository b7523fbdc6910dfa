"""Organisers' bulk messages: drafts, preview, the send through the outbox, cancel, settle."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from contest.enums import EntryStatus
from core.errors import ConflictError, ContestError, PermissionDeniedError
from core.models import AuditEvent, Message, MessageStatus, Unsubscription
from core.outbox import unsubscribe_address
from judging.enums import BulkSegment, BulkStatus
from judging.services import bulk_messages
from judging.services.bulk_messages import KIND
from tests.factories import (
    CategoryFactory,
    ContestFactory,
    EntryFactory,
    MembershipFactory,
    UserFactory,
)
from tests.judging.bulk_factories import draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def multilingual(contest):
    contest.languages = ["en", "fr", "ja"]
    contest.save(update_fields=["languages"])
    return contest


def _entrants(contest, *languages, status=EntryStatus.SUBMITTED):
    return [EntryFactory(contest=contest, entrant=UserFactory(language=language),
                         status=status).entrant for language in languages]


def _send(message, by, capture):
    with capture(execute=True):
        bulk_messages.send(message=message, by=by)
    message.refresh_from_db()
    return message


def test_create_draft_keeps_texts_per_language_and_an_audit_row(multilingual, organiser):
    message = draft(multilingual, organiser, values={"subject_fr": "Nouvelles",
                                                     "body_fr": "Bonjour."})

    assert (message.status, message.subject_en, message.subject_fr, message.subject_ja) == (
        BulkStatus.DRAFT, "News", "Nouvelles", "")
    assert AuditEvent.objects.filter(action="bulk_message.create").count() == 1


def test_create_draft_without_default_language_text_is_refused(contest, organiser):
    with pytest.raises(ContestError) as refused:
        draft(contest, organiser, subject="", body="")

    assert sorted(refused.value.fields) == ["body_en", "subject_en"]


def test_create_draft_with_another_contests_category_is_refused(contest, organiser):
    foreign = CategoryFactory(contest=ContestFactory())

    with pytest.raises(ContestError) as refused:
        draft(contest, organiser, segment=BulkSegment.CATEGORY, category=foreign)

    assert list(refused.value.fields) == ["category"]


def test_create_draft_by_a_viewer_is_refused(contest):
    from accounts.enums import OrgRole

    viewer = MembershipFactory(organisation=contest.organisation, role=OrgRole.VIEWER).user
    with pytest.raises(PermissionDeniedError):
        draft(contest, viewer)


def test_update_draft_changes_segment_and_texts(contest, organiser):
    message = draft(contest, organiser)
    bulk_messages.update_draft(message=message, by=organiser, segment=BulkSegment.DRAFTS,
                               values={"subject_en": "Reminder", "body_en": "Submit!"})
    message.refresh_from_db()

    assert (message.segment, message.subject_en) == (BulkSegment.DRAFTS, "Reminder")


def test_preview_counts_recipients_per_language_with_fallback(multilingual, organiser):
    _entrants(multilingual, "en", "fr", "fr", "ko")
    message = draft(multilingual, organiser, values={"subject_fr": "Nouvelles",
                                                     "body_fr": "Bonjour."})

    preview = bulk_messages.preview(message=message)

    assert preview.recipients == 4
    assert [(s.language, s.recipients, s.uses_fallback, s.subject) for s in preview.samples] == [
        ("en", 1, False, "News"), ("fr", 2, False, "Nouvelles"), ("ja", 0, True, "News"),
        ("ko", 1, True, "News")]
    assert preview.samples[1].text.startswith("Bonjour.")


def test_send_writes_one_outbox_row_per_recipient_and_sends_them(
        contest, organiser, django_capture_on_commit_callbacks):
    people = _entrants(contest, "en", "en", "en")
    EntryFactory(contest=contest, entrant=people[0], status=EntryStatus.ELIGIBLE)

    message = _send(draft(contest, organiser), organiser, django_capture_on_commit_callbacks)

    rows = Message.objects.filter(kind=KIND)
    assert sorted(rows.values_list("recipient_id", flat=True)) == sorted(p.pk for p in people)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert (message.status, message.recipients, message.queued) == (BulkStatus.SENDING, 3, 3)
    assert AuditEvent.objects.get(action="bulk_message.send").after["recipients"] == 3


def test_enqueue_run_twice_writes_no_row_twice(contest, organiser,
                                               django_capture_on_commit_callbacks):
    _entrants(contest, "en", "en")
    message = _send(draft(contest, organiser), organiser, django_capture_on_commit_callbacks)

    again = bulk_messages.enqueue_recipients(message_id=message.pk)

    assert again == 2
    assert Message.objects.filter(kind=KIND).count() == 2
    assert len(mail.outbox) == 2


def test_send_with_nobody_to_reach_is_refused(contest, organiser):
    with pytest.raises(ContestError) as refused:
        bulk_messages.send(message=draft(contest, organiser), by=organiser)

    assert refused.value.code == "no_recipients"


def test_send_twice_is_refused(contest, organiser, django_capture_on_commit_callbacks):
    _entrants(contest, "en")
    message = _send(draft(contest, organiser), organiser, django_capture_on_commit_callbacks)

    with pytest.raises(ConflictError):
        bulk_messages.send(message=message, by=organiser)


def test_rows_are_scheduled_at_the_rate_per_minute(contest, organiser, settings,
                                                   django_capture_on_commit_callbacks):
    settings.MARQUEE_BULK_MESSAGES_PER_MINUTE = 2
    _entrants(contest, *["en"] * 5)
    message = _send(draft(contest, organiser), organiser, django_capture_on_commit_callbacks)

    offsets = [round((at - message.queued_at).total_seconds() / 60) for at in
               Message.objects.filter(kind=KIND).order_by("recipient_id")
               .values_list("scheduled_at", flat=True)]
    assert offsets == [0, 0, 1, 1, 2]
    assert len(mail.outbox) == 2  # the rest wait for their minute


def test_unsubscribed_people_are_skipped_and_others_get_the_link(
        contest, organiser, django_capture_on_commit_callbacks):
    leaving, staying = _entrants(contest, "en", "en")
    unsubscribe_address(address=leaving.email, kind=KIND)

    _send(draft(contest, organiser), organiser, django_capture_on_commit_callbacks)

    assert Message.objects.get(recipient=leaving).status_reason == "unsubscribed"
    [email] = mail.outbox
    assert email.to == [staying.email]
    assert email.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "/unsubscribe/" in email.body


def test_unsubscribing_from_bulk_messages_keeps_receipts(contest, organiser):
    from contest.services.messages import RECEIPT, queue_entry_message

    entry = EntryFactory(contest=contest, status=EntryStatus.SUBMITTED)
    Unsubscription.objects.create(address=entry.entrant.email, kind="")
    from core.sender import deliver

    row = queue_entry_message(kind=RECEIPT, entry=entry)
    assert deliver(message_id=row.pk) == "sent"


def test_organiser_text_is_escaped_in_the_html_part(contest, organiser,
                                                    django_capture_on_commit_callbacks):
    _entrants(contest, "en")
    body = '<script>alert("x")</script> Tom & Jerry\nsecond line'
    _send(draft(contest, organiser, subject="<b>Hi</b> & co", body=body), organiser,
          django_capture_on_commit_callbacks)

    [email] = mail.outbox
    html = email.alternatives[0][0]
    assert email.subject == "<b>Hi</b> & co"  # a subject is plain text
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Tom &amp; Jerry<br>second line" in html
    assert email.body.startswith(body)


def test_each_recipient_reads_their_language_or_the_default(
        multilingual, organiser, django_capture_on_commit_callbacks):
    french, korean = _entrants(multilingual, "fr", "ko")
    _send(draft(multilingual, organiser, values={"subject_fr": "Nouvelles",
                                                 "body_fr": "Bonjour."}),
          organiser, django_capture_on_commit_callbacks)

    subjects = {email.to[0]: email.subject for email in mail.outbox}
    assert subjects == {french.email: "Nouvelles", korean.email: "News"}


def test_progress_counts_come_from_the_outbox_rows(contest, organiser,
                                                   django_capture_on_commit_callbacks):
    from judging.selectors.bulk_messages import progress

    leaving, _staying = _entrants(contest, "en", "en")
    unsubscribe_address(address=leaving.email, kind="")
    message = _send(draft(contest, organiser), organiser, django_capture_on_commit_callbacks)

    assert progress(message=message) == {
        "status": BulkStatus.SENDING, "recipients": 2, "queued": 2, "sent": 1, "pending": 0,
        "failed": 0, "skipped": 1, "done": True}


def test_settle_marks_sent_only_when_nothing_waits(contest, organiser, settings,
                                                   django_capture_on_commit_callbacks):
    settings.MARQUEE_BULK_MESSAGES_PER_MINUTE = 1
    _entrants(contest, "en", "en")
    message = _send(draft(contest, organiser), organiser, django_capture_on_commit_callbacks)

    assert bulk_messages.settle_all() == 0
    Message.objects.filter(kind=KIND).update(status=MessageStatus.SENT)
    assert bulk_messages.settle_all() == 1
    message.refresh_from_db()
    assert message.status == BulkStatus.SENT and message.finished_at is not None


def test_cancel_skips_waiting_rows_and_stops_rendering(contest, organiser, settings,
                                                       django_capture_on_commit_callbacks):
    from core.sender import deliver

    settings.MARQUEE_BULK_MESSAGES_PER_MINUTE = 1
    _entrants(contest, "en", "en", "en")
    message = _send(draft(contest, organiser), organiser, django_capture_on_commit_callbacks)
    held = Message.objects.filter(kind=KIND, status=MessageStatus.PENDING).first()
    Message.objects.filter(pk=held.pk).update(status=MessageStatus.SENDING, claim_token="c",
                                              lease_until=timezone.now() + timedelta(minutes=1))

    bulk_messages.cancel(message=message, by=organiser)

    statuses = sorted(Message.objects.filter(kind=KIND).values_list("status", "status_reason"))
    assert statuses == [(MessageStatus.SENDING, ""), (MessageStatus.SENT, ""),
                        (MessageStatus.SKIPPED, "cancelled")]
    Message.objects.filter(pk=held.pk).update(scheduled_at=timezone.now())
    assert deliver(message_id=held.pk, claim="c") == "skipped"
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.get(action="bulk_message.cancel").after["skipped"] == 1


def test_cancel_stops_the_rows_not_yet_written(contest, organiser):
    _entrants(contest, "en", "en")
    message = draft(contest, organiser)
    bulk_messages.send(message=message, by=organiser)  # the task would run after commit
    bulk_messages.cancel(message=message, by=organiser)

    assert bulk_messages.enqueue_recipients(message_id=message.pk) == 0
    assert Message.objects.filter(kind=KIND).count() == 0


def test_a_sent_message_cannot_be_changed(contest, organiser, django_capture_on_commit_callbacks):
    _entrants(contest, "en")
    message = _send(draft(contest, organiser), organiser, django_capture_on_commit_callbacks)

    with pytest.raises(ConflictError):
        bulk_messages.update_draft(message=message, by=organiser,
                                   segment=BulkSegment.DRAFTS, values={"subject_en": "x",
                                                                       "body_en": "y"})
