"""Fair assignment of jurors to entries by min-cost flow. Plain Python: no database here.

The network, solved with OR-tools' ``SimpleMinCostFlow``::

    entry e (supply k) --cap 1, cost--> juror j --tiers--> sink (demand: every unit of supply)

* An arc entry -> juror exists only when the pair is not a conflict, so a conflict can never
  be chosen; each entry's supply is exactly ``per_entry`` minus its locked pairs.
* Loads: an even share is computed by water-filling over the capacities (no capacity means
  "no limit"). Each juror gets ``base`` or ``base + 1`` entries. First the balanced model is
  tried with hard bounds: ``base`` as a lower bound (node demand) and one optional extra unit.
  When conflicts or locked work make that impossible, a relaxed model is solved instead: up to
  ``base`` is free, the ``+1`` unit costs a penalty, anything beyond it a far larger one, and
  capacities stay hard. The relaxed result is the most even one the conflicts allow.
* Costs, by priority: balance first (the model), then keeping existing pairs (a bonus larger
  than any sum of preference differences, so re-running moves as few pairs as possible), then
  preferences (a value per ``(entry, juror)`` pair, clamped to [-1, 1], higher is a better
  match: shared language, preferred category).

``existing`` pairs are kept whenever balance allows; ``locked`` pairs (work already done) are
always kept and count toward the juror's load.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

Id = Hashable
Pair = tuple[Id, Id]

PREFERENCE_SCALE = 100  # preferences are clamped to [-1, 1] and counted in hundredths
MAX_KEEP_BONUS = 10**9
MAX_EXTRA_PENALTY = 10**12
MAX_OVERLOAD_PENALTY = 10**14


class AssignmentError(ValueError):
    """No valid assignment exists. ``code`` says why; ``entries`` names the entries concerned."""

    def __init__(self, message: str, *, code: str, entries: Iterable[Id] = (), **details):
        super().__init__(message)
        self.code = code
        self.entries = list(entries)
        self.details = details


@dataclass(frozen=True)
class AssignmentQuality:
    """How good an assignment is: even loads, preferences met and work kept."""

    loads: dict[Id, int]
    min_load: int
    max_load: int
    spread: int
    mean_load: float
    preferred_pairs: int
    disfavoured_pairs: int
    preference_total: float
    kept: int
    moved: int
    per_entry: dict[int, int] = field(default_factory=dict)


@dataclass
class _Problem:
    entries: list[Id]
    jurors: list[Id]
    per_entry: int
    conflicts: set[Pair]
    capacities: dict[Id, int | None]
    existing: set[Pair]
    locked: set[Pair]
    preferences: Mapping[Pair, float]
    entry_index: dict[Id, int] = field(default_factory=dict)
    juror_index: dict[Id, int] = field(default_factory=dict)


def assign(
    entry_ids: Iterable[Id],
    juror_ids: Iterable[Id],
    per_entry: int,
    conflicts: Iterable[Pair],
    capacities: Mapping[Id, int | None] | None = None,
    existing: Mapping[Id, Iterable[Id]] | None = None,
    preferences: Mapping[Pair, float] | None = None,
    locked: Mapping[Id, Iterable[Id]] | None = None,
) -> dict[Id, list[Id]]:
    """Give every entry exactly ``per_entry`` jurors, none conflicted, with even loads.

    Returns ``{entry_id: [juror_id, ...]}`` with jurors in the order of ``juror_ids``.
    ``capacities`` maps a juror to the most entries it takes (``None`` or absent: no limit).
    ``existing`` pairs are kept unless balance requires moving them (the fewest are moved);
    pairs naming an unknown entry or juror, or a conflict, are dropped. ``locked`` pairs are
    always kept (a locked conflict is an error). Raises ``AssignmentError`` when no valid
    assignment exists, saying why.
    """
    problem = _prepare(entry_ids, juror_ids, per_entry, conflicts, capacities, existing,
                       preferences, locked)
    if not problem.entries:
        return {}
    _check_feasible(problem)
    base, extra = _even_share(problem)
    pairs = _solve_balanced(problem, base, extra)
    if pairs is None:
        pairs = _solve_relaxed(problem, base, extra)
    order = {juror: index for index, juror in enumerate(problem.jurors)}
    result: dict[Id, list[Id]] = {entry: [] for entry in problem.entries}
    for entry, juror in problem.locked | pairs:
        result[entry].append(juror)
    for jurors in result.values():
        jurors.sort(key=order.__getitem__)
    return result


def _unique(values: Iterable[Id]) -> list[Id]:
    return list(dict.fromkeys(values))


def _pairs(mapping: Mapping[Id, Iterable[Id]] | None) -> set[Pair]:
    return {(entry, juror) for entry, jurors in (mapping or {}).items() for juror in jurors}


def _prepare(entry_ids, juror_ids, per_entry, conflicts, capacities, existing, preferences,
             locked) -> _Problem:
    if per_entry < 1:
        raise ValueError("per_entry must be at least 1")
    entries, jurors = _unique(entry_ids), _unique(juror_ids)
    entry_set, juror_set = set(entries), set(jurors)
    conflict_set = {(e, j) for e, j in conflicts if e in entry_set and j in juror_set}

    def known(pairs: set[Pair]) -> set[Pair]:
        return {(e, j) for e, j in pairs if e in entry_set and j in juror_set}

    locked_pairs = known(_pairs(locked))
    bad = sorted({e for e, j in locked_pairs & conflict_set}, key=str)
    if bad:
        raise AssignmentError(
            f"Locked pairs conflict for entries {_names(bad)}.", code="locked_conflict", entries=bad
        )
    return _Problem(
        entries=entries,
        jurors=jurors,
        per_entry=per_entry,
        conflicts=conflict_set,
        capacities={j: (capacities or {}).get(j) for j in jurors},
        existing=known(_pairs(existing)) - conflict_set - locked_pairs,
        locked=locked_pairs,
        preferences=preferences or {},
        entry_index={e: i for i, e in enumerate(entries)},
        juror_index={j: i for i, j in enumerate(jurors)},
    )


def _names(entries: list[Id], limit: int = 10) -> str:
    shown = ", ".join(str(e) for e in entries[:limit])
    return shown + (f" and {len(entries) - limit} more" if len(entries) > limit else "")


def _check_feasible(problem: _Problem) -> None:
    k, jurors = problem.per_entry, problem.jurors
    if k > len(jurors):
        raise AssignmentError(
            f"{k} jurors per entry are needed but only {len(jurors)} are available.",
            code="too_few_jurors", needed=k, available=len(jurors),
        )
    usable = [j for j in jurors if problem.capacities[j] != 0]
    conflicted = Counter(e for e, j in problem.conflicts if problem.capacities[j] != 0)
    short = [e for e in problem.entries if len(usable) - conflicted[e] < k]
    if short:
        raise AssignmentError(
            f"Fewer than {k} jurors without a conflict are available for entries {_names(short)}.",
            code="entry_short_of_jurors", entries=short,
        )
    if all(problem.capacities[j] is not None for j in jurors):
        total = sum(problem.capacities[j] for j in jurors)
        needed = k * len(problem.entries)
        if total < needed:
            raise AssignmentError(
                f"The jurors' capacities add up to {total} but {needed} assignments are needed.",
                code="capacity_too_low", needed=needed, available=total,
            )


def _even_share(problem: _Problem) -> tuple[dict[Id, int], dict[Id, int]]:
    """Water-fill ``k * n`` units over the jurors: ``base`` each, ``extra`` 1 for the remainder."""
    needed = problem.per_entry * len(problem.entries)
    caps = problem.capacities

    def filled(level: int) -> int:
        return sum(level if caps[j] is None else min(caps[j], level) for j in problem.jurors)

    low, high = 0, needed
    while low < high:  # largest level whose fill does not exceed the need
        middle = (low + high + 1) // 2
        if filled(middle) <= needed:
            low = middle
        else:
            high = middle - 1
    base = {j: low if caps[j] is None else min(caps[j], low) for j in problem.jurors}
    extra = {j: 1 if caps[j] is None or caps[j] > low else 0 for j in problem.jurors}
    return base, extra


def _cells(problem: _Problem, pairs: Iterable[Pair]) -> tuple[np.ndarray, np.ndarray]:
    """Row (entry) and column (juror) indices of known pairs."""
    rows, cols = [], []
    for entry, juror in pairs:
        row, col = problem.entry_index.get(entry), problem.juror_index.get(juror)
        if row is not None and col is not None:
            rows.append(row)
            cols.append(col)
    return np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)


def _arcs(problem: _Problem) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate pairs as (entry index, juror index, cost) arrays; costs are non-negative and
    lower for a kept pair or a wish."""
    free = len(problem.entries) * problem.per_entry - len(problem.locked)
    keep_bonus = min(2 * PREFERENCE_SCALE * max(free, 1) + 1, MAX_KEEP_BONUS)
    shape = (len(problem.entries), len(problem.jurors))
    allowed = np.ones(shape, dtype=bool)
    allowed[_cells(problem, problem.conflicts | problem.locked)] = False
    allowed[:, [problem.capacities[j] == 0 for j in problem.jurors]] = False
    cost = np.full(shape, keep_bonus + PREFERENCE_SCALE, dtype=np.int64)
    cost[_cells(problem, problem.existing)] -= keep_bonus
    rows, cols = _cells(problem, problem.preferences.keys())
    if len(rows):
        wish = np.fromiter((float(problem.preferences[(problem.entries[r], problem.jurors[c])])
                            for r, c in zip(rows, cols, strict=True)), dtype=float)
        cost[rows, cols] -= np.rint(np.clip(wish, -1.0, 1.0) * PREFERENCE_SCALE).astype(np.int64)
    rows, cols = np.nonzero(allowed)
    return rows, cols, cost[rows, cols]


def _network(problem: _Problem, rows: np.ndarray, cols: np.ndarray, costs: np.ndarray):
    flow = min_cost_flow.SimpleMinCostFlow()
    n = len(problem.entries)
    juror_node = {j: n + i for i, j in enumerate(problem.jurors)}
    sink = n + len(juror_node)
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        rows.astype(np.int32), (cols + n).astype(np.int32), np.ones(len(rows), dtype=np.int64),
        costs,
    )
    locked_per_entry = Counter(e for e, _ in problem.locked)
    supplies = {
        i: max(0, problem.per_entry - locked_per_entry[e]) for i, e in enumerate(problem.entries)
    }
    return flow, arcs, juror_node, sink, supplies


def _chosen(problem: _Problem, flow, arcs, rows, cols) -> set[Pair]:
    used = np.flatnonzero(flow.flows(arcs))
    return {(problem.entries[rows[i]], problem.jurors[cols[i]]) for i in used}


def _solve_balanced(problem: _Problem, base, extra) -> set[Pair] | None:
    """Hard bounds: every juror ends with ``base`` or ``base + extra``; None when impossible."""
    rows, cols, costs = _arcs(problem)
    flow, arcs, juror_node, sink, supplies = _network(problem, rows, cols, costs)
    locked_load = Counter(j for _, j in problem.locked)
    total = sum(supplies.values())
    demand = 0
    for juror, node in juror_node.items():
        room = base[juror] + extra[juror] - locked_load[juror]
        lower = max(0, base[juror] - locked_load[juror])
        if room < 0:
            return None
        supplies[node] = -lower
        demand += lower
        if room > lower:
            flow.add_arc_with_capacity_and_unit_cost(node, sink, room - lower, 0)
    if demand > total:
        return None
    supplies[sink] = demand - total
    for node, supply in supplies.items():
        flow.set_node_supply(node, supply)
    status = flow.solve()
    if status == flow.INFEASIBLE:
        return None
    _require_optimal(status)
    return _chosen(problem, flow, arcs, rows, cols)


def _solve_relaxed(problem: _Problem, base, extra) -> set[Pair]:
    """Soft balance (penalties above the even share), hard capacities; raises if short."""
    rows, cols, costs = _arcs(problem)
    flow, arcs, juror_node, sink, supplies = _network(problem, rows, cols, costs)
    total = sum(supplies.values())
    extra_penalty = min((int(costs.max(initial=0)) + 1) * max(total, 1) + 1, MAX_EXTRA_PENALTY)
    overload_penalty = min(extra_penalty * max(total, 1) + 1, MAX_OVERLOAD_PENALTY)
    locked_load = Counter(j for _, j in problem.locked)
    for juror, node in juror_node.items():
        load = locked_load[juror]
        cap = problem.capacities[juror]
        limit = total + load if cap is None else cap
        tiers = (
            (base[juror], 0),
            (base[juror] + extra[juror], extra_penalty),
            (limit, overload_penalty),
        )
        for upto, cost in tiers:
            if upto > load:
                flow.add_arc_with_capacity_and_unit_cost(node, sink, upto - load, cost)
                load = upto
    supplies[sink] = -total
    for node, supply in supplies.items():
        flow.set_node_supply(node, supply)
    _require_optimal(flow.solve_max_flow_with_min_cost())
    chosen = _chosen(problem, flow, arcs, rows, cols)
    served = Counter(e for e, _ in chosen | problem.locked)
    short = [e for e in problem.entries if served[e] < problem.per_entry]
    if short:
        raise AssignmentError(
            "Conflicts and capacities leave too few jurors for entries "
            f"{_names(short)}: raise some capacities or add jurors.",
            code="infeasible", entries=short,
        )
    return chosen


def _require_optimal(status) -> None:
    if status != min_cost_flow.SimpleMinCostFlow.OPTIMAL:
        raise AssignmentError(f"The solver failed ({status.name}).", code="solver_failed")


def assignment_quality(
    result: Mapping[Id, Iterable[Id]],
    juror_ids: Iterable[Id],
    existing: Mapping[Id, Iterable[Id]] | None = None,
    preferences: Mapping[Pair, float] | None = None,
) -> AssignmentQuality:
    """Measure an assignment: loads and their spread, preferences met, pairs kept and moved.

    ``moved`` counts the ``existing`` pairs of entries still assigned that the result drops
    (a pair whose juror left counts as moved: its entry needed someone else).
    """
    chosen = _pairs(result)
    loads = {juror: 0 for juror in _unique(juror_ids)}
    for _, juror in chosen:
        loads[juror] = loads.get(juror, 0) + 1
    values = [float((preferences or {}).get(pair, 0.0)) for pair in chosen]
    before = {(e, j) for e, j in _pairs(existing) if e in result}
    return AssignmentQuality(
        loads=loads,
        min_load=min(loads.values(), default=0),
        max_load=max(loads.values(), default=0),
        spread=(max(loads.values()) - min(loads.values())) if loads else 0,
        mean_load=(sum(loads.values()) / len(loads)) if loads else 0.0,
        preferred_pairs=sum(1 for value in values if value > 0),
        disfavoured_pairs=sum(1 for value in values if value < 0),
        preference_total=sum(values),
        kept=len(before & chosen),
        moved=len(before - chosen),
        per_entry=dict(sorted(Counter(len(list(j)) for j in result.values()).items())),
    )


def loads_of(result: Mapping[Id, Iterable[Id]]) -> dict[Id, int]:
    """Entries per juror in ``result``."""
    loads: dict[Id, int] = defaultdict(int)
    for jurors in result.values():
        for juror in jurors:
            loads[juror] += 1
    return dict(loads)
