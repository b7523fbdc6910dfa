"""Reads of final votes: the count (never a ballot for organisers), who voted, one's own ballot."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet

from contest.models import Contest, Entry

from ..enums import VoteMethod, VoteStatus
from ..models import Ballot, FinalVote, Juror
from ..voting import approval_tiers, schulze


@dataclass(frozen=True)
class VoteOutcome:
    """The count of a vote: ``tiers`` of entry ids best first (several in a tier: tied); for
    Schulze the pairwise matrix ``d`` and strongest paths ``p``; for approval the counts."""

    method: str
    ballots: int
    entries: list[Entry]
    tiers: list[list[int]]
    d: dict = field(default_factory=dict)
    p: dict = field(default_factory=dict)
    approvals: dict = field(default_factory=dict)


def votes_of_contest(*, contest: Contest) -> QuerySet[FinalVote]:
    return FinalVote.objects.filter(contest=contest).select_related("award", "round")


def vote_outcome(*, vote: FinalVote) -> VoteOutcome:
    """Count the vote's ballots (two queries: the shortlist, the ballots)."""
    entries = list(vote.entries.order_by("code"))
    ids = [entry.pk for entry in entries]
    ballots = [{int(k): v for k, v in choices.items()}
               for choices in Ballot.objects.filter(vote=vote).values_list("choices", flat=True)]
    if vote.method == VoteMethod.APPROVAL:
        tiers, counts = approval_tiers(ids, ballots)
        return VoteOutcome(vote.method, len(ballots), entries, tiers, approvals=counts)
    count = schulze(ids, ballots)
    return VoteOutcome(vote.method, len(ballots), entries, count.tiers, d=count.d, p=count.p)


def jury_turnout(*, vote: FinalVote) -> list[Juror]:
    """The vote's jurors, each with ``voted`` (for the audit trail: not how)."""
    return list(vote.jurors.select_related("user").annotate(
        voted=Exists(Ballot.objects.filter(vote=vote, juror=OuterRef("pk")))
    ).order_by("user__name_latin", "pk"))


def open_votes_for(*, user) -> QuerySet[FinalVote]:
    """The open votes whose final jury the user sits on (one query), for their home page."""
    return (FinalVote.objects.filter(jurors__user=user, jurors__is_active=True,
                                     status=VoteStatus.OPEN)
            .select_related("contest").order_by("-created_at").distinct())


def own_ballot(*, vote: FinalVote, user) -> Ballot | None:
    """The user's own ballot in this vote, if they cast one."""
    return Ballot.objects.filter(vote=vote, juror__user=user).first()
