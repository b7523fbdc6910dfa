"""Row dicts for every export, built with a handful of queries and in bounded memory.

Each builder returns a ``Table``: translated column titles and an iterator of row dicts.
Full results are read in chunks of ranked entry ids, so 4,600 rows never sit in memory as
model instances.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from contest.enums import EntryStatus
from contest.models import Contest, Entry

from ..models import AwardPlacement
from ..selectors.awards import contest_ranking, final_round, final_scores, placements_for_contest

CHUNK = 1000
# Entries that count in statistics: everything actually submitted.
COUNTED_STATUSES = (EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE, EntryStatus.DISQUALIFIED)


@dataclass
class Column:
    key: str
    title: str
    width: float = 1.0  # relative width in the PDF


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: Iterator[dict]
    summary: str = ""


def country_name(code: str) -> str:
    return str(countries.name(code)) if code else ""


def _joined(values) -> str:
    return "; ".join(value for value in values if value)


def winner_rows(*, contest: Contest) -> Table:
    """Awarded entries in award order, with credits as written and in Latin letters (3 queries)."""
    columns = [
        Column("award", _("Award"), 1.2), Column("place", _("Place"), 0.4),
        Column("screening_order", _("Screening order"), 0.5), Column("code", _("Code"), 0.6),
        Column("title_original", _("Original title"), 1.4),
        Column("title_english", _("English title"), 1.4),
        Column("credits_native", _("Credits (as written)"), 1.6),
        Column("credits_latin", _("Credits (Latin letters)"), 1.6),
        Column("countries", _("Countries"), 0.9), Column("category", _("Category"), 0.8),
    ]

    def rows():
        for placement in placements_for_contest(contest=contest):
            entry = placement.entry
            credits = list(entry.credits.all())
            codes = [entry.entrant.country.code] + [c.country.code for c in credits]
            yield {
                "award": placement.award.name,
                "place": placement.place,
                "screening_order": placement.screening_order,
                "code": entry.code,
                "title_original": entry.title_original,
                "title_english": entry.title_english,
                "credits_native": _joined(c.name_native for c in credits)
                or entry.entrant.name_native,
                "credits_latin": _joined(c.name_latin for c in credits)
                or entry.entrant.name_latin,
                "countries": _joined(country_name(code) for code in dict.fromkeys(codes)),
                "category": entry.category.name,
                "synopsis": entry.synopsis_english,
            }

    return Table(_("Winners"), columns, rows())


@dataclass
class Ranked:
    order: list[tuple[int, float | None]]  # ranked entries, then eligible unscored ones
    counts: dict[int, int]
    means: dict[int, float]


def _ranked(contest: Contest) -> Ranked:
    """The final round's ranking (three queries), followed by eligible entries never scored."""
    round_ = final_round(contest=contest)
    scores = final_scores(round=round_) if round_ is not None else []
    ranking = contest_ranking(contest=contest, round=round_) if scores else []
    totals: dict[int, list[float]] = {}
    for entry_id, _juror_id, value in scores:
        totals.setdefault(entry_id, []).append(value)
    ranked = {entry_id for entry_id, _value in ranking}
    unranked = [
        entry_id for entry_id in Entry.objects.filter(contest=contest, status=EntryStatus.ELIGIBLE)
        .order_by("code").values_list("pk", flat=True)
        if entry_id not in ranked
    ]
    return Ranked(
        order=list(ranking) + [(entry_id, None) for entry_id in unranked],
        counts={entry_id: len(values) for entry_id, values in totals.items()},
        means={entry_id: sum(values) / len(values) for entry_id, values in totals.items()},
    )


RESULT_FIELDS = (
    "pk", "code", "title_original", "title_english", "entrant__name_native",
    "entrant__name_latin", "entrant__country", "category__name", "status",
)


def result_rows(*, contest: Contest) -> Table:
    """Every eligible entry, ranked by the final round (unscored ones last), in chunks."""
    columns = [
        Column("rank", _("Rank"), 0.4), Column("code", _("Code"), 0.6),
        Column("title_original", _("Original title"), 1.5),
        Column("title_english", _("English title"), 1.5),
        Column("entrant_native", _("Entrant (as written)"), 1.2),
        Column("entrant_latin", _("Entrant (Latin letters)"), 1.2),
        Column("country", _("Country"), 0.9), Column("category", _("Category"), 0.8),
        Column("score", _("Ranking value"), 0.55), Column("mean", _("Mean mark"), 0.5),
        Column("scores", _("Scores"), 0.4),
        Column("award", _("Award"), 1.0),
    ]
    ranked = _ranked(contest)
    awards: dict[int, list[str]] = {}
    for entry_id, name, place in AwardPlacement.objects.filter(
        award__contest=contest
    ).order_by("award__order", "place").values_list("entry_id", "award__name", "place"):
        awards.setdefault(entry_id, []).append(f"{name} ({place})")

    def rows():
        iterator = iter(enumerate(ranked.order, start=1))
        while chunk := list(islice(iterator, CHUNK)):
            ids = [entry_id for _rank, (entry_id, _value) in chunk]
            found = {
                row["pk"]: row for row in Entry.objects.filter(pk__in=ids).values(*RESULT_FIELDS)
            }
            for rank, (entry_id, value) in chunk:
                row = found.get(entry_id)
                if row is None:
                    continue
                yield {
                    "rank": rank if value is not None else None,
                    "code": row["code"],
                    "title_original": row["title_original"],
                    "title_english": row["title_english"],
                    "entrant_native": row["entrant__name_native"],
                    "entrant_latin": row["entrant__name_latin"],
                    "country": country_name(row["entrant__country"]),
                    "category": row["category__name"],
                    "score": round(value, 3) if value is not None else None,
                    "mean": round(ranked.means[entry_id], 2) if entry_id in ranked.means
                    else None,
                    "scores": ranked.counts.get(entry_id, 0),
                    "award": "; ".join(awards.get(entry_id, [])),
                }

    return Table(_("Full results"), columns, rows())


def statistics(*, contest: Contest) -> dict:
    """Entries by country and by category, and the "N entries from M countries" line (2 queries)."""
    counted = Q(entries__status__in=COUNTED_STATUSES)
    by_country = Counter(dict(
        Entry.objects.filter(contest=contest, status__in=COUNTED_STATUSES)
        .values("entrant__country").annotate(n=Count("id")).values_list("entrant__country", "n")
    ))
    by_category = list(
        contest.categories.annotate(n=Count("entries", filter=counted))
        .order_by("order", "name").values_list("name", "n")
    )
    total = sum(by_country.values())
    named = len([code for code in by_country if code])
    return {
        "total": total,
        "countries": named,
        "by_country": sorted(by_country.items(), key=lambda item: (-item[1], item[0])),
        "by_category": by_category,
        "summary": _("%(entries)d entries from %(countries)d countries")
        % {"entries": total, "countries": named},
    }


def country_rows(*, contest: Contest) -> Table:
    """Statistics as one table: one row per country, then one per category."""
    stats = statistics(contest=contest)
    columns = [
        Column("group", _("Group"), 0.8), Column("name", _("Name"), 2.0),
        Column("entries", _("Entries"), 0.6), Column("share", _("Share (%)"), 0.6),
    ]
    total = stats["total"] or 1

    def rows():
        for code, count in stats["by_country"]:
            yield {"group": _("Country"), "name": country_name(code) or _("Unknown"),
                   "entries": count, "share": round(100 * count / total, 1)}
        for name, count in stats["by_category"]:
            yield {"group": _("Category"), "name": name, "entries": count,
                   "share": round(100 * count / total, 1)}

    return Table(_("Statistics"), columns, rows(), summary=str(stats["summary"]))
