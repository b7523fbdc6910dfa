"""A person's email preferences: the optional kinds they receive."""

import pytest
from django.urls import reverse

from core.models import Unsubscription
from core.outbox import unwanted_kinds

pytestmark = pytest.mark.django_db

URL = reverse("accounts:email_preferences")


def test_preferences_page_needs_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_preferences_offer_only_optional_kinds(client, entrant):
    client.force_login(entrant)
    choices = dict(client.get(URL).context["form"].fields["wanted"].choices)
    assert "contest.draft_reminder" in choices and "judging.results" in choices
    assert "contest.submission_receipt" not in choices
    assert "judging.juror_invitation" not in choices


def test_turning_kinds_off_and_on_again(client, entrant):
    client.force_login(entrant)
    choices = dict(client.get(URL).context["form"].fields["wanted"].choices)
    wanted = [kind for kind in choices if kind != "contest.draft_reminder"]
    assert client.post(URL, {"wanted": wanted}).status_code == 302
    assert unwanted_kinds(address=entrant.email) == {"contest.draft_reminder"}
    client.post(URL, {"wanted": list(choices)})
    assert unwanted_kinds(address=entrant.email) == set()


def test_unsubscribed_from_everything_shows_every_kind_off(client, entrant):
    Unsubscription.objects.create(address=entrant.email, kind="")
    client.force_login(entrant)
    assert client.get(URL).context["form"].initial["wanted"] == []
