"""Final votes: a juror's own ballot, and the count organisers read (never a ballot)."""

from rest_framework import serializers


class BallotSerializer(serializers.Serializer):
    choices = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        help_text="Entry id to rank (1 the best) for Schulze votes; entry id to 1 for each "
                  "approved entry in approval votes.")
    cast_at = serializers.DateTimeField(read_only=True)


class TurnoutSerializer(serializers.Serializer):
    juror_id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="user.display_name")
    voted = serializers.BooleanField()


class VoteOutcomeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="vote.pk")
    title = serializers.CharField(source="vote.title")
    method = serializers.CharField(source="vote.method")
    status = serializers.CharField(source="vote.status")
    ballots = serializers.IntegerField(source="outcome.ballots")
    tiers = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField()),
                                  source="outcome.tiers",
                                  help_text="Entry ids best first; several in a tier are tied.")
    pairwise = serializers.DictField(source="outcome.d", help_text="d[a][b]: jurors preferring "
                                     "entry a to entry b (Schulze).")
    strongest_paths = serializers.DictField(source="outcome.p")
    approvals = serializers.DictField(source="outcome.approvals")
    turnout = TurnoutSerializer(many=True)
