"""The ranking of a round, read once: every page, endpoint, export and service that ranks uses it.

``ranking`` reads the round's submitted scores in one query and ranks them with the pure
``judging.aggregation.rank``; the result is a small immutable value (ids and numbers, no model
instances), so a request computes it once and hands the same object to everything it renders.
It is computed once per results version of the round and method, then shared between
requests and workers (``results_cache``): a request that finds it reads one number, the
round's version.

Each row carries its value's standard error and a 95% interval (``low`` to ``high``), and the
connected group of the jury it was ranked in: two entries whose intervals overlap are not told
apart by the scores, and entries of different groups were never compared through a shared
juror (see ``judging.jury_model``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from itertools import pairwise

from django.db.models import QuerySet

from contest.enums import EntryStatus
from contest.models import Contest

from ..aggregation import DEFAULT_METHOD, assess, mean
from ..enums import ScoreStatus
from ..models import Assignment, Round
from ..tiebreak import break_ties
from .results_cache import current_version, remembered

Triple = tuple[int, int, float]  # (entry_id, juror_id, weighted score)
# Out of the contest: their scores stay stored but no longer rank (nor calibrate jurors).
NOT_COUNTED = (EntryStatus.DISQUALIFIED, EntryStatus.WITHDRAWN)
INTERVAL_Z = 1.96  # a 95% normal interval


@dataclass(frozen=True)
class RankedRow:
    position: int  # 1 for the best
    entry_id: int
    value: float  # on the method's scale
    count: int  # submitted scores
    raw_mean: float  # plain mean of the weighted scores
    error: float = 0.0  # standard error of ``value``
    group: int = 1  # connected group of the jury, 1 the largest

    @property
    def low(self) -> float:
        return self.value - INTERVAL_Z * self.error

    @property
    def high(self) -> float:
        return self.value + INTERVAL_Z * self.error

    def overlaps(self, other: RankedRow) -> bool:
        """Whether the two 95% intervals overlap: the scores do not separate the entries."""
        return self.low <= other.high and other.low <= self.high


@dataclass(frozen=True)
class Ranking:
    """One round's ranking by one method, best first, and the scores it was computed from."""

    round: Round | None
    method: str
    rows: tuple[RankedRow, ...] = ()
    scores: tuple[Triple, ...] = ()  # for calibration and reliability figures

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @cached_property
    def by_entry(self) -> dict[int, RankedRow]:
        return {row.entry_id: row for row in self.rows}

    @cached_property
    def pairs(self) -> list[tuple[int, float]]:
        """``[(entry_id, value)]`` best first, the shape ``aggregation.rank`` returns."""
        return [(row.entry_id, row.value) for row in self.rows]

    @property
    def entry_ids(self) -> list[int]:
        return [row.entry_id for row in self.rows]

    @cached_property
    def group_count(self) -> int:
        """How many groups of jurors and entries share nothing; above 1, values of different
        groups rest on the assumption that every group saw films of similar quality."""
        return max((row.group for row in self.rows), default=0)

    def cut_value(self, top_n: int) -> float | None:
        """The value halfway between the last entry kept by a top-``top_n`` cut and the first
        left out; None when the cut keeps everything or nothing."""
        if not 0 < top_n < len(self.rows):
            return None
        return (self.rows[top_n - 1].value + self.rows[top_n].value) / 2

    def crossing_cut(self, top_n: int) -> frozenset[int]:
        """Entries whose 95% interval contains the cut: on the other side of it is as likely
        as where they stand, so advancing them is a decision for the jury, not the figures."""
        cut = self.cut_value(top_n)
        if cut is None:
            return frozenset()
        return frozenset(row.entry_id for row in self.rows if row.low <= cut <= row.high)

    @cached_property
    def close_to_next(self) -> frozenset[int]:
        """Entries whose interval overlaps the next-ranked entry's: places the scores do not
        separate."""
        return frozenset(a.entry_id for a, b in pairwise(self.rows) if a.overlaps(b))


def scored_assignments(*, round: Round) -> QuerySet[Assignment]:
    """The round's assignments whose score counts in the ranking (submitted, with a value,
    of an entry still in the contest)."""
    return Assignment.objects.filter(
        round=round, score__status=ScoreStatus.SUBMITTED, score__weighted__isnull=False
    ).exclude(entry__status__in=NOT_COUNTED)


def ranking(*, round: Round, method: str | None = None,
            version: int | None = None) -> Ranking:
    """Rank ``round``'s entries by ``method`` (the round's own when None) from their
    submitted scores.

    One query when this version of the round's results was ranked before by anyone (its
    version), two otherwise. The cached value holds every row's error, interval and jury
    group too. Equal values are ordered by the round's tie-break rule after aggregation
    (``judging.tiebreak``; under "leave tied" they share a position). An unknown method
    raises ``ValueError`` in ``aggregation.assess``. A caller that has just read the round's
    results ``version`` passes it.
    """
    method = str(method or round.ranking_method)
    version = current_version(round) if version is None else version
    rule = round.tie_break  # changing it moves the version on too; the key says it anyway
    shared = remembered(round_id=round.pk, version=version, name=f"rank:{method}:{rule}",
                        compute=lambda: _compute(round=round, method=method, rule=rule))
    return _with_round(shared, round)


def _with_round(shared: Ranking, round: Round) -> Ranking:
    """The shared ranking, for this request's round, keeping what it has already indexed."""
    mine = replace(shared, round=round)
    for name in ("by_entry", "pairs", "group_count", "close_to_next"):
        if name in shared.__dict__:
            mine.__dict__[name] = shared.__dict__[name]
    return mine


def _compute(*, round: Round, method: str, rule: str) -> Ranking:
    scores = tuple(
        (entry_id, juror_id, float(weighted))
        for entry_id, juror_id, weighted in scored_assignments(round=round)
        .values_list("entry_id", "juror_id", "score__weighted")
    )
    marks: dict[int, list[float]] = {}
    for entry_id, _juror_id, value in scores:
        marks.setdefault(entry_id, []).append(value)
    assessed = assess(scores, str(method))
    rows = tuple(
        RankedRow(position=position, entry_id=entry_id, value=value,
                  count=len(marks[entry_id]), raw_mean=mean(marks[entry_id]),
                  error=assessed.errors[entry_id], group=assessed.groups[entry_id])
        for entry_id, value, position in break_ties(assessed.ranked, marks, rule)
    )
    ranked = Ranking(round=None, method=method, rows=rows, scores=scores)
    ranked.by_entry  # noqa: B018 - indexed once here, then shared by every request
    ranked.group_count  # noqa: B018 - likewise the jury's groups and the overlap marks
    ranked.close_to_next  # noqa: B018
    return ranked


def final_round(*, contest: Contest) -> Round | None:
    """The latest round that has submitted scores: its ranking is the one awards follow."""
    return (
        Round.objects.filter(
            contest=contest, assignments__score__status=ScoreStatus.SUBMITTED
        ).order_by("-order").first()
    )


def final_ranking(*, contest: Contest, method: str | None = None) -> Ranking:
    """The ranking of the contest's final round by its own method unless told another (two
    queries), empty before any score."""
    round = final_round(contest=contest)
    if round is None:
        return Ranking(round=None, method=str(method or DEFAULT_METHOD))
    return ranking(round=round, method=method)
