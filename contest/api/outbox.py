"""A contest's outbox over the API: the same selectors and retry service as the page."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core import outbox
from core.permissions import ObjectPermission

from ..access import ContestFromUrlMixin

RUNS = "Owners and managers of the contest's organisation."
FAILED_LIMIT = 200


class KindCountSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    sent = serializers.IntegerField()
    pending = serializers.IntegerField(help_text="Waiting or being sent.")
    failed = serializers.IntegerField()
    skipped = serializers.IntegerField(help_text="Unsubscribed, bounced or no longer due.")


class FailedMessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    address = serializers.EmailField()
    status_reason = serializers.CharField()
    error = serializers.CharField()
    attempts = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


class OutboxSerializer(serializers.Serializer):
    kinds = KindCountSerializer(many=True)
    failed = FailedMessageSerializer(many=True)


class ContestOutboxView(ContestFromUrlMixin, APIView):
    permission_classes = [ObjectPermission]
    permission_required = "contest.manage_contest"

    @extend_schema(responses=OutboxSerializer,
                   description="Counts per kind of message and the newest failed messages "
                               f"(at most {FAILED_LIMIT}). " + RUNS)
    def get(self, request, slug: str):
        contest = self.get_contest()
        data = {"kinds": outbox.counts_by_kind(scope=contest),
                "failed": list(outbox.failed_messages(scope=contest)[:FAILED_LIMIT])}
        return Response(OutboxSerializer(data).data)


class OutboxRetryView(ContestFromUrlMixin, APIView):
    permission_classes = [ObjectPermission]
    permission_required = "contest.manage_contest"

    @extend_schema(request=None, responses=FailedMessageSerializer,
                   description="Queue a failed message again. " + RUNS)
    def post(self, request, slug: str, message_id: int):
        contest = self.get_contest()
        message = get_object_or_404(outbox.failed_messages(scope=contest), pk=message_id)
        message = outbox.retry_failed(message=message, scope=contest, by=request.user)
        return Response(FailedMessageSerializer(message).data)
