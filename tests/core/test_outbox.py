"""The outbox: enqueueing, deduplication, the sender's claim, suppressions, rendering."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from core import outbox, sender
from core.models import BouncedAddress, Message, MessageStatus, Unsubscription
from core.outbox import Rendered
from tests.factories import ContestFactory, UserFactory

pytestmark = pytest.mark.django_db

TEST_KIND = "tests.note"
TEST_ESSENTIAL = "tests.receipt"


def _render(message):
    from django.utils import timezone as tz
    from django.utils.translation import gettext

    # What the sender set up: the recipient's language and time zone.
    return Rendered(subject=f"{gettext('Status')} {message.context.get('title', '')}",
                    text=f"{message.context.get('title', '')} {tz.get_current_timezone_name()}")


@pytest.fixture(autouse=True)
def _kinds(monkeypatch):
    from core import message_kinds

    # Registered for these tests only: the registry is the process's.
    monkeypatch.setattr(message_kinds, "_KINDS", dict(message_kinds._KINDS))
    outbox.register_message_kind(TEST_KIND, render=_render, essential=False, label="Notes")
    outbox.register_message_kind(TEST_ESSENTIAL, render=_render, essential=True,
                                 label="Receipts")


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _enqueue(user, contest, **fields):
    return outbox.enqueue(kind=fields.pop("kind", TEST_KIND), subject=contest, recipient=user,
                          scope=contest, send_after_commit=False, **fields)


def test_enqueue_same_message_twice_keeps_one_row():
    user, contest = UserFactory(), ContestFactory()
    first = _enqueue(user, contest, occasion="a")
    second = _enqueue(user, contest, occasion="a")
    other = _enqueue(user, contest, occasion="b")
    assert (first.pk == second.pk, first.pk == other.pk) == (True, False)
    assert Message.objects.count() == 2


def test_enqueue_dispatches_after_commit_only(django_capture_on_commit_callbacks):
    user, contest = UserFactory(), ContestFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outbox.enqueue(kind=TEST_KIND, subject=contest, recipient=user, scope=contest)
    assert (len(callbacks), mail.outbox) == (1, [])
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_enqueue_many_writes_each_key_once(django_capture_on_commit_callbacks):
    users, contest = [UserFactory() for _ in range(3)], ContestFactory()
    rows = [outbox.Outgoing(kind=TEST_KIND, subject=contest, recipient=u, scope=contest)
            for u in users]
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue_many(rows)
        outbox.enqueue_many(rows)
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)


def test_deliver_twice_sends_once():
    user, contest = UserFactory(), ContestFactory()
    message = _enqueue(user, contest)
    assert sender.deliver(message_id=message.pk) == sender.SENT
    assert sender.deliver(message_id=message.pk) == sender.DONE
    assert len(mail.outbox) == 1


def test_deliver_leaves_a_message_leased_to_another_claim_alone():
    user, contest = UserFactory(), ContestFactory()
    message = _enqueue(user, contest)
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, claim_token="other-task",
        lease_until=timezone.now() + timedelta(minutes=1))
    assert sender.deliver(message_id=message.pk, claim="mine") == sender.BUSY
    assert mail.outbox == []


def test_deliver_takes_over_its_own_claim_when_redelivered():
    user, contest = UserFactory(), ContestFactory()
    message = _enqueue(user, contest)
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, claim_token="task-1", attempts=1,
        lease_until=timezone.now() + timedelta(minutes=1))
    assert sender.deliver(message_id=message.pk, claim="task-1") == sender.SENT
    assert Message.objects.get(pk=message.pk).attempts == 2


def test_sweeper_sends_a_message_whose_lease_ran_out():
    user, contest = UserFactory(), ContestFactory()
    message = _enqueue(user, contest)
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, claim_token="dead", attempts=1,
        lease_until=timezone.now() - timedelta(seconds=1))
    assert sender.send_due() == {sender.SENT: 1}
    assert len(mail.outbox) == 1


def test_sweeper_waits_for_a_scheduled_message():
    user, contest = UserFactory(), ContestFactory()
    _enqueue(user, contest, scheduled_at=timezone.now() + timedelta(hours=1))
    assert sender.send_due() == {}


def test_message_is_rendered_in_recipient_language_and_time_zone():
    user = UserFactory(language="fr", time_zone="Asia/Tokyo")
    message = _enqueue(user, ContestFactory(), context={"title": "Film"})
    sender.deliver(message_id=message.pk)
    [email] = mail.outbox
    assert (email.subject, email.body.split("\n")[0]) == ("Statut Film", "Film Asia/Tokyo")
    assert email.extra_headers["Content-Language"] == "fr"


def test_html_part_escapes_user_text():
    user = UserFactory()
    message = _enqueue(user, ContestFactory(), context={"title": "<script>x</script> & co"})
    sender.deliver(message_id=message.pk)
    html = mail.outbox[0].alternatives[0][0]
    assert "&lt;script&gt;x&lt;/script&gt; &amp; co" in html
    assert "<script>" not in html


def test_non_essential_message_carries_one_click_unsubscribe_headers(client):
    user = UserFactory()
    sender.deliver(message_id=_enqueue(user, ContestFactory()).pk)
    headers = mail.outbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = headers["List-Unsubscribe"].strip("<>")
    # RFC 8058: the mail client POSTs without cookies or a CSRF token.
    response = client.post(_path(url), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert list(Unsubscription.objects.values_list("address", "kind")) == [
        (user.email, TEST_KIND)]


def test_essential_message_has_no_unsubscribe_header():
    user = UserFactory()
    sender.deliver(message_id=_enqueue(user, ContestFactory(), kind=TEST_ESSENTIAL).pk)
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers


def test_unsubscribed_address_is_skipped_for_non_essential_only():
    user, contest = UserFactory(), ContestFactory()
    Unsubscription.objects.create(address=user.email.upper(), kind="")
    note = _enqueue(user, contest)
    receipt = _enqueue(user, contest, kind=TEST_ESSENTIAL)
    assert sender.deliver(message_id=note.pk) == sender.SKIPPED
    assert sender.deliver(message_id=receipt.pk) == sender.SENT
    note.refresh_from_db()
    assert (note.status, note.status_reason) == (MessageStatus.SKIPPED, "unsubscribed")


def test_refused_recipient_is_marked_bounced_and_skipped_next_time(monkeypatch):
    user, contest = UserFactory(), ContestFactory()

    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({user.email: (550, b"No such user")})

    working = EmailBackend.send_messages
    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    first = _enqueue(user, contest, occasion="1")
    assert sender.deliver(message_id=first.pk) == sender.FAILED
    monkeypatch.setattr(EmailBackend, "send_messages", working)
    second = _enqueue(user, contest, kind=TEST_ESSENTIAL, occasion="2")
    assert sender.deliver(message_id=second.pk) == sender.SKIPPED
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status_reason, second.status_reason) == ("bounced", "bounced")
    assert BouncedAddress.objects.filter(address=user.email).exists()
    assert mail.outbox == []


def test_transient_smtp_error_is_retried_later_then_failed(monkeypatch, settings):
    settings.MARQUEE_MAIL_MAX_ATTEMPTS = 2
    user, contest = UserFactory(), ContestFactory()

    def down(self, messages):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailBackend, "send_messages", down)
    message = _enqueue(user, contest)
    assert sender.deliver(message_id=message.pk) == sender.RETRY
    message.refresh_from_db()
    assert (message.status, message.scheduled_at > timezone.now()) == (
        MessageStatus.PENDING, True)
    Message.objects.filter(pk=message.pk).update(scheduled_at=timezone.now())
    assert sender.deliver(message_id=message.pk) == sender.FAILED
    message.refresh_from_db()
    assert (message.status, message.status_reason, message.attempts) == (
        MessageStatus.FAILED, "smtp_error", 2)
    assert "mail server down" in message.error


def test_retry_failed_puts_the_message_back_and_audits(organiser):
    user, contest = UserFactory(), ContestFactory()
    message = _enqueue(user, contest)
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED, attempts=5)
    outbox.retry_failed(message=message, scope=contest, by=organiser)
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    assert sender.deliver(message_id=message.pk) == sender.SENT


def test_counts_by_kind_groups_sending_with_pending():
    user, contest = UserFactory(), ContestFactory()
    for occasion, status in [("1", "sent"), ("2", "sending"), ("3", "pending"), ("4", "failed")]:
        Message.objects.filter(pk=_enqueue(user, contest, occasion=occasion).pk).update(
            status=status)
    assert outbox.counts_by_kind(scope=contest) == [
        {"kind": TEST_KIND, "label": "Notes", "sent": 1, "pending": 2, "failed": 1,
         "skipped": 0}]


def test_unsubscribe_link_with_a_forged_token_is_not_found(client):
    assert client.get("/mail/unsubscribe/forged/").status_code == 404


def test_unsubscribe_page_asks_before_unsubscribing(client):
    from core.mail_links import unsubscribe_url

    url = unsubscribe_url(address="a@example.org", kind=TEST_KIND)
    path = _path(url)
    assert client.get(path).status_code == 200
    assert Unsubscription.objects.count() == 0
    client.post(path, {"scope": "all"})
    assert list(Unsubscription.objects.values_list("address", "kind")) == [("a@example.org", "")]


def test_enqueue_with_the_broker_away_leaves_the_message_to_the_sweeper(
        monkeypatch, django_capture_on_commit_callbacks):
    from kombu.exceptions import OperationalError

    from core import tasks

    def away(**kwargs):
        raise OperationalError("broker unreachable")

    monkeypatch.setattr(tasks.send_message, "delay", away)
    user, contest = UserFactory(), ContestFactory()
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.enqueue(kind=TEST_KIND, subject=contest, recipient=user, scope=contest)
    assert Message.objects.get(pk=message.pk).status == MessageStatus.PENDING
    assert sender.send_due() == {sender.SENT: 1}
