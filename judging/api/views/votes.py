"""Final votes over the API: a juror's one secret ballot; the count for the organisers."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core.permissions import ObjectPermission

from ...models import FinalVote
from ...selectors.votes import jury_turnout, own_ballot, vote_outcome
from ...services.votes import cast_ballot
from ..serializers.votes import BallotSerializer, VoteOutcomeSerializer
from .organiser import OrganiserContestView


class BallotView(APIView):
    """``/votes/<vote_id>/ballot/``: the juror's own ballot (404 before they vote), or cast it.

    Only the vote's jurors pass the gate; nobody, organisers included, reads another's ballot.
    """

    permission_classes = [ObjectPermission]
    permission_required = "judging.cast_ballot"

    def get_permission_object(self) -> FinalVote:
        if not hasattr(self, "_vote"):
            self._vote = get_object_or_404(FinalVote.objects.select_related("contest"),
                                           pk=self.kwargs["vote_id"])
        return self._vote

    @extend_schema(responses=BallotSerializer, summary="My ballot in this vote")
    def get(self, request, vote_id: int):
        ballot = own_ballot(vote=self.get_permission_object(), user=request.user)
        if ballot is None:
            raise Http404
        return Response(BallotSerializer(ballot).data)

    @extend_schema(request=BallotSerializer, responses=BallotSerializer,
                   summary="Cast my one ballot")
    def post(self, request, vote_id: int):
        data = BallotSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ballot = cast_ballot(vote=self.get_permission_object(), by=request.user,
                             choices=data.validated_data["choices"])
        return Response(BallotSerializer(ballot).data, status=201)


class VoteOutcomeView(OrganiserContestView):
    """``/organise/<slug>/votes/<vote_id>/``: the count, its matrices and who voted."""

    @extend_schema(responses=VoteOutcomeSerializer, summary="Outcome of a final vote")
    def get(self, request, slug: str, vote_id: int):
        vote = get_object_or_404(FinalVote, pk=vote_id, contest=self.get_contest())
        return Response(VoteOutcomeSerializer({
            "vote": vote, "outcome": vote_outcome(vote=vote), "turnout": jury_turnout(vote=vote),
        }).data)
