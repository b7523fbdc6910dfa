"""The organisers' results table: ranked entries with filters, sorting and pages.

Its rows are the results export's rows (``exports.rows.result_row``), so the page and the file
always agree. The database filters, sorts and pages the entries, on ids, codes and columns;
the ranking's numbers reach it as ``CASE`` expressions over entry ids. Only the page shown
(``PAGE_SIZE`` rows) is read in full and formatted.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate
from django.http import QueryDict
from django_countries import countries as all_countries

from contest.enums import EntryStatus
from contest.models import Contest, Entry

from ..exports.rows import RESULT_FIELDS, award_labels, country_name, result_row
from ..models import AwardPlacement
from ..selectors.ranking import Ranking, final_ranking

SORT_KEYS = ("rank", "code", "title_english", "country", "category", "score", "mean", "award")
PAGE_SIZE = 50
# Sorts on the ranking's own numbers; the others sort on the entry's columns.
RANKING_SORTS = {
    "rank": lambda row: row.position,
    "score": lambda row: round(row.value, 3),  # as displayed: equal shown values keep rank order
    "mean": lambda row: round(row.raw_mean, 2),
}
COLUMN_SORTS = {"code": "code", "title_english": "title_english", "category": "category__name"}


@dataclass
class ResultFilters:
    category: str = ""  # a category's name, as the filter form sends it
    country: str = ""  # a country's name in the current language, as the form sends it
    awarded: str = ""  # "", "yes" or "no"
    q: str = ""
    sort: str = "rank"
    desc: bool = False
    page: int = 1

    @classmethod
    def from_query(cls, query: QueryDict) -> "ResultFilters":
        sort = query.get("sort", "rank")
        try:
            page = max(1, int(query.get("page", "1")))
        except ValueError:
            page = 1
        return cls(
            category=query.get("category", "").strip(),
            country=query.get("country", "").strip(),
            awarded=query.get("awarded", "") if query.get("awarded") in ("yes", "no") else "",
            q=query.get("q", "").strip(),
            sort=sort if sort in SORT_KEYS else "rank",
            desc=query.get("desc") == "1",
            page=page,
        )

    def where(self, *, contest: Contest) -> Q | None:
        """These filters as a condition on entries, or None when nothing is filtered."""
        conditions = []
        if self.category:
            conditions.append(Q(category__name=self.category))
        if self.country:
            codes = [code for code, name in all_countries if str(name) == self.country]
            conditions.append(Q(entrant__country__in=codes))
        if self.awarded:
            awarded = Q(Exists(AwardPlacement.objects.filter(
                entry=OuterRef("pk"), award__contest=contest)))
            conditions.append(awarded if self.awarded == "yes" else ~awarded)
        if self.q:
            conditions.append(Q(code__icontains=self.q) | Q(title_original__icontains=self.q)
                              | Q(title_english__icontains=self.q))
        if not conditions:
            return None
        where = conditions[0]
        for condition in conditions[1:]:
            where &= condition
        return where

    def query(self, **changes) -> str:
        """The query string of these filters with ``changes`` applied (for links)."""
        values = {"category": self.category, "country": self.country, "awarded": self.awarded,
                  "q": self.q, "sort": self.sort, "desc": "1" if self.desc else "",
                  "page": self.page}
        values.update(changes)
        query = QueryDict(mutable=True)
        for key, value in values.items():
            if value not in ("", None, 1) or (key == "page" and value != 1):
                query[key] = str(value)
        return query.urlencode()


@dataclass
class ResultsTable:
    page: Page
    categories: list[str]
    countries: list[str]
    total: int
    sort_links: dict[str, str] = field(default_factory=dict)
    # Codes of the page's entries whose interval overlaps the next-ranked entry's (the rows
    # stay the export's rows).
    close_to_next: frozenset[str] = frozenset()


class CountedPaginator(Paginator):
    """A paginator given its count: the table's figures query has already counted the rows."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def _by_id(numbers: dict[int, int]) -> RawSQL | None:
    """``numbers[entry id]`` as an SQL ``CASE`` (NULL for the entries it leaves out), or None
    when empty. Written out rather than as ``Case(When(...))``: the ranking has one branch per
    entry, and Django compiles thousands of ``When`` objects slowly."""
    if not numbers:
        return None
    quote = connection.ops.quote_name
    column = f"{quote(Entry._meta.db_table)}.{quote(Entry._meta.pk.column)}"
    sql = f"CASE {column} {' '.join(['WHEN %s THEN %s'] * len(numbers))} END"
    params = [value for pair in numbers.items() for value in pair]
    # Only quoted names and placeholders are spliced in; every value is a bound parameter.
    return RawSQL(sql, params, output_field=IntegerField())  # noqa: S611


def _country_order(codes: set[str]) -> Case | None:
    """The entrant's country's place among ``codes`` sorted by name; NULL when unknown."""
    names = sorted((country_name(code), code) for code in codes if country_name(code))
    if not names:
        return None
    return Case(*(When(entrant__country=code, then=Value(index))
                  for index, (_name, code) in enumerate(names)), output_field=IntegerField())


def _codepoint(column: str):
    """``column`` compared by code point, as Python compares strings, whatever the locale."""
    return Collate(F(column), "C") if connection.vendor == "postgresql" else F(column)


def _sort_value(filters: ResultFilters, *, ranking: Ranking, awards: dict[int, str],
                codes: set[str]):
    """What the rows sort on, NULL for blank values; None when every value is blank."""
    if filters.sort in RANKING_SORTS:
        # Equal values stay in ranking order: Python's sort is stable, reversed or not.
        ranked = sorted(ranking, key=RANKING_SORTS[filters.sort], reverse=filters.desc)
        return _by_id({row.entry_id: index for index, row in enumerate(ranked)})
    if filters.sort == "country":
        return _country_order(codes)
    if filters.sort == "award":
        places = {label: index for index, label in enumerate(sorted(set(awards.values())))}
        return _by_id({entry_id: places[label] for entry_id, label in awards.items()})
    column = COLUMN_SORTS[filters.sort]
    return Case(When(Q(**{column: ""}), then=None), default=_codepoint(column))


def _ordered(entries: QuerySet, *, filters: ResultFilters, ranking: Ranking,
             awards: dict[int, str], codes: set[str]) -> QuerySet:
    """``entries`` sorted like the table: blanks and unscored rows last in both directions,
    equal values in ranking order, then unscored ones by code. ``codes`` are the countries
    present, which sort by their names."""
    value = _sort_value(filters, ranking=ranking, awards=awards, codes=codes)
    order = []
    if value is not None:
        descending = filters.desc and filters.sort not in RANKING_SORTS  # already reversed
        order.append(value.desc(nulls_last=True) if descending else value.asc(nulls_last=True))
    position = _by_id({row.entry_id: row.position for row in ranking})
    if position is not None and filters.sort not in RANKING_SORTS:
        order.append(position.asc(nulls_last=True))
    return entries.order_by(*order, "code")


def results_table(*, contest: Contest, filters: ResultFilters,
                  ranking: Ranking | None = None) -> ResultsTable:
    """The page of the full results that ``filters`` asks for, ranked by ``ranking`` (the final
    round's by default: pass the request's own to read it once).

    Three queries besides the ranking: award labels, the figures (categories, countries,
    counts) in one grouped query, and the page's entries.
    """
    ranking = final_ranking(contest=contest) if ranking is None else ranking
    awards = award_labels(contest=contest)
    entries = Entry.objects.filter(
        Q(pk__in=ranking.entry_ids) | Q(contest=contest, status=EntryStatus.ELIGIBLE))
    where = filters.where(contest=contest)
    groups = list(entries.order_by().values("category__name", "entrant__country").annotate(
        n=Count("pk"), kept=Count("pk", filter=where) if where is not None else Count("pk")))
    codes = {group["entrant__country"] for group in groups}
    kept = entries.filter(where) if where is not None else entries
    ordered = _ordered(kept, filters=filters, ranking=ranking, awards=awards, codes=codes)
    paginator = CountedPaginator(ordered.values(*RESULT_FIELDS), PAGE_SIZE,
                                 count=sum(group["kept"] for group in groups))
    page = paginator.get_page(filters.page)
    rows = [result_row(entry, ranked=ranking.by_entry.get(entry["pk"]),
                       award=awards.get(entry["pk"], "")) for entry in page.object_list]
    links = {
        key: filters.query(sort=key, desc="1" if filters.sort == key and not filters.desc else "",
                           page=1)
        for key in SORT_KEYS
    }
    return ResultsTable(
        page=Page(rows, page.number, paginator),
        categories=sorted({group["category__name"] for group in groups}),
        countries=sorted({country_name(code) for code in codes} - {""}),
        total=sum(group["n"] for group in groups),
        sort_links=links,
        close_to_next=frozenset(entry["code"] for entry in page.object_list
                                if entry["pk"] in ranking.close_to_next),
    )
