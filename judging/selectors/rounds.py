"""Organiser reads: round progress and results, shared by the pages and the API."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from contest.models import Contest, Entry
from core import texts

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
from .ranking import RankedRow, Ranking, ranking, scored_assignments
from .results_cache import current_version, remembered


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
            # A deactivated juror's frozen drafts hold no place on an entry's panel.
            assigned=_count_per_round(Assignment.objects.filter(
                Q(juror__is_active=True) | Q(score__status=ScoreStatus.SUBMITTED))),
            scored=_count_per_round(
                Assignment.objects.filter(score__status=ScoreStatus.SUBMITTED)),
        )
        .order_by("order")
    )


def round_with_progress(*, contest: Contest, round_id: int) -> Round:
    return rounds_with_progress(contest=contest).get(pk=round_id)


# A full round ranks thousands of entries: pages and the API show them this many at a time.
RANKING_PAGE_SIZE = 100


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


def _ranked_entry(row: RankedRow, entry: Entry, crossing: frozenset[int]) -> RankedEntry:
    return RankedEntry(position=row.position, entry=entry, value=row.value, count=row.count,
                       raw_mean=row.raw_mean, error=row.error, low=row.low, high=row.high,
                       group=row.group, crosses_cut=row.entry_id in crossing)


class RankedEntries(Sequence):
    """The round's ranked entries, best first, reading entries only for the slice asked for.

    A page of the results shows a hundred of thousands of rows: ``len`` costs nothing and a
    slice is one query, so pagers and serializers read one page, never the whole round.
    """

    def __init__(self, rows: tuple[RankedRow, ...], crossing: frozenset[int] = frozenset()):
        self.rows = rows
        self.crossing = crossing  # entries whose interval contains the advancement cut

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        rows = self.rows[index] if isinstance(index, slice) else (self.rows[index],)
        entries = Entry.objects.select_related("category").only(
            "id", "code", "title_english", "title_original", "category__name",
            *texts.columns("category__name")
        ).in_bulk([row.entry_id for row in rows])
        ranked = [_ranked_entry(row, entries[row.entry_id], self.crossing) for row in rows]
        return ranked if isinstance(index, slice) else ranked[0]


@dataclass(frozen=True)
class JurorRow:
    juror: Juror
    stats: JurorStats | None
    assigned: int


@dataclass(frozen=True)
class RoundResults:
    round: Round
    method: str
    ranking: Sequence[RankedEntry]
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


@dataclass(frozen=True)
class RoundFigures:
    """What the results of a round derive from all its scores, entries and assignments:
    computed once per results version (``results_cache``), whatever the round's size."""

    rows: tuple[RankedRow, ...]  # the ranking, restricted to the round's entries
    entry_count: int
    stats: dict[int, JurorStats]
    alpha: float | None
    icc: ICC | None
    assigned: dict[int, int]  # juror id -> assignments in the round
    scored: int
    icc_oneway: OneWayICC | None = None  # any design, missing scores allowed
    criteria: tuple[CriterionReliability, ...] = ()  # per criterion, rubric order
    groups: int = 0  # connected groups of the jury


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


def _figures(*, round: Round, method: str, version: int) -> RoundFigures:
    ranked = ranking(round=round, method=method, version=version)
    scores = list(ranked.scores)
    in_round = set(RoundEntry.objects.filter(round=round).values_list("entry_id", flat=True))
    assigned = dict(Assignment.objects.filter(round=round).order_by().values("juror_id")
                    .annotate(n=Count("pk")).values_list("juror_id", "n"))
    table = _complete_table(scores)
    return RoundFigures(
        rows=tuple(row for row in ranked if row.entry_id in in_round),
        entry_count=len(in_round), stats=juror_calibration(scores),
        alpha=krippendorff_alpha(scores), icc=icc(table) if table else None,
        assigned=assigned, scored=len(scores),
        icc_oneway=icc_oneway(scores),
        criteria=tuple(criterion_reliability(_criterion_marks(round=round))),
        groups=ranked.group_count,
    )


def round_figures(*, round: Round, method: str) -> RoundFigures:
    """The round's ``RoundFigures`` by ``method``: one query when already computed for the
    round's current results version, seven otherwise (the version, the ranking's scores, the
    round's entries, its assignments per juror, its criteria and the marks per criterion)."""
    version = current_version(round)
    return remembered(round_id=round.pk, version=version, name=f"figures:{method}",
                      compute=lambda: _figures(round=round, method=method, version=version))


def results_for_round(*, round: Round, method: str | None = None,
                      cut: int | None = None) -> RoundResults:
    """Ranking, per-juror calibration, reliability and progress of one round.

    Two queries whatever the round's size once its figures are computed (their version, its
    jurors); reading a slice of ``ranking`` is one more. ``cut``, the number of entries the
    organiser means to advance, marks the entries whose interval contains the cut (computed
    from the cached rows, no query).
    """
    # Another method than the round's is a view for comparing; unknown ones read the round's.
    method = str(method) if str(method) in AggregationMethod.values else round.ranking_method
    figures = round_figures(round=round, method=method)
    ranked = Ranking(round=round, method=method, rows=figures.rows)
    crossing = ranked.crossing_cut(cut) if cut else frozenset()
    jurors = (Juror.objects.filter(pk__in=list(figures.assigned)).select_related("user")
              .order_by("user__name_latin", "pk"))
    juror_rows = [JurorRow(juror=j, stats=figures.stats.get(j.pk),
                           assigned=figures.assigned[j.pk]) for j in jurors]
    return RoundResults(
        round=round, method=method, ranking=RankedEntries(figures.rows, crossing),
        unscored=figures.entry_count - len(figures.rows), jurors=juror_rows,
        alpha=figures.alpha, icc=figures.icc,
        assigned=sum(figures.assigned.values()), scored=figures.scored,
        icc_oneway=figures.icc_oneway, criteria=list(figures.criteria),
        groups=figures.groups, cut=cut, cut_value=ranked.cut_value(cut) if cut else None,
    )
