"""The base of every organiser endpoint of judging: one permission, asked about the contest."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from rest_framework.views import APIView

from contest.access import ContestFromUrlMixin
from core.permissions import ObjectPermission

from ...models import Round


class OrganiserContestView(ContestFromUrlMixin, APIView):
    """``/organise/<slug>/…``: ``permission_required`` on the contest of the slug (404 first)."""

    permission_classes = [ObjectPermission]
    permission_required = "judging.manage_awards"


class OrganiserRoundView(OrganiserContestView):
    """``/organise/<slug>/rounds/<round_id>/…``: a round of another contest is a 404."""

    permission_required = "judging.manage_rounds"

    def get_round(self, round_id: int) -> Round:
        return get_object_or_404(Round.objects.select_related("contest"), pk=round_id,
                                 contest=self.get_contest())
