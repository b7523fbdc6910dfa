"""Organiser API: a round's language rule and the languages that lack jurors."""

from rest_framework import serializers

from core.serializers import RejectUnknownFields


class ShortfallSerializer(serializers.Serializer):
    languages = serializers.ListField(child=serializers.CharField(),
                                      help_text="Language codes the films can be followed in.")
    entries = serializers.IntegerField(help_text="Entries followable only in these languages.")
    needed = serializers.IntegerField(help_text="Assignments those entries need.")
    jurors = serializers.IntegerField(help_text="Active jurors who understand a language.")
    available = serializers.IntegerField(help_text="Assignments those jurors can take.")

    def to_representation(self, short):
        return {"languages": sorted(short.languages), "entries": len(short.entries),
                "needed": short.needed, "jurors": short.jurors, "available": short.available}


class LanguageCoverageSerializer(serializers.Serializer):
    language_rule = serializers.BooleanField()
    relaxed_entries = serializers.IntegerField()
    shortfalls = ShortfallSerializer(many=True)


class LanguageRuleSerializer(RejectUnknownFields, serializers.Serializer):
    language_rule = serializers.BooleanField()


class RelaxedSerializer(serializers.Serializer):
    relaxed = serializers.IntegerField()
