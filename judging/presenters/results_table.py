"""The organisers' results table: ranked entries with filters, sorting and pages.

Its rows are the results export's rows (``exports.rows.result_row``), so the page and the file
always agree. The database filters, sorts and pages the entries, on ids, codes and columns;
the ranking's numbers reach it as ``CASE`` expressions over entry ids. Only the page shown
(``PAGE_SIZE`` rows) is read in full and formatted.
"""

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.http import QueryDict
from django.utils import translation
from django_countries import countries as all_countries

from contest.enums import EntryStatus
from contest.models import Contest, Entry
from core import texts

from ..exports.rows import RESULT_FIELDS, award_labels, country_name, result_row
from ..models import AwardPlacement
from ..selectors.ranking import Ranking, final_ranking, scored_assignments
from ..selectors.results_cache import entries_fingerprint, remembered_for_entries

SORT_KEYS = ("rank", "code", "title_english", "country", "category", "score", "mean", "award")
PAGE_SIZE = 50
# Sorts on the ranking's own numbers; the others sort on the entry's columns.
RANKING_SORTS = {
    "rank": lambda row: row.position,
    "score": lambda row: round(row.value, 3),  # as displayed: equal shown values keep rank order
    "mean": lambda row: round(row.raw_mean, 2),
}
# The category sorts on its name as the reader sees it (see ``_display_sort_key``).
COLUMN_SORTS = {"code": "code", "title_english": "title_english", "category": "category_id"}


@dataclass
class ResultFilters:
    category: str = ""  # a category's id, as the filter form sends it (names differ by language)
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
            category=category if (category := query.get("category", "").strip()).isdigit() else "",
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
            conditions.append(Q(category_id=int(self.category)))
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
    categories: list[tuple[str, str]]  # (id, name in the reader's language), by name
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


def _display_sort_key(filters: ResultFilters, *, awards: dict[int, str],
                      category_names: dict[int, str]):
    """``(entry values) -> the value shown in the sorted column`` for the column sorts, on the
    values ``_COLUMN_VALUES`` reads; None or "" for a blank cell."""
    if filters.sort == "country":
        return lambda values: country_name(values[2])
    if filters.sort == "award":
        return lambda values: awards.get(values[0], "")
    if filters.sort == "category":
        return lambda values: category_names.get(values[2], "")
    return lambda values: values[2]


_COLUMN_VALUES = {"country": "entrant__country", "award": "code", **COLUMN_SORTS}


def _ranked_first(ids: list[int], ranking: Ranking, code: dict[int, str]) -> list[int]:
    """``ids`` in the export's order: ranked ones by position, then the others by code."""
    ranked = ranking.by_entry
    return sorted(ids, key=lambda pk: (0, ranked[pk].position, "") if pk in ranked
                  else (1, 0, code[pk]))


def _sorted_display(ids: list[int], *, key, desc: bool) -> list[int]:
    """Stable sort of ``ids`` (already in export order) on ``key``, blanks last both ways."""
    present = [pk for pk in ids if key(pk) not in (None, "")]
    blank = [pk for pk in ids if key(pk) in (None, "")]
    present.sort(key=key, reverse=desc)  # a stable sort keeps equal values in export order
    return present + blank


def _page_ids(entries: QuerySet, *, filters: ResultFilters, where: Q | None, ranking: Ranking,
              awards: dict[int, str], category_names: dict[int, str], unranked: QuerySet,
              bounds: tuple[int, int]):
    """The ids of the page's rows in table order, and the query that reads the rows of
    entries ranked nowhere (``unranked``) when the page reaches them, else None.

    Sorted in Python, as the export's rows would be, on ids and one column: the ranking's
    numbers need no database, and a sort on entry columns reads just those columns. The
    ranked ids of the default view are the ranking's own, read from no table at all.
    """
    low, high = bounds
    if filters.sort in RANKING_SORTS:
        if where is None:
            ranked = list(ranking.by_entry)
        else:
            kept = set(entries.filter(where).values_list("pk", flat=True))
            ranked = [pk for pk in ranking.by_entry if pk in kept]
        key = RANKING_SORTS[filters.sort]
        ranked.sort(key=lambda pk: key(ranking.by_entry[pk]), reverse=filters.desc)
        tail = unranked.order_by("code").values("pk")[max(0, low - len(ranked)):
                                                      max(0, high - len(ranked))]
        return ranked[low:high], tail if high > len(ranked) else None
    kept = entries.filter(where) if where is not None else entries
    values = {row[0]: row for row in kept.values_list("pk", "code", _COLUMN_VALUES[filters.sort])}
    shown = _display_sort_key(filters, awards=awards, category_names=category_names)
    ordered = _sorted_display(_ranked_first(list(values), ranking,
                                            {pk: row[1] for pk, row in values.items()}),
                              key=lambda pk: shown(values[pk]), desc=filters.desc)
    return ordered[low:high], None


def _groups(entries: QuerySet, where: Q | None, *, contest: Contest, ranking: Ranking,
            filters: ResultFilters, awards: dict[int, str], fingerprint: str | None) -> list[dict]:
    """Entries per category and country, and how many of them the filters keep (one grouped
    query), counted once per state of the entries, ranking, filters and the reader's language
    (whose category names it reads; one query after)."""
    fingerprint = entries_fingerprint(contest=contest) if fingerprint is None else fingerprint
    state = repr((fingerprint, ranking.round and ranking.round.pk,
                  len(ranking), filters.category, filters.country, filters.awarded, filters.q,
                  sorted(awards) if filters.awarded else None, translation.get_language()))
    return remembered_for_entries(
        contest_id=contest.pk, fingerprint=hashlib.sha256(state.encode()).hexdigest(),
        name="results-table", compute=lambda: list(
            entries.order_by().values("category_id", "category__name",
                                      texts.own_column("category__name"),
                                      "entrant__country").annotate(
                n=Count("pk"),
                kept=Count("pk", filter=where) if where is not None else Count("pk"))),
    )


def results_table(*, contest: Contest, filters: ResultFilters, ranking: Ranking | None = None,
                  fingerprint: str | None = None) -> ResultsTable:
    """The page of the full results that ``filters`` asks for, ranked by ``ranking`` (the final
    round's by default: pass the request's own to read it once).

    Three queries besides the ranking, whatever the contest's size: award labels, the
    entries' fingerprint (none when given one) for the figures (categories, countries,
    counts: one grouped query when they are not known yet), and the page's rows. A filter,
    or a sort on a column, reads the ids it keeps (and that column) once more.
    """
    ranking = final_ranking(contest=contest) if ranking is None else ranking
    awards = award_labels(contest=contest)
    eligible = Q(contest=contest, status=EntryStatus.ELIGIBLE)
    if ranking.round is not None:
        scored = Q(pk__in=scored_assignments(round=ranking.round).values("entry_id"))
        entries = Entry.objects.filter(eligible | scored)
        unranked = Entry.objects.filter(eligible).exclude(scored)
    else:
        entries = unranked = Entry.objects.filter(eligible)
    where = filters.where(contest=contest)
    groups = _groups(entries, where, contest=contest, ranking=ranking, filters=filters,
                     awards=awards, fingerprint=fingerprint)
    codes = {group["entrant__country"] for group in groups}
    category_names = {group["category_id"]: texts.read(group, "category__name")
                      for group in groups}
    count = sum(group["kept"] for group in groups)
    paginator = CountedPaginator(range(count), PAGE_SIZE, count=count)
    number = paginator.get_page(filters.page).number
    low = (number - 1) * PAGE_SIZE
    ids, tail = _page_ids(entries, filters=filters, where=where, ranking=ranking, awards=awards,
                          category_names=category_names,
                          unranked=unranked.filter(where) if where is not None else unranked,
                          bounds=(low, low + PAGE_SIZE))
    found = Q(pk__in=ids) | Q(pk__in=tail) if tail is not None else Q(pk__in=ids)
    values = list(Entry.objects.filter(found).values(
        *RESULT_FIELDS, texts.own_column("category__name"))) if ids or tail else []
    by_pk = {entry["pk"]: entry for entry in values}
    unranked_rows = sorted((e for e in values if e["pk"] not in set(ids)),
                           key=lambda entry: entry["code"])
    ordered = [by_pk[pk] for pk in ids if pk in by_pk] + unranked_rows
    rows = [result_row(entry, ranked=ranking.by_entry.get(entry["pk"]),
                       award=awards.get(entry["pk"], "")) for entry in ordered]
    links = {
        key: filters.query(sort=key, desc="1" if filters.sort == key and not filters.desc else "",
                           page=1)
        for key in SORT_KEYS
    }
    return ResultsTable(
        page=Page(rows, number, paginator),
        categories=sorted(((str(pk), name) for pk, name in category_names.items()
                           if pk is not None),
                          key=lambda choice: (choice[1], choice[0])),
        countries=sorted({country_name(code) for code in codes} - {""}),
        total=sum(group["n"] for group in groups),
        sort_links=links,
        close_to_next=frozenset(entry["code"] for entry in ordered
                                if entry["pk"] in ranking.close_to_next),
    )
