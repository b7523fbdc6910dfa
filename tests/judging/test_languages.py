"""The language rule's pure side: who can follow which film, and the shortfall explanation."""

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from judging.assignment import AssignmentError, assign
from judging.languages import can_follow, language_conflicts, shortfalls

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
POOL = ["en", "ja", "tr", "ar"]


@st.composite
def instances(draw, capacities=True):
    entries = {
        e: frozenset(draw(st.sets(st.sampled_from(POOL), max_size=2)))
        for e in range(draw(st.integers(1, 8)))
    }
    jurors = {
        f"j{i}": set(draw(st.sets(st.sampled_from(POOL), min_size=1, max_size=2)))
        for i in range(draw(st.integers(1, 6)))
    }
    per_entry = draw(st.integers(1, min(3, len(jurors))))
    caps = {j: draw(st.one_of(st.none(), st.integers(0, 8))) if capacities else None
            for j in jurors}
    return entries, jurors, per_entry, caps


def feasible(entries, jurors, k, avoid, caps) -> bool:
    """Independent check with networkx: k different jurors per entry, within capacities."""
    graph = nx.DiGraph()
    for e in entries:
        graph.add_edge("source", ("e", e), capacity=k)
        for j in jurors:
            if (e, j) not in avoid:
                graph.add_edge(("e", e), ("j", j), capacity=1)
    for j in jurors:
        graph.add_edge(("j", j), "sink", capacity=len(entries) if caps[j] is None else caps[j])
    if "sink" not in graph:
        return False
    return nx.maximum_flow_value(graph, "source", "sink") == k * len(entries)


def test_a_film_without_dialogue_is_for_everyone():
    assert can_follow(frozenset(), ["ja"])
    assert can_follow(frozenset({"tr", "en"}), ["en"])
    assert not can_follow(frozenset({"tr"}), ["en", "fr"])


def test_conflicts_are_the_pairs_with_no_shared_language():
    entries = {1: frozenset({"tr"}), 2: frozenset(), 3: frozenset({"ja", "en"})}
    jurors = {"a": ["en"], "b": ["tr"]}
    assert language_conflicts(entries, jurors) == {(1, "a"), (3, "b")}


def test_the_explanation_says_how_many_are_missing():
    entries = {e: frozenset({"tr"}) for e in range(38)} | {100: frozenset({"en"})}
    jurors = {"a": ["tr"], "b": ["tr", "en"], "c": ["en"], "d": ["en"]}
    found = shortfalls(entries, jurors, 3, capacities={"a": 30, "b": 30, "c": None, "d": None})
    assert len(found) == 1
    short = found[0]
    assert (short.languages, len(short.entries), short.needed, short.jurors, short.available) == (
        frozenset({"tr"}), 38, 114, 2, 60)
    assert short.missing == 54


@FAST
@given(instances())
def test_no_juror_gets_a_film_they_cannot_follow_while_a_valid_assignment_exists(instance):
    entries, jurors, k, caps = instance
    avoid = language_conflicts(entries, jurors)
    exists = feasible(entries, jurors, k, avoid, caps)
    try:
        result = assign(list(entries), list(jurors), k, avoid, capacities=caps)
    except AssignmentError:
        assert not exists
        return
    assert exists
    for entry, chosen in result.items():
        assert len(set(chosen)) == k
        assert all(can_follow(entries[entry], jurors[j]) for j in chosen)


@FAST
@given(instances())
def test_a_reported_shortfall_means_no_assignment_exists_and_its_numbers_add_up(instance):
    entries, jurors, k, caps = instance
    found = shortfalls(entries, jurors, k, capacities=caps)
    if found:
        assert not feasible(entries, jurors, k, language_conflicts(entries, jurors), caps)
    for short in found:
        group = [e for e, languages in entries.items() if languages == short.languages]
        able = [j for j, known in jurors.items() if short.languages & set(known)]
        assert sorted(short.entries) == group
        assert short.needed == k * len(group)
        assert short.jurors == len(able)
        assert short.available == sum(
            len(group) if caps[j] is None else min(caps[j], len(group)) for j in able)
        assert short.available < short.needed


@FAST
@given(instances(capacities=False))
def test_without_capacities_a_shortfall_is_reported_exactly_when_assignment_fails(instance):
    entries, jurors, k, caps = instance
    avoid = language_conflicts(entries, jurors)
    assert bool(shortfalls(entries, jurors, k)) == (not feasible(entries, jurors, k, avoid, caps))
