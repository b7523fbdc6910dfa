"""The outbox with real Celery workers: a duplicated task sends once, and a worker killed
(SIGKILL) in the middle of sending loses nothing: the message is sent once, by another."""

import pytest
from django.utils import timezone

from config.celery_app import app as celery_app
from contest.enums import EntryStatus
from contest.services.messages import RECEIPT
from core.models import Message, MessageStatus
from core.outbox import enqueue
from tests.contest.validation.live import worker_factory
from tests.factories import ContestFactory, EntryFactory
from tests.slow.servers import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def make_worker(tmp_path):
    with worker_factory(tmp_path) as make:
        yield make


def _receipt() -> Message:
    entry = EntryFactory(contest=ContestFactory(), status=EntryStatus.SUBMITTED)
    return enqueue(kind=RECEIPT, subject=entry, recipient=entry.entrant,
                   scope=entry.contest, send_after_commit=False)


def _status(message: Message) -> str:
    return Message.objects.get(pk=message.pk).status


def _finished(workers) -> int:
    return sum(w.log.read_text(errors="replace").count("succeeded in") for w in workers)


def _lease_over(message: Message) -> bool:
    lease = Message.objects.get(pk=message.pk).lease_until
    return lease is None or lease <= timezone.now()


def test_duplicated_tasks_on_two_workers_send_once(make_worker):
    workers = [make_worker().start(), make_worker().start()]
    message = _receipt()
    for _ in range(4):
        celery_app.send_task("core.send_message", kwargs={"message_id": message.pk})
    celery_app.send_task("core.send_pending_messages")

    wait_until(lambda: _status(message) == MessageStatus.SENT, timeout=60, what="sent")
    # Every one of the five tasks ran to its end, on one worker or the other.
    wait_until(lambda: _finished(workers) == 5, timeout=60, what="every duplicate done")
    assert sum(len(w.sent_mail()) for w in workers) == 1
    assert Message.objects.get(pk=message.pk).attempts == 1


def test_worker_killed_mid_send_loses_no_message(make_worker, tmp_path):
    marker = tmp_path / "sending"
    first = make_worker(
        DJANGO_EMAIL_BACKEND="tests.slow.mail_backends.StallingBackend",
        MARQUEE_TEST_SEND_MARKER=str(marker), MARQUEE_MAIL_LEASE_SECONDS="5",
    ).start()
    message = _receipt()
    celery_app.send_task("core.send_message", kwargs={"message_id": message.pk})
    wait_until(marker.exists, timeout=60, what="the first worker sending")
    first.kill()
    # The claim survived the kill; the send's transaction (its row lock) did not.
    held = Message.objects.get(pk=message.pk)
    assert (held.status, held.attempts) == (MessageStatus.SENDING, 1)

    second = make_worker().start()
    wait_until(lambda: _lease_over(message), timeout=30, what="the lease running out")
    celery_app.send_task("core.send_pending_messages")  # what celery beat does every minute
    wait_until(lambda: _status(message) == MessageStatus.SENT, timeout=60, what="sent")

    assert (len(first.sent_mail()), len(second.sent_mail())) == (0, 1)
    assert Message.objects.get(pk=message.pk).attempts == 2
