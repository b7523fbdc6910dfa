"""Juror API: my assignments, the blind entry, draft, submit and conflict declaration.

The same selectors and services as the pages, the same permissions: only jurors,
only their own assignments (anything else is a 404), only what the round allows.
"""

from __future__ import annotations

import django_filters
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.limits import BIG_INT_MAX
from core.permissions import ObjectPermission

from ...models import Assignment
from ...selectors.juror import (
    QueueFilter,
    assignment_for_juror,
    assignments_for_juror,
    entrant_country,
    own_assignment,
)
from ...services import jurors as juror_services
from ...services import scoring
from ..serializers.juror import (
    AssignmentDetailSerializer,
    AssignmentListSerializer,
    ConflictInputSerializer,
    ConflictResultSerializer,
    DraftInputSerializer,
    OwnScoreSerializer,
    SubmitInputSerializer,
)


class AssignmentFilter(django_filters.FilterSet):
    round = django_filters.NumberFilter(field_name="round_id", min_value=1,
                                        max_value=BIG_INT_MAX)
    status = django_filters.ChoiceFilter(choices=QueueFilter.CHOICES, method="filter_status")

    class Meta:
        model = Assignment
        fields = ["round", "status"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(QueueFilter.Q[value])


class JurorAssignmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    # The juror area as a whole, then each assignment: its queryset holds only the juror's own,
    # and get_object asks judging.view_assignment (what the round lets them see).
    permission_classes = [ObjectPermission]
    permission_required = "judging.access_juror_area"
    filterset_class = AssignmentFilter
    ordering_fields: list[str] = []
    queryset = Assignment.objects.none()

    def get_permission_object(self) -> None:
        return None  # the juror role opens the area; there is no one object to ask about

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assignment.objects.none()
        return assignments_for_juror(user=self.request.user)

    def get_serializer_class(self):
        return AssignmentListSerializer if self.action == "list" else AssignmentDetailSerializer

    def get_object(self) -> Assignment:
        try:
            pk = int(self.kwargs["pk"])
        except ValueError as error:
            raise Http404 from error
        assignment = assignment_for_juror(user=self.request.user, assignment_id=pk)
        if assignment is None or not self.request.user.has_perm(
            "judging.view_assignment", assignment
        ):
            raise Http404
        return assignment

    def get_own_assignment(self) -> Assignment:
        """For writes: only ownership here (404 otherwise); the service re-checks under lock."""
        try:
            pk = int(self.kwargs["pk"])
        except ValueError as error:
            raise Http404 from error
        assignment = own_assignment(user=self.request.user, assignment_id=pk)
        if assignment is None:
            raise Http404
        return assignment

    @extend_schema(summary="My assignments", description="Filter by round and queue status.")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="One assignment: the blind entry, the rubric and my score")
    def retrieve(self, request, *args, **kwargs):
        assignment = self.get_object()
        context = {**self.get_serializer_context(), "entrant_country": entrant_country(assignment)}
        return Response(AssignmentDetailSerializer(assignment, context=context).data)

    @extend_schema(
        summary="Save my draft marks and comment",
        request=DraftInputSerializer,
        responses={200: OwnScoreSerializer, 409: OpenApiResponse(description="Stale version")},
    )
    @action(detail=True, methods=["post"])
    def draft(self, request, pk=None):
        assignment = self.get_own_assignment()
        data = _valid(DraftInputSerializer, request)
        score = scoring.save_draft(
            assignment=assignment, by=request.user, marks=data["marks"],
            comment=data["comment"], expected_version=data["version"],
        )
        return Response(OwnScoreSerializer(score).data)

    @extend_schema(
        summary="Submit my score; it is locked afterwards",
        request=SubmitInputSerializer,
        responses={200: OwnScoreSerializer, 409: OpenApiResponse(description="Stale version")},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        assignment = self.get_own_assignment()
        data = _valid(SubmitInputSerializer, request)
        score = scoring.submit_score(
            assignment=assignment, by=request.user, expected_version=data["version"]
        )
        return Response(OwnScoreSerializer(score).data)

    @extend_schema(
        summary="Declare a conflict of interest with this entry; it is reassigned",
        request=ConflictInputSerializer,
        responses={200: ConflictResultSerializer},
    )
    @action(detail=True, methods=["post"])
    def conflict(self, request, pk=None):
        assignment = self.get_own_assignment()
        data = _valid(ConflictInputSerializer, request)
        replacement = juror_services.declare_entry_conflict(
            assignment=assignment, by=request.user, reason=data["reason"]
        )
        return Response(
            {"reassigned": replacement is not None, "message": conflict_message(replacement)}
        )


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def conflict_message(replacement) -> str:
    if replacement is not None:
        return _("Thank you. The entry was given to another juror.")
    return _("Thank you. The entry was removed from your queue; the organisers will reassign it.")

