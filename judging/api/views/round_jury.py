"""Organiser API: read and replace a round's jury and category panels."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from core.errors import ContestError

from ...models import Juror, PanelSeat, Round
from ...services import round_jury
from ..serializers.round_jury import RoundJurySerializer
from .organiser import OrganiserRoundView


def _jury(round: Round) -> dict:
    seats = PanelSeat.objects.filter(round=round).order_by("juror_id").values_list(
        "juror_id", "category__slug")
    panels: dict[str, list[int]] = {}
    for juror, category in seats:
        if category is not None:
            panels.setdefault(category, []).append(juror)
    return {"jurors": [j for j, c in seats if c is None],
            "panels": [{"category": c, "jurors": js} for c, js in sorted(panels.items())]}


class RoundJuryView(OrganiserRoundView):
    """Needs ``judging.manage_rounds`` (owners and judging coordinators)."""

    @extend_schema(responses=RoundJurySerializer, summary="The round's jury and category panels")
    def get(self, request, slug: str, round_id: int):
        return Response(_jury(self.get_round(round_id)))

    @extend_schema(request=RoundJurySerializer, responses=RoundJurySerializer,
                   summary="Replace the round's jury and category panels")
    def put(self, request, slug: str, round_id: int):
        round = self.get_round(round_id)
        data = RoundJurySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        jurors = {j.pk: j for j in Juror.objects.filter(contest=round.contest)}
        categories = {c.slug: c for c in round.contest.categories.all()}
        wanted = data.validated_data

        def pick(ids: list[int], field: str) -> list[Juror]:
            unknown = [i for i in ids if i not in jurors]
            if unknown:
                raise ContestError(_("No juror of this contest has this id."), code="invalid",
                                   fields={field: [_("Unknown jurors: %(ids)s.") % {
                                       "ids": ", ".join(map(str, unknown[:20]))}]})
            return [jurors[i] for i in ids]

        panels = {}
        for panel in wanted.get("panels", []):
            if panel["category"] not in categories:
                raise ContestError(_("Choose one of this contest's categories."),
                                   code="invalid", fields={"panels": [
                                       _("Unknown category: %(slug)s.") % {
                                           "slug": panel["category"]}]})
            panels[categories[panel["category"]]] = pick(panel["jurors"], "panels")
        round_jury.set_round_jury(round=round, jurors=pick(wanted["jurors"], "jurors"),
                                  panels=panels, by=request.user)
        return Response(_jury(round))
