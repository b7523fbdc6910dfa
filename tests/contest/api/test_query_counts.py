"""List endpoints cost the same number of queries for 1 item as for 20, and exactly this many.

The clients are authenticated by ``force_authenticate``: no session or token query is counted.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contest.enums import EntryStatus
from tests.factories import CategoryFactory, ContestFactory, CreditFactory, UserFactory

pytestmark = pytest.mark.django_db


def _queries(api, url, user=None) -> int:
    if user is not None:
        # A fresh copy: the roles are cached on the user object, as they are for one request.
        api.force_authenticate(user=type(user).objects.get(pk=user.pk))
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200
    return len(queries)


def _entries(entry_of, user_for, count, **fields):
    for _ in range(count):
        CreditFactory(entry=entry_of(user_for(), **fields))


def test_contest_list_query_count(client_for, api_contest):
    api = client_for(None)
    one = _queries(api, "/api/v1/contests/")

    for _ in range(19):
        CategoryFactory(contest=ContestFactory())
    twenty = _queries(api, "/api/v1/contests/")

    # The page count, the open contests, their categories prefetched.
    assert (one, twenty) == (3, 3)


def test_entry_list_query_count(client_for, entry_of, entrant):
    api = client_for(entrant)
    _entries(entry_of, lambda: entrant, 1)
    one = _queries(api, "/api/v1/entries/", entrant)

    _entries(entry_of, lambda: entrant, 19)
    twenty = _queries(api, "/api/v1/entries/", entrant)

    # The page count, the entries with contest and category joined, their credits, their
    # current videos.
    assert (one, twenty) == (4, 4)


def test_contest_entry_list_query_count(client_for, entry_of, organiser, api_contest):
    api = client_for(organiser)
    url = f"/api/v1/contests/{api_contest.slug}/entries/"
    _entries(entry_of, UserFactory, 1, status=EntryStatus.ELIGIBLE)
    one = _queries(api, url, organiser)

    _entries(entry_of, UserFactory, 19, status=EntryStatus.ELIGIBLE)
    twenty = _queries(api, url, organiser)

    # The contest (from the URL), the roles (the permission on it), the page count, the
    # entries with contest, entrant and category joined, their credits, their current videos
    # with the film each duplicates joined.
    assert (one, twenty) == (6, 6)
