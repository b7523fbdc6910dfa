"""API for awards: the public winners list, and organiser endpoints (awards, exports)."""

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from contest.models import Contest
from contest.selectors import entry_by_code
from core.errors import NotFoundError

from ...exports import EXPORT_FORMATS, EXPORT_KINDS, build_export
from ...models import AwardPlacement
from ...selectors.awards import awards_with_placements, published_winners
from ...services.awards import assign_award, lock_awards, unassign_award
from ...services.publication import publish_results
from ...views.public import attach_posters, attach_public_answers
from ..serializers.awards import (
    AssignSerializer,
    AwardPlacementSerializer,
    AwardSerializer,
    WinnerSerializer,
)
from .organiser import OrganiserContestView


class WinnersView(APIView):
    """Published winners of a contest, in screening order; 404 before publication."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=WinnerSerializer(many=True))
    def get(self, request, slug):
        contest = get_object_or_404(Contest, slug=slug)
        if not request.user.has_perm("judging.view_winners", contest):
            raise Http404
        placements = published_winners(contest=contest)
        attach_posters(placements)
        attach_public_answers(placements, contest=contest)
        return Response(WinnerSerializer(placements, many=True).data)


class AwardListView(OrganiserContestView):
    @extend_schema(responses=AwardSerializer(many=True))
    def get(self, request, slug):
        awards = awards_with_placements(contest=self.get_contest())
        return Response(AwardSerializer(awards, many=True).data)


class AssignView(OrganiserContestView):
    @extend_schema(request=AssignSerializer, responses=AwardPlacementSerializer)
    def post(self, request, slug, award_id):
        contest = self.get_contest()
        award = get_object_or_404(contest.awards, pk=award_id)
        data = AssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = entry_by_code(contest=contest, code=data.validated_data["entry_code"])
        if entry is None:
            raise NotFoundError(_("No entry with this code in this contest."),
                                fields={"entry_code": ["unknown"]})
        placement = assign_award(award=award, place=data.validated_data["place"], entry=entry,
                                 by=request.user, notes=data.validated_data["notes"])
        return Response(AwardPlacementSerializer(placement).data, status=201)


class PlacementView(OrganiserContestView):
    @extend_schema(responses={204: None})
    def delete(self, request, slug, placement_id):
        placement = get_object_or_404(
            AwardPlacement.objects.select_related("award", "entry"),
            pk=placement_id, award__contest=self.get_contest(),
        )
        unassign_award(placement=placement, by=request.user)
        return Response(status=204)


class LockView(OrganiserContestView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request, slug):
        lock_awards(contest=self.get_contest(), by=request.user)
        return Response(status=204)


class PublishView(OrganiserContestView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request, slug):
        publish_results(contest=self.get_contest(), by=request.user)
        return Response(status=204)


class FirstRendererNegotiation(BaseContentNegotiation):
    """Files are what they are: the Accept header cannot turn a CSV into JSON."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ExportView(OrganiserContestView):
    """Winners, full results or statistics as CSV, XLSX or PDF (streamed)."""

    permission_required = "judging.export_results"

    content_negotiation_class = FirstRendererNegotiation

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request, slug, what, fmt):
        if what not in EXPORT_KINDS or fmt not in EXPORT_FORMATS:
            raise Http404
        return export_response(contest=self.get_contest(), what=what, fmt=fmt)


def export_response(*, contest: Contest, what: str, fmt: str) -> StreamingHttpResponse:
    export = build_export(contest=contest, what=what, fmt=fmt)
    response = StreamingHttpResponse(export.chunks, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
