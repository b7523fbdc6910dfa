"""Organiser API: the language rule of a round (read, turn on or off, relax where short)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from ...models import Juror, Round, RoundEntry
from ...services import round_languages
from ..serializers.languages import (
    LanguageCoverageSerializer,
    LanguageRuleSerializer,
    RelaxedSerializer,
)
from .organiser import OrganiserRoundView


def _coverage(round: Round) -> dict:
    jurors = list(Juror.objects.filter(contest=round.contest, is_active=True))
    return {
        "language_rule": round.language_rule,
        "relaxed_entries": RoundEntry.objects.filter(round=round,
                                                     language_rule_relaxed=True).count(),
        "shortfalls": round_languages.language_constraints(round, jurors).shortfalls,
    }


class RoundLanguagesView(OrganiserRoundView):
    """Needs ``judging.manage_rounds`` (owners and judging coordinators)."""

    @extend_schema(responses=LanguageCoverageSerializer,
                   summary="The language rule and which languages lack jurors")
    def get(self, request, slug: str, round_id: int):
        return Response(LanguageCoverageSerializer(_coverage(self.get_round(round_id))).data)

    @extend_schema(request=LanguageRuleSerializer, responses=LanguageCoverageSerializer,
                   summary="Turn the language rule on or off")
    def patch(self, request, slug: str, round_id: int):
        data = LanguageRuleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        round = round_languages.set_language_rule(
            round=self.get_round(round_id), required=data.validated_data["language_rule"],
            by=request.user)
        return Response(LanguageCoverageSerializer(_coverage(round)).data)


class RelaxLanguagesView(OrganiserRoundView):
    @extend_schema(request=None, responses=RelaxedSerializer,
                   summary="Let any juror judge the entries whose languages lack jurors")
    def post(self, request, slug: str, round_id: int):
        count = round_languages.relax_language_rule(round=self.get_round(round_id),
                                                    by=request.user)
        return Response({"relaxed": count})
