import pytest

from contest import selectors
from contest.enums import EntryStatus
from tests.factories import (
    CategoryFactory,
    ContestFactory,
    CreditFactory,
    EntryFactory,
    UserFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db


def _entries(contest, count, **fields):
    category = contest.categories.first() or CategoryFactory(contest=contest)
    made = [EntryFactory(contest=contest, category=category, **fields) for _ in range(count)]
    for entry in made:
        CreditFactory(entry=entry)
        VideoFactory(entry=entry)
    return made


@pytest.mark.parametrize("count", [1, 4])
def test_entries_for_entrant_query_count_constant(entrant, contest, count,
                                                  django_assert_num_queries):
    _entries(contest, count, entrant=entrant)
    _entries(contest, 1)  # someone else's
    # entries with contest and category, credits, current videos
    with django_assert_num_queries(3):
        rows = [(e.category.name, len(e.credits.all()), len(e.current_videos))
                for e in selectors.entries_for_entrant(entrant=entrant)]
    assert len(rows) == count


def test_contest_stats_counts_by_status_country_and_category():
    contest = ContestFactory()
    drama = CategoryFactory(contest=contest, name="Drama", order=1)
    music = CategoryFactory(contest=contest, name="Music", order=2)
    china, turkey = UserFactory(country="CN"), UserFactory(country="TR")
    EntryFactory(contest=contest, category=drama, entrant=china, status=EntryStatus.ELIGIBLE)
    EntryFactory(contest=contest, category=drama, entrant=china, status=EntryStatus.SUBMITTED)
    EntryFactory(contest=contest, category=music, entrant=turkey,
                 status=EntryStatus.DISQUALIFIED)
    EntryFactory(contest=contest, category=music, entrant=turkey, status=EntryStatus.DRAFT)
    EntryFactory(contest=contest, category=music, entrant=UserFactory(country="FR"),
                 status=EntryStatus.WITHDRAWN)
    EntryFactory(status=EntryStatus.ELIGIBLE)  # another contest

    stats = selectors.contest_stats(contest=contest)

    assert (stats.total, stats.countries, stats.eligible) == (3, 2, 1)
    assert stats.by_status == {"draft": 1, "submitted": 1, "eligible": 1, "disqualified": 1,
                               "withdrawn": 1}
    assert [(c.code, c.name, c.count) for c in stats.by_country] == [
        ("CN", "China", 2), ("TR", "Türkiye", 1)]
    assert [(c.category.name, c.count) for c in stats.by_category] == [("Drama", 2), ("Music", 1)]


@pytest.mark.parametrize("count", [1, 5])
def test_contest_stats_query_count_constant(contest, count, django_assert_num_queries):
    _entries(contest, count, status=EntryStatus.ELIGIBLE)
    # by status, by country, by category counts, categories
    with django_assert_num_queries(4):
        stats = selectors.contest_stats(contest=contest)
    assert stats.total == count
