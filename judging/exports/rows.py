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
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from contest import questions as question_rules
from contest.enums import EntryStatus, QuestionType
from contest.models import Contest, Entry, Question
from contest.selectors import questions_of_contest
from core import texts

from ..models import AwardPlacement
from ..selectors.awards import placements_for_contest
from ..selectors.ranking import RankedRow, Ranking, final_ranking

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


def answer_columns(questions: list[Question]) -> list[Column]:
    """One column per question, archived ones marked: spreadsheets get every answer."""
    columns = []
    for question in questions:
        title = str(question.label)
        if question.archived_at is not None:
            title = _("%(question)s (no longer asked)") % {"question": title}
        columns.append(Column(f"answer:{question.key}", title, 1.0))
    return columns


def answer_cells(questions: list[Question], answers: dict, *, contest: Contest) -> dict:
    """The answers of one entry as cells: numbers stay numbers, the rest as people read it
    (choice labels, yes or no, country names); the writers neutralise formula-like text."""
    language = translation.get_language() or contest.default_language
    cells = {}
    for question in questions:
        answer = (answers or {}).get(question.key)
        if question.type == QuestionType.NUMBER and not question_rules.is_empty(answer):
            cells[f"answer:{question.key}"] = answer
        else:
            cells[f"answer:{question.key}"] = question_rules.display_answer(
                question, answer, language=language, default_language=contest.default_language)
    return cells


def winner_rows(*, contest: Contest, with_answers: bool = False) -> Table:
    """Awarded entries in award order, with credits as written and in Latin letters (3
    queries; with ``with_answers``, one more and a column per question)."""
    columns = [
        Column("award", _("Award"), 1.2), Column("place", _("Place"), 0.4),
        Column("screening_order", _("Screening order"), 0.5), Column("code", _("Code"), 0.6),
        Column("title_original", _("Original title"), 1.4),
        Column("title_english", _("English title"), 1.4),
        Column("credits_native", _("Credits (as written)"), 1.6),
        Column("credits_latin", _("Credits (Latin letters)"), 1.6),
        Column("countries", _("Countries"), 0.9), Column("category", _("Category"), 0.8),
    ]
    questions = questions_of_contest(contest=contest) if with_answers else []
    columns += answer_columns(questions)

    def rows():
        for placement in placements_for_contest(contest=contest):
            entry = placement.entry
            credits = list(entry.credits.all())
            entrant = entry.entrant  # awarded entries are never anonymised; guarded all the same
            codes = [entrant.country.code if entrant else ""] + [c.country.code for c in credits]
            yield {
                "award": placement.award.name,
                # A number where the place is not shared: spreadsheets sort it as one.
                "place": placement.place_label if placement.place_shared else placement.place,
                "screening_order": placement.screening_order,
                "code": entry.code,
                "title_original": entry.title_original,
                "title_english": entry.title_english,
                "credits_native": _joined(c.name_native for c in credits)
                or getattr(entrant, "name_native", ""),
                "credits_latin": _joined(c.name_latin for c in credits)
                or getattr(entrant, "name_latin", ""),
                "countries": _joined(country_name(code) for code in dict.fromkeys(codes)),
                "category": entry.category.name,
                "synopsis": entry.synopsis_english,
                **answer_cells(questions, entry.answers, contest=contest),
            }

    return Table(_("Winners"), columns, rows())


def unscored_eligible_ids(*, contest: Contest, ranking: Ranking) -> list[int]:
    """Eligible entries the ranking leaves out, by code: they close the full results (one query)."""
    ranked = ranking.by_entry
    return [
        entry_id for entry_id in Entry.objects.filter(contest=contest, status=EntryStatus.ELIGIBLE)
        .order_by("code").values_list("pk", flat=True)
        if entry_id not in ranked
    ]


def award_labels(*, contest: Contest) -> dict[int, str]:
    """``{entry_id: "Grand Prize (1); Jury Prize (2 ex aequo)"}`` for every awarded entry (one
    query)."""
    rows = list(AwardPlacement.objects.filter(award__contest=contest)
                .order_by("award__order", "place")
                .values_list("entry_id", "award_id", "award__name", "place"))
    holders = Counter((award_id, place) for _entry, award_id, _name, place in rows)
    awards: dict[int, list[str]] = {}
    for entry_id, award_id, name, place in rows:
        label = (_("%(place)d ex aequo") % {"place": place} if holders[(award_id, place)] > 1
                 else place)
        awards.setdefault(entry_id, []).append(f"{name} ({label})")
    return {entry_id: "; ".join(labels) for entry_id, labels in awards.items()}


RESULT_FIELDS = (
    "pk", "code", "title_original", "title_english", "entrant__name_native",
    "entrant__name_latin", "entrant__country", "category__name", "status", "answers",
)
RESULT_COLUMNS = (
    ("rank", _("Rank"), 0.4), ("code", _("Code"), 0.6),
    ("title_original", _("Original title"), 1.5), ("title_english", _("English title"), 1.5),
    ("entrant_native", _("Entrant (as written)"), 1.2),
    ("entrant_latin", _("Entrant (Latin letters)"), 1.2),
    ("country", _("Country"), 0.9), ("category", _("Category"), 0.8),
    ("score", _("Ranking value"), 0.55), ("mean", _("Mean mark"), 0.5),
    ("scores", _("Scores"), 0.4), ("award", _("Award"), 1.0),
)


def result_row(entry: dict, *, ranked: RankedRow | None, award: str) -> dict:
    """One line of the full results from an entry's ``RESULT_FIELDS`` values and its ranking."""
    return {
        "rank": ranked.position if ranked else None,
        "code": entry["code"],
        "title_original": entry["title_original"],
        "title_english": entry["title_english"],
        "entrant_native": entry["entrant__name_native"] or "",
        "entrant_latin": entry["entrant__name_latin"] or "",
        "country": country_name(entry["entrant__country"]),
        "category": texts.read(entry, "category__name"),
        "score": round(ranked.value, 3) if ranked else None,
        "mean": round(ranked.raw_mean, 2) if ranked else None,
        "scores": ranked.count if ranked else 0,
        "award": award,
    }


def result_rows(*, contest: Contest, ranking: Ranking | None = None,
                with_answers: bool = False) -> Table:
    """Every entry of ``ranking`` (the final round's by default), then the eligible ones it
    leaves out by code, as formatted rows read in chunks of entry ids; with ``with_answers``
    a column per question."""
    ranking = final_ranking(contest=contest) if ranking is None else ranking
    questions = questions_of_contest(contest=contest) if with_answers else []
    order = ranking.entry_ids + unscored_eligible_ids(contest=contest, ranking=ranking)
    awards = award_labels(contest=contest)

    def rows():
        iterator = iter(order)
        while ids := list(islice(iterator, CHUNK)):
            found = {
                row["pk"]: row for row in Entry.objects.filter(pk__in=ids).values(
                    *RESULT_FIELDS, texts.own_column("category__name"))
            }
            for entry_id in ids:
                if entry_id in found:
                    yield {**result_row(found[entry_id], ranked=ranking.by_entry.get(entry_id),
                                        award=awards.get(entry_id, "")),
                           **answer_cells(questions, found[entry_id]["answers"],
                                          contest=contest)}

    columns = [Column(key, title, width) for key, title, width in RESULT_COLUMNS]
    columns += answer_columns(questions)
    return Table(_("Full results"), columns, rows())


def entry_counts(*, contest: Contest) -> tuple[dict[str, int], list[tuple[str, int]]]:
    """Counted entries by country code and by category in order (2 queries)."""
    counted = Q(entries__status__in=COUNTED_STATUSES)
    by_country = dict(
        Entry.objects.filter(contest=contest, status__in=COUNTED_STATUSES)
        .values("entrant__country").annotate(n=Count("id")).values_list("entrant__country", "n")
    )
    by_category = list(
        contest.categories.annotate(n=Count("entries", filter=counted))
        .order_by("order", "name").values_list("name", "n")
    )
    return by_country, by_category


def statistics(*, contest: Contest,
               counts: tuple[dict[str, int], list[tuple[str, int]]] | None = None) -> dict:
    """Entries by country and by category, and the "N entries from M countries" line (2 queries,
    none when given the ``entry_counts``)."""
    by_country_codes, by_category = entry_counts(contest=contest) if counts is None else counts
    by_country = Counter(by_country_codes)
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
