"""The organisers' results table: ranked entries with filters, sorting and pages.

It reads the same rows as the results export, so the page and the file always agree.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.http import QueryDict

from contest.models import Contest

from ..exports.rows import result_rows

SORT_KEYS = ("rank", "code", "title_english", "country", "category", "score", "mean", "award")
PAGE_SIZE = 50


@dataclass
class ResultFilters:
    category: str = ""
    country: str = ""
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

    def keeps(self, row: dict) -> bool:
        if self.category and row["category"] != self.category:
            return False
        if self.country and row["country"] != self.country:
            return False
        if self.awarded and bool(row["award"]) != (self.awarded == "yes"):
            return False
        if self.q:
            needle = self.q.casefold()
            haystack = " ".join(str(row[k]) for k in ("code", "title_original", "title_english"))
            if needle not in haystack.casefold():
                return False
        return True

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


def _sort_key(sort: str):
    def key(row):
        value = row[sort]
        # Unranked or unscored rows go last whatever the direction.
        return (value is None or value == "", value if value is not None else 0)

    return key


def results_table(*, contest: Contest, filters: ResultFilters) -> ResultsTable:
    rows = list(result_rows(contest=contest).rows)
    categories = sorted({row["category"] for row in rows})
    countries = sorted({row["country"] for row in rows if row["country"]})
    kept = [row for row in rows if filters.keeps(row)]
    kept.sort(key=_sort_key(filters.sort), reverse=filters.desc)
    if filters.desc:
        # Keep the blanks last when reversing.
        kept.sort(key=lambda row: row[filters.sort] is None or row[filters.sort] == "")
    paginator = Paginator(kept, PAGE_SIZE)
    page = paginator.get_page(filters.page)
    links = {
        key: filters.query(sort=key, desc="1" if filters.sort == key and not filters.desc else "",
                           page=1)
        for key in SORT_KEYS
    }
    return ResultsTable(page, categories, countries, len(rows), links)
