"""Organisers' bulk messages over the API: write, preview, send, follow, cancel."""

import pytest
from django.core import mail
from django.urls import reverse

from contest.enums import EntryStatus
from judging.enums import BulkSegment, BulkStatus
from judging.models import BulkMessage
from tests.factories import CategoryFactory, ContestFactory, EntryFactory, UserFactory
from tests.judging.bulk_factories import draft
from tests.judging.factories import RoundFactory

pytestmark = pytest.mark.django_db


def _url(name, contest, message=None):
    args = [contest.slug] if message is None else [contest.slug, message.pk]
    return reverse(f"api:{name}", args=args)


def test_api_writes_a_draft_previews_sends_and_reports_progress(
        client, organiser, contest, django_capture_on_commit_callbacks):
    contest.languages = ["en", "fr"]
    contest.save(update_fields=["languages"])
    french = EntryFactory(contest=contest, entrant=UserFactory(language="fr"),
                          status=EntryStatus.ELIGIBLE).entrant
    client.force_login(organiser)
    created = client.post(_url("bulk-messages", contest), {
        "segment": BulkSegment.VALID_ENTRIES, "subject_en": "News", "body_en": "Hello.",
        "subject_fr": "Nouvelles", "body_fr": "Bonjour."}, content_type="application/json")
    assert created.status_code == 201, created.json()
    message = BulkMessage.objects.get()

    preview = client.get(_url("bulk-message-preview", contest, message)).json()
    assert preview["recipients"] == 1
    assert [(s["language"], s["recipients"], s["subject"]) for s in preview["samples"]] == [
        ("en", 0, "News"), ("fr", 1, "Nouvelles")]

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(_url("bulk-message-send", contest, message))
    assert sent.status_code == 202
    assert [(email.to, email.subject) for email in mail.outbox] == [([french.email],
                                                                      "Nouvelles")]
    detail = client.get(_url("bulk-message", contest, message)).json()
    assert (detail["status"], detail["recipients"], detail["counts"]["sent"]) == (
        BulkStatus.SENDING, 1, 1)


def test_api_refuses_a_round_of_another_contest(client, organiser, contest):
    foreign = RoundFactory(contest=ContestFactory())
    client.force_login(organiser)
    response = client.post(_url("bulk-messages", contest), {
        "segment": BulkSegment.UNFINISHED_JURORS, "round": foreign.pk, "subject_en": "S",
        "body_en": "B"}, content_type="application/json")
    assert response.status_code == 400
    assert "round" in response.json()["fields"]


def test_api_rewrites_a_draft_and_cancels_it(client, organiser, contest):
    message = draft(contest, organiser)
    category = CategoryFactory(contest=contest)
    client.force_login(organiser)
    response = client.put(_url("bulk-message", contest, message), {
        "segment": BulkSegment.CATEGORY, "category": category.pk, "subject_en": "New",
        "body_en": "Text"}, content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["category"], response.json()["subject_en"]) == (category.pk, "New")
    cancelled = client.post(_url("bulk-message-cancel", contest, message))
    assert cancelled.json()["status"] == BulkStatus.CANCELLED
    again = client.post(_url("bulk-message-cancel", contest, message))
    assert again.status_code == 409


def test_api_message_of_another_contest_is_not_found(client, organiser, contest):
    message = draft(ContestFactory(), organiser)
    client.force_login(organiser)
    assert client.get(reverse("api:bulk-message", args=[contest.slug, message.pk])
                      ).status_code == 404


def test_api_list_reads_a_fixed_number_of_queries(client, organiser, contest,
                                                  django_assert_num_queries):
    draft(contest, organiser)
    client.force_login(organiser)
    url = _url("bulk-messages", contest)
    client.get(url)
    # Session, user, contest, organisation roles, the messages with their authors (joined),
    # their outbox counts (one grouped query): the same for one message or many.
    with django_assert_num_queries(6):
        client.get(url)
    for n in range(3):
        draft(contest, organiser, subject=f"S{n}")
    with django_assert_num_queries(6):
        response = client.get(url)
    assert len(response.json()) == 4
