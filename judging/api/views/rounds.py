"""Organiser API: run the assignment of a round, follow its progress, read its results and set
what orders them.

Under the contest (``/organise/<slug>/rounds/<round_id>/…``) with the pages' permission,
``judging.manage_rounds`` on the contest; a round of another contest is a 404. The first
paths (``/organiser/rounds/<round_id>/…``) answer with a permanent redirect to these.
"""

from __future__ import annotations

from dataclasses import replace

from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from ...enums import AggregationMethod
from ...forms.rounds import ResultsQueryForm
from ...models import Round
from ...selectors.rounds import RANKING_PAGE_SIZE, results_for_round, rounds_with_progress
from ...services import rounds as services
from ...services.results import set_ranking_method, set_tie_break
from ..serializers.rounds import (
    AssignmentRunSerializer,
    ProgressSerializer,
    RankingRulesSerializer,
    ResultsSerializer,
)
from .organiser import OrganiserRoundView


class RunAssignmentView(OrganiserRoundView):
    @extend_schema(request=None, responses=AssignmentRunSerializer,
                   summary="Assign the round's entries to jurors (keeps submitted work)")
    def post(self, request, slug: str, round_id: int):
        run = services.run_assignment(round=self.get_round(round_id), by=request.user)
        return Response(AssignmentRunSerializer(run).data)


class RoundProgressView(OrganiserRoundView):
    permission_required = "judging.view_results"

    @extend_schema(responses=ProgressSerializer, summary="Entries, assignments and scores")
    def get(self, request, slug: str, round_id: int):
        round = self.get_round(round_id)
        annotated = get_object_or_404(rounds_with_progress(contest=round.contest), pk=round.pk)
        return Response(ProgressSerializer(annotated).data)


class RoundResultsView(OrganiserRoundView):
    permission_required = "judging.view_results"

    @extend_schema(
        responses=ResultsSerializer, summary="Ranking, juror calibration and reliability",
        parameters=[
            OpenApiParameter("method", OpenApiTypes.STR, enum=AggregationMethod.values,
                             description="Ranking method (default: the round's own, "
                                         "ranking_method)."),
            OpenApiParameter("cut", OpenApiTypes.INT,
                             description="Entries to advance: rows whose 95% interval "
                                         "contains the cut get crosses_cut."),
            OpenApiParameter("page", OpenApiTypes.INT,
                             description=f"Page of the ranking, {RANKING_PAGE_SIZE} "
                                         "entries each (default 1)."),
        ],
    )
    def get(self, request, slug: str, round_id: int):
        method, cut = ResultsQueryForm(request.query_params).query()
        data = results_for_round(round=self.get_round(round_id), method=method, cut=cut)
        page = Paginator(data.ranking, RANKING_PAGE_SIZE).get_page(
            request.query_params.get("page"))
        return Response(ResultsSerializer(replace(data, ranking=list(page)),
                                          context={"page": page}).data)


class RoundRankingView(OrganiserRoundView):
    """The round's ranking method and tie-break rule (``judging.manage_rounds``), each set
    through its audited service."""

    @extend_schema(responses=RankingRulesSerializer, summary="The round's ranking rules")
    def get(self, request, slug: str, round_id: int):
        return Response(RankingRulesSerializer({"round": self.get_round(round_id)}).data)

    @extend_schema(request=RankingRulesSerializer, responses=RankingRulesSerializer,
                   summary="Set the round's ranking method or tie-break rule")
    def patch(self, request, slug: str, round_id: int):
        round = self.get_round(round_id)
        data = RankingRulesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        chosen = data.validated_data.get("round", {})
        with transaction.atomic():
            if "ranking_method" in chosen:
                set_ranking_method(round=round, method=chosen["ranking_method"], by=request.user)
            if "tie_break" in chosen:
                set_tie_break(round=round, rule=chosen["tie_break"], by=request.user)
        return Response(RankingRulesSerializer({"round": round}).data)


@extend_schema(exclude=True)
class MovedRoundView(APIView):
    """A first-generation path: 308 to the round's path under its contest, for its organisers.

    308 keeps the method and body, so a POST of the assignment still runs once it lands.
    Anyone else gets a 404, as if the round did not exist.
    """

    permission_classes = [permissions.AllowAny]  # the refusal is a 404, for anyone
    target = ""

    def _moved(self, request, round_id: int):
        round = get_object_or_404(Round.objects.select_related("contest"), pk=round_id)
        if not request.user.has_perm("judging.view_results", round.contest):
            raise Http404
        url = reverse(self.target, kwargs={"slug": round.contest.slug, "round_id": round.pk})
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url,
                                             preserve_request=True)

    get = post = _moved
