"""Counting a final jury's vote: ranked ballots by the Schulze method, or approval. Pure Python.

Candidates are any hashable ids. A ranked ballot maps candidates to ranks (1 the best; equal
ranks are allowed, a candidate left out ranks below every ranked one); an approval ballot is
the set of candidates it approves.

Schulze (https://arbital.com/p/schulze_system/, Schulze 2011):

1. ``pairwise``: ``d[a][b]`` is the number of voters who prefer ``a`` to ``b``.
2. ``strongest_paths``: a path's strength is its weakest link, a link ``a → b`` exists where
   ``d[a][b] > d[b][a]`` and is worth ``d[a][b]``; ``p[a][b]`` is the strongest path's strength,
   found by the widest-path variant of Floyd–Warshall in O(n³).
3. ``a`` beats ``b`` when ``p[a][b] > p[b][a]``. That relation is transitive, so the order is
   read off in tiers: those no remaining candidate beats come next; several in one tier are
   tied (no ballot data separates them).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

Id = Hashable
Matrix = dict[Id, dict[Id, int]]


def pairwise(candidates: Sequence[Id], ballots: Iterable[Mapping[Id, int]]) -> Matrix:
    """``d[a][b]``: how many ballots rank ``a`` above ``b`` (unranked below every ranked)."""
    d: Matrix = {a: {b: 0 for b in candidates if b != a} for a in candidates}
    for ballot in ballots:
        last = max(ballot.values(), default=0) + 1
        rank = {c: ballot.get(c, last) for c in candidates}
        for a in candidates:
            for b in candidates:
                if a != b and rank[a] < rank[b]:
                    d[a][b] += 1
    return d


def strongest_paths(candidates: Sequence[Id], d: Matrix) -> Matrix:
    """``p[a][b]``: the strength of the strongest path from ``a`` to ``b`` (0: none)."""
    p: Matrix = {a: {b: d[a][b] if d[a][b] > d[b][a] else 0 for b in d[a]} for a in candidates}
    for i in candidates:
        for j in candidates:
            if i == j:
                continue
            for k in candidates:
                if k not in (i, j):
                    p[j][k] = max(p[j][k], min(p[j][i], p[i][k]))
    return p


def schulze_tiers(candidates: Sequence[Id], p: Matrix) -> list[list[Id]]:
    """The Schulze order as tiers, best first; candidates in one tier are tied."""
    remaining = list(candidates)
    tiers = []
    while remaining:
        tier = [a for a in remaining
                if not any(p[b][a] > p[a][b] for b in remaining if b != a)]
        tiers.append(tier)
        remaining = [a for a in remaining if a not in tier]
    return tiers


def approval_tiers(candidates: Sequence[Id], ballots: Iterable[Iterable[Id]]
                   ) -> tuple[list[list[Id]], dict[Id, int]]:
    """Approval voting: the most approved first, in tiers of equal counts; and the counts."""
    counts = {c: 0 for c in candidates}
    for ballot in ballots:
        for candidate in set(ballot):
            if candidate in counts:
                counts[candidate] += 1
    levels = sorted(set(counts.values()), reverse=True)
    return [[c for c in candidates if counts[c] == level] for level in levels], counts


@dataclass(frozen=True)
class SchulzeCount:
    tiers: list[list[Id]]
    d: Matrix
    p: Matrix


def schulze(candidates: Sequence[Id], ballots: Iterable[Mapping[Id, int]]) -> SchulzeCount:
    """Count ranked ballots by the Schulze method."""
    d = pairwise(candidates, ballots)
    p = strongest_paths(candidates, d)
    return SchulzeCount(tiers=schulze_tiers(candidates, p), d=d, p=p)
