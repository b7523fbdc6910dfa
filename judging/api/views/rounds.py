"""Organiser API: run the assignment of a round, follow its progress, read its results.

Same permission as the pages (``judging.manage_rounds``); a round of an unknown id is a 404.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from ...enums import AggregationMethod
from ...models import Round
from ...selectors.rounds import results_for_round, rounds_with_progress
from ...services import rounds as services
from ..serializers.rounds import AssignmentRunSerializer, ProgressSerializer, ResultsSerializer


class CanManageRounds(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("judging.manage_rounds")


class OrganiserRoundView(APIView):
    permission_classes = [permissions.IsAuthenticated, CanManageRounds]

    def get_round(self, round_id: int) -> Round:
        return get_object_or_404(Round.objects.select_related("contest"), pk=round_id)


class RunAssignmentView(OrganiserRoundView):
    @extend_schema(request=None, responses=AssignmentRunSerializer,
                   summary="Assign the round's entries to jurors (keeps submitted work)")
    def post(self, request, round_id: int):
        run = services.run_assignment(round=self.get_round(round_id), by=request.user)
        return Response(AssignmentRunSerializer(run).data)


class RoundProgressView(OrganiserRoundView):
    @extend_schema(responses=ProgressSerializer, summary="Entries, assignments and scores")
    def get(self, request, round_id: int):
        round = self.get_round(round_id)
        annotated = get_object_or_404(rounds_with_progress(contest=round.contest), pk=round.pk)
        return Response(ProgressSerializer(annotated).data)


class RoundResultsView(OrganiserRoundView):
    @extend_schema(
        responses=ResultsSerializer, summary="Ranking, juror calibration and reliability",
        parameters=[OpenApiParameter("method", OpenApiTypes.STR, enum=AggregationMethod.values,
                                     description="Ranking method (default zscore).")],
    )
    def get(self, request, round_id: int):
        data = results_for_round(round=self.get_round(round_id),
                                 method=request.query_params.get("method",
                                                                 AggregationMethod.ZSCORE))
        return Response(ResultsSerializer(data).data)
