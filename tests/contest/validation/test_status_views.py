"""The verdict as the entrant sees it (page, API, dashboard) and as organisers see it."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from contest.enums import VideoStatus
from contest.models import Video
from contest.verdicts import describe
from tests.factories import EntryFactory, UserFactory, VideoFactory


@pytest.fixture
def invalid_video(upload, media_sample, contest_entry):
    return upload(contest_entry, media_sample("low_720p"))


def test_api_shows_status_and_reasons_in_the_request_language(client, invalid_video):
    entrant = invalid_video.entry.entrant
    entrant.language = "fr"
    entrant.save(update_fields=["language"])
    client.force_login(entrant)

    response = client.get(reverse("api:entry-detail", args=[invalid_video.entry_id]))

    assert response.status_code == 200
    video = response.json()["video"]
    with translation.override("fr"):
        expected_reasons = describe(invalid_video.reasons)
        label = str(VideoStatus.INVALID.label)
    assert (video["status"], video["status_label"]) == ("invalid", label)
    assert video["reasons"] == expected_reasons
    assert {"code", "message", "what_to_do"} == set(video["reasons"][0])
    assert video["probe_checked_at"] is not None
    assert "duplicate" not in video


@pytest.mark.parametrize("status", ["uploaded", "queued", "validating", "error"])
def test_api_shows_pending_states(client, entrant, status):
    video = VideoFactory(entry=EntryFactory(entrant=entrant), status=status)
    client.force_login(entrant)

    data = client.get(reverse("api:entry-detail", args=[video.entry_id])).json()["video"]

    assert (data["status"], data["reasons"]) == (status, [])


def test_entry_page_lists_reasons_and_polls_with_a_static_script(client, invalid_video):
    client.force_login(invalid_video.entry.entrant)

    response = client.get(reverse("contest:entry_detail", args=[invalid_video.entry_id]))

    html = response.content.decode()
    assert response.status_code == 200
    for reason in describe(invalid_video.reasons):
        assert f'data-code="{reason["code"]}"' in html
    assert f'data-url="{reverse("api:entry-video", args=[invalid_video.entry_id])}"' in html
    assert 'data-status="invalid"' in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert any("js/video-status.js" in attributes for attributes, _body in scripts)
    assert all("src=" in attributes and not body.strip() for attributes, body in scripts)


def test_entry_page_says_when_the_quick_checks_passed(client, entrant):
    video = VideoFactory(entry=EntryFactory(entrant=entrant), status="validating")
    Video.objects.filter(pk=video.pk).update(probe_checked_at="2026-01-01T00:00:00Z")
    client.force_login(entrant)

    html = client.get(reverse("contest:entry_detail", args=[video.entry_id])).content.decode()

    assert "The quick checks passed." in html


def test_dashboard_shows_the_film_status(client, invalid_video):
    client.force_login(invalid_video.entry.entrant)

    html = client.get(reverse("contest:dashboard")).content.decode()

    assert 'class="status status-invalid"' in html


@pytest.mark.parametrize("status", ["queued", "invalid"])
def test_the_polled_status_matches_the_entry_in_two_queries_after_the_session(
        client, entrant, status, django_assert_num_queries):
    video = VideoFactory(entry=EntryFactory(entrant=entrant), status=status,
                         reasons=[{"code": "resolution_too_low", "params": {}}]
                         if status == "invalid" else [])
    client.force_login(entrant)
    whole = client.get(reverse("api:entry-detail", args=[video.entry_id])).json()["video"]

    # The session and its user, the entry's owner, the current film.
    with django_assert_num_queries(4):
        polled = client.get(reverse("api:entry-video", args=[video.entry_id]))

    assert polled.status_code == 200
    assert polled.json() == {"video": whole}


def test_the_polled_status_of_an_entry_without_a_film_is_null(client, entrant):
    entry = EntryFactory(entrant=entrant)
    client.force_login(entrant)

    assert client.get(reverse("api:entry-video", args=[entry.pk])).json() == {"video": None}


def test_another_entrant_gets_404_on_page_and_api(client, invalid_video):
    client.force_login(UserFactory())

    assert client.get(reverse("api:entry-detail", args=[invalid_video.entry_id])).status_code == 404
    assert client.get(reverse("api:entry-video", args=[invalid_video.entry_id])).status_code == 404
    assert client.get(
        reverse("contest:entry_detail", args=[invalid_video.entry_id])
    ).status_code == 404


def test_anonymous_visitor_gets_no_status(client, invalid_video):
    for name in ("api:entry-detail", "api:entry-video"):
        response = client.get(reverse(name, args=[invalid_video.entry_id]))
        assert response.status_code in (401, 403)


@pytest.fixture
def duplicated(contest):
    """Two entries' films as validation leaves an exact copy (see test_duplicates.py)."""
    first = VideoFactory(entry=EntryFactory(contest=contest, status="eligible"), sha256="a" * 64)
    second = VideoFactory(entry=EntryFactory(contest=contest, status="eligible"), sha256="a" * 64,
                          duplicate_of=first, duplicate_kind="exact", c2pa_generator="Sora 2")
    return first, second


def test_organiser_sees_duplicates_and_generator(client, organiser, duplicated):
    first, second = duplicated
    client.force_login(organiser)
    contest = first.entry.contest

    overview = client.get(reverse("contest:organiser_contest", args=[contest.slug]))
    page = client.get(reverse("contest:organiser_entry", args=[contest.slug, second.entry_id]))
    original = client.get(reverse("contest:organiser_entry", args=[contest.slug, first.entry_id]))

    html = overview.content.decode()
    assert 'data-duplicate="exact"' in html
    for video in (first, second):
        url = reverse("contest:organiser_entry", args=[contest.slug, video.entry_id])
        assert f'href="{url}"' in html
    assert "Sora 2" in html
    first_url = reverse("contest:organiser_entry", args=[contest.slug, first.entry_id])
    assert f'href="{first_url}"' in page.content.decode()
    assert "Sora 2" in page.content.decode()
    assert 'data-copy="exact"' in original.content.decode()


def test_organiser_api_flags_the_duplicate(client, organiser, duplicated):
    first, second = duplicated
    client.force_login(organiser)
    url = reverse("api:contest-entry-detail", args=[first.entry.contest.slug, second.entry_id])

    video = client.get(url).json()["video"]

    assert video["duplicate"] == {"kind": "exact", "entry_id": first.entry_id,
                                  "entry_code": first.entry.code}
    assert video["c2pa_generator"] == "Sora 2"


def test_organiser_entry_page_is_for_organisers_only(client, duplicated):
    first, _second = duplicated
    url = reverse("contest:organiser_entry", args=[first.entry.contest.slug, first.entry_id])
    client.force_login(first.entry.entrant)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_organiser_entry_page_of_another_contest_is_404(client, organiser, duplicated, contest):
    first, _second = duplicated
    other = EntryFactory()
    client.force_login(organiser)
    url = reverse("contest:organiser_entry", args=[first.entry.contest.slug, other.pk])
    assert client.get(url).status_code == 404
