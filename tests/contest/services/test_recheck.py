"""Re-checking films after the technical rules change: which films, which verdicts, which
emails, from the stored findings of their first check."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from contest.enums import EntryStatus, VideoStatus
from contest.forms_setup import ContestSettingsForm
from contest.models import Contest, Video
from contest.services import recheck
from contest.services.setup import update_contest
from core.models import AuditEvent
from tests.factories import ContestFactory, EntryFactory, UserFactory, VideoFactory

from ..views.test_setup_pages import _post_data

pytestmark = pytest.mark.django_db

HD = {"min_long_edge": 1280, "min_short_edge": 720}
FULL_HD = {"min_long_edge": 1920, "min_short_edge": 1080}


def findings(width: int, height: int, codec: str = "h264") -> dict:
    """What the cheap stage stores of an MP4 film."""
    return {"sniffed": "mp4", "brand": "isom", "container": "mp4", "size_bytes": 1_000_000,
            "video_streams": 1, "video_codec": codec, "width": width, "height": height,
            "display_width": width, "display_height": height, "duration_s": 4.0}


@pytest.fixture
def hd_contest(db):
    return ContestFactory(**HD)


def checked_film(contest, *, width=1280, height=720, status=VideoStatus.VALID, reasons=(),
                 language="en", entry_status=EntryStatus.ELIGIBLE, decoded=True, **fields):
    """A current film with its verdict (and its email) from a day ago."""
    before = timezone.now() - timedelta(days=1)
    entry = EntryFactory(contest=contest, status=entry_status,
                         entrant=UserFactory(language=language))
    values = {"metadata": findings(width, height), "probe_checked_at": before,
              "decode_checked_at": before if decoded else None, "validated_at": before,
              "result_emailed_at": before, **fields}
    return VideoFactory(entry=entry, status=status, reasons=list(reasons), **values)


def tighten(contest, by=None, **rules):
    return update_contest(contest=contest, by=by, changes=rules or FULL_HD)


def test_a_technical_rule_change_is_stamped_and_another_change_is_not(hd_contest):
    update_contest(contest=hd_contest, by=None, changes={"name": "Renamed"})
    hd_contest.refresh_from_db()
    assert hd_contest.technical_rules_changed_at is None

    tighten(hd_contest)

    hd_contest.refresh_from_db()
    assert hd_contest.technical_rules_changed_at is not None


def test_films_checked_under_earlier_rules_are_the_current_ones_with_a_verdict(hd_contest):
    valid = checked_film(hd_contest)
    refused = checked_film(hd_contest, status=VideoStatus.INVALID,
                           reasons=[{"code": "decode_error", "params": {}}])
    replaced = checked_film(hd_contest, is_current=False)
    checked_film(hd_contest, status=VideoStatus.QUEUED, probe_checked_at=None,
                 validated_at=None)
    checked_film(ContestFactory(**HD))  # another contest's
    tighten(hd_contest)
    hd_contest.refresh_from_db()
    checked_after = checked_film(hd_contest, width=1920, height=1080,
                                 probe_checked_at=timezone.now())

    due = set(recheck.films_checked_under_earlier_rules(contest=hd_contest))

    assert due == {valid, refused}
    assert replaced not in due and checked_after not in due
    assert recheck.earlier_rules_summary(contest=hd_contest) == {
        "valid": 1, "invalid": 1, "total": 2}


def test_recheck_films_audits_the_counts_and_rechecks_each_due_film(
        hd_contest, organiser, django_capture_on_commit_callbacks):
    low = checked_film(hd_contest)
    high = checked_film(hd_contest, width=1920, height=1080)
    tighten(hd_contest, by=organiser)
    untouched = checked_film(hd_contest, width=1920, height=1080,
                             probe_checked_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        counts = recheck.recheck_films(contest=hd_contest, by=organiser)

    assert counts == {"valid": 2, "invalid": 0, "total": 2}
    event = AuditEvent.objects.get(action="contest.films_rechecked")
    assert (event.actor, event.after["total"], event.after["valid"]) == (organiser, 2, 2)
    for video in (low, high, untouched):
        video.refresh_from_db()
    assert (low.rules_checked_at is not None, high.rules_checked_at is not None) == (True, True)
    assert untouched.rules_checked_at is None
    assert recheck.earlier_rules_summary(contest=hd_contest)["total"] == 0


def test_nothing_to_recheck_writes_no_audit_row(hd_contest, organiser):
    checked_film(hd_contest)

    assert recheck.recheck_films(contest=hd_contest, by=organiser)["total"] == 0
    assert not AuditEvent.objects.filter(action="contest.films_rechecked").exists()


def test_a_valid_film_breaking_the_new_rules_is_refused_and_its_entrant_told_in_their_language(
        hd_contest, django_capture_on_commit_callbacks):
    video = checked_film(hd_contest, language="fr")
    tighten(hd_contest)

    with django_capture_on_commit_callbacks(execute=True):
        outcome = recheck.recheck_video(video_id=video.pk)

    video.refresh_from_db()
    assert outcome == "refused"
    assert (video.status, [r["code"] for r in video.reasons]) == (
        VideoStatus.INVALID, ["resolution_too_low"])
    assert video.entry.status == EntryStatus.SUBMITTED  # no longer eligible
    [message] = mail.outbox
    assert message.to == [video.entry.entrant.email]
    assert message.extra_headers["Content-Language"] == "fr"
    assert "[resolution_too_low]" in message.body
    assert AuditEvent.objects.filter(action="video.validated", object_id=str(video.pk)).exists()


def test_a_film_whose_verdict_stands_gets_no_email(hd_contest,
                                                   django_capture_on_commit_callbacks):
    full_hd = checked_film(hd_contest, width=1920, height=1080)
    refused = checked_film(hd_contest, status=VideoStatus.INVALID, decoded=False,
                           reasons=[{"code": "video_codec_not_allowed", "params": {}}],
                           metadata=findings(1280, 720, codec="mpeg4"))
    tighten(hd_contest)

    with django_capture_on_commit_callbacks(execute=True):
        outcomes = [recheck.recheck_video(video_id=v.pk) for v in (full_hd, refused)]

    assert outcomes == ["unchanged", "unchanged"]
    assert mail.outbox == []
    full_hd.refresh_from_db()
    refused.refresh_from_db()
    assert full_hd.status == VideoStatus.VALID
    # Still refused, now for both reasons the current rules give.
    assert [r["code"] for r in refused.reasons] == ["video_codec_not_allowed",
                                                    "resolution_too_low"]


def test_a_refused_film_within_the_new_rules_goes_on_to_the_full_check(
        django_capture_on_commit_callbacks):
    contest = ContestFactory(**FULL_HD)
    video = checked_film(contest, status=VideoStatus.INVALID, decoded=False,
                         entry_status=EntryStatus.SUBMITTED,
                         reasons=[{"code": "resolution_too_low", "params": {}}])
    update_contest(contest=contest, by=None, changes=HD)

    with django_capture_on_commit_callbacks() as queued:
        outcome = recheck.recheck_video(video_id=video.pk)

    video.refresh_from_db()
    assert outcome == "to_full_check"
    # As the cheap stage leaves a passing film: between stages, its verdict still to come.
    assert (video.status, video.reasons, video.result_emailed_at) == (
        VideoStatus.VALIDATING, [], None)
    assert len(queued) == 1
    assert mail.outbox == []


def test_a_film_refused_by_an_earlier_recheck_is_accepted_again_at_once(
        hd_contest, django_capture_on_commit_callbacks):
    video = checked_film(hd_contest)
    tighten(hd_contest)
    with django_capture_on_commit_callbacks(execute=True):
        recheck.recheck_video(video_id=video.pk)
    update_contest(contest=hd_contest, by=None, changes=HD)

    with django_capture_on_commit_callbacks(execute=True):
        outcome = recheck.recheck_video(video_id=video.pk)

    video.refresh_from_db()
    assert outcome == "accepted"
    assert video.status == VideoStatus.VALID
    assert video.entry.status == EntryStatus.ELIGIBLE
    assert [m.subject.endswith("passed the technical checks") for m in mail.outbox] == [
        False, True]


def test_a_recheck_runs_once(hd_contest, django_capture_on_commit_callbacks):
    video = checked_film(hd_contest)
    tighten(hd_contest)

    with django_capture_on_commit_callbacks(execute=True):
        first = recheck.recheck_video(video_id=video.pk)
        second = recheck.recheck_video(video_id=video.pk)

    assert (first, second) == ("refused", "skipped")
    [message] = mail.outbox
    assert "rules changed after your file was first checked" in message.body


def test_the_settings_page_counts_the_films_and_its_checkbox_rechecks_them(
        client, organiser, hd_contest, django_capture_on_commit_callbacks):
    video = checked_film(hd_contest)
    client.force_login(organiser)
    data = {**_post_data(ContestSettingsForm(contest=hd_contest)), **FULL_HD}

    client.post(reverse("contest:contest_settings", args=[hd_contest.slug]), data)
    page = client.get(reverse("contest:contest_settings", args=[hd_contest.slug]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("contest:contest_settings", args=[hd_contest.slug]),
                    {**data, "recheck_films": "on"})

    assert "1 current film was checked before the technical rules last changed" in (
        page.content.decode())
    assert AuditEvent.objects.filter(action="contest.films_rechecked").count() == 1
    video.refresh_from_db()
    assert video.status == VideoStatus.INVALID


def test_the_settings_page_button_rechecks(client, organiser, hd_contest,
                                           django_capture_on_commit_callbacks):
    video = checked_film(hd_contest)
    tighten(hd_contest)
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contest:contest_recheck_films",
                                       args=[hd_contest.slug]))

    assert response.status_code == 302
    video.refresh_from_db()
    assert video.status == VideoStatus.INVALID


def test_the_api_flag_rechecks_with_the_rule_change(organiser, hd_contest,
                                                    django_capture_on_commit_callbacks):
    video = checked_film(hd_contest)
    api = APIClient()
    api.force_authenticate(organiser)
    url = reverse("api:contest-settings", kwargs={"slug": hd_contest.slug})

    with django_capture_on_commit_callbacks(execute=True):
        response = api.patch(url, {**FULL_HD, "recheck_films": True}, format="json")

    assert response.status_code == 200
    assert Contest.objects.get(pk=hd_contest.pk).min_short_edge == 1080
    assert Video.objects.get(pk=video.pk).status == VideoStatus.INVALID
    assert api.get(url).json()["films_checked_under_earlier_rules"] == {
        "valid": 0, "invalid": 0, "total": 0}
