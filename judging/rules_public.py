"""Predicates about what the public may see once results are published.

``is_published_winner`` lets anyone (anonymous included) see an entry's public material,
such as its poster, when the entry holds an award and the contest has published its results.
It accepts an Entry or anything with an ``entry`` attribute (a Video).
"""

import rules

from contest.rules import is_organiser


@rules.predicate
def is_published_winner(user, obj) -> bool:
    entry = getattr(obj, "entry", obj)
    if entry is None or getattr(entry, "pk", None) is None:
        return False
    if entry.contest.results_published_at is None:
        return False
    return entry.award_placements.exists()


@rules.predicate
def results_are_published(user, contest) -> bool:
    return contest is not None and contest.results_published_at is not None


rules.add_perm("judging.view_winners", results_are_published)
rules.add_perm("judging.view_public_entry_media", is_published_winner | is_organiser)
rules.add_perm("judging.manage_awards", is_organiser)
rules.add_perm("judging.export_results", is_organiser)
rules.add_perm("judging.view_audit_log", is_organiser)
