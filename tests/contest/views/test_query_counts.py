"""List pages cost the same number of queries for 1 entry as for 20, and exactly this many.

Each count is pinned with the queries it is made of: a new query on a list page is a decision,
not an accident.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contest.enums import EntryStatus
from tests.factories import (
    CategoryFactory,
    ContestFactory,
    CreditFactory,
    EntryFactory,
    UserFactory,
    VideoFactory,
)

COUNTRIES = ["JP", "FR", "BR", "EG", "KR", "IN", "US", "NG", "TR", "MX"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _entries_of(entrant, contest, count):
    for index in range(count):
        entry = EntryFactory(contest=contest, entrant=entrant,
                             category=contest.categories.first(),
                             status=EntryStatus.SUBMITTED if index % 2 else EntryStatus.DRAFT)
        CreditFactory(entry=entry)
        VideoFactory(entry=entry)


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow_with_entries(client, entrant, open_contest):
    client.force_login(entrant)
    url = reverse("contest:dashboard")
    _entries_of(entrant, open_contest, 1)
    one = _queries(client, url)

    _entries_of(entrant, open_contest, 19)
    twenty = _queries(client, url)

    # Session, user, the entries with contest and category joined, their credits, their
    # videos, the site roles and the team memberships (for the menu), the contests open now:
    # 8 for 1 entry or 20.
    assert (one, twenty) == (8, 8)


@pytest.mark.django_db
def test_home_query_count_does_not_grow_with_contests(client):
    ContestFactory()
    one = _queries(client, reverse("contest:home"))

    for _ in range(19):
        CategoryFactory(contest=ContestFactory())
    twenty = _queries(client, reverse("contest:home"))

    # Anonymous: no session row; the open contests, then their categories prefetched.
    assert (one, twenty) == (2, 2)


@pytest.mark.django_db
def test_home_query_count_signed_in(client, entrant):
    client.force_login(entrant)
    for _ in range(3):
        CategoryFactory(contest=ContestFactory())

    # Session, user, the open contests, their categories, the site roles and the team
    # memberships (for the menu).
    assert _queries(client, reverse("contest:home")) == 6


def _received_entries(contest, count):
    for index in range(count):
        entrant = UserFactory(country=COUNTRIES[index % len(COUNTRIES)])
        EntryFactory(contest=contest, entrant=entrant, category=contest.categories.first(),
                     status=EntryStatus.ELIGIBLE)


@pytest.mark.django_db
def test_organiser_pages_query_count_does_not_grow_with_entries(client, organiser, open_contest):
    client.force_login(organiser)
    urls = [reverse("contest:organiser_home"),
            reverse("contest:organiser_contest", args=[open_contest.slug])]
    _received_entries(open_contest, 1)
    one = [_queries(client, url) for url in urls]

    _received_entries(open_contest, 19)
    ContestFactory()
    twenty = [_queries(client, url) for url in urls]

    # Home: session, user, the team memberships (read once, for the permission and the menu),
    # the site roles (menu), the contests of the user's organisations with their counts
    # aggregated. One contest: session, user, the contest (from the URL), memberships (the
    # permission and the menu), entries by status, by country, by category, the categories,
    # the duplicate films, the films whose credentials name a generator, the site roles (menu).
    assert (one, twenty) == ([5, 11], [5, 11])


@pytest.mark.django_db
def test_organiser_contest_headline_counts_entries_and_countries(client, organiser,
                                                                 open_contest):
    _received_entries(open_contest, 20)
    EntryFactory(contest=open_contest, category=open_contest.categories.first(),
                 status=EntryStatus.DRAFT)
    client.force_login(organiser)

    response = client.get(reverse("contest:organiser_contest", args=[open_contest.slug]))

    html = response.content.decode()
    assert "20 entries from 10 countries" in html
    stats = response.context["stats"]
    assert (stats.total, stats.countries) == (20, 10)
    assert [(row.category.slug, row.count) for row in stats.by_category] == [
        ("music-video", 20), ("narrative", 0)]


@pytest.mark.django_db
def test_categories_page_query_count_does_not_grow_with_categories(client, organiser):
    contest = ContestFactory()
    client.force_login(organiser)
    url = reverse("contest:contest_categories", args=[contest.slug])
    CategoryFactory(contest=contest)
    one = _queries(client, url)

    for _ in range(19):
        CategoryFactory(contest=contest)
    twenty = _queries(client, url)

    # Session, user, the contest, the team memberships (for the permission and the menu), the
    # site roles (for the menu), the categories: 6 for 1 category or 20.
    assert (one, twenty) == (6, 6)
