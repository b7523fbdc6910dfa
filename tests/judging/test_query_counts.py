"""Query counts of the pages and endpoints that rank, pinned absolutely and against size.

Each absolute count is commented with what the queries are; the same request on a contest of
2 entries and one of 30 must make exactly as many, so nothing is read once per entry.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contest.enums import EntryStatus
from judging.enums import ScoreStatus
from judging.models import RoundEntry
from judging.services.awards import assign_award
from tests.factories import ContestFactory, EntryFactory

from .factories import AssignmentFactory, AwardFactory, JurorFactory, RoundFactory, ScoreFactory

pytestmark = pytest.mark.django_db


def scored_contest(contest, entries: int, organiser):
    """``entries`` eligible entries scored by two jurors in one round, the best one awarded."""
    round_ = RoundFactory(contest=contest, order=1)
    panel = [JurorFactory(contest=contest) for _ in range(2)]
    best = None
    for index in range(entries):
        entry = EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE)
        RoundEntry.objects.create(round=round_, entry=entry)
        for offset, juror in enumerate(panel):
            assignment = AssignmentFactory(round=round_, entry=entry, juror=juror)
            ScoreFactory(assignment=assignment, status=ScoreStatus.SUBMITTED,
                         weighted=float(index + offset))
        best = entry
    award = AwardFactory(contest=contest, name="Grand Prize", places=1, order=1)
    assign_award(award=award, place=1, entry=best, by=organiser)
    return round_


@pytest.fixture
def small_and_large(contest, organiser, client):
    client.force_login(organiser)
    return scored_contest(contest, 2, organiser), scored_contest(ContestFactory(), 30, organiser)


def awards_page(round_):
    return reverse("judging:awards", args=[round_.contest.slug])


def awards_api(round_):
    return reverse("api:awards", args=[round_.contest.slug])


def results_page(round_):
    return reverse("judging:organiser_results", args=[round_.contest.slug, round_.pk])


def results_api(round_):
    return reverse("api:organiser-round-results",
                   kwargs={"slug": round_.contest.slug, "round_id": round_.pk})


def assert_same_count(client, django_assert_num_queries, url, count, small, large, *,
                      first=None):
    """``count`` queries per request on both contests; with ``first``, that many for the first
    request, which computes the round's ranking and figures for its results version, and
    ``count`` for the next ones, which find them computed."""
    for round_ in (small, large):
        with django_assert_num_queries(count if first is None else first):
            response = client.get(url(round_))
        assert response.status_code == 200
        if first is not None:
            with django_assert_num_queries(count):
                assert client.get(url(round_)).status_code == 200


def test_awards_page_query_count(client, small_and_large, django_assert_num_queries):
    # session, user, contest, team memberships (permission and menu), site roles (menu);
    # awards, placements, their credits; the ranking: final round, its results version (the
    # first request also reads its scores, once for the table and the flags); the table:
    # award labels, the entries' fingerprint (the first request also counts the filter
    # choices in one grouped query), the page's rows.
    assert_same_count(client, django_assert_num_queries, awards_page, 13, *small_and_large,
                      first=15)


def test_awards_api_query_count(client, small_and_large, django_assert_num_queries):
    # session, user, contest, team memberships (permission); awards, placements, their credits.
    assert_same_count(client, django_assert_num_queries, awards_api, 7, *small_and_large)


def test_round_results_page_query_count(client, small_and_large, django_assert_num_queries):
    # session, user, contest, team memberships (permission and menu), round, site roles
    # (menu); the round's results version, its jurors, the page's entries. The first request
    # also computes the figures: the ranking's scores (also the calibration's), the round's
    # entries, its assignment counts per juror, its criteria and the marks per criterion
    # (reliability per criterion, cached with the figures: two more on a miss only).
    assert_same_count(client, django_assert_num_queries, results_page, 9, *small_and_large,
                      first=14)


def test_round_results_api_query_count(client, small_and_large, django_assert_num_queries):
    # session, user, contest (from the path), team memberships (permission), round of that
    # contest; the round's results version, its jurors, the page's entries; the first request
    # also computes the figures (as the page above, criteria and their marks included).
    assert_same_count(client, django_assert_num_queries, results_api, 8, *small_and_large,
                      first=13)


def test_awards_page_reads_the_scores_once(client, small_and_large):
    _small, large = small_and_large
    with CaptureQueriesContext(connection) as queries:
        client.get(awards_page(large))
    weighted = [q for q in queries if '"judging_score"."weighted" AS' in q["sql"]]
    # One read of the submitted scores feeds the results table and the tie flags.
    assert len(weighted) == 1


def _published(round_, organiser):
    from judging.services.awards import lock_awards
    from judging.services.publication import publish_results

    lock_awards(contest=round_.contest, by=organiser)
    publish_results(contest=round_.contest, by=organiser)
    return round_


def test_rounds_page_query_count(client, small_and_large, django_assert_num_queries):
    # session, user, contest, team memberships (permission and menu), site roles (menu); the
    # rounds with their progress counts (one query, a subquery per count), their criteria;
    # the forms' choices: rounds three times (advance from, advance to, manual) and jurors.
    def url(round_):
        return reverse("judging:organiser_rounds", args=[round_.contest.slug])

    assert_same_count(client, django_assert_num_queries, url, 11, *small_and_large)


def test_winners_page_query_count(client, small_and_large, organiser,
                                  django_assert_num_queries):
    small, large = (_published(round_, organiser) for round_ in small_and_large)
    client.logout()
    # Anonymous: the contest; placements with award, entry, entrant, category; their credits;
    # the posters of the winning films; the entrants' own checked posters; the contest's
    # questions (for public answers; their categories too once there are questions).
    def url(round_):
        return reverse("winners", args=[round_.contest.slug])

    assert_same_count(client, django_assert_num_queries, url, 6, small, large)


def test_winners_api_query_count(client, small_and_large, organiser,
                                 django_assert_num_queries):
    small, large = (_published(round_, organiser) for round_ in small_and_large)
    client.logout()
    # Anonymous: the contest; placements with award, entry, entrant, category; their credits;
    # the posters of the films; the entrants' own checked posters; the contest's questions (for
    # public answers).
    def url(round_):
        return reverse("api:winners", args=[round_.contest.slug])

    assert_same_count(client, django_assert_num_queries, url, 6, small, large)
