"""Award, placement and winner serializers of the organiser and public API."""

from rest_framework import serializers

from core import texts
from core.limits import SMALL_INT_MAX


class WinnerCreditSerializer(serializers.Serializer):
    name_native = serializers.CharField()
    name_latin = serializers.CharField()
    role = serializers.CharField()
    country = serializers.CharField(source="country.code")


class PublicAnswerSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    text = serializers.CharField()


class WinnerSerializer(serializers.Serializer):
    award = serializers.CharField(source="award.name")
    place = serializers.IntegerField()
    ex_aequo = serializers.BooleanField(source="place_shared", default=False,
                                        help_text="Another winner holds the same place.")
    place_label = serializers.CharField(help_text='"2", or "2 ex aequo" when shared.')
    screening_order = serializers.IntegerField(allow_null=True)
    code = serializers.CharField(source="entry.code")
    title_original = serializers.CharField(source="entry.title_original")
    title_english = serializers.CharField(source="entry.title_english")
    synopsis = serializers.CharField(source="entry.synopsis_english")
    category = serializers.CharField(source="entry.category.name")
    country = serializers.CharField(source="entry.entrant.country.code")
    credits = WinnerCreditSerializer(source="entry.credits.all", many=True)
    poster_url = serializers.CharField(allow_null=True)
    answers = PublicAnswerSerializer(
        source="public_answers", many=True,
        help_text="Answers to the questions the organisers publish with the winners.")


class AwardPlacementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    place = serializers.IntegerField()
    ex_aequo = serializers.BooleanField(source="place_shared", default=False,
                                        help_text="Another entry holds the same place.")
    code = serializers.CharField(source="entry.code")
    title_english = serializers.CharField(source="entry.title_english")
    screening_order = serializers.IntegerField(allow_null=True)
    notes = serializers.CharField()


class AwardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="In the reader's language (Accept-Language or "
                                           "?lang=), else the contest's default language.")
    places = serializers.IntegerField()
    order = serializers.IntegerField()
    allows_other_awards = serializers.BooleanField()
    allow_ex_aequo = serializers.BooleanField()
    notes = serializers.CharField()
    placements = AwardPlacementSerializer(source="placement_list", many=True)

    def get_fields(self):
        # name_en, name_ja, ...: each language's own text, empty when not written.
        return {**super().get_fields(), **{
            key: serializers.CharField(default="", help_text=f"The name in “{code}”.")
            for code in texts.LANGUAGE_CODES
            for key in [texts.column("name", code)]}}

    def to_representation(self, award):
        data = super().to_representation(award)
        return {**data, **{key: value or "" for key, value in data.items()
                           if key.startswith("name_")}}


class AssignSerializer(serializers.Serializer):
    place = serializers.IntegerField(min_value=1, max_value=SMALL_INT_MAX)
    entry_code = serializers.CharField(max_length=12)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
