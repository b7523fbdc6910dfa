"""The results table sorts and filters in the database exactly as the export rows would be,
filtered and sorted in Python on their displayed values (the reference below)."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from contest.enums import EntryStatus
from judging.exports.rows import result_rows
from judging.presenters.results_table import (
    PAGE_SIZE,
    SORT_KEYS,
    ResultFilters,
    results_table,
)
from judging.selectors.ranking import final_ranking
from tests.factories import CategoryFactory, EntryFactory, UserFactory

from .test_dashboard import score_entries

pytestmark = pytest.mark.django_db


def reference(rows: list[dict], filters: ResultFilters, *, category: str = "") -> list[dict]:
    """Filter and sort the export's rows on what they display (``category`` is the name of
    the category whose id the filters hold): blanks last both ways."""
    def keeps(row):
        haystack = " ".join(str(row[k]) for k in ("code", "title_original", "title_english"))
        return ((not filters.category or row["category"] == category)
                and (not filters.country or row["country"] == filters.country)
                and (not filters.awarded or bool(row["award"]) == (filters.awarded == "yes"))
                and filters.q.casefold() in haystack.casefold())

    def blank(row):
        return row[filters.sort] is None or row[filters.sort] == ""

    kept = [row for row in rows if keeps(row)]
    kept.sort(key=lambda row: (blank(row), row[filters.sort] if not blank(row) else 0),
              reverse=filters.desc)
    kept.sort(key=blank)
    return kept


@pytest.fixture
def mixed_contest(scored_contest):
    """The scored contest, plus ties, unscored entries, a blank title and another category."""
    contest = scored_contest
    other = CategoryFactory(contest=contest, name="Animation")
    tied = [EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE, category=other,
                         entrant=UserFactory(country=country))
            for country in ("FR", "", "JP")]
    score_entries(contest, [(entry, 6.5) for entry in tied]
                  + [(e, 7.0 - i) for i, e in enumerate(contest.entries_by_script)])
    for country in ("CH", "SE", "FR"):
        EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE,
                     entrant=UserFactory(country=country))
    EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE, title_english="")
    EntryFactory(contest=contest, status=EntryStatus.DRAFT)  # never listed
    return contest


@pytest.mark.parametrize("desc", [False, True])
@pytest.mark.parametrize("sort", SORT_KEYS)
def test_results_table_sorts_like_the_displayed_values(mixed_contest, sort, desc):
    filters = ResultFilters(sort=sort, desc=desc)
    expected = reference(list(result_rows(contest=mixed_contest).rows), filters)

    table = results_table(contest=mixed_contest, filters=filters)

    assert [row["code"] for row in table.page] == [row["code"] for row in expected]
    assert list(table.page) == expected
    assert table.total == len(expected) == 12


@pytest.mark.parametrize("query", [
    {"category": "Animation"}, {"country": "France"}, {"country": "Switzerland", "desc": "1"},
    {"awarded": "yes"}, {"awarded": "no", "sort": "score"}, {"q": "moon"}, {"q": "ECHO"},
    {"country": "Atlantis"}, {"category": "Animation", "awarded": "no", "sort": "country"},
])
def test_results_table_filters_like_the_displayed_values(mixed_contest, query):
    category = query.get("category", "")
    if category:  # the form sends the category's id
        query = {**query, "category": str(mixed_contest.categories.get(name=category).pk)}
    filters = ResultFilters.from_query(RequestFactory().get("/", query).GET)
    rows = list(result_rows(contest=mixed_contest).rows)

    table = results_table(contest=mixed_contest, filters=filters)

    expected = reference(rows, filters, category=category)
    assert list(table.page) == expected
    assert table.page.paginator.count == len(expected)
    assert [name for _pk, name in table.categories] == sorted({row["category"] for row in rows})
    assert table.countries == sorted({row["country"] for row in rows} - {""})


def test_results_table_pages_in_the_database(contest, django_assert_num_queries):
    entries = [EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE)
               for _ in range(PAGE_SIZE + 3)]
    score_entries(contest, [(entry, float(i % 7)) for i, entry in enumerate(entries)], jurors=1)
    ranking = final_ranking(contest=contest)
    expected = reference(list(result_rows(contest=contest, ranking=ranking).rows),
                         ResultFilters(sort="score"))

    # award labels, the entries' fingerprint, filter choices and counts (not counted yet for
    # this fingerprint), the second page's rows
    with django_assert_num_queries(4):
        table = results_table(contest=contest, ranking=ranking,
                              filters=ResultFilters(sort="score", page=2))

    assert list(table.page) == expected[PAGE_SIZE:]
    assert (table.page.number, table.page.paginator.num_pages) == (2, 2)


@pytest.mark.parametrize("sort", ["rank", "score", "mean", "award"])
def test_results_table_without_scores_or_awards_lists_eligible_entries_by_code(contest, sort):
    entries = [EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE) for _ in range(3)]

    table = results_table(contest=contest, filters=ResultFilters(sort=sort, desc=True))

    assert [row["code"] for row in table.page] == sorted(entry.code for entry in entries)


def test_results_table_names_filters_and_sorts_categories_in_the_readers_language(mixed_contest):
    """A Japanese reader picks, reads and sorts the Japanese names; the default language's
    order would differ."""
    animation = mixed_contest.categories.get(name="Animation")
    other = mixed_contest.entries_by_script[0].category
    # In Japanese, the other category sorts first ("あ" < "ん"); in English it sorts after.
    for category, name in ((animation, "ん・アニメーション"), (other, "あ・実写")):
        category.name_ja = name
        category.save()
    def order(choices):
        return [pk for pk, _name in choices if pk in (str(animation.pk), str(other.pk))]

    in_english = results_table(contest=mixed_contest, filters=ResultFilters())
    with translation.override("ja"):
        table = results_table(contest=mixed_contest, filters=ResultFilters())
        animation_only = results_table(contest=mixed_contest,
                                       filters=ResultFilters(category=str(animation.pk)))
        by_category = results_table(contest=mixed_contest, filters=ResultFilters(sort="category"))

    assert order(in_english.categories) == [str(animation.pk), str(other.pk)]
    assert order(table.categories) == [str(other.pk), str(animation.pk)]
    assert dict(table.categories)[str(animation.pk)] == "ん・アニメーション"
    assert {row["category"] for row in animation_only.page} == {"ん・アニメーション"}
    assert animation_only.page.paginator.count == 3
    shown = [row["category"] for row in by_category.page]
    assert shown == sorted(shown)
    assert shown.index("あ・実写") < shown.index("ん・アニメーション")


def test_a_category_filter_that_is_not_an_id_filters_nothing():
    assert ResultFilters.from_query(RequestFactory().get("/", {"category": "Animation"}).GET
                                    ).category == ""
