from datetime import UTC, datetime

import pytest
from django.urls import reverse

from tests.factories import ContestFactory

CLOSES = datetime(2099, 3, 31, 14, 59, tzinfo=UTC)  # 23:59 in Tokyo


@pytest.fixture
def tokyo_contest(db):
    return ContestFactory(closes_at=CLOSES, time_zone="Asia/Tokyo")


@pytest.mark.django_db
def test_contest_page_shows_deadline_in_contest_time_zone_and_countdown(client, tokyo_contest):
    html = client.get(reverse("contest:contest_detail", args=[tokyo_contest.slug]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Deadline (Asia/Tokyo)" in html
    assert "March 31, 2099, 11:59 p.m." in html
    assert 'data-countdown-to="2099-03-31T14:59:00+00:00"' in html
    # Anonymous visitors see UTC from the server; their own zone comes from the browser.
    assert "Deadline in your time zone (UTC)" in html
    assert "March 31, 2099, 2:59 p.m." in html
    assert 'data-local-time="2099-03-31T14:59:00+00:00"' in html


@pytest.mark.django_db
def test_contest_page_shows_deadline_in_signed_in_users_time_zone(client, entrant,
                                                                  tokyo_contest):
    entrant.time_zone = "America/Sao_Paulo"
    entrant.language = "fr"
    entrant.save()
    client.force_login(entrant)

    html = client.get(reverse("contest:contest_detail", args=[tokyo_contest.slug])
                      ).content.decode()

    assert "31 mars 2099 23:59" in html
    assert "31 mars 2099 11:59" in html


@pytest.mark.django_db
def test_closed_contest_has_no_countdown_or_entry_button(client):
    contest = ContestFactory(opens_at=datetime(2020, 1, 1, tzinfo=UTC),
                             closes_at=datetime(2020, 2, 1, tzinfo=UTC))

    html = client.get(reverse("contest:contest_detail", args=[contest.slug])).content.decode()

    assert "data-countdown-to" not in html
    assert reverse("contest:entry_create", args=[contest.slug]) not in html
    assert "This contest no longer accepts entries." in html


@pytest.mark.django_db
def test_contest_text_markup_is_shown_as_text(client):
    contest = ContestFactory(name="<i>Gala</i>", description="<script>x()</script>",
                             rules_text="<img src=x onerror=y>")

    html = client.get(reverse("contest:contest_detail", args=[contest.slug])).content.decode()

    assert "&lt;i&gt;Gala&lt;/i&gt;" in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=y&gt;" in html
    assert "<script>x()" not in html
