"""API shapes. Serializers check types and choices only; the services own every rule."""

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.limits import INT_MAX
from core.serializers import RejectUnknownFields

from ..enums import AITool, CreditRole, VideoStatus
from ..languages import FILM_LANGUAGE_CHOICES
from ..models import Category, Contest, Credit, Entry, Video
from ..services import answers as answer_services
from ..verdicts import describe


def _text(max_length: int, **kwargs) -> serializers.CharField:
    # Text is kept exactly as sent (no trimming): names and titles round-trip unchanged.
    return serializers.CharField(max_length=max_length, trim_whitespace=False, **kwargs)


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "slug", "name", "description", "order"]


class ContestSerializer(serializers.ModelSerializer):
    categories = CategorySerializer(many=True, read_only=True)
    is_open = serializers.SerializerMethodField()
    excluded_countries = serializers.SerializerMethodField()

    class Meta:
        model = Contest
        fields = [
            "slug", "name", "description", "rules_text", "rules_version", "opens_at",
            "closes_at", "time_zone", "is_open", "max_entries_per_entrant",
            "excluded_countries", "edit_policy", "min_runtime_s", "max_runtime_s", "categories",
        ]

    def get_is_open(self, contest: Contest) -> bool:
        return contest.is_open()

    def get_excluded_countries(self, contest: Contest) -> list[str]:
        return [country.code for country in contest.excluded_countries]


class CreditSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = Credit
        fields = ["name_native", "name_latin", "role", "country", "organisation", "is_author"]
        read_only_fields = fields


class CreditInputSerializer(RejectUnknownFields, serializers.Serializer):
    name_native = _text(200)
    name_latin = _text(200, required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=CreditRole.choices)
    # A plain code field: a 250-item choice list would be copied on every request.
    country = serializers.CharField(max_length=2, required=False, allow_blank=True,
                                    help_text=_("ISO 3166-1 alpha-2 code, such as CN or TR."))
    organisation = _text(200, required=False, allow_blank=True)
    is_author = serializers.BooleanField(required=False, default=True)

    def validate_country(self, value: str) -> str:
        if value and value not in countries:
            raise serializers.ValidationError(_("Unknown country."))
        return value


class VideoReasonSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text=_("Stable code of the reason, such as resolution_too_low.")
    )
    message = serializers.CharField(help_text=_("What is wrong, in the request's language."))
    what_to_do = serializers.CharField(help_text=_("How to fix it, in the request's language."))


class VideoSummarySerializer(serializers.Serializer):
    """The current film and its validation status; reasons are worded in the request's language."""

    status = serializers.ChoiceField(choices=VideoStatus.choices)
    status_label = serializers.SerializerMethodField()
    original_filename = serializers.CharField()
    size_bytes = serializers.IntegerField()
    reasons = serializers.SerializerMethodField()
    probe_checked_at = serializers.DateTimeField(
        allow_null=True, help_text=_("When the quick checks (type, probe, rules) were done.")
    )
    decode_checked_at = serializers.DateTimeField(
        allow_null=True, help_text=_("When every frame was decoded and checked.")
    )
    validated_at = serializers.DateTimeField(allow_null=True)

    def get_status_label(self, video: Video) -> str:
        return str(VideoStatus(video.status).label)

    @extend_schema_field(VideoReasonSerializer(many=True))
    def get_reasons(self, video: Video) -> list[dict]:
        return describe(video.reasons)


class EntryVideoSerializer(serializers.Serializer):
    """Only the current film's status: what the entry page polls while its film is checked."""

    video = VideoSummarySerializer(allow_null=True)


class DuplicateSerializer(serializers.Serializer):
    kind = serializers.CharField(source="duplicate_kind")
    entry_id = serializers.IntegerField(source="duplicate_of.entry_id")
    entry_code = serializers.CharField(source="duplicate_of.entry.code")


class OrganiserVideoSerializer(VideoSummarySerializer):
    """The current film as organisers see it: duplicates flagged and the claimed generator."""

    duplicate = serializers.SerializerMethodField()
    c2pa_generator = serializers.CharField()

    @extend_schema_field(DuplicateSerializer(allow_null=True))
    def get_duplicate(self, video: Video) -> dict | None:
        if video.duplicate_of_id is None:
            return None
        return DuplicateSerializer(video).data


class EntrySerializer(serializers.ModelSerializer):
    """An entry as its entrant sees it."""

    contest = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    credits = CreditSerializer(many=True, read_only=True)
    video = serializers.SerializerMethodField()

    class Meta:
        model = Entry
        fields = [
            "id", "code", "contest", "category", "title_original", "title_english",
            "original_language", "no_dialogue", "synopsis_original", "synopsis_english",
            "runtime_s", "ai_tools", "ai_tools_other", "rights_declared", "rules_consent_version",
            "rules_consented_at", "status", "status_reason", "submitted_at", "version",
            "credits", "answers", "video", "created_at", "updated_at",
        ]
        read_only_fields = fields

    video_serializer = VideoSummarySerializer

    @extend_schema_field(VideoSummarySerializer(allow_null=True))
    def get_video(self, entry: Entry) -> dict | None:
        videos = getattr(entry, "current_videos", None)
        if videos is None:
            videos = list(entry.videos.filter(is_current=True))
        return self.video_serializer(videos[0]).data if videos else None


class IneligibilitySerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("The question whose answer makes it ineligible."))
    message = serializers.CharField(help_text=_("The organisers' message, in your language."))


class EntryDetailSerializer(EntrySerializer):
    """One entry as its entrant sees it, with what makes it ineligible (the organisers'
    messages): an answer that does is saved, and named here at once."""

    ineligible = serializers.SerializerMethodField()

    class Meta(EntrySerializer.Meta):
        fields = [*EntrySerializer.Meta.fields, "ineligible"]
        read_only_fields = fields

    @extend_schema_field(IneligibilitySerializer(many=True))
    def get_ineligible(self, entry: Entry) -> list[dict]:
        found = answer_services.ineligibilities(
            answer_services.active_questions(entry.contest), entry.answers, entry.category_id)
        return IneligibilitySerializer(found, many=True).data


class EntrantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    name_native = serializers.CharField()
    name_latin = serializers.CharField()
    country = serializers.CharField(source="country.code")


class OrganiserEntrySerializer(EntrySerializer):
    """An entry as organisers see it: with the entrant."""

    entrant = EntrantSerializer(read_only=True)
    video_serializer = OrganiserVideoSerializer

    @extend_schema_field(OrganiserVideoSerializer(allow_null=True))
    def get_video(self, entry: Entry) -> dict | None:
        return super().get_video(entry)

    class Meta(EntrySerializer.Meta):
        fields = [*EntrySerializer.Meta.fields, "entrant"]
        read_only_fields = fields


class EntryFieldsSerializer(RejectUnknownFields, serializers.Serializer):
    """Fields an entrant writes; all optional here, the create service requires its own."""

    category = serializers.SlugField(required=False, help_text=_("The category's slug."))
    title_original = _text(300, required=False)
    title_english = _text(300, required=False)
    original_language = serializers.ChoiceField(choices=FILM_LANGUAGE_CHOICES, required=False)
    no_dialogue = serializers.BooleanField(required=False)
    synopsis_original = _text(5000, required=False, allow_blank=True)
    synopsis_english = _text(5000, required=False)
    runtime_s = serializers.IntegerField(min_value=1, max_value=INT_MAX, required=False)
    ai_tools = serializers.ListField(
        child=serializers.ChoiceField(choices=AITool.choices), required=False, max_length=20
    )
    ai_tools_other = _text(300, required=False, allow_blank=True)
    rights_declared = serializers.BooleanField(required=False)
    rules_consent = serializers.BooleanField(
        required=False, help_text=_("True accepts the contest's current rules version.")
    )
    credits = CreditInputSerializer(many=True, required=False)
    answers = serializers.DictField(
        required=False,
        help_text=_("Answers to the contest's questions by question key: text, a choice key, a "
                    "list of choice keys, true or false, a number, a date (YYYY-MM-DD) or a "
                    "country code. Null or empty removes an answer; keys left out keep theirs."))


class EntryCreateSerializer(EntryFieldsSerializer):
    contest = serializers.SlugRelatedField(slug_field="slug", queryset=Contest.objects.all())


class EntryUpdateSerializer(EntryFieldsSerializer):
    version = serializers.IntegerField(
        min_value=1, max_value=INT_MAX,
        help_text=_("The version you read; a stale version is refused with 409."),
    )


class SubmitSerializer(RejectUnknownFields, serializers.Serializer):
    rules_consent = serializers.BooleanField(required=False, default=False)


class DisqualifySerializer(RejectUnknownFields, serializers.Serializer):
    reason = _text(2000, help_text=_("Shown to the entrant."))


def split_entry_data(validated: dict) -> tuple[dict, list[dict] | None]:
    """Separate entry fields from credits, as the services take them."""
    data = dict(validated)
    data.pop("contest", None)
    data.pop("version", None)
    credits = data.pop("credits", None)
    if credits is not None:
        credits = [dict(credit) for credit in credits]
    return data, credits
