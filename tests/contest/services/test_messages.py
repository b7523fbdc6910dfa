"""What contest says through the outbox: receipts, disqualification and reinstatement, reminders
of unsubmitted drafts (moved deadlines, submissions between selection and sending)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from contest.enums import EntryStatus
from contest.services import entries as services
from contest.services.messages import DISQUALIFIED, DRAFT_REMINDER, RECEIPT, REINSTATED
from contest.services.reminders import queue_draft_reminders
from core import sender
from core.models import Message, MessageStatus
from tests.factories import ContestFactory, EntryFactory, UserFactory, VideoFactory

pytestmark = pytest.mark.django_db


def _ready_entry(contest, **fields):
    entry = EntryFactory(contest=contest, rules_consent_version=contest.rules_version, **fields)
    VideoFactory(entry=entry)
    return entry


def test_submit_entry_sends_receipt_with_code_in_entrant_language(
        django_capture_on_commit_callbacks):
    entry = _ready_entry(ContestFactory(), entrant=UserFactory(language="es"))
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_entry(entry=entry, by=entry.entrant)
    [email] = mail.outbox
    assert entry.code in email.subject and entry.code in email.body
    assert email.extra_headers["Content-Language"] == "es"
    assert "List-Unsubscribe" not in email.extra_headers  # a receipt is always sent
    assert Message.objects.get().kind == RECEIPT


def test_submit_entry_rolled_back_leaves_no_receipt():
    entry = _ready_entry(ContestFactory())
    entry.rules_consent_version = "old"
    entry.save()
    with pytest.raises(services.ContestError):
        services.submit_entry(entry=entry, by=entry.entrant)
    assert Message.objects.count() == 0


def test_disqualify_notice_carries_the_reason_escaped_in_html(
        organiser, django_capture_on_commit_callbacks):
    entry = EntryFactory(contest=ContestFactory(), status=EntryStatus.ELIGIBLE)
    with django_capture_on_commit_callbacks(execute=True):
        services.disqualify_entry(entry=entry, by=organiser, reason="Logo <b>visible</b> & more")
    [email] = mail.outbox
    assert "Logo <b>visible</b> & more" in email.body
    html = email.alternatives[0][0]
    assert "Logo &lt;b&gt;visible&lt;/b&gt; &amp; more" in html
    assert Message.objects.get().kind == DISQUALIFIED


def test_reinstate_sends_its_own_notice(organiser, django_capture_on_commit_callbacks):
    entry = EntryFactory(contest=ContestFactory(), status=EntryStatus.ELIGIBLE)
    with django_capture_on_commit_callbacks(execute=True):
        services.disqualify_entry(entry=entry, by=organiser, reason="Late")
        services.reinstate_entry(entry=entry, by=organiser)
    assert sorted(Message.objects.values_list("kind", flat=True)) == sorted(
        [DISQUALIFIED, REINSTATED])
    assert len(mail.outbox) == 2


def _contest_closing_in(delta: timedelta, *, now: datetime, zone: str = "UTC"):
    return ContestFactory(opens_at=now - timedelta(days=30), closes_at=now + delta,
                          time_zone=zone)


NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def test_draft_reminders_go_to_entrants_with_drafts_once():
    contest = _contest_closing_in(timedelta(days=6, hours=23), now=NOW)
    draft = EntryFactory(contest=contest)
    EntryFactory(contest=contest, entrant=draft.entrant)  # two drafts, one reminder
    EntryFactory(contest=contest, status=EntryStatus.SUBMITTED)
    assert queue_draft_reminders(now=NOW) == 1
    assert queue_draft_reminders(now=NOW) == 1  # the same occasion again: no new row
    message = Message.objects.get()
    assert (message.kind, message.recipient_id) == (DRAFT_REMINDER, draft.entrant_id)
    assert message.occasion.startswith("7d@")


def test_draft_reminder_before_the_first_occasion_is_not_due():
    contest = _contest_closing_in(timedelta(days=7, hours=1), now=NOW)
    EntryFactory(contest=contest)
    assert queue_draft_reminders(now=NOW) == 0


def test_draft_reminder_seven_days_counts_on_the_contests_wall_clock():
    # Paris moves to summer time on 29 March 2026: 7 days before 18:00 on 2 April is 18:00
    # on 26 March, which is 17:00 UTC then 16:00 UTC on the deadline.
    deadline = datetime(2026, 4, 2, 16, 0, tzinfo=UTC)
    contest = ContestFactory(opens_at=deadline - timedelta(days=30), closes_at=deadline,
                             time_zone="Europe/Paris")
    EntryFactory(contest=contest)
    assert queue_draft_reminders(now=datetime(2026, 3, 26, 16, 30, tzinfo=UTC)) == 0
    assert queue_draft_reminders(now=datetime(2026, 3, 26, 17, 0, tzinfo=UTC)) == 1


def test_draft_reminder_for_a_moved_deadline_is_skipped_and_rescheduled():
    contest = _contest_closing_in(timedelta(hours=20), now=NOW)
    EntryFactory(contest=contest)
    queue_draft_reminders(now=NOW)
    old = Message.objects.get()
    contest.closes_at = NOW + timedelta(days=5)
    contest.save()
    assert sender.deliver(message_id=old.pk) == sender.SKIPPED
    old.refresh_from_db()
    assert (old.status, old.status_reason) == (MessageStatus.SKIPPED, "no_longer_applies")
    # The new deadline is 5 days away: too late for "one week left", in time for the last day.
    assert queue_draft_reminders(now=NOW) == 0
    assert queue_draft_reminders(now=NOW + timedelta(days=4, hours=1)) == 1
    new_deadline = (NOW + timedelta(days=5)).isoformat()
    assert list(Message.objects.exclude(pk=old.pk).values_list("occasion", flat=True)) == [
        f"24h@{new_deadline}"]
    assert mail.outbox == []


def test_entrant_who_submits_after_selection_gets_no_reminder():
    contest = _contest_closing_in(timedelta(hours=20), now=NOW)
    entry = EntryFactory(contest=contest)
    queue_draft_reminders(now=NOW)
    entry.status = EntryStatus.SUBMITTED
    entry.save()
    assert sender.send_due() == {sender.SKIPPED: 1}
    assert mail.outbox == []


def test_draft_reminder_lists_the_drafts_and_the_deadline_in_the_contests_zone():
    contest = _contest_closing_in(timedelta(hours=20), now=NOW, zone="Asia/Tokyo")
    entry = EntryFactory(contest=contest, title_original="Tom & <Jerry>",
                         entrant=UserFactory(time_zone="America/New_York"))
    queue_draft_reminders(now=NOW)
    sender.send_due()
    [email] = mail.outbox
    assert "Tom & <Jerry>" in email.body
    assert "Asia/Tokyo" in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert str(entry.pk) in email.body


def test_verdict_task_delivered_again_finishes_its_own_claim():
    from django.utils import timezone

    from contest.services.validation_email import VERDICT, send_validation_result

    video = VideoFactory(entry=EntryFactory(contest=ContestFactory(),
                                            status=EntryStatus.ELIGIBLE),
                         validated_at=timezone.now())
    # The first run wrote the message and claimed it, then its worker was killed mid-send.
    assert send_validation_result(video_id=video.pk, claim="task-1") is True
    mail.outbox.clear()
    Message.objects.filter(kind=VERDICT).update(
        status=MessageStatus.SENDING, claim_token="task-1",
        lease_until=timezone.now() + timedelta(minutes=2))
    assert send_validation_result(video_id=video.pk, claim="task-2") is False  # a duplicate
    assert send_validation_result(video_id=video.pk, claim="task-1") is True  # redelivered
    assert len(mail.outbox) == 1
    assert Message.objects.get(kind=VERDICT).status == MessageStatus.SENT
