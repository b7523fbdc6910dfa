"""Which juror can follow which film, and which languages lack jurors. Plain Python.

A juror can judge an entry when they understand one of the languages the film can be
followed in: its original language or one of its subtitle languages. A film without dialogue
(an empty set of languages) can be judged by anyone.

The assignment engine receives the pairs a juror cannot follow as extra conflicts, so the
min-cost flow never makes them. When that leaves the round infeasible, ``shortfalls`` names the
languages that lack jurors with numbers an organiser can act on: "Turkish: 38 entries need 114
assignments, 2 jurors can take 60". Entries are grouped by the set of languages they can be
followed in; a group is short when the jurors who understand any of those languages cannot
take ``per_entry`` assignments for each of its entries, one per entry and within their
capacity. That is a necessary condition of feasibility, so a reported shortfall always means
no assignment exists; the converse does not hold (jurors shared between groups, conflicts),
and the engine's own error covers those cases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

Id = Hashable
Pair = tuple[Id, Id]
Languages = frozenset[str]


@dataclass(frozen=True)
class LanguageShortfall:
    """Entries followable only in ``languages`` need more than their jurors can give."""

    languages: Languages
    entries: tuple[Id, ...]
    needed: int
    jurors: int
    available: int

    @property
    def missing(self) -> int:
        return self.needed - self.available


def can_follow(entry_languages: Languages, juror_languages: Iterable[str]) -> bool:
    return not entry_languages or not entry_languages.isdisjoint(juror_languages)


def language_conflicts(
    entry_languages: Mapping[Id, Languages], juror_languages: Mapping[Id, Iterable[str]]
) -> set[Pair]:
    """The (entry, juror) pairs where the juror understands none of the film's languages."""
    jurors = {juror: frozenset(languages) for juror, languages in juror_languages.items()}
    return {
        (entry, juror)
        for entry, languages in entry_languages.items() if languages
        for juror, understood in jurors.items() if languages.isdisjoint(understood)
    }


def shortfalls(
    entry_languages: Mapping[Id, Languages],
    juror_languages: Mapping[Id, Iterable[str]],
    per_entry: int,
    capacities: Mapping[Id, int | None] | None = None,
) -> list[LanguageShortfall]:
    """Groups of entries whose languages lack jurors, the largest gap first."""
    capacities = capacities or {}
    groups: dict[Languages, list[Id]] = defaultdict(list)
    for entry, languages in entry_languages.items():
        if languages:
            groups[frozenset(languages)].append(entry)
    understood = {juror: frozenset(languages) for juror, languages in juror_languages.items()}
    found = []
    for languages, entries in groups.items():
        able = [j for j, known in understood.items() if not languages.isdisjoint(known)]
        # A juror takes at most one assignment per entry, and no more than their capacity.
        available = sum(
            len(entries) if capacities.get(j) is None else min(capacities[j], len(entries))
            for j in able
        )
        needed = per_entry * len(entries)
        if available < needed:
            found.append(LanguageShortfall(
                languages=languages, entries=tuple(entries), needed=needed,
                jurors=len(able), available=available,
            ))
    found.sort(key=lambda s: (-s.missing, sorted(s.languages)))
    return found
