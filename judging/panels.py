"""Who may judge which entry in a round: its jury and its category panels. Plain Python.

A round may name its jury (seats without a category) and, within it, a panel per category
(seats with that category). An entry of a category with a panel is judged by that panel only;
any other entry by the round's jury; a round with no seats at all by every active juror.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

Id = Hashable


@dataclass(frozen=True)
class Panels:
    general: frozenset[Id]
    by_category: Mapping[Id, frozenset[Id]]

    @property
    def empty(self) -> bool:
        return not self.general and not self.by_category

    @property
    def members(self) -> frozenset[Id]:
        return self.general.union(*self.by_category.values())

    def for_category(self, category: Id) -> frozenset[Id]:
        return self.by_category.get(category, self.general)


def panels_from_seats(seats: Iterable[tuple[Id, Id | None]]) -> Panels:
    """``seats``: (juror, category or None) pairs."""
    general: set[Id] = set()
    by_category: dict[Id, set[Id]] = defaultdict(set)
    for juror, category in seats:
        (general if category is None else by_category[category]).add(juror)
    return Panels(general=frozenset(general),
                  by_category={c: frozenset(js) for c, js in by_category.items()})


def panel_conflicts(panels: Panels, entry_categories: Mapping[Id, Id],
                    jurors: Iterable[Id]) -> set[tuple[Id, Id]]:
    """The (entry, juror) pairs outside the panel that judges the entry."""
    if panels.empty:
        return set()
    jurors = list(jurors)
    return {(entry, juror) for entry, category in entry_categories.items()
            for juror in jurors if juror not in panels.for_category(category)}


def unstaffed_categories(panels: Panels, categories: Iterable[Id]) -> list[Id]:
    """Categories of the round's entries that nobody may judge."""
    if panels.empty:
        return []
    return sorted({c for c in categories if not panels.for_category(c)}, key=str)
