"""The organiser's outbox page and API: counts per kind and status, failed messages, retry."""

import pytest
from django.core import mail
from django.urls import reverse

from core.models import AuditEvent, Message, MessageStatus
from tests.factories import ContestFactory, UserFactory

pytestmark = pytest.mark.django_db

RECEIPT = "contest.submission_receipt"


def _message(contest, n, *, status=MessageStatus.FAILED, kind=RECEIPT):
    user = UserFactory()
    return Message.objects.create(
        kind=kind, recipient=user, address=user.email, dedupe_key=f"{contest.pk}-{kind}-{n}",
        scope_type="contest.contest", scope_id=str(contest.pk), status=status,
        subject_type="contest.contest", subject_id=str(contest.pk),
        error="SMTPServerDisconnected: gone", attempts=5)


def test_page_counts_per_kind_and_lists_failed(client, organiser, contest):
    _message(contest, 1)
    _message(contest, 2, status=MessageStatus.SENT)
    _message(contest, 3, status=MessageStatus.SENDING)
    _message(ContestFactory(), 4)  # another contest's
    client.force_login(organiser)
    response = client.get(reverse("contest:contest_outbox", args=[contest.slug]))
    assert response.status_code == 200
    assert response.context["counts"] == [
        {"kind": RECEIPT, "label": "Submission receipts", "sent": 1, "pending": 1, "failed": 1,
         "skipped": 0}]
    assert len(response.context["page"].object_list) == 1


def test_retry_queues_the_message_again_and_sends_it(client, organiser, contest,
                                                     django_capture_on_commit_callbacks):
    from contest.enums import EntryStatus
    from tests.factories import EntryFactory

    entry = EntryFactory(contest=contest, status=EntryStatus.SUBMITTED)
    message = Message.objects.create(
        kind=RECEIPT, recipient=entry.entrant, address=entry.entrant.email, dedupe_key="r",
        scope_type="contest.contest", scope_id=str(contest.pk), subject_type="contest.entry",
        subject_id=str(entry.pk), status=MessageStatus.FAILED, attempts=1)
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contest:contest_outbox_retry",
                                       args=[contest.slug, message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert [m.to for m in mail.outbox] == [[entry.entrant.email]]
    assert AuditEvent.objects.filter(action="message.retry").count() == 1


def test_retry_of_another_contests_message_is_not_found(client, organiser, contest):
    other = _message(ContestFactory(), 1)
    client.force_login(organiser)
    response = client.post(reverse("contest:contest_outbox_retry", args=[contest.slug, other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == MessageStatus.FAILED


def test_api_reads_counts_and_failed_and_retries(client, organiser, contest):
    failed = _message(contest, 1)
    client.force_login(organiser)
    data = client.get(reverse("api:contest-outbox", args=[contest.slug])).json()
    assert data["kinds"][0]["failed"] == 1
    assert [row["id"] for row in data["failed"]] == [failed.pk]
    response = client.post(reverse("api:contest-outbox-retry", args=[contest.slug, failed.pk]))
    assert response.status_code == 200
    again = client.post(reverse("api:contest-outbox-retry", args=[contest.slug, failed.pk]))
    assert again.status_code == 404  # no longer failed


def test_page_reads_a_fixed_number_of_queries(client, organiser, contest,
                                              django_assert_num_queries):
    _message(contest, 0)
    client.force_login(organiser)
    url = reverse("contest:contest_outbox", args=[contest.slug])
    client.get(url)  # warm the session and the person's roles
    # Session, user, contest, organisation roles, the counts per kind and status, the
    # paginator's count, the page of failed messages, the site roles for the menu: the same
    # for one failed message or many.
    with django_assert_num_queries(8):
        client.get(url)
    for n in range(1, 4):
        _message(contest, n)
    with django_assert_num_queries(8):
        client.get(url)


def test_api_reads_a_fixed_number_of_queries(client, organiser, contest,
                                             django_assert_num_queries):
    _message(contest, 0)
    client.force_login(organiser)
    url = reverse("api:contest-outbox", args=[contest.slug])
    client.get(url)
    # Session, user, contest, organisation roles, counts, failed messages.
    with django_assert_num_queries(6):
        client.get(url)
    for n in range(1, 4):
        _message(contest, n)
    with django_assert_num_queries(6):
        client.get(url)
