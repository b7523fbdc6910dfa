"""The final vote: organisers open it on a shortlist, follow the count and give places from
it; each juror of the final jury casts one secret ballot."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contest.access import contest_from_url
from contest.models import Contest
from core.pages import run_service
from core.permissions import object_permission_required

from ..access import ballot_vote_from_url, vote_from_url
from ..enums import VoteMethod, VoteStatus
from ..forms.votes import VoteForm
from ..models import FinalVote
from ..selectors.votes import jury_turnout, own_ballot, vote_outcome, votes_of_contest
from ..services import votes as services

MANAGE = "judging.manage_awards"


@object_permission_required(MANAGE, contest_from_url)
def votes(request, contest: Contest):
    form = VoteForm(request.POST or None, contest=contest)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(request, lambda: services.create_vote(
            contest=contest, by=request.user, title=data["title"], method=data["method"],
            entries=data["codes"], award=data["award"]), form=form,
            success=_("The vote is open to the final jury."))
        if outcome.ok:
            return redirect("judging:vote", slug=contest.slug, vote_id=outcome.value.pk)
    return render(request, "judging/votes.html", {
        "contest": contest, "votes": votes_of_contest(contest=contest), "form": form,
    })


@object_permission_required(MANAGE, vote_from_url)
def vote(request, vote: FinalVote):
    outcome = vote_outcome(vote=vote)
    names = {entry.pk: entry for entry in outcome.entries}
    matrix = [(names[a], [(names[b], outcome.d[a].get(b), outcome.p[a].get(b))
                          for b in names]) for a in names] if outcome.d else []
    return render(request, "judging/vote.html", {
        "contest": vote.contest, "vote": vote, "outcome": outcome, "matrix": matrix,
        "tiers": [[names[pk] for pk in tier] for tier in outcome.tiers],
        "approvals": [(names[pk], n) for pk, n in outcome.approvals.items()],
        "turnout": jury_turnout(vote=vote), "awards": vote.contest.awards.all(),
        "closed": vote.status == VoteStatus.CLOSED,
    })


@require_POST
@object_permission_required(MANAGE, vote_from_url)
def vote_close(request, vote: FinalVote):
    run_service(request, lambda: services.close_vote(vote=vote, by=request.user),
                success=_("The vote is closed."))
    return redirect("judging:vote", slug=vote.contest.slug, vote_id=vote.pk)


@require_POST
@object_permission_required(MANAGE, vote_from_url)
def vote_places(request, vote: FinalVote):
    award = get_object_or_404(vote.contest.awards, pk=request.POST.get("award") or 0)
    run_service(request, lambda: services.places_from_vote(vote=vote, award=award,
                                                           by=request.user),
                success=_("The award's places follow the vote."))
    return redirect("judging:vote", slug=vote.contest.slug, vote_id=vote.pk)


def _choices_from(post, vote: FinalVote) -> dict[str, int]:
    if vote.method == VoteMethod.APPROVAL:
        return {pk: 1 for pk in post.getlist("approve")}
    return {key.removeprefix("rank-"): value for key, value in post.items()
            if key.startswith("rank-") and value.strip()}


@object_permission_required("judging.cast_ballot", ballot_vote_from_url)
def ballot(request, vote: FinalVote):
    if request.method == "POST":
        outcome = run_service(request, lambda: services.cast_ballot(
            vote=vote, by=request.user, choices=_choices_from(request.POST, vote)),
            success=_("Your ballot is cast. Nobody else can see it."))
        if outcome.ok:
            return redirect("judging:ballot", vote_id=vote.pk)
    mine = own_ballot(vote=vote, user=request.user)
    choices = mine.choices if mine is not None else {}
    return render(request, "judging/ballot.html", {
        "vote": vote, "ballot": mine, "count": vote.entries.count(),
        "rows": [(entry, choices.get(str(entry.pk))) for entry in vote.entries.order_by("code")],
        "approval": vote.method == VoteMethod.APPROVAL, "open": vote.status == VoteStatus.OPEN,
    })
