from datetime import timedelta

import pytest
from django.utils import timezone

from contest.enums import EditPolicy, EntryStatus
from tests.factories import ContestFactory, EntryFactory

pytestmark = pytest.mark.django_db


def test_owner_can_view_and_edit_draft(entrant):
    entry = EntryFactory(entrant=entrant)
    assert (entrant.has_perm("contest.view_entry", entry),
            entrant.has_perm("contest.change_entry", entry)) == (True, True)


@pytest.mark.parametrize("who", ["other_entrant", "juror_user"])
def test_other_users_cannot_view_or_edit_entry(request, entrant, who):
    user = request.getfixturevalue(who)
    entry = EntryFactory(entrant=entrant)
    assert (user.has_perm("contest.view_entry", entry),
            user.has_perm("contest.change_entry", entry)) == (False, False)


def test_organiser_views_but_does_not_edit_entry(entrant, organiser):
    entry = EntryFactory(entrant=entrant)
    assert (organiser.has_perm("contest.view_entry", entry),
            organiser.has_perm("contest.change_entry", entry)) == (True, False)


@pytest.mark.parametrize(
    ("status", "policy", "open_", "expected"),
    [
        (EntryStatus.SUBMITTED, EditPolicy.UNTIL_CLOSE, True, True),
        (EntryStatus.ELIGIBLE, EditPolicy.LOCKED, True, False),
        (EntryStatus.SUBMITTED, EditPolicy.UNTIL_CLOSE, False, False),
        (EntryStatus.WITHDRAWN, EditPolicy.UNTIL_CLOSE, True, False),
        (EntryStatus.DISQUALIFIED, EditPolicy.UNTIL_CLOSE, True, False),
    ],
)
def test_can_edit_submitted_entry_follows_policy_and_window(entrant, status, policy, open_,
                                                            expected):
    now = timezone.now()
    contest = ContestFactory(
        edit_policy=policy,
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=1) if open_ else now - timedelta(days=1),
    )
    entry = EntryFactory(contest=contest, entrant=entrant, status=status)
    assert entrant.has_perm("contest.change_entry", entry) is expected
