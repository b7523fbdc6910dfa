"""The final vote's services: opening, secret one-per-juror ballots, closing, places."""

import pytest

from core.errors import ConflictError, PermissionDeniedError
from core.models import AuditEvent
from judging.enums import VoteMethod
from judging.services.awards import update_award
from judging.services.votes import cast_ballot, close_vote, create_vote, places_from_vote

from ..factories import JurorFactory
from ..test_voting import WIKIPEDIA

pytestmark = pytest.mark.django_db


@pytest.fixture
def shortlist(make_entry):
    return [make_entry() for _ in range(5)]


@pytest.fixture
def jury(contest):
    return [JurorFactory(contest=contest) for _ in range(3)]


def _vote(contest, organiser, shortlist, method=VoteMethod.SCHULZE):
    return create_vote(contest=contest, by=organiser, title="Grand Prize vote", method=method,
                       entries=shortlist)


def test_one_ballot_per_juror_and_the_audit_keeps_the_secret(contest, organiser, shortlist,
                                                             jury):
    vote = _vote(contest, organiser, shortlist)
    choices = {str(shortlist[0].pk): 1, str(shortlist[1].pk): 2}
    cast_ballot(vote=vote, by=jury[0].user, choices=choices)
    with pytest.raises(ConflictError) as error:
        cast_ballot(vote=vote, by=jury[0].user, choices=choices)
    assert error.value.code == "already_voted"
    event = AuditEvent.objects.get(action="vote.ballot_cast")
    assert event.after == {"vote": vote.pk, "juror": jury[0].pk}  # that they voted, not how


def test_a_closed_vote_refuses_ballots(contest, organiser, shortlist, jury):
    vote = _vote(contest, organiser, shortlist)
    close_vote(vote=vote, by=organiser)
    with pytest.raises(ConflictError) as error:
        cast_ballot(vote=vote, by=jury[0].user, choices={str(shortlist[0].pk): 1})
    assert error.value.code == "vote_closed"


def test_only_the_final_jury_votes(contest, organiser, shortlist, jury, juror_user):
    vote = _vote(contest, organiser, shortlist)
    with pytest.raises(PermissionDeniedError):
        cast_ballot(vote=vote, by=juror_user, choices={str(shortlist[0].pk): 1})
    with pytest.raises(PermissionDeniedError):
        cast_ballot(vote=vote, by=organiser, choices={str(shortlist[0].pk): 1})


def test_the_schulze_outcome_gives_the_award_places_in_one_step(contest, organiser, award,
                                                                shortlist):
    # The Wikipedia election, one juror per voter: E > A > C > B > D.
    letters = dict(zip("ABCDE", shortlist, strict=True))
    jurors = [JurorFactory(contest=contest) for _ in range(45)]
    vote = _vote(contest, organiser, shortlist)
    voters = iter(jurors)
    for count, order in WIKIPEDIA:
        for _ in range(count):
            cast_ballot(vote=vote, by=next(voters).user, choices={
                str(letters[c].pk): rank for rank, c in enumerate(order, start=1)})
    close_vote(vote=vote, by=organiser)

    placements = places_from_vote(vote=vote, award=award, by=organiser)  # 3 places

    assert [(p.place, p.entry_id) for p in placements] == [
        (1, letters["E"].pk), (2, letters["A"].pk), (3, letters["C"].pk)]


def test_a_tie_needs_ex_aequo_places(contest, organiser, award, shortlist, jury):
    vote = _vote(contest, organiser, shortlist[:3], method=VoteMethod.APPROVAL)
    first, second, third = shortlist[:3]
    cast_ballot(vote=vote, by=jury[0].user, choices={str(first.pk): 1, str(second.pk): 1})
    cast_ballot(vote=vote, by=jury[1].user, choices={str(first.pk): 1, str(second.pk): 1,
                                                     str(third.pk): 1})
    close_vote(vote=vote, by=organiser)
    with pytest.raises(ConflictError) as error:
        places_from_vote(vote=vote, award=award, by=organiser)
    assert error.value.code == "vote_tied"

    award = update_award(award=award, by=organiser, allow_ex_aequo=True)
    placements = places_from_vote(vote=vote, award=award, by=organiser)

    assert sorted((p.place, p.entry_id) for p in placements) == sorted(
        [(1, first.pk), (1, second.pk), (3, third.pk)])
