"""Thin API views: check access, call one service, return the entry as the selector loads it."""

from django_countries import countries
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from core.permissions import ObjectPermission

from .. import selectors
from ..access import ContestFromUrlMixin
from ..enums import EntryStatus
from ..models import Entry
from ..services import entries as services
from .serializers import (
    ContestSerializer,
    DisqualifySerializer,
    EntryCreateSerializer,
    EntryDetailSerializer,
    EntrySerializer,
    EntryUpdateSerializer,
    EntryVideoSerializer,
    OrganiserEntrySerializer,
    SubmitSerializer,
    split_entry_data,
)


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


class EntryFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=EntryStatus.choices)
    contest = filters.CharFilter(field_name="contest__slug", label="contest slug")
    category = filters.CharFilter(field_name="category__slug", label="category slug")

    class Meta:
        model = Entry
        fields = ["status", "contest", "category"]


class ContestEntryFilter(EntryFilter):
    country = filters.ChoiceFilter(field_name="entrant__country", choices=list(countries))

    class Meta(EntryFilter.Meta):
        fields = ["status", "category", "country"]


class ContestViewSet(viewsets.ReadOnlyModelViewSet):
    """Public contests with their categories."""

    serializer_class = ContestSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"
    pagination_class = Pagination
    filter_backends: list = []

    def get_queryset(self):
        return selectors.open_contests()


def _entry_response(entry: Entry, request, status_code=status.HTTP_200_OK) -> Response:
    fresh = selectors.entries_for_entrant(entrant=request.user).get(pk=entry.pk)
    return Response(EntryDetailSerializer(fresh, context={"request": request}).data,
                    status=status_code)


# Actions that only need to know the entry is the caller's: no details loaded for them.
LEAN_ACTIONS = {"partial_update", "submit", "withdraw", "video"}


@extend_schema_view(
    create=extend_schema(request=EntryCreateSerializer, responses={201: EntryDetailSerializer}),
    partial_update=extend_schema(request=EntryUpdateSerializer, responses=EntryDetailSerializer),
)
class EntryViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The signed-in entrant's own entries. Anyone else's entry is a 404."""

    serializer_class = EntrySerializer
    permission_classes = [ObjectPermission]
    # Signed in is enough to list one's own entries; each entry asks for its owner.
    permission_required = None
    object_permission_required = "contest.own_entry"
    hide_refused_objects = True
    pagination_class = Pagination
    filterset_class = EntryFilter
    ordering_fields = ["created_at", "updated_at", "submitted_at", "title_english"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Entry.objects.none()
        if self.action in LEAN_ACTIONS:
            # Writes lock and reload the entry and answer with a fresh read; the status poll
            # reads one film: the credits and videos of the read selector would be wasted.
            return Entry.objects.filter(entrant=self.request.user)
        return selectors.entries_for_entrant(entrant=self.request.user)

    def get_serializer_class(self):
        # One entry tells what makes it ineligible; the list stays at its query count.
        return EntryDetailSerializer if self.action == "retrieve" else EntrySerializer

    def create(self, request):
        serializer = EntryCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, credits = split_entry_data(serializer.validated_data)
        entry = services.create_entry(contest=serializer.validated_data["contest"],
                                      entrant=request.user, data=data, credits=credits or [])
        return _entry_response(entry, request, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        entry = self.get_object()
        serializer = EntryUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, credits = split_entry_data(serializer.validated_data)
        services.update_entry(entry=entry, by=request.user, data=data, credits=credits,
                              expected_version=serializer.validated_data["version"])
        return _entry_response(entry, request)

    @extend_schema(request=SubmitSerializer, responses=EntryDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        entry = self.get_object()
        serializer = SubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.submit_entry(entry=entry, by=request.user,
                              rules_consent=serializer.validated_data["rules_consent"])
        return _entry_response(entry, request)

    @extend_schema(responses=EntryVideoSerializer)
    @action(detail=True, methods=["get"])
    def video(self, request, pk=None):
        """The current film's validation status, which the entry page polls every few seconds:
        a fraction of the whole entry's cost, since thousands of pages may be waiting at once."""
        entry = self.get_object()
        video = selectors.current_video_status(entry_id=entry.pk)
        return Response(EntryVideoSerializer({"video": video}).data)

    @extend_schema(request=None, responses=EntrySerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        entry = self.get_object()
        services.withdraw_entry(entry=entry, by=request.user)
        return _entry_response(entry, request)


CONTEST_SLUG = OpenApiParameter("contest_slug", str, OpenApiParameter.PATH,
                                description="The contest's slug.")


@extend_schema_view(
    list=extend_schema(parameters=[CONTEST_SLUG]),
    retrieve=extend_schema(parameters=[CONTEST_SLUG]),
)
class ContestEntryViewSet(ContestFromUrlMixin, viewsets.ReadOnlyModelViewSet):
    """Organisers: every entry of one contest, filtered; disqualify and reinstate."""

    serializer_class = OrganiserEntrySerializer
    permission_classes = [ObjectPermission]
    permission_required = "contest.manage_contest"
    object_permission_required = "contest.view_entry"
    pagination_class = Pagination
    filterset_class = ContestEntryFilter
    ordering_fields = ["created_at", "submitted_at", "title_english", "status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Entry.objects.none()
        return selectors.entries_for_contest(contest=self.get_contest())

    def _respond(self, entry: Entry) -> Response:
        fresh = self.get_queryset().get(pk=entry.pk)
        return Response(self.get_serializer(fresh).data)

    @extend_schema(parameters=[CONTEST_SLUG], request=DisqualifySerializer,
                   responses=OrganiserEntrySerializer)
    @action(detail=True, methods=["post"])
    def disqualify(self, request, contest_slug=None, pk=None):
        entry = self.get_object()
        serializer = DisqualifySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.disqualify_entry(entry=entry, by=request.user,
                                  reason=serializer.validated_data["reason"])
        return self._respond(entry)

    @extend_schema(parameters=[CONTEST_SLUG], request=None, responses=OrganiserEntrySerializer)
    @action(detail=True, methods=["post"])
    def reinstate(self, request, contest_slug=None, pk=None):
        entry = self.get_object()
        services.reinstate_entry(entry=entry, by=request.user)
        return self._respond(entry)
