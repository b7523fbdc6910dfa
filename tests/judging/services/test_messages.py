"""What judging says through the outbox: "your queue is ready", reminders of unfinished queues
(blind: no entrant in them), invitations and results notices."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from core import sender
from core.models import Message, MessageStatus, Unsubscription
from judging.enums import RoundStatus, ScoreStatus
from judging.models import Score
from judging.services import rounds
from judging.services.jurors import invite_juror
from judging.services.messages import INVITATION, QUEUE_READY, QUEUE_REMINDER, queue_reminders
from tests.factories import ContestFactory, EntryFactory, UserFactory
from tests.judging.factories import JurorFactory, RoundFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _assign(round_, juror, count):
    from judging.models import Assignment

    return [Assignment.objects.create(
        round=round_, juror=juror,
        entry=EntryFactory(contest=round_.contest, title_original=f"Secret title {i}",
                           entrant=UserFactory(name_latin=f"Entrant Person {i}")))
        for i in range(count)]


def test_opening_a_round_tells_each_juror_with_films(organiser, django_capture_on_commit_callbacks):
    round_ = RoundFactory(status=RoundStatus.DRAFT)
    busy = JurorFactory(contest=round_.contest, user=UserFactory(language="ja"))
    JurorFactory(contest=round_.contest)  # nothing assigned: no message
    _assign(round_, busy, 2)
    with django_capture_on_commit_callbacks(execute=True):
        rounds.open_round(round=round_, by=organiser)
    [email] = mail.outbox
    assert email.to == [busy.user.email]
    assert email.extra_headers["Content-Language"] == "ja"
    assert Message.objects.get().kind == QUEUE_READY
    # Blind judging: neither the entrants nor their titles reach the juror.
    assert "Entrant Person" not in email.body and "Secret title" not in email.body


def test_queue_reminder_goes_to_jurors_with_unfinished_work_only():
    round_ = RoundFactory(deadline=NOW + timedelta(hours=20))
    unfinished = JurorFactory(contest=round_.contest)
    done = JurorFactory(contest=round_.contest)
    _assign(round_, unfinished, 1)
    [assignment] = _assign(round_, done, 1)
    Score.objects.create(assignment=assignment, status=ScoreStatus.SUBMITTED)
    assert queue_reminders(now=NOW) == 1
    message = Message.objects.get()
    assert (message.kind, message.recipient_id) == (QUEUE_REMINDER, unfinished.user_id)
    assert message.occasion == f"24h@{round_.deadline.isoformat()}"


def test_queue_reminder_three_days_before_is_due_once():
    round_ = RoundFactory(deadline=NOW + timedelta(days=2, hours=23))
    _assign(round_, JurorFactory(contest=round_.contest), 1)
    assert queue_reminders(now=NOW - timedelta(hours=2)) == 0
    assert queue_reminders(now=NOW) == 1
    assert queue_reminders(now=NOW + timedelta(hours=1)) == 1
    assert Message.objects.count() == 1


def test_queue_reminder_for_a_moved_deadline_is_skipped():
    round_ = RoundFactory(deadline=NOW + timedelta(hours=20))
    _assign(round_, JurorFactory(contest=round_.contest), 1)
    queue_reminders(now=NOW)
    round_.deadline = NOW + timedelta(days=10)
    round_.save()
    assert sender.send_due() == {sender.SKIPPED: 1}
    assert mail.outbox == []


def test_queue_reminder_for_a_queue_finished_meanwhile_is_skipped():
    round_ = RoundFactory(deadline=NOW + timedelta(hours=20))
    [assignment] = _assign(round_, JurorFactory(contest=round_.contest), 1)
    queue_reminders(now=NOW)
    Score.objects.create(assignment=assignment, status=ScoreStatus.SUBMITTED)
    assert sender.send_due() == {sender.SKIPPED: 1}


def test_queue_reminder_names_the_count_not_the_films():
    round_ = RoundFactory(deadline=NOW + timedelta(hours=20))
    juror = JurorFactory(contest=round_.contest)
    _assign(round_, juror, 3)
    queue_reminders(now=NOW)
    sender.send_due()
    [email] = mail.outbox
    assert "3 films" in email.body
    assert "Secret title" not in email.body and "Entrant Person" not in email.body


def test_unsubscribed_juror_gets_no_reminder_but_still_invitations(
        organiser, django_capture_on_commit_callbacks):
    round_ = RoundFactory(deadline=NOW + timedelta(hours=20))
    juror = JurorFactory(contest=round_.contest)
    _assign(round_, juror, 1)
    Unsubscription.objects.create(address=juror.user.email, kind=QUEUE_REMINDER)
    queue_reminders(now=NOW)
    assert sender.send_due() == {sender.SKIPPED: 1}
    with django_capture_on_commit_callbacks(execute=True):
        invite_juror(contest=ContestFactory(), email=juror.user.email, language="en",
                     by=organiser)
    assert [m.to for m in mail.outbox] == [[juror.user.email]]


def test_renewed_invitation_sends_only_the_latest_link(organiser):
    contest = ContestFactory()
    first = invite_juror(contest=contest, email="new@example.org", language="ko", by=organiser)
    first_token = first.token
    second = invite_juror(contest=contest, email="new@example.org", language="ko", by=organiser)
    assert sender.send_due() == {sender.SKIPPED: 1, sender.SENT: 1}
    [email] = mail.outbox
    assert second.token in email.body and first_token not in email.body
    assert Message.objects.filter(kind=INVITATION, status=MessageStatus.SENT).count() == 1
