"""Organisers' bulk messages over the API (owners and managers): the same selectors and
services as the pages."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from contest.models import Category, Contest
from core import texts

from ...models import BulkMessage, Round
from ...selectors.bulk_messages import messages_of_contest, with_counts
from ...services import bulk_messages as services
from ...translation import BULK_MESSAGE_TEXTS
from ..serializers.bulk_messages import (
    BulkMessageSerializer,
    BulkMessageWriteSerializer,
    PreviewSerializer,
)
from .organiser import OrganiserContestView

LIST_LIMIT = 200


def _write_arguments(contest: Contest, data: dict) -> dict:
    """Service arguments from a validated draft; another contest's category or round is
    looked up inside this contest, so it becomes "none" and the service refuses it."""
    values = {key: data.get(key) or "" for key in texts.text_columns(BULK_MESSAGE_TEXTS)}
    return {
        "segment": data["segment"], "values": values, "country": data.get("country") or "",
        "category": Category.objects.filter(contest=contest, pk=data.get("category") or 0)
        .first(),
        "round": Round.objects.filter(contest=contest, pk=data.get("round") or 0).first(),
    }


def _data(message: BulkMessage) -> dict:
    return BulkMessageSerializer(with_counts([message])[0]).data


class BulkMessageListView(OrganiserContestView):
    """``/organise/<slug>/messages/``: the log, and writing a draft."""

    permission_required = services.PERMISSION

    @extend_schema(responses=BulkMessageSerializer(many=True),
                   summary=f"Bulk messages of a contest, newest first (at most {LIST_LIMIT})")
    def get(self, request, slug: str):
        messages = with_counts(list(messages_of_contest(contest=self.get_contest())[:LIST_LIMIT]))
        return Response(BulkMessageSerializer(messages, many=True).data)

    @extend_schema(request=BulkMessageWriteSerializer, responses=BulkMessageSerializer,
                   summary="Write a draft")
    def post(self, request, slug: str):
        contest = self.get_contest()
        data = BulkMessageWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.create_draft(contest=contest, by=request.user,
                                        **_write_arguments(contest, data.validated_data))
        return Response(_data(message), status=201)


class BulkMessageView(OrganiserContestView):
    """``/organise/<slug>/messages/<message_id>/``: one message with its counts; a draft can
    be rewritten."""

    permission_required = services.PERMISSION

    def get_message(self) -> BulkMessage:
        return get_object_or_404(messages_of_contest(contest=self.get_contest()),
                                 pk=self.kwargs["message_id"])

    @extend_schema(responses=BulkMessageSerializer, summary="A bulk message and its progress")
    def get(self, request, slug: str, message_id: int):
        return Response(_data(self.get_message()))

    @extend_schema(request=BulkMessageWriteSerializer, responses=BulkMessageSerializer,
                   summary="Rewrite a draft (every field again)")
    def put(self, request, slug: str, message_id: int):
        message = self.get_message()
        data = BulkMessageWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.update_draft(message=message, by=request.user,
                                        **_write_arguments(message.contest, data.validated_data))
        return Response(_data(message))


class BulkMessagePreviewView(BulkMessageView):
    @extend_schema(responses=PreviewSerializer,
                   summary="Recipients now, per language, and the email each language reads")
    def get(self, request, slug: str, message_id: int):
        return Response(PreviewSerializer(services.preview(message=self.get_message())).data)


class BulkMessageSendView(BulkMessageView):
    @extend_schema(request=None, responses=BulkMessageSerializer,
                   summary="Send a draft now (throttled, in the background)")
    def post(self, request, slug: str, message_id: int):
        message = services.send(message=self.get_message(), by=request.user)
        return Response(_data(message), status=202)


class BulkMessageCancelView(BulkMessageView):
    @extend_schema(request=None, responses=BulkMessageSerializer,
                   summary="Stop a message: waiting emails are skipped")
    def post(self, request, slug: str, message_id: int):
        message = services.cancel(message=self.get_message(), by=request.user)
        return Response(_data(message))
