"""The outbox and a person's rights: their messages in their data export, gone with them."""

import pytest
from django.core.management import call_command

from accounts.services import delete_account
from core.models import BouncedAddress, Message, Unsubscription
from core.outbox import enqueue
from tests.data_exports import build_export
from tests.factories import ContestFactory, UserFactory

pytestmark = pytest.mark.django_db

RECEIPT = "contest.submission_receipt"


def test_data_export_lists_the_persons_messages(entrant):
    contest = ContestFactory()
    enqueue(kind=RECEIPT, subject=contest, recipient=entrant, scope=contest,
            send_after_commit=False)
    other = UserFactory()
    enqueue(kind=RECEIPT, subject=contest, recipient=other, scope=contest,
            send_after_commit=False)
    [row] = build_export(entrant).records("core.outbox", "message")
    assert (row["message_kind"], row["address"], row["status"]) == (
        RECEIPT, entrant.email, "pending")


def test_deleting_the_account_deletes_messages_unsubscriptions_and_bounces():
    person, contest = UserFactory(), ContestFactory()
    enqueue(kind=RECEIPT, subject=contest, recipient=person, scope=contest,
            send_after_commit=False)
    # Mail to their address from before they had an account (an invitation) goes too.
    enqueue(kind="judging.juror_invitation", subject=contest, address=person.email.upper(),
            scope=contest, send_after_commit=False)
    Unsubscription.objects.create(address=person.email, kind="")
    BouncedAddress.objects.create(address=person.email)
    kept = enqueue(kind=RECEIPT, subject=contest, recipient=UserFactory(), scope=contest,
                   send_after_commit=False)
    delete_account(user=person, by=person)
    assert list(Message.objects.values_list("pk", flat=True)) == [kept.pk]
    assert (Unsubscription.objects.count(), BouncedAddress.objects.count()) == (0, 0)


def test_clear_bounce_command_lets_mail_go_out_again():
    BouncedAddress.objects.create(address="gone@example.org")
    BouncedAddress.objects.create(address="other@example.org")
    call_command("clear_bounce", "Gone@example.org")
    assert list(BouncedAddress.objects.values_list("address", flat=True)) == [
        "other@example.org"]
