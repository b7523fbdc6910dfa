"""The base of every organiser endpoint of judging: one permission, asked about the contest."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from rest_framework.views import APIView

from contest.access import contest_from_url
from contest.models import Contest
from core.permissions import ObjectPermission

from ...models import Round


class OrganiserContestView(APIView):
    """``/organise/<slug>/…``: ``permission_required`` on the contest of the slug (404 first)."""

    permission_classes = [ObjectPermission]
    permission_required = "judging.manage_awards"

    def get_contest(self) -> Contest:
        if not hasattr(self, "_contest"):
            # A copy: the getter pops what it reads, and the handler still needs the slug.
            self._contest = contest_from_url(self.request, dict(self.kwargs))
        return self._contest

    def get_permission_object(self) -> Contest:
        return self.get_contest()


class OrganiserRoundView(OrganiserContestView):
    """``/organise/<slug>/rounds/<round_id>/…``: a round of another contest is a 404."""

    permission_required = "judging.manage_rounds"

    def get_round(self, round_id: int) -> Round:
        return get_object_or_404(Round.objects.select_related("contest"), pk=round_id,
                                 contest=self.get_contest())
