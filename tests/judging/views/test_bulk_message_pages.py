"""The organiser's bulk message pages: write, preview, send with confirmation, follow, cancel."""

import pytest
from django.core import mail
from django.urls import reverse

from contest.enums import EntryStatus
from core.models import Message
from judging.enums import BulkSegment, BulkStatus
from judging.models import BulkMessage
from judging.services import bulk_messages
from tests.factories import CategoryFactory, ContestFactory, EntryFactory, UserFactory
from tests.judging.bulk_factories import draft

pytestmark = pytest.mark.django_db


def _url(name, message):
    return reverse(f"judging:{name}", args=[message.contest.slug, message.pk])


def test_new_message_form_saves_a_draft_and_shows_its_preview(client, organiser, contest):
    EntryFactory(contest=contest, entrant=UserFactory(language="ja"),
                 status=EntryStatus.SUBMITTED)
    client.force_login(organiser)
    response = client.post(reverse("judging:bulk_message_new", args=[contest.slug]), {
        "segment": BulkSegment.VALID_ENTRIES, "subject_en": "Screening <soon>",
        "body_en": "Dear all,\n<b>see you</b>"})
    message = BulkMessage.objects.get()
    assert response.status_code == 302 and response.url == _url("bulk_message", message)

    page = client.get(response.url)
    assert page.context["preview"].recipients == 1
    html = page.content.decode()
    assert "&lt;b&gt;see you&lt;/b&gt;" in html and "<b>see you</b>" not in html


def test_new_message_with_a_foreign_category_is_refused(client, organiser, contest):
    client.force_login(organiser)
    foreign = CategoryFactory(contest=ContestFactory())
    response = client.post(reverse("judging:bulk_message_new", args=[contest.slug]), {
        "segment": BulkSegment.CATEGORY, "category": foreign.pk, "subject_en": "S",
        "body_en": "B"})
    assert response.status_code == 200
    assert "category" in response.context["form"].errors
    assert BulkMessage.objects.count() == 0


def test_edit_changes_the_draft(client, organiser, contest):
    message = draft(contest, organiser)
    client.force_login(organiser)
    response = client.post(_url("bulk_message_edit", message), {
        "segment": BulkSegment.DRAFTS, "subject_en": "Last call", "body_en": "Submit."})
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.segment, message.subject_en) == (BulkSegment.DRAFTS, "Last call")


def test_send_needs_the_confirmation_box(client, organiser, contest):
    EntryFactory(contest=contest, status=EntryStatus.SUBMITTED)
    message = draft(contest, organiser)
    client.force_login(organiser)
    client.post(_url("bulk_message_send", message))
    message.refresh_from_db()
    assert message.status == BulkStatus.DRAFT


def test_send_confirmed_sends_and_shows_progress(client, organiser, contest,
                                                 django_capture_on_commit_callbacks):
    entrant = EntryFactory(contest=contest, status=EntryStatus.SUBMITTED).entrant
    message = draft(contest, organiser)
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("bulk_message_send", message), {"confirm": "yes"})
    assert [email.to for email in mail.outbox] == [[entrant.email]]

    page = client.get(_url("bulk_message", message))
    assert page.context["progress"]["sent"] == 1
    data = client.get(_url("bulk_message_progress", message)).json()
    assert (data["sent"], data["pending"], data["done"], data["status_label"]) == (
        1, 0, True, "Sending")


def test_cancel_stops_a_draft(client, organiser, contest):
    message = draft(contest, organiser)
    client.force_login(organiser)
    client.post(_url("bulk_message_cancel", message))
    message.refresh_from_db()
    assert message.status == BulkStatus.CANCELLED


def test_message_of_another_contest_is_not_found(client, organiser, contest):
    other = ContestFactory()
    message = draft(other, organiser)
    client.force_login(organiser)
    response = client.get(reverse("judging:bulk_message", args=[contest.slug, message.pk]))
    assert response.status_code == 404


def test_log_reads_a_fixed_number_of_queries(client, organiser, contest,
                                             django_assert_num_queries,
                                             django_capture_on_commit_callbacks):
    EntryFactory(contest=contest, status=EntryStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        bulk_messages.send(message=draft(contest, organiser), by=organiser)
    client.force_login(organiser)
    url = reverse("judging:bulk_messages", args=[contest.slug])
    client.get(url)  # warm the session and the person's roles
    # Session, user, contest, organisation roles, the messages with who wrote and sent them
    # (joined), their outbox counts (one grouped query), the site roles for the menu: the
    # same for one message or many.
    with django_assert_num_queries(7):
        client.get(url)
    for n in range(3):
        draft(contest, organiser, segment=BulkSegment.CATEGORY,
              category=CategoryFactory(contest=contest), subject=f"S{n}")
    with django_assert_num_queries(7):
        response = client.get(url)
    assert len(response.context["messages_log"]) == 4
    assert Message.objects.count() == 1
