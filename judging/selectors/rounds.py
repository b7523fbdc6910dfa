"""Organiser reads: round progress and results, shared by the pages and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from contest.models import Contest, Entry
from core import texts

from ..enums import AggregationMethod, ScoreStatus
from ..models import Assignment, Juror, Round, RoundEntry
from ..reliability import ICC, JurorStats, icc, juror_calibration, krippendorff_alpha
from .ranking import ranking


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


def _complete_table(scores: list[tuple[int, int, float]]) -> list[list[float]] | None:
    """An entries x jurors table when every juror scored every entry, else None."""
    cells = {(e, j): v for e, j, v in scores}
    entries = sorted({e for e, _j in cells})
    jurors = sorted({j for _e, j in cells})
    if len(cells) != len(entries) * len(jurors):
        return None
    return [[cells[(e, j)] for j in jurors] for e in entries]


def results_for_round(*, round: Round, method: str = AggregationMethod.ZSCORE) -> RoundResults:
    """Ranking, per-juror calibration, reliability and progress of one round.

    Three queries whatever the round's size: submitted scores (the round's ``ranking``), the
    round's entries, and its jurors with their assignment counts.
    """
    method = str(method) if str(method) in AggregationMethod.values else AggregationMethod.ZSCORE
    ranked = ranking(round=round, method=method)
    scores = list(ranked.scores)
    entries = {
        entry.pk: entry for entry in Entry.objects.filter(round_entries__round=round)
        .select_related("category").only("id", "code", "title_english", "title_original",
                                          "category__name", *texts.columns("category__name"))
    }
    rows = [
        RankedEntry(position=row.position, entry=entries[row.entry_id], value=row.value,
                    count=row.count, raw_mean=row.raw_mean)
        for row in ranked if row.entry_id in entries
    ]
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
    )
