"""Organiser API: assignment runs, round progress and results."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.serializers import RejectUnknownFields

from ...enums import AggregationMethod, TieBreak


class ProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    order = serializers.IntegerField()
    status = serializers.CharField()
    entry_count = serializers.IntegerField()
    assigned = serializers.IntegerField()
    scored = serializers.IntegerField()


class AssignmentRunSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    removed = serializers.IntegerField()
    kept = serializers.IntegerField()
    min_load = serializers.IntegerField(source="quality.min_load")
    max_load = serializers.IntegerField(source="quality.max_load")
    spread = serializers.IntegerField(source="quality.spread")
    moved = serializers.IntegerField(source="quality.moved")
    preferred_pairs = serializers.IntegerField(source="quality.preferred_pairs")


class RankedEntrySerializer(serializers.Serializer):
    position = serializers.IntegerField()
    entry_id = serializers.IntegerField(source="entry.pk")
    code = serializers.CharField(source="entry.code")
    title = serializers.CharField(source="entry.title_english")
    value = serializers.FloatField()
    raw_mean = serializers.FloatField()
    count = serializers.IntegerField()
    error = serializers.FloatField(help_text=_("Standard error of value."))
    low = serializers.FloatField(help_text=_("Value minus 1.96 standard errors."))
    high = serializers.FloatField(help_text=_("Value plus 1.96 standard errors."))
    group = serializers.IntegerField(help_text=_("Connected group of the jury (1 the largest)."))
    crosses_cut = serializers.BooleanField(
        help_text=_("The interval contains the advancement cut."))


class JurorResultSerializer(serializers.Serializer):
    juror_id = serializers.IntegerField(source="juror.pk")
    name = serializers.CharField(source="juror.display_name")
    assigned = serializers.IntegerField()
    scored = serializers.IntegerField(source="stats.count", default=0)
    mean = serializers.FloatField(source="stats.mean", default=None)
    spread = serializers.FloatField(source="stats.spread", default=None)
    bias = serializers.FloatField(source="stats.bias", default=None)
    agreement = serializers.FloatField(source="stats.agreement", default=None)
    flags = serializers.ListField(child=serializers.CharField(), source="stats.flags",
                                  default=list)


class CriterionReliabilitySerializer(serializers.Serializer):
    criterion = serializers.CharField()
    alpha = serializers.FloatField(allow_null=True)
    icc = serializers.FloatField(source="icc.single", default=None, allow_null=True)


class ResultsSerializer(serializers.Serializer):
    round_id = serializers.IntegerField(source="round.pk")
    method = serializers.ChoiceField(choices=AggregationMethod.choices,
                                     help_text=_("The method this ranking was made with."))
    ranking_method = serializers.ChoiceField(
        choices=AggregationMethod.choices, source="round.ranking_method",
        help_text=_("The round's own method, which awards, advancement and exports follow."))
    tie_break = serializers.ChoiceField(choices=TieBreak.choices, source="round.tie_break")
    assigned = serializers.IntegerField()
    scored = serializers.IntegerField()
    unscored = serializers.IntegerField()
    alpha = serializers.FloatField(allow_null=True)
    icc = serializers.FloatField(source="icc.icc2", default=None, allow_null=True)
    icc_oneway = serializers.FloatField(source="icc_oneway.single", default=None,
                                        allow_null=True, help_text=_("ICC(1), any design."))
    groups = serializers.IntegerField(
        help_text=_("Connected groups of the jury; above 1 the groups cannot be compared."))
    cut = serializers.IntegerField(allow_null=True)
    cut_value = serializers.FloatField(allow_null=True)
    criteria = CriterionReliabilitySerializer(many=True)
    ranking = RankedEntrySerializer(many=True, help_text="One page of the ranking, best first.")
    ranked = serializers.SerializerMethodField(help_text="Entries ranked in all pages.")
    page = serializers.SerializerMethodField()
    pages = serializers.SerializerMethodField()
    jurors = JurorResultSerializer(many=True)

    def get_ranked(self, data) -> int:
        return self.context["page"].paginator.count

    def get_page(self, data) -> int:
        return self.context["page"].number

    def get_pages(self, data) -> int:
        return self.context["page"].paginator.num_pages


class RankingRulesSerializer(RejectUnknownFields, serializers.Serializer):
    """What orders a round's results; either field may be left out."""

    ranking_method = serializers.ChoiceField(
        choices=AggregationMethod.choices, source="round.ranking_method", required=False,
        help_text=_("The round's own method, which awards, advancement and exports follow."))
    tie_break = serializers.ChoiceField(choices=TieBreak.choices, source="round.tie_break",
                                        required=False)
