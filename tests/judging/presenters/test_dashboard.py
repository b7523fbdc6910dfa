from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contest.enums import EntryStatus, VideoStatus
from contest.models import Video
from judging.enums import RoundStatus, ScoreStatus
from judging.models import Assignment, Juror, Round, Score
from judging.presenters.dashboard import bar_chart, failures_by_reason, intake_funnel
from tests.factories import EntryFactory, UserFactory

pytestmark = pytest.mark.django_db


def score_entries(contest, marks, *, jurors=2):
    """Score ``[(entry, weighted)]`` by ``jurors`` jurors in a new closed round."""
    round_ = Round.objects.create(
        contest=contest, name="Final", kind="final", order=Round.objects.count() + 1,
        status=RoundStatus.CLOSED, deadline=timezone.now() - timedelta(days=1),
    )
    panel = [Juror.objects.create(contest=contest, user=UserFactory()) for _ in range(jurors)]
    for entry, weighted in marks:
        for juror in panel:
            assignment = Assignment.objects.create(round=round_, entry=entry, juror=juror)
            Score.objects.create(assignment=assignment, weighted=weighted,
                                 status=ScoreStatus.SUBMITTED)
    return round_


def _video(entry, status, reasons=()):
    return Video.objects.create(entry=entry, file="videos/v.bin", original_filename="v.mp4",
                                status=status, reasons=list(reasons))


def test_intake_funnel_counts_each_stage(contest):
    EntryFactory(contest=contest, status=EntryStatus.DRAFT)
    valid = EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE)
    _video(valid, VideoStatus.VALID)
    invalid = EntryFactory(contest=contest, status=EntryStatus.SUBMITTED)
    old = _video(invalid, VideoStatus.VALID)
    old.is_current = False
    old.save()
    _video(invalid, VideoStatus.INVALID, [{"code": "too_short"}])
    EntryFactory(contest=contest, status=EntryStatus.DISQUALIFIED)

    assert intake_funnel(contest=contest) == {
        "drafts": 1, "submitted": 3, "valid": 1, "invalid": 1, "disqualified": 1, "eligible": 1,
    }


def test_failures_by_reason_counts_codes_of_current_invalid_videos(contest):
    for reasons in ([{"code": "too_short"}, {"code": "codec"}], [{"code": "codec"}]):
        _video(EntryFactory(contest=contest, status=EntryStatus.SUBMITTED),
               VideoStatus.INVALID, reasons)

    assert failures_by_reason(contest=contest) == [("codec", 2), ("too_short", 1)]


def test_bar_chart_scales_to_largest_value():
    chart = bar_chart([("Japan", 10), ("Chile", 5)])

    assert [bar.value for bar in chart.bars] == [10, 5]
    assert chart.bars[1].width == chart.bars[0].width / 2
    assert chart.bars[1].y > chart.bars[0].y


def _populate(contest, count):
    entries = []
    for index in range(count):
        entrant = UserFactory(country=["JP", "FR", "BR"][index % 3])
        entry = EntryFactory(contest=contest, entrant=entrant, status=EntryStatus.ELIGIBLE)
        _video(entry, VideoStatus.VALID)
        entries.append((entry, float(index)))
    score_entries(contest, entries)


def test_dashboard_queries_do_not_grow_with_entries(client, organiser, contest,
                                                    django_assert_num_queries):
    client.force_login(organiser)
    url = reverse("judging:dashboard", args=[contest.slug])
    _populate(contest, 1)
    client.get(url)
    # session, user, contest, team memberships (permission and menu), site roles (menu); the
    # entries' fingerprint (the funnel, statistics and failures are those counted for it by
    # the request above); progress 2 (the rounds, the jurors' names: the counts are those of
    # the round's results version); results table: final round, its results version (the
    # ranking is computed), award labels (its filter choices are counted), the page's entries.
    with django_assert_num_queries(12) as one:
        client.get(url)
    _populate(contest, 6)
    # New entries and a new round: the first request counts the intake (4), the table's
    # filter choices (1), the new round's progress (1) and ranks it (1).
    with django_assert_num_queries(len(one.captured_queries) + 7):
        client.get(url)
    # Then the same count as with one entry: nothing is read once per entry.
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    html = response.content.decode()
    assert "7 entries from 3 countries" in html
    assert '<svg class="bar-chart"' in html


def test_dashboard_results_table_filters_and_sorts(client, organiser, contest):
    client.force_login(organiser)
    _populate(contest, 6)
    url = reverse("judging:dashboard", args=[contest.slug])

    response = client.get(url, {"country": "France", "sort": "mean"})
    rows = response.context["table"].page.object_list
    assert [row["country"] for row in rows] == ["France", "France"]
    assert [row["mean"] for row in rows] == [1.0, 4.0]

    response = client.get(url, {"sort": "mean", "desc": "1"})
    assert [row["mean"] for row in response.context["table"].page.object_list] == [
        5.0, 4.0, 3.0, 2.0, 1.0, 0.0
    ]
