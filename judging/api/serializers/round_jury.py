"""Organiser API: a round's jury and its category panels."""

from rest_framework import serializers

from core.serializers import RejectUnknownFields


class PanelSerializer(RejectUnknownFields, serializers.Serializer):
    category = serializers.SlugField(help_text="The category's slug.")
    jurors = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=1000,
                                   help_text="Juror ids of the category's panel.")


class RoundJurySerializer(RejectUnknownFields, serializers.Serializer):
    jurors = serializers.ListField(
        child=serializers.IntegerField(min_value=1), max_length=1000,
        help_text="Juror ids of the round's jury; empty: every active juror of the contest.")
    panels = PanelSerializer(many=True, required=False, max_length=200,
                             help_text="A panel per category; a category without one is judged "
                                       "by the round's jury.")
