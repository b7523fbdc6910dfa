import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from judging.assignment import AssignmentError, assign, assignment_quality, loads_of

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def instances(draw, max_entries=12, max_jurors=7, density=0.25):
    entries = list(range(draw(st.integers(1, max_entries))))
    jurors = [f"j{i}" for i in range(draw(st.integers(1, max_jurors)))]
    per_entry = draw(st.integers(1, min(3, len(jurors))))
    cells = [(e, j) for e in entries for j in jurors]
    flags = draw(st.lists(st.floats(0, 1), min_size=len(cells), max_size=len(cells)))
    conflicts = {cell for cell, flag in zip(cells, flags, strict=True) if flag < density}
    return entries, jurors, per_entry, conflicts


def balanced_exists(entries, jurors, k, conflicts) -> bool:
    """Independent check with networkx: can loads be floor/ceil of the even share?"""
    total = k * len(entries)
    low, extra = divmod(total, len(jurors))
    graph = nx.DiGraph()
    for e in entries:
        graph.add_node(("e", e), demand=-k)
        for j in jurors:
            if (e, j) not in conflicts:
                graph.add_edge(("e", e), ("j", j), capacity=1, weight=0)
    for j in jurors:
        graph.add_node(("j", j), demand=low)
        graph.add_edge(("j", j), "sink", capacity=1, weight=0)
    graph.add_node("sink", demand=extra)
    try:
        nx.min_cost_flow(graph)
    except nx.NetworkXUnfeasible:
        return False
    return True


def fewest_moves(entries, jurors, k, conflicts, existing) -> int:
    """Independent check with networkx: the fewest new pairs a balanced assignment needs."""
    total = k * len(entries)
    low, extra = divmod(total, len(jurors))
    graph = nx.DiGraph()
    for e in entries:
        graph.add_node(("e", e), demand=-k)
        for j in jurors:
            if (e, j) not in conflicts:
                graph.add_edge(("e", e), ("j", j), capacity=1,
                               weight=0 if j in existing.get(e, ()) else 1)
    for j in jurors:
        graph.add_node(("j", j), demand=low)
        graph.add_edge(("j", j), "sink", capacity=1, weight=0)
    graph.add_node("sink", demand=extra)
    cost, _flow = nx.network_simplex(graph)
    return cost


def check_valid(result, entries, k, conflicts):
    assert sorted(result) == sorted(entries)
    for entry, jurors in result.items():
        assert len(jurors) == k
        assert len(set(jurors)) == k
        assert all((entry, j) not in conflicts for j in jurors)


@FAST
@given(instances())
def test_assign_never_violates_conflicts_and_gives_k_each(instance):
    entries, jurors, k, conflicts = instance
    try:
        result = assign(entries, jurors, k, conflicts)
    except AssignmentError as error:
        assert error.code == "entry_short_of_jurors"
        for entry in error.entries:
            assert sum((entry, j) not in conflicts for j in jurors) < k
        return
    check_valid(result, entries, k, conflicts)


@FAST
@given(instances())
def test_assign_balances_loads_within_one_when_possible(instance):
    entries, jurors, k, conflicts = instance
    if not balanced_exists(entries, jurors, k, conflicts):
        return
    loads = assignment_quality(assign(entries, jurors, k, conflicts), jurors)
    assert loads.spread <= 1


@FAST
@given(instances(density=0.0), st.data())
def test_assign_respects_capacities(instance, data):
    entries, jurors, k, _conflicts = instance
    capacities = {j: data.draw(st.one_of(st.none(), st.integers(0, 8))) for j in jurors}
    try:
        result = assign(entries, jurors, k, set(), capacities=capacities)
    except AssignmentError as error:
        assert error.code in {"capacity_too_low", "entry_short_of_jurors", "infeasible"}
        return
    check_valid(result, entries, k, set())
    loads = loads_of(result)
    for juror, cap in capacities.items():
        assert cap is None or loads.get(juror, 0) <= cap


@FAST
@given(instances())
def test_assign_rerun_with_its_own_result_keeps_everything(instance):
    entries, jurors, k, conflicts = instance
    try:
        first = assign(entries, jurors, k, conflicts)
    except AssignmentError:
        return
    assert assign(entries, jurors, k, conflicts, existing=first) == first


@FAST
@given(instances(max_entries=15, max_jurors=6, density=0.15), st.data())
def test_assign_removing_a_juror_moves_the_fewest_pairs(instance, data):
    entries, jurors, k, conflicts = instance
    try:
        first = assign(entries, jurors, k, conflicts)
    except AssignmentError:
        return
    gone = data.draw(st.sampled_from(jurors))
    rest = [j for j in jurors if j != gone]
    if len(rest) < k or not balanced_exists(entries, rest, k, conflicts):
        return
    second = assign(entries, rest, k, conflicts, existing=first)
    quality = assignment_quality(second, rest, existing=first)
    assert quality.spread <= 1
    # Every pair of the juror who left moves; balance may force a few more moves.
    assert quality.moved >= loads_of(first).get(gone, 0)
    assert quality.moved == fewest_moves(entries, rest, k, conflicts, first)


@FAST
@given(instances(max_entries=15, max_jurors=6, density=0.0))
def test_assign_adding_a_juror_moves_only_its_even_share(instance):
    entries, jurors, k, _ = instance
    first = assign(entries, jurors, k, set())
    more = [*jurors, "new"]
    second = assign(entries, more, k, set(), existing=first)
    quality = assignment_quality(second, more, existing=first)
    assert quality.moved == len(entries) * k // len(more)
    assert quality.moved == quality.loads["new"]
    assert quality.spread <= 1


@FAST
@given(instances(), st.data())
def test_assign_always_keeps_locked_pairs(instance, data):
    entries, jurors, k, conflicts = instance
    free = [(e, j) for e in entries for j in jurors if (e, j) not in conflicts]
    chosen = data.draw(st.lists(st.sampled_from(free), max_size=4, unique=True)) if free else []
    locked = {}
    for e, j in chosen:
        if len(locked.get(e, [])) < k:
            locked.setdefault(e, []).append(j)
    try:
        result = assign(entries, jurors, k, conflicts, locked=locked)
    except AssignmentError:
        return
    for entry, kept in locked.items():
        assert set(kept) <= set(result[entry])
    check_valid(result, entries, k, conflicts)


def test_assign_with_too_few_jurors_says_so():
    with pytest.raises(AssignmentError) as caught:
        assign([1, 2], ["a", "b"], 3, set())
    assert caught.value.code == "too_few_jurors"
    assert "3 jurors per entry" in str(caught.value)


def test_assign_names_entry_short_of_jurors():
    with pytest.raises(AssignmentError) as caught:
        assign([1, 2, 3], ["a", "b", "c"], 2, {(2, "a"), (2, "b")})
    assert (caught.value.code, caught.value.entries) == ("entry_short_of_jurors", [2])
    assert "entries 2" in str(caught.value)


def test_assign_with_too_little_capacity_says_so():
    with pytest.raises(AssignmentError) as caught:
        assign(range(10), ["a", "b", "c"], 1, set(), capacities={"a": 3, "b": 3, "c": 3})
    assert caught.value.code == "capacity_too_low"
    assert caught.value.details == {"needed": 10, "available": 9}


def test_assign_when_conflicts_and_capacities_collide_names_entries():
    # Only "a" may judge entries 1 and 2, and "a" takes one entry.
    conflicts = {(1, "b"), (2, "b")}
    with pytest.raises(AssignmentError) as caught:
        assign([1, 2, 3], ["a", "b"], 1, conflicts, capacities={"a": 1, "b": 5})
    assert caught.value.code == "infeasible"
    assert len(caught.value.entries) == 1


def test_assign_refuses_a_locked_conflict():
    with pytest.raises(AssignmentError) as caught:
        assign([1], ["a", "b"], 1, {(1, "a")}, locked={1: ["a"]})
    assert caught.value.code == "locked_conflict"


def test_assign_with_no_entries_is_empty():
    assert assign([], ["a"], 1, set()) == {}


def test_assign_relaxes_balance_only_as_much_as_conflicts_force():
    # Juror "a" may judge only entry 0; the other six entries go to b and c.
    entries = list(range(7))
    conflicts = {(e, "a") for e in entries[1:]}
    loads = loads_of(assign(entries, ["a", "b", "c"], 1, conflicts))
    assert loads == {"a": 1, "b": 3, "c": 3}


def test_assign_honours_preferences_when_balance_allows():
    entries = list(range(6))
    jurors = ["ja", "fr"]
    preferences = {(e, "ja" if e % 2 else "fr"): 1.0 for e in entries}
    result = assign(entries, jurors, 1, set(), preferences=preferences)
    assert result == {e: ["ja" if e % 2 else "fr"] for e in entries}
    quality = assignment_quality(result, jurors, preferences=preferences)
    assert (quality.preferred_pairs, quality.disfavoured_pairs) == (6, 0)


def test_assign_prefers_keeping_existing_pairs_over_preferences():
    existing = {0: ["a"], 1: ["b"]}
    preferences = {(0, "b"): 1.0, (1, "a"): 1.0}
    assert assign([0, 1], ["a", "b"], 1, set(), existing=existing,
                  preferences=preferences) == existing


def test_assign_drops_existing_pairs_that_became_conflicts():
    result = assign([0, 1], ["a", "b"], 1, {(0, "a")}, existing={0: ["a"], 1: ["b"]})
    assert result == {0: ["b"], 1: ["a"]}


def test_assignment_quality_counts_loads_and_moves():
    quality = assignment_quality({1: ["a", "b"], 2: ["a", "c"]}, ["a", "b", "c", "d"],
                                 existing={1: ["a", "d"], 2: ["a", "c"]})
    assert quality.loads == {"a": 2, "b": 1, "c": 1, "d": 0}
    assert (quality.min_load, quality.max_load, quality.spread) == (0, 2, 2)
    assert (quality.kept, quality.moved, quality.per_entry) == (3, 1, {2: 2})
