"""Contest set-up over the API: the same services, rules and audit rows as the set-up pages.

Owners and managers of an organisation create its contests (``contest.add_contest`` on the
organisation) and set them up (``contest.manage_contest`` on the contest).
"""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django_countries import countries
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Organisation
from core.permissions import ObjectPermission
from core.serializers import RejectUnknownFields, TextColumns

from ..access import ContestFromUrlMixin
from ..models import Category, Contest
from ..services import recheck, setup

RUNS = "Owners and managers of the contest's organisation."


FALLBACK_NOTE = (" Read: in the reader's language (Accept-Language or ?lang=), else the "
                 "contest's default language. Written: the default language's text.")


class ContestSettingsSerializer(RejectUnknownFields, TextColumns, serializers.ModelSerializer):
    text_limits = setup.TEXT_LIMITS
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=settings.LANGUAGES), required=False,
        help_text="The languages the contest's texts are written in; includes the default.")
    default_language = serializers.ChoiceField(
        choices=settings.LANGUAGES, required=False,
        help_text="Readers without a text in their language read this one.")
    excluded_countries = serializers.ListField(
        child=serializers.ChoiceField(choices=list(countries)), required=False)
    preset = serializers.ChoiceField(choices=list(setup.PRESETS), required=False,
                                     write_only=True,
                                     help_text="Technical rules preset applied on top.")
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    recheck_films = serializers.BooleanField(
        required=False, write_only=True,
        help_text="Check again, in the background, every current film checked before the "
                  "technical rules last changed (with or without other changes); entrants "
                  "whose verdict changes are emailed.")
    films_checked_under_earlier_rules = serializers.SerializerMethodField(
        help_text="Current films whose verdict predates the last change of the technical "
                  "rules: total, valid, invalid.")

    class Meta:
        model = Contest
        fields = ["organisation", *setup.TEXT_FIELDS, *setup.SETTINGS_FIELDS, "rules_version",
                  "preset", "recheck_films", "films_checked_under_earlier_rules"]
        read_only_fields = ["organisation", "rules_version"]
        extra_kwargs = {
            "slug": {"validators": []},  # the service names a taken slug
            **{field: {"required": False, "help_text": field.replace("_", " ").capitalize()
                       + "." + FALLBACK_NOTE} for field in setup.TEXT_FIELDS},
        }

    def get_films_checked_under_earlier_rules(self, contest) -> dict[str, int]:
        return recheck.earlier_rules_summary(contest=contest)

    def to_representation(self, contest):
        data = super().to_representation(contest)
        data["excluded_countries"] = [str(code) for code in contest.excluded_countries]
        return data


class CategorySetupSerializer(RejectUnknownFields, TextColumns, serializers.ModelSerializer):
    text_limits = {"name": setup.CATEGORY_NAME_LENGTH, "description": None}
    offset = serializers.IntegerField(required=False, write_only=True, min_value=-1, max_value=1,
                                      help_text="-1 moves the category up one place, 1 down.")

    class Meta:
        model = Category
        fields = ["id", "name", "slug", "description", "order", "offset"]
        read_only_fields = ["id", "slug", "order"]
        extra_kwargs = {field: {"required": False, "help_text": field.capitalize() + "."
                                + FALLBACK_NOTE} for field in setup.CATEGORY_TEXTS}


class OrganisationContestsView(APIView):
    permission_classes = [ObjectPermission]
    permission_required = "contest.add_contest"

    def get_permission_object(self) -> Organisation:
        return get_object_or_404(Organisation, slug=self.kwargs["org_slug"])

    @extend_schema(request=ContestSettingsSerializer,
                   responses={201: ContestSettingsSerializer},
                   description="Create a contest of the organisation. " + RUNS)
    def post(self, request, org_slug: str):
        data = ContestSettingsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        preset = values.pop("preset", None)
        values.pop("recheck_films", None)  # a new contest has no films
        contest = setup.create_contest(organisation=self.get_permission_object(),
                                       by=request.user, values=values, preset=preset)
        return Response(ContestSettingsSerializer(contest).data, status=status.HTTP_201_CREATED)


class ContestSettingsView(ContestFromUrlMixin, APIView):
    permission_classes = [ObjectPermission]
    permission_required = "contest.manage_contest"

    @extend_schema(responses=ContestSettingsSerializer, description=RUNS)
    def get(self, request, slug: str):
        return Response(ContestSettingsSerializer(self.get_contest()).data)

    @extend_schema(request=ContestSettingsSerializer, responses=ContestSettingsSerializer,
                   description="Change settings; a new rules text bumps the rules version. "
                               "`recheck_films: true` checks again the films checked under "
                               "earlier technical rules. " + RUNS)
    def patch(self, request, slug: str):
        contest = self.get_contest()
        data = ContestSettingsSerializer(contest, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        preset = changes.pop("preset", None)
        recheck_films = changes.pop("recheck_films", False)
        contest = setup.update_contest(contest=contest, by=request.user, changes=changes,
                                       preset=preset, recheck=recheck_films)
        return Response(ContestSettingsSerializer(contest).data)


class CategoriesView(ContestFromUrlMixin, APIView):
    permission_classes = [ObjectPermission]
    permission_required = "contest.manage_contest"

    @extend_schema(responses=CategorySetupSerializer(many=True), description=RUNS)
    def get(self, request, slug: str):
        categories = self.get_contest().categories.order_by("order", "id")
        return Response(CategorySetupSerializer(categories, many=True).data)

    @extend_schema(request=CategorySetupSerializer, responses={201: CategorySetupSerializer},
                   description=RUNS)
    def post(self, request, slug: str):
        data = CategorySetupSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        category = setup.add_category(
            contest=self.get_contest(), by=request.user,
            name=values.pop("name", ""), description=values.pop("description", ""),
            translations=values)
        return Response(CategorySetupSerializer(category).data, status=status.HTTP_201_CREATED)


class CategoryView(ContestFromUrlMixin, APIView):
    permission_classes = [ObjectPermission]
    permission_required = "contest.manage_contest"

    def _category(self, category_id: int) -> Category:
        return get_object_or_404(Category, pk=category_id, contest=self.get_contest())

    @extend_schema(request=CategorySetupSerializer, responses=CategorySetupSerializer,
                   description="Rename (name, description, name_ja, description_ja, …) or "
                               "move (offset). " + RUNS)
    def patch(self, request, slug: str, category_id: int):
        category = self._category(category_id)
        data = CategorySetupSerializer(category, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        offset = values.pop("offset", None)
        if offset is not None:
            setup.move_category(category=category, by=request.user, offset=offset)
        if values:
            setup.rename_category(category=category, by=request.user,
                                  name=values.pop("name", None),
                                  description=values.pop("description", None),
                                  translations=values)
        category.refresh_from_db()
        return Response(CategorySetupSerializer(category).data)

    @extend_schema(responses={204: None},
                   description="Delete a category without entries. " + RUNS)
    def delete(self, request, slug: str, category_id: int):
        setup.delete_category(category=self._category(category_id), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
