"""Serializer pieces shared by every API."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class RejectUnknownFields:
    """Refuse keys the serializer does not know, with a field error for each.

    DRF drops unknown keys silently, so a client that misspells ``title_english`` would save
    nothing and never learn why; naming the key tells it at once.
    """

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            known = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(key) for key in data if key not in known)
            if unknown:
                raise serializers.ValidationError(
                    {key: [_("This field is not known here.")] for key in unknown})
        return super().to_internal_value(data)


class TextColumns:
    """Adds one field per language for each text in ``text_limits`` (``{"name": 200}``):
    ``name_en``, ``name_ja``, ``name_zh_hans`` … The bare ``name`` reads the text in the
    reader's language, falling back to the contest's default language."""

    text_limits: dict[str, int | None] = {}

    def get_fields(self):
        from core import texts

        fields = super().get_fields()
        for field, limit in self.text_limits.items():
            for code in texts.LANGUAGE_CODES:
                fields[texts.column(field, code)] = serializers.CharField(
                    required=False, allow_blank=True, allow_null=True, max_length=limit,
                    help_text=f"The {field.replace('_', ' ')} in language “{code}” "
                              "(empty: readers of that language see the default language's).")
        return fields

    def to_representation(self, instance):
        from core import texts

        data = super().to_representation(instance)
        for key in texts.text_columns(self.text_limits):
            if key in data and data[key] is None:
                data[key] = ""
        return data
