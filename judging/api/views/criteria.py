"""Organiser API: a criterion's name and description in each of the contest's languages."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from core.serializers import RejectUnknownFields, TextColumns

from ...models import Criterion
from ...services.texts import CRITERION_LIMITS, set_criterion_texts
from .organiser import OrganiserContestView


class CriterionTextsSerializer(RejectUnknownFields, TextColumns, serializers.ModelSerializer):
    text_limits = CRITERION_LIMITS

    class Meta:
        model = Criterion
        fields = ["id", "round", "name", "description", "weight", "order"]
        read_only_fields = ["id", "round", "weight", "order"]
        extra_kwargs = {field: {"required": False, "help_text": (
            f"The {field} in the reader's language (Accept-Language or ?lang=), else the "
            "contest's default language; written: the default language's.")}
            for field in ("name", "description")}


class CriterionTextsView(OrganiserContestView):
    permission_required = "judging.manage_rounds"

    def _criterion(self, criterion_id: int) -> Criterion:
        return get_object_or_404(Criterion, pk=criterion_id, round__contest=self.get_contest())

    @extend_schema(responses=CriterionTextsSerializer,
                   summary="A criterion with its texts in each language")
    def get(self, request, slug: str, criterion_id: int):
        return Response(CriterionTextsSerializer(self._criterion(criterion_id)).data)

    @extend_schema(request=CriterionTextsSerializer, responses=CriterionTextsSerializer,
                   summary="Change a criterion's name and description in any language "
                           "(name_ja, description_ar, …); audited")
    def patch(self, request, slug: str, criterion_id: int):
        criterion = self._criterion(criterion_id)
        data = CriterionTextsSerializer(criterion, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        criterion = set_criterion_texts(criterion=criterion, by=request.user,
                                        values=dict(data.validated_data))
        return Response(CriterionTextsSerializer(criterion).data)



