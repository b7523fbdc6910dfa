"""How equal ranking values are ordered: a round's tie-break rule. Plain Python, no database.

``aggregation.rank`` orders entries by their value; entries whose values are equal (to
``TIE_DIGITS`` decimals, as shown to organisers) form a tie. ``break_ties`` orders each tie
by the round's rule and gives every entry its position; under ``leave_tied`` the entries of a
tie share one position and the next entry's position skips past them (1, 1, 3).
"""

from __future__ import annotations

import statistics
from collections.abc import Hashable

from django.utils.translation import gettext_lazy as _

from .enums import TieBreak

Id = Hashable
TIE_DIGITS = 9


# What decides between equal values under each rule, in order, as the results page states it.
STEPS = {
    TieBreak.COUNT_THEN_MEAN: (_("More scores first."), _("The higher plain mean first.")),
    TieBreak.MEAN_THEN_COUNT: (_("The higher plain mean first."), _("More scores first.")),
    TieBreak.MEDIAN: (_("The higher median mark first."), _("More scores first.")),
    TieBreak.LEAVE_TIED: (
        _("Entries with equal values share a place; the next place is skipped."),),
}
LAST_STEP = _("Then the entry created first.")


def steps(rule: str) -> list[str]:
    """The rule in words, one step after another."""
    rule_steps = list(STEPS.get(rule, STEPS[TieBreak.COUNT_THEN_MEAN]))
    return rule_steps if rule == TieBreak.LEAVE_TIED else [*rule_steps, LAST_STEP]


def _key(rule: str, marks: list[float], entry: Id):
    count, mean = len(marks), sum(marks) / len(marks) if marks else 0.0
    if rule == TieBreak.MEAN_THEN_COUNT:
        return (-mean, -count, entry)
    if rule == TieBreak.MEDIAN:
        return (-(statistics.median(marks) if marks else 0.0), -count, entry)
    if rule == TieBreak.LEAVE_TIED:
        return (entry,)
    return (-count, -mean, entry)  # COUNT_THEN_MEAN, the default


def break_ties(ranked: list[tuple[Id, float]], marks: dict[Id, list[float]],
               rule: str) -> list[tuple[Id, float, int]]:
    """``[(entry, value, position)]`` best first: ``ranked`` (best first) with every tie
    ordered by ``rule`` and positions given (shared under ``leave_tied``).

    ``marks`` are each entry's weighted scores. Entry ids break what the rule leaves equal,
    so the order never depends on the input's.
    """
    result: list[tuple[Id, float, int]] = []
    index = 0
    while index < len(ranked):
        level = round(ranked[index][1], TIE_DIGITS)
        end = index
        while end < len(ranked) and round(ranked[end][1], TIE_DIGITS) == level:
            end += 1
        tie = sorted(ranked[index:end], key=lambda pair: _key(rule, marks[pair[0]], pair[0]))
        for offset, (entry, value) in enumerate(tie):
            shared = rule == TieBreak.LEAVE_TIED
            result.append((entry, value, index + 1 if shared else index + offset + 1))
        index = end
    return result
