"""The retention dry-run page: organisers see what the next run would purge and anonymise,
and looking changes nothing."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from accounts.enums import OrgRole
from contest.enums import EntryStatus, VideoStatus
from tests.factories import ContestFactory, EntryFactory, MembershipFactory, VideoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_contest(db):
    """Closed 40 days ago, purging after 30 days, anonymising after 2 years."""
    closes_at = timezone.now() - timedelta(days=40)
    return ContestFactory(opens_at=closes_at - timedelta(days=30), closes_at=closes_at,
                          purge_after_days=30, anonymise_after_years=2)


def _page(client, contest):
    return client.get(reverse("contest:contest_retention", args=[contest.slug]))


def _table_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_the_page_lists_what_is_due_and_what_waits(client, organiser, closed_contest):
    draft = EntryFactory(contest=closed_contest, status=EntryStatus.DRAFT)
    kept = EntryFactory(contest=closed_contest, status=EntryStatus.ELIGIBLE,
                        submitted_at=closed_contest.closes_at)
    refused = VideoFactory(entry=kept, status=VideoStatus.INVALID, is_current=False)
    client.force_login(organiser)
    before = _table_counts()

    html = _page(client, closed_contest).content.decode()

    assert 'data-retention="purge" data-due="yes"' in html
    assert 'data-retention="anonymise" data-due="no"' in html
    assert f'data-draft="{draft.pk}"' in html and draft.code in html
    assert f'data-refused-video="{refused.pk}"' in html
    assert f'data-anonymise="{kept.pk}"' in html
    assert _table_counts() == before


def test_a_manager_may_look_and_a_viewer_may_not(client, closed_contest):
    for role, status in ((OrgRole.MANAGER, 200), (OrgRole.VIEWER, 403)):
        member = MembershipFactory(organisation=closed_contest.organisation, role=role).user
        client.force_login(member)
        assert _page(client, closed_contest).status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client, closed_contest):
    response = _page(client, closed_contest)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_page_reads_a_fixed_number_of_queries(client, organiser, closed_contest,
                                                  django_assert_num_queries):
    client.force_login(organiser)
    EntryFactory(contest=closed_contest, status=EntryStatus.DRAFT)
    _page(client, closed_contest)  # warm the session and the person's roles
    # Session, user, contest, organisation roles, organisation, refused films, drafts, entries
    # to anonymise, awarded entries (judging's hook), the site roles for the menu: the same
    # for one draft or many.
    with django_assert_num_queries(10):
        _page(client, closed_contest)
    for _ in range(3):
        EntryFactory(contest=closed_contest, status=EntryStatus.DRAFT)
    with django_assert_num_queries(10):
        _page(client, closed_contest)
