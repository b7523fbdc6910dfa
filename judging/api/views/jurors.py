"""Organiser API: the contest's jury, one juror's capacity and languages, deactivating and
reactivating a juror. Needs ``judging.manage_jurors`` (owners and judging coordinators); a
juror of another contest is a 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from ...models import Juror
from ...selectors.jurors import jury_of_contest
from ...services import juror_seats as services
from ..serializers.jurors import (
    JurorSeatSerializer,
    JurorSerializer,
    ReactivateSerializer,
    SeatChangeSerializer,
)
from .organiser import OrganiserContestView


class OrganiserJurorView(OrganiserContestView):
    permission_required = "judging.manage_jurors"

    def get_juror(self, juror_id: int) -> Juror:
        return get_object_or_404(jury_of_contest(contest=self.get_contest()), pk=juror_id)

    def changed(self, change: services.SeatChange) -> Response:
        juror = self.get_juror(change.juror.pk)
        return Response(SeatChangeSerializer({
            "juror": juror, "moved": change.moved, "released": change.released,
            "rounds": list(change.rounds)}).data)


class JuryView(OrganiserJurorView):
    @extend_schema(responses=JurorSerializer(many=True),
                   summary="The contest's jurors, active first, with their loads")
    def get(self, request, slug: str):
        return Response(JurorSerializer(jury_of_contest(contest=self.get_contest()),
                                        many=True).data)


class JurorSeatView(OrganiserJurorView):
    @extend_schema(responses=JurorSerializer, summary="One juror of the contest")
    def get(self, request, slug: str, juror_id: int):
        return Response(JurorSerializer(self.get_juror(juror_id)).data)

    @extend_schema(request=JurorSeatSerializer, responses=SeatChangeSerializer,
                   summary="Set the juror's capacity or languages (a lower capacity moves "
                           "the excess at once)")
    def patch(self, request, slug: str, juror_id: int):
        juror = self.get_juror(juror_id)
        data = JurorSeatSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self.changed(services.update_seat(juror=juror, by=request.user,
                                                 changes=data.validated_data))


class DeactivateJurorView(OrganiserJurorView):
    @extend_schema(request=None, responses=SeatChangeSerializer,
                   summary="Take the juror off the jury; their unscored work moves at once")
    def post(self, request, slug: str, juror_id: int):
        return self.changed(services.deactivate_juror(juror=self.get_juror(juror_id),
                                                      by=request.user))


class ReactivateJurorView(OrganiserJurorView):
    @extend_schema(request=ReactivateSerializer, responses=SeatChangeSerializer,
                   summary="Put the juror back on the jury, rebalancing now if asked")
    def post(self, request, slug: str, juror_id: int):
        data = ReactivateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self.changed(services.reactivate_juror(
            juror=self.get_juror(juror_id), by=request.user,
            rebalance=data.validated_data["rebalance"]))
