"""The entry form's questions over the API: the same services, rules and audit rows as the
organiser's pages. Owners and managers of the contest's organisation only."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.permissions import ObjectPermission
from core.serializers import RejectUnknownFields, TextColumns

from ..access import ContestFromUrlMixin
from ..enums import QuestionType, QuestionVisibility
from ..models import Category, Question
from ..selectors import question_list
from ..services import questions as services

RUNS = "Owners and managers of the contest's organisation."


class ChoiceSerializer(serializers.Serializer):
    key = serializers.CharField(required=False, allow_blank=True, max_length=40,
                                help_text="Stable key of the option; made from the default "
                                          "label when left out.")
    labels = serializers.DictField(child=serializers.CharField(allow_blank=True),
                                   help_text="Label per language code: {\"en\": …, \"ja\": …}.")


class QuestionSerializer(RejectUnknownFields, TextColumns, serializers.ModelSerializer):
    text_limits = {"label": services.LABEL_LENGTH, "help_text": 2000, "ineligible_message": 2000}
    type = serializers.ChoiceField(choices=QuestionType.choices, required=False)
    visibility = serializers.ChoiceField(choices=QuestionVisibility.choices, required=False)
    choices = ChoiceSerializer(many=True, required=False)
    categories = serializers.PrimaryKeyRelatedField(many=True, required=False,
                                                    queryset=Category.objects.all())
    ineligible_values = serializers.ListField(
        child=serializers.CharField(), required=False,
        help_text="Answers that make an entry ineligible: \"yes\"/\"no\" or choice keys.")
    offset = serializers.IntegerField(required=False, write_only=True, min_value=-1,
                                      max_value=1, help_text="-1 moves it up one place, 1 down.")
    answers = serializers.SerializerMethodField(help_text="How many entries answered it.")

    class Meta:
        model = Question
        fields = ["id", "key", "type", "label", "help_text", "ineligible_message", "required",
                  "visibility", "choices", "min_value", "max_value", "ineligible_values",
                  "categories", "order", "archived_at", "answers", "offset"]
        read_only_fields = ["id", "order", "archived_at"]
        extra_kwargs = {"key": {"required": False, "validators": []},
                        **{field: {"required": False} for field in services.TEXT_FIELDS}}

    def get_answers(self, question) -> int:
        if hasattr(question, "answer_count"):  # the list's selector counted them at once
            return question.answer_count
        return services.answered(question)

    def values(self) -> dict:
        values = dict(self.validated_data)
        values.pop("offset", None)
        if "categories" in values:
            values["categories"] = [category.pk for category in values["categories"]]
        if "choices" in values:
            values["choices"] = [dict(choice) for choice in values["choices"]]
        return values


class QuestionsView(ContestFromUrlMixin, APIView):
    permission_classes = [ObjectPermission]
    permission_required = "contest.manage_contest"

    @extend_schema(responses=QuestionSerializer(many=True),
                   description="Every question, archived ones last. " + RUNS)
    def get(self, request, slug: str):
        return Response(QuestionSerializer(question_list(contest=self.get_contest()),
                                           many=True).data)

    @extend_schema(request=QuestionSerializer, responses={201: QuestionSerializer},
                   description="Add a question at the end of the form. " + RUNS)
    def post(self, request, slug: str):
        data = QuestionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        question = services.add_question(contest=self.get_contest(), by=request.user,
                                         values=data.values())
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)


class QuestionView(ContestFromUrlMixin, APIView):
    permission_classes = [ObjectPermission]
    permission_required = "contest.manage_contest"

    def _question(self, question_id: int) -> Question:
        return get_object_or_404(Question, pk=question_id, contest=self.get_contest())

    @extend_schema(responses=QuestionSerializer, description=RUNS)
    def get(self, request, slug: str, question_id: int):
        return Response(QuestionSerializer(self._question(question_id)).data)

    @extend_schema(request=QuestionSerializer, responses=QuestionSerializer,
                   description="Change (refused when answers would lose their meaning) or "
                               "move (offset). " + RUNS)
    def patch(self, request, slug: str, question_id: int):
        question = self._question(question_id)
        data = QuestionSerializer(question, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        offset = data.validated_data.get("offset")
        if offset is not None:
            services.move_question(question=question, by=request.user, offset=offset)
        values = data.values()
        if values:
            services.update_question(question=question, by=request.user, values=values)
        question.refresh_from_db()
        return Response(QuestionSerializer(question).data)

    @extend_schema(responses={200: QuestionSerializer, 204: None},
                   description="Delete a question nobody answered (204), or archive one with "
                               "answers (200, answers kept). " + RUNS)
    def delete(self, request, slug: str, question_id: int):
        archived = services.remove_question(question=self._question(question_id),
                                            by=request.user)
        if archived is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(QuestionSerializer(archived).data)
