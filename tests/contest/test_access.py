"""Object getters for the permission gate, and the permissions the models declare."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from contest.access import contest_from_url, entry_from_url
from tests.factories import ContestFactory, EntryFactory

pytestmark = pytest.mark.django_db


def test_entry_from_url_returns_entry_with_contest_in_one_query():
    entry = EntryFactory()
    kwargs = {"pk": entry.pk, "tab": "credits"}

    with CaptureQueriesContext(connection) as queries:
        found = entry_from_url(None, kwargs)
        slug = found.contest.slug

    assert (found, slug, len(queries)) == (entry, entry.contest.slug, 1)


def test_entry_from_url_pops_the_keyword_it_consumed():
    entry = EntryFactory()
    kwargs = {"pk": entry.pk, "tab": "credits"}

    entry_from_url(None, kwargs)

    assert kwargs == {"tab": "credits"}


def test_entry_from_url_unknown_entry_is_404():
    with pytest.raises(Http404):
        entry_from_url(None, {"pk": 999_999})


def test_contest_from_url_reads_either_slug_keyword():
    contest = ContestFactory(slug="nextgen")

    found = [contest_from_url(None, {"slug": "nextgen"}),
             contest_from_url(None, {"contest_slug": "nextgen"})]

    assert found == [contest, contest]


def test_entry_permissions_owner_and_organiser(entrant, other_entrant, organiser):
    entry = EntryFactory(entrant=entrant)
    perms = ["contest.own_entry", "contest.view_entry", "contest.change_entry"]

    granted = {user.pk: [user.has_perm(perm, entry) for perm in perms]
               for user in (entrant, other_entrant, organiser)}

    assert granted == {entrant.pk: [True, True, True], other_entrant.pk: [False, False, False],
                       organiser.pk: [False, True, False]}


def test_manage_contest_is_asked_on_the_contest(entrant, organiser):
    contest = ContestFactory()

    granted = [user.has_perm("contest.manage_contest", contest) for user in (entrant, organiser)]

    assert granted == [False, True]
