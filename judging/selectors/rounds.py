"""Organiser reads: round progress and results, shared by the pages and the API."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from contest.models import Contest, Entry

from ..aggregation import DEFAULT_METHOD
from ..enums import AggregationMethod, ScoreStatus
from ..models import Assignment, Criterion, Juror, Round, RoundEntry
from ..reliability import (
    ICC,
    CriterionReliability,
    JurorStats,
    OneWayICC,
    criterion_reliability,
    icc,
    icc_oneway,
    juror_calibration,
    krippendorff_alpha,
)
from .ranking import RankedRow, ranking, scored_assignments


def _count_per_round(queryset: QuerySet) -> Coalesce:
    return Coalesce(Subquery(
        queryset.filter(round=OuterRef("pk")).order_by().values("round")
        .annotate(count=Count("pk")).values("count")
    ), 0)


def rounds_with_progress(*, contest: Contest) -> QuerySet[Round]:
    """The contest's rounds, each annotated with ``entry_count``, ``assigned`` and ``scored``.

    One subquery per count: joining entries and assignments in one query would multiply
    their rows (thousands times thousands in a screening round).
    """
    return (
        Round.objects.filter(contest=contest)
        .annotate(
            entry_count=_count_per_round(RoundEntry.objects.all()),
            assigned=_count_per_round(Assignment.objects.all()),
            scored=_count_per_round(
                Assignment.objects.filter(score__status=ScoreStatus.SUBMITTED)),
        )
        .order_by("order")
    )


def round_with_progress(*, contest: Contest, round_id: int) -> Round:
    return rounds_with_progress(contest=contest).get(pk=round_id)


@dataclass(frozen=True)
class RankedEntry:
    position: int
    entry: Entry
    value: float
    count: int
    raw_mean: float
    error: float = 0.0  # standard error of ``value``
    low: float = 0.0  # the 95% interval
    high: float = 0.0
    group: int = 1  # connected group of the jury
    crosses_cut: bool = False  # the interval contains the advancement cut


@dataclass(frozen=True)
class JurorRow:
    juror: Juror
    stats: JurorStats | None
    assigned: int


@dataclass(frozen=True)
class RoundResults:
    round: Round
    method: str
    ranking: list[RankedEntry]
    unscored: int
    jurors: list[JurorRow]
    alpha: float | None
    icc: ICC | None
    assigned: int
    scored: int
    icc_oneway: OneWayICC | None = None  # any design, missing scores allowed
    criteria: list[CriterionReliability] = field(default_factory=list)  # criterion: a name
    groups: int = 0  # connected groups of the jury; above 1 they cannot be compared
    cut: int | None = None  # entries to advance, as the organiser asked
    cut_value: float | None = None


def _complete_table(scores: list[tuple[int, int, float]]) -> list[list[float]] | None:
    """An entries x jurors table when every juror scored every entry, else None."""
    cells = {(e, j): v for e, j, v in scores}
    entries = sorted({e for e, _j in cells})
    jurors = sorted({j for _e, j in cells})
    if len(cells) != len(entries) * len(jurors):
        return None
    return [[cells[(e, j)] for j in jurors] for e in entries]


def _criterion_marks(*, round: Round) -> dict[str, list[tuple[int, int, float]]]:
    """Each criterion's marks of the submitted scores, by criterion name in rubric order (two
    queries: the criteria, the marks)."""
    criteria = list(Criterion.objects.filter(round=round).order_by("order", "id")
                    .values_list("pk", "name"))
    marks: dict[str, list[tuple[int, int, float]]] = {name: [] for _pk, name in criteria}
    for entry_id, juror_id, given in scored_assignments(round=round).values_list(
            "entry_id", "juror_id", "score__marks"):
        for pk, name in criteria:
            if given.get(str(pk)) is not None:
                marks[name].append((entry_id, juror_id, float(given[str(pk)])))
    return marks


def _ranked_entry(row: RankedRow, entry: Entry, crossing: frozenset[int]) -> RankedEntry:
    return RankedEntry(position=row.position, entry=entry, value=row.value, count=row.count,
                       raw_mean=row.raw_mean, error=row.error, low=row.low, high=row.high,
                       group=row.group, crosses_cut=row.entry_id in crossing)


def results_for_round(*, round: Round, method: str = DEFAULT_METHOD,
                      cut: int | None = None) -> RoundResults:
    """Ranking, per-juror calibration, reliability and progress of one round.

    Five queries whatever the round's size: submitted scores (the round's ``ranking``), the
    round's entries, its jurors with their assignment counts, its criteria and the marks per
    criterion. ``cut``, the number of entries the organiser means to advance, marks the
    entries whose interval contains the cut.
    """
    method = str(method) if str(method) in AggregationMethod.values else DEFAULT_METHOD
    ranked = ranking(round=round, method=method)
    scores = list(ranked.scores)
    entries = {
        entry.pk: entry for entry in Entry.objects.filter(round_entries__round=round)
        .select_related("category").only("id", "code", "title_english", "title_original",
                                          "category__name")
    }
    crossing = ranked.crossing_cut(cut) if cut else frozenset()
    rows = [_ranked_entry(row, entries[row.entry_id], crossing)
            for row in ranked if row.entry_id in entries]
    stats = juror_calibration(scores)
    jurors = (
        Juror.objects.filter(assignments__round=round).select_related("user")
        .annotate(assigned=Count("assignments", filter=Q(assignments__round=round)))
        .order_by("user__name_latin", "pk")
    )
    juror_rows = [JurorRow(juror=j, stats=stats.get(j.pk), assigned=j.assigned) for j in jurors]
    table = _complete_table(scores)
    return RoundResults(
        round=round, method=method, ranking=rows, unscored=len(entries) - len(rows),
        jurors=juror_rows, alpha=krippendorff_alpha(scores), icc=icc(table) if table else None,
        assigned=sum(row.assigned for row in juror_rows), scored=len(scores),
        icc_oneway=icc_oneway(scores),
        criteria=criterion_reliability(_criterion_marks(round=round)),
        groups=ranked.group_count, cut=cut, cut_value=ranked.cut_value(cut) if cut else None,
    )
