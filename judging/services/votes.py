"""A final jury's vote: open it on a shortlist, cast secret ballots, close it, and give an
award's places from its outcome.

Ballot contents never reach the audit log: a row records that a juror voted, not how.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.models import Contest, Entry
from core.audit import record
from core.errors import ConflictError, ContestError, PermissionDeniedError

from ..enums import VoteMethod, VoteStatus
from ..models import Award, Ballot, FinalVote, Juror, Round
from ..selectors.votes import vote_outcome
from .awards import assign_award


def _check_may_run(vote_or_contest, by) -> None:
    if not by.has_perm("judging.manage_awards", vote_or_contest):
        raise PermissionDeniedError(_("Only the contest's organisers can run a final vote."))


@transaction.atomic
def create_vote(*, contest: Contest, by, title: str, method: str, entries: list[Entry],
                jurors: Iterable[Juror] | None = None, round: Round | None = None,
                award: Award | None = None) -> FinalVote:
    """Open a vote on ``entries`` (two or more of the contest's) for ``jurors`` (by default
    every active juror of the contest). Side effects: one audit row."""
    _check_may_run(contest, by)
    if method not in VoteMethod.values:
        raise ContestError(_("Choose a voting method."), code="invalid",
                           fields={"method": [str(method)]})
    if len({e.pk for e in entries}) < 2 or any(e.contest_id != contest.pk for e in entries):
        raise ContestError(_("A shortlist holds two entries or more of this contest."),
                           code="invalid_shortlist")
    for scope in (round, award):
        if scope is not None and scope.contest_id != contest.pk:
            raise ContestError(_("This round or award belongs to another contest."),
                               code="wrong_contest")
    jury = list(jurors) if jurors is not None else list(
        Juror.objects.filter(contest=contest, is_active=True))
    if not jury or any(j.contest_id != contest.pk for j in jury):
        raise ContestError(_("Choose the final jury among the contest's jurors."),
                           code="invalid_jury")
    vote = FinalVote.objects.create(contest=contest, round=round, award=award,
                                    title=title.strip()[:120] or str(_("Final vote")),
                                    method=method, created_by=by)
    vote.entries.set(entries)
    vote.jurors.set(jury)
    record(actor=by, action="vote.create", obj=vote, scope=contest, after={
        "title": vote.title, "method": method, "entries": sorted(e.pk for e in entries),
        "jurors": sorted(j.pk for j in jury),
        "round": round and round.pk, "award": award and award.pk,
    })
    return vote


def _clean_choices(vote: FinalVote, choices: dict) -> dict[str, int]:
    """``{str(entry id): rank}`` for Schulze (ranks 1..n, repeats allowed: a tie), or
    ``{str(entry id): 1}`` for each approved entry; anything else is refused."""
    shortlist = {str(pk) for pk in vote.entries.values_list("pk", flat=True)}
    cleaned: dict[str, int] = {}
    for key, value in (choices or {}).items():
        if str(key) not in shortlist:
            raise ContestError(_("Vote only for the entries of the shortlist."),
                               code="not_shortlisted", fields={"choices": [str(key)]})
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if vote.method == VoteMethod.APPROVAL and number not in (0, 1):
            number = -1
        if vote.method == VoteMethod.APPROVAL and number == 0:
            continue  # not approved
        if not 1 <= number <= len(shortlist):
            raise ContestError(_("Give each entry a rank from 1 to %(n)d.") % {"n": len(shortlist)},
                               code="invalid_rank", fields={"choices": [str(key)]})
        cleaned[str(key)] = number
    if not cleaned:
        raise ContestError(_("Rank or approve at least one entry."), code="empty_ballot")
    return cleaned


@transaction.atomic
def cast_ballot(*, vote: FinalVote, by, choices: dict) -> Ballot:
    """The juror ``by`` casts their one ballot. Refused for anyone outside the final jury, on
    a closed vote, and a second time. Side effects: one audit row (that they voted only)."""
    vote = FinalVote.objects.select_for_update(no_key=True).get(pk=vote.pk)
    if not by.has_perm("judging.cast_ballot", vote):
        raise PermissionDeniedError(_("You are not on this vote's jury."))
    if vote.status != VoteStatus.OPEN:
        raise ConflictError(_("This vote is closed."), "vote_closed")
    juror = vote.jurors.get(user=by)
    cleaned = _clean_choices(vote, choices)
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(vote=vote, juror=juror, choices=cleaned)
    except IntegrityError as error:
        raise ConflictError(_("You have already voted."), "already_voted") from error
    record(actor=by, action="vote.ballot_cast", obj=vote, scope=vote.contest,
           after={"vote": vote.pk, "juror": juror.pk})
    return ballot


@transaction.atomic
def close_vote(*, vote: FinalVote, by) -> FinalVote:
    """Close the vote: no more ballots; its outcome can then give places. One audit row."""
    _check_may_run(vote, by)
    vote = FinalVote.objects.select_for_update(no_key=True).get(pk=vote.pk)
    if vote.status == VoteStatus.CLOSED:
        raise ConflictError(_("This vote is already closed."), "vote_closed")
    vote.status, vote.closed_at = VoteStatus.CLOSED, timezone.now()
    vote.save(update_fields=["status", "closed_at"])
    record(actor=by, action="vote.close", obj=vote, scope=vote.contest,
           after={"ballots": vote.ballots.count()})
    return vote


@transaction.atomic
def places_from_vote(*, vote: FinalVote, award: Award, by) -> list:
    """Give ``award``'s places in the order of the closed vote's outcome, in one step.

    Tied entries share a place when the award allows ex aequo places; otherwise a tie within
    the places given is refused, for the organisers to settle by hand. The award must have no
    placement yet. Side effects: one audit row per placement (``assign_award``) and one for
    the step.
    """
    _check_may_run(vote, by)
    vote = FinalVote.objects.select_for_update(no_key=True).get(pk=vote.pk)
    if vote.status != VoteStatus.CLOSED:
        raise ConflictError(_("Close the vote before giving places from it."), "vote_open")
    if award.contest_id != vote.contest_id:
        raise ContestError(_("This award belongs to another contest."), code="wrong_contest")
    if award.placements.exists():
        raise ConflictError(_("This award already has winners; remove them first."),
                            "award_in_use")
    entries = {e.pk: e for e in vote.entries.all()}
    placements, place = [], 1
    for tier in vote_outcome(vote=vote).tiers:
        if place > award.places:
            break
        if len(tier) > 1 and not award.allow_ex_aequo:
            raise ConflictError(
                _("The vote leaves place %(place)d tied; allow ex aequo places or give them by "
                  "hand.") % {"place": place}, "vote_tied")
        for entry_id in tier:
            placements.append(assign_award(award=award, place=place, entry=entries[entry_id],
                                           by=by, notes=str(_("From the vote “%(title)s”.")
                                                            % {"title": vote.title})))
        place += len(tier)
    record(actor=by, action="vote.places_given", obj=vote, scope=vote.contest,
           after={"award": award.pk, "placements": [p.pk for p in placements]})
    return placements
