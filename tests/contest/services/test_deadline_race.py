"""Submissions and uploads at the closing instant, on the nights the contest's clocks change.

Deadlines are instants: what the wall clock of the contest's time zone reads is only how the
instant is shown. On the autumn night the same local hour happens twice; on the spring night
an hour never happens. Entrants racing the deadline from many connections at once are decided
by the instant alone.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from contest import rules
from contest.enums import EntryStatus
from contest.models import Entry, Upload
from contest.services import entries as services
from contest.services.uploads import UploadClosed, check_may_continue
from core.errors import ContestError
from tests.concurrency import run_together
from tests.factories import CategoryFactory, ContestFactory, EntryFactory, UserFactory, VideoFactory

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
# 26 October 2025, Paris: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice.
# fold=1 is the second 02:30 (CET, 01:30 UTC); fold=0 the first (CEST, 00:30 UTC).
PARIS_AUTUMN_DEADLINE = datetime(2025, 10, 26, 2, 30, fold=1, tzinfo=PARIS)
# 8 March 2026, New York: 02:00 EST becomes 03:00 EDT; 02:00-02:59 never happens.
NEW_YORK_SPRING_DEADLINE = datetime(2026, 3, 8, 3, 0, tzinfo=NEW_YORK)


def _contest(*, closes_at: datetime, zone: str, **fields):
    contest = ContestFactory(opens_at=closes_at - timedelta(days=30), closes_at=closes_at,
                             time_zone=zone, max_entries_per_entrant=5, **fields)
    CategoryFactory(contest=contest)
    return contest


def _ready_entry(contest, **fields) -> Entry:
    fields.setdefault("entrant", UserFactory(country="FR"))
    entry = EntryFactory(contest=contest, category=contest.categories.first(),
                         rules_consent_version=contest.rules_version, **fields)
    VideoFactory(entry=entry)
    return entry


def _outcome(entry: Entry, at: datetime) -> str:
    try:
        services.submit_entry(entry=entry, by=entry.entrant, at=at)
    except ContestError as error:
        return error.code
    return "submitted"


@pytest.mark.django_db
def test_autumn_deadline_counts_the_repeated_hour_by_the_instant():
    contest = _contest(closes_at=PARIS_AUTUMN_DEADLINE, zone="Europe/Paris")
    first_0245 = datetime(2025, 10, 26, 2, 45, fold=0, tzinfo=PARIS)  # 00:45 UTC
    last_second = datetime(2025, 10, 26, 2, 29, 59, fold=1, tzinfo=PARIS)
    second_0231 = datetime(2025, 10, 26, 2, 31, fold=1, tzinfo=PARIS)

    # The first 02:45 reads later than "02:30" but comes 45 minutes before the deadline.
    assert _outcome(_ready_entry(contest), first_0245) == "submitted"
    assert _outcome(_ready_entry(contest), last_second) == "submitted"
    assert _outcome(_ready_entry(contest), PARIS_AUTUMN_DEADLINE) == "contest_closed"
    assert _outcome(_ready_entry(contest), second_0231) == "contest_closed"
    assert PARIS_AUTUMN_DEADLINE.astimezone(UTC) == datetime(2025, 10, 26, 1, 30, tzinfo=UTC)


@pytest.mark.django_db
def test_spring_deadline_has_no_missing_hour_of_grace():
    contest = _contest(closes_at=NEW_YORK_SPRING_DEADLINE, zone="America/New_York")
    last_est_second = datetime(2026, 3, 8, 1, 59, 59, tzinfo=NEW_YORK)  # one second before

    assert NEW_YORK_SPRING_DEADLINE - last_est_second == timedelta(hours=1, seconds=1)  # naive
    assert (NEW_YORK_SPRING_DEADLINE.astimezone(UTC) - last_est_second.astimezone(UTC)
            == timedelta(seconds=1))
    assert _outcome(_ready_entry(contest), last_est_second) == "submitted"
    one_second_later = (last_est_second.astimezone(UTC) + timedelta(seconds=1))
    assert _outcome(_ready_entry(contest), one_second_later) == "contest_closed"


@pytest.mark.django_db
def test_deadline_page_shows_the_repeated_hour_with_its_offset(client):
    contest = _contest(closes_at=PARIS_AUTUMN_DEADLINE, zone="Europe/Paris")

    html = client.get(reverse("contest:contest_detail", args=[contest.slug]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # The local reading alone is ambiguous that night; the offset says which 02:30 it is.
    assert 'datetime="2025-10-26T02:30:00+01:00"' in html
    assert "Oct. 26, 2025, 2:30 a.m." in html


def _grace_upload(entry: Entry, *, started: datetime, finished: datetime) -> Upload:
    upload = Upload.objects.create(entry=entry, uploader=entry.entrant, filename="film.mp4",
                                   length=1000, offset=1000, video=entry.videos.get(),
                                   completed_at=finished)
    Upload.objects.filter(pk=upload.pk).update(created_at=started)
    upload.refresh_from_db()
    return upload


@pytest.mark.django_db
def test_upload_grace_runs_on_instants_across_the_autumn_change(settings):
    settings.MARQUEE_UPLOAD_GRACE = timedelta(minutes=30)
    deadline = datetime(2025, 10, 26, 2, 45, fold=0, tzinfo=PARIS).astimezone(UTC)  # CEST
    contest = _contest(closes_at=deadline, zone="Europe/Paris")
    entry = _ready_entry(contest)
    upload = _grace_upload(entry, started=deadline - timedelta(minutes=1),
                           finished=deadline + timedelta(minutes=5))
    # Grace ends at 01:15 UTC, which Paris reads as the second 02:15: before "02:45".
    inside = datetime(2025, 10, 26, 2, 10, fold=1, tzinfo=PARIS)
    after = datetime(2025, 10, 26, 2, 20, fold=1, tzinfo=PARIS)

    check_may_continue(upload=upload, at=inside)
    with pytest.raises(UploadClosed):
        check_may_continue(upload=upload, at=after)
    assert _outcome(entry, after) == "contest_closed"
    assert _outcome(entry, inside) == "submitted"


@pytest.mark.django_db
def test_film_still_uploading_at_the_deadline_may_be_submitted_within_the_grace(settings):
    settings.MARQUEE_UPLOAD_GRACE = timedelta(minutes=30)
    contest = _contest(closes_at=timezone.now() - timedelta(minutes=10), zone="Europe/Paris")
    in_flight = _ready_entry(contest)
    _grace_upload(in_flight, started=contest.closes_at - timedelta(minutes=2),
                  finished=contest.closes_at + timedelta(minutes=8))
    finished_before = _ready_entry(contest)
    _grace_upload(finished_before, started=contest.closes_at - timedelta(hours=2),
                  finished=contest.closes_at - timedelta(hours=1))

    assert rules.can_submit_entry(in_flight.entrant, in_flight) is True
    assert rules.can_submit_entry(finished_before.entrant, finished_before) is False
    assert _outcome(in_flight, timezone.now()) == "submitted"
    # A film that was already there at the deadline gets no extra time to be submitted.
    assert _outcome(finished_before, timezone.now()) == "contest_closed"


def _race(calls: list[tuple[Entry, datetime]]) -> list[str]:
    def submit(entry: Entry, at: datetime):
        return lambda: _outcome(Entry.objects.get(pk=entry.pk), at)

    return run_together(*(submit(entry, at) for entry, at in calls))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_submissions_racing_the_closing_instant_of_the_autumn_night():
    contest = _contest(closes_at=PARIS_AUTUMN_DEADLINE, zone="Europe/Paris")
    # Arithmetic in UTC: Python drops ``fold`` when adding to a local time, which would
    # silently move the deadline back to the first 02:30.
    deadline = PARIS_AUTUMN_DEADLINE.astimezone(UTC)
    steps = [timedelta(microseconds=n) for n in (-2, -1, 0, 1, 2)]
    # Two entries of the same entrant each time: their submissions also race for the lock
    # that counts the entrant's entries against the limit.
    calls = []
    for step in steps:
        first = _ready_entry(contest)
        second = _ready_entry(contest, entrant=first.entrant)
        calls += [(first, deadline + step), (second, deadline + step)]

    outcomes = _race(calls)

    expected = ["submitted"] * 4 + ["contest_closed"] * 6
    assert outcomes == expected
    statuses = [Entry.objects.get(pk=entry.pk).status for entry, _at in calls]
    assert statuses == [EntryStatus.ELIGIBLE] * 4 + [EntryStatus.DRAFT] * 6
    submitted_at = [Entry.objects.get(pk=e.pk).submitted_at for e, _at in calls[:4]]
    assert all(at < deadline for at in submitted_at)
