"""Juror API serializers: blind by construction, they name no entrant field at all."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contest.selectors import juror_answers

from ...models import Assignment, Criterion, Round, Score
from ...rules import round_phase, scoring_refusal
from ...selectors.juror import current_video, material_urls, queue_status, video_urls


class JurorRoundSerializer(serializers.ModelSerializer):
    phase = serializers.SerializerMethodField()
    contest = serializers.CharField(source="contest.name", read_only=True)

    class Meta:
        model = Round
        fields = ["id", "name", "kind", "contest", "deadline", "status", "phase",
                  "scale_min", "scale_max"]
        read_only_fields = fields

    def get_phase(self, round_: Round) -> str:
        return round_phase(round_).value


class OwnScoreSerializer(serializers.ModelSerializer):
    marks = serializers.DictField(child=serializers.IntegerField(), read_only=True)

    class Meta:
        model = Score
        fields = ["marks", "comment", "status", "weighted", "version", "updated_at",
                  "submitted_at"]
        read_only_fields = fields


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "name", "description", "weight", "order"]
        read_only_fields = fields


class JurorAnswerSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    text = serializers.CharField(help_text=_("The answer as people read it."))
    archived = serializers.BooleanField(help_text=_("The question is no longer asked."))


class BlindEntrySummarySerializer(serializers.Serializer):
    code = serializers.CharField()
    title_english = serializers.CharField()
    title_original = serializers.CharField()
    category = serializers.CharField(source="category.name")
    runtime_s = serializers.IntegerField()


class BlindEntrySerializer(BlindEntrySummarySerializer):
    original_language = serializers.CharField()
    synopsis_english = serializers.CharField()
    synopsis_original = serializers.CharField()
    ai_tools = serializers.ListField(child=serializers.CharField())
    ai_tools_other = serializers.CharField()
    country = serializers.SerializerMethodField(
        help_text=_("The entrant's country, only when the contest does not hide it.")
    )
    preview_url = serializers.SerializerMethodField()
    poster_url = serializers.SerializerMethodField()
    answers = serializers.SerializerMethodField(
        help_text=_("Answers to the questions the organisers show to jurors, nothing else."))

    @extend_schema_field(JurorAnswerSerializer(many=True))
    def get_answers(self, entry) -> list[dict]:
        contest = self.context.get("contest") or entry.contest
        return JurorAnswerSerializer(juror_answers(entry=entry, contest=contest),
                                     many=True).data

    materials = serializers.SerializerMethodField(
        help_text=_("The checked poster, stills, subtitle tracks (the juror's languages first) "
                    "and documents; never the entrant's files or file names."))

    @extend_schema_field(serializers.DictField())
    def get_materials(self, entry) -> dict:
        return self.context.get("materials") or {}

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_country(self, entry) -> str | None:
        return self.context.get("entrant_country")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_preview_url(self, entry) -> str | None:
        return video_urls(self.context.get("video"))["preview"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_poster_url(self, entry) -> str | None:
        return video_urls(self.context.get("video"))["poster"]


class AssignmentListSerializer(serializers.ModelSerializer):
    round = JurorRoundSerializer(read_only=True)
    entry = BlindEntrySummarySerializer(read_only=True)
    queue_status = serializers.SerializerMethodField()
    score = OwnScoreSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Assignment
        fields = ["id", "round", "entry", "queue_status", "score"]
        read_only_fields = fields

    def get_queue_status(self, assignment: Assignment) -> str:
        return queue_status(assignment)


class AssignmentDetailSerializer(AssignmentListSerializer):
    entry = serializers.SerializerMethodField()
    criteria = serializers.SerializerMethodField()
    can_score = serializers.SerializerMethodField()
    refusal = serializers.SerializerMethodField()

    class Meta(AssignmentListSerializer.Meta):
        fields = [*AssignmentListSerializer.Meta.fields, "criteria", "can_score", "refusal"]
        read_only_fields = fields

    @extend_schema_field(BlindEntrySerializer)
    def get_entry(self, assignment: Assignment):
        context = {**self.context, "video": current_video(assignment),
                   "contest": assignment.round.contest, "materials": material_urls(assignment)}
        return BlindEntrySerializer(assignment.entry, context=context).data

    @extend_schema_field(CriterionSerializer(many=True))
    def get_criteria(self, assignment: Assignment):
        return CriterionSerializer(assignment.round.criteria.all(), many=True).data

    def get_can_score(self, assignment: Assignment) -> bool:
        return scoring_refusal(self.context["request"].user, assignment) is None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_refusal(self, assignment: Assignment) -> str | None:
        refusal = scoring_refusal(self.context["request"].user, assignment)
        return str(refusal[1]) if refusal else None


class DraftInputSerializer(serializers.Serializer):
    marks = serializers.DictField(
        child=serializers.IntegerField(allow_null=True), required=False, default=dict,
        help_text=_("Marks keyed by criterion id; null removes a mark."),
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, allow_null=True, default=None,
        help_text=_("Private comment to the organisers; omitted keeps the saved one."),
    )
    version = serializers.IntegerField(
        min_value=0, help_text=_("The score version you started from; 0 when nothing is saved.")
    )


class SubmitInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)


class ConflictInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ConflictResultSerializer(serializers.Serializer):
    reassigned = serializers.BooleanField()
    message = serializers.CharField()
