"""Organisers' bulk messages over the API: the same texts per language as the pages."""

from rest_framework import serializers

from core.serializers import RejectUnknownFields, TextColumns

from ...enums import BulkSegment, BulkStatus

TEXT_LIMITS = {"subject": 200, "body": 10000}


class CountsSerializer(serializers.Serializer):
    sent = serializers.IntegerField()
    pending = serializers.IntegerField(help_text="Waiting for their minute, or being sent.")
    failed = serializers.IntegerField()
    skipped = serializers.IntegerField(help_text="Unsubscribed, bounced or cancelled.")


class BulkMessageSerializer(TextColumns, serializers.Serializer):
    text_limits = TEXT_LIMITS

    id = serializers.IntegerField(source="pk", read_only=True)
    segment = serializers.ChoiceField(choices=BulkSegment.choices, read_only=True)
    category = serializers.IntegerField(source="category_id", allow_null=True, read_only=True)
    country = serializers.CharField(read_only=True)
    round = serializers.IntegerField(source="round_id", allow_null=True, read_only=True)
    status = serializers.ChoiceField(choices=BulkStatus.choices, read_only=True)
    recipients = serializers.IntegerField(read_only=True,
                                          help_text="Counted when the send started.")
    counts = CountsSerializer(read_only=True)
    created_by = serializers.CharField(source="created_by.display_name", default="",
                                       read_only=True)
    sent_by = serializers.CharField(source="sent_by.display_name", default="", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    queued_at = serializers.DateTimeField(read_only=True)
    finished_at = serializers.DateTimeField(read_only=True)
    cancelled_at = serializers.DateTimeField(read_only=True)


class BulkMessageWriteSerializer(RejectUnknownFields, TextColumns, serializers.Serializer):
    """A draft: who receives it and its texts (``subject_en``, ``body_en`` …; the contest's
    default language required)."""

    text_limits = TEXT_LIMITS

    segment = serializers.ChoiceField(choices=BulkSegment.choices)
    category = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                        help_text="A category of this contest (segment "
                                                  "“category”).")
    country = serializers.CharField(required=False, allow_blank=True, max_length=2,
                                    help_text="ISO 3166 code (segment “country”).")
    round = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                     help_text="A round of this contest (segment "
                                               "“unfinished_jurors”).")


class SampleSerializer(serializers.Serializer):
    language = serializers.CharField()
    recipients = serializers.IntegerField()
    uses_fallback = serializers.BooleanField(
        help_text="True when the contest has no text in this language: the default one is sent.")
    subject = serializers.CharField()
    text = serializers.CharField(help_text="The plain text part as sent, before the "
                                           "unsubscribe link.")


class PreviewSerializer(serializers.Serializer):
    recipients = serializers.IntegerField()
    samples = SampleSerializer(many=True)
