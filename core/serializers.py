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
