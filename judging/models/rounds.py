from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rules.contrib.models import RulesModelBase, RulesModelMixin

from contest.models import Contest, Entry
from core.texts import TranslatedTextsMixin

from ..enums import (
    AggregationMethod,
    AssignmentSource,
    RoundKind,
    RoundStatus,
    ScoreStatus,
    TieBreak,
)
from ..rules import can_declare_conflict, can_score, can_view_assignment
from .jurors import Juror


class Round(models.Model):
    """A judging round: who sees what, until when, and on which rubric."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=RoundKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    jurors_per_entry = models.PositiveSmallIntegerField(
        _("jurors per entry"), null=True, blank=True,
        help_text=_("Empty: the whole panel scores every entry."),
    )
    deadline = models.DateTimeField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    language_rule = models.BooleanField(
        _("jurors must understand the film"), default=False,
        help_text=_("Only pair a juror with a film whose original or subtitle language they "
                    "understand, or that has no dialogue."),
    )
    scale_min = models.PositiveSmallIntegerField(_("lowest mark"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest mark"), default=10)
    entries = models.ManyToManyField(Entry, through="RoundEntry", related_name="rounds")
    # Moves on whenever what the ranking counts changes (judging/services/results.py): cached
    # rankings and figures are keyed by it, so a new value is all it takes to recompute them.
    results_version = models.PositiveIntegerField(default=0, editable=False)
    tie_break = models.CharField(
        _("tie-break"), max_length=20, choices=TieBreak.choices,
        default=TieBreak.COUNT_THEN_MEAN,
        help_text=_("What orders entries whose ranking values are equal."),
    )
    # The method the round's awards page, advancement and result exports follow; the results
    # page can show the others beside it.
    ranking_method = models.CharField(
        _("ranking method"), max_length=20, choices=AggregationMethod.choices,
        default=AggregationMethod.CALIBRATED,
        help_text=_("How the jurors' scores become the round's ranking."),
    )

    class Meta:
        verbose_name = pgettext_lazy("model", "round")
        verbose_name_plural = pgettext_lazy("model", "rounds")
        ordering = ["contest", "order"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "order"], name="round_unique_order"),
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")), name="round_scale_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(TranslatedTextsMixin, models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["round", "order", "id"]

    def __str__(self) -> str:
        return self.name


class RoundEntry(models.Model):
    """An entry taking part in a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="round_entries")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="round_entries")
    added_at = models.DateTimeField(auto_now_add=True)
    # The organiser let anyone judge this entry: too few jurors understand its languages.
    language_rule_relaxed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "entry"], name="round_entry_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.entry_id}"


class Assignment(RulesModelMixin, models.Model, metaclass=RulesModelBase):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="assignments")
    source = models.CharField(
        max_length=10, choices=AssignmentSource.choices, default=AssignmentSource.AUTO
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["round", "entry", "juror"], name="assignment_unique"),
        ]
        indexes = [models.Index(fields=["juror", "round"])]
        # judging.view_assignment, judging.score_assignment, judging.declare_conflict_assignment
        rules_permissions = {
            "view": can_view_assignment,
            "score": can_score,
            "declare_conflict": can_declare_conflict,
        }

    def __str__(self) -> str:
        return f"{self.round_id}/{self.entry_id}/{self.juror_id}"


class Score(models.Model):
    """One juror's marks for one assigned entry; a draft until submitted, then locked."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="score")
    # {str(criterion_id): mark}
    marks = models.JSONField(default=dict, blank=True)
    weighted = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ScoreStatus.choices, default=ScoreStatus.DRAFT)
    comment = models.TextField(_("private comment to the organisers"), blank=True, max_length=5000)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.status}"
