"""Organiser API: the jury of a contest and the settings of one juror's seat."""

from rest_framework import serializers

from contest.languages import FILM_LANGUAGE_CHOICES
from core.serializers import RejectUnknownFields


class JurorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")
    email = serializers.EmailField(source="user.email", allow_null=True, default=None)
    country = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    capacity = serializers.IntegerField(allow_null=True,
                                        help_text="Most entries per round; null: an even share.")
    is_active = serializers.BooleanField()
    conflict_count = serializers.IntegerField()
    assignment_count = serializers.IntegerField()


class JurorSeatSerializer(RejectUnknownFields, serializers.Serializer):
    capacity = serializers.IntegerField(
        min_value=0, max_value=100000, allow_null=True, required=False,
        help_text="Most entries per round; null: an even share. Below what the juror holds "
                  "now, the excess moves to other jurors at once.")
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=FILM_LANGUAGE_CHOICES), max_length=200,
        required=False, help_text="Codes of the languages the juror understands.")


class ReactivateSerializer(RejectUnknownFields, serializers.Serializer):
    rebalance = serializers.BooleanField(
        default=False, help_text="Assign the rounds being judged again now, giving the juror "
                                 "an even share; otherwise at each round's next run.")


class SeatChangeSerializer(serializers.Serializer):
    juror = JurorSerializer()
    moved = serializers.IntegerField(help_text="Assignments given to another juror.")
    released = serializers.IntegerField(help_text="The juror's assignments without a score "
                                                  "that were taken from them.")
    rounds = serializers.ListField(child=serializers.IntegerField(),
                                   help_text="Rounds assigned again.")
