"""Reads for awards, results and publication, shared by pages, the API and exports."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from contest.models import Contest, Credit

from ..models import Award, AwardPlacement
from .ranking import Ranking

TIE_DIGITS = 9


def placements_for_contest(*, contest: Contest) -> QuerySet[AwardPlacement]:
    """Every placement with its award, entry, entrant, category and credits (3 queries), and
    ``place_shared``: another entry holds the same place (ex aequo)."""
    shared = AwardPlacement.objects.filter(award=OuterRef("award"), place=OuterRef("place"))
    return (
        AwardPlacement.objects.filter(award__contest=contest)
        .annotate(place_shared=Exists(shared.exclude(pk=OuterRef("pk"))))
        .select_related("award", "entry__entrant", "entry__category", "assigned_by")
        .prefetch_related(
            Prefetch("entry__credits", queryset=Credit.objects.order_by("order", "id"))
        )
        .order_by("award__order", "award_id", "place")
    )


def awards_with_placements(*, contest: Contest) -> list[Award]:
    """The contest's awards in order, each with ``.placement_list`` (3 queries)."""
    awards = list(Award.objects.filter(contest=contest).order_by("order", "id"))
    by_award: dict[int, list[AwardPlacement]] = defaultdict(list)
    for placement in placements_for_contest(contest=contest):
        by_award[placement.award_id].append(placement)
    for award in awards:
        award.placement_list = by_award[award.pk]
    return awards


@dataclass
class Flag:
    kind: str  # "tie" or "multiple_awards"
    entry_id: int
    others: list[int] = field(default_factory=list)


def tie_flags(ranking: Ranking | Iterable[tuple[int, float]], placed: set[int]) -> list[Flag]:
    """Flag every awarded entry whose ranking value equals that of an entry left without award.

    That is a tie around the cut: the panel's figures do not separate the two, so the choice
    needs a deliberation note. ``ranking`` is a ``Ranking`` or its ``(entry_id, value)`` pairs.
    Pure function.
    """
    pairs = ranking.pairs if isinstance(ranking, Ranking) else ranking
    by_value: dict[float, list[int]] = defaultdict(list)
    for entry_id, value in pairs:
        by_value[round(value, TIE_DIGITS)].append(entry_id)
    flags = []
    for ids in by_value.values():
        if len(ids) < 2:
            continue
        outside = [entry_id for entry_id in ids if entry_id not in placed]
        for entry_id in ids:
            if entry_id in placed and outside:
                flags.append(Flag("tie", entry_id, outside))
    return flags


def indistinct_places(ranking: Ranking, placements) -> dict[int, list[int]]:
    """For each placement (by id), the places of the same award next to it whose entries the
    scores do not separate (their 95% intervals overlap): where the jury should deliberate.
    Entries outside the ranking separate from nothing. Pure function."""
    by_award: dict[int, list] = defaultdict(list)
    for placement in placements:
        by_award[placement.award_id].append(placement)
    close: dict[int, list[int]] = defaultdict(list)
    for placed in by_award.values():
        placed.sort(key=lambda placement: placement.place)
        for upper, lower in pairwise(placed):
            a, b = ranking.by_entry.get(upper.entry_id), ranking.by_entry.get(lower.entry_id)
            if a is not None and b is not None and upper.place != lower.place and a.overlaps(b):
                close[upper.pk].append(lower.place)
                close[lower.pk].append(upper.place)
    return dict(close)


def multiple_award_flags(placements) -> list[Flag]:
    """Flag entries holding more than one award (allowed by an award's policy, but worth a look)."""
    awards_by_entry: dict[int, list[int]] = defaultdict(list)
    for placement in placements:
        awards_by_entry[placement.entry_id].append(placement.award_id)
    return [
        Flag("multiple_awards", entry_id, award_ids)
        for entry_id, award_ids in awards_by_entry.items()
        if len(award_ids) > 1
    ]


def published_winners(*, contest: Contest) -> list[AwardPlacement]:
    """Placements of a published contest in screening programme order (empty before publication)."""
    if contest.results_published_at is None:
        return []
    placements = list(placements_for_contest(contest=contest))
    placements.sort(key=lambda p: (
        p.screening_order is None, p.screening_order or 0, p.award.order, p.award_id, p.place
    ))
    return placements
