from django.db import models
from django.utils.translation import gettext_lazy as _

from core.texts import TranslatedTextsMixin

from ..enums import QuestionType, QuestionVisibility
from .contest import Category, Contest


class Question(TranslatedTextsMixin, models.Model):
    """A question of a contest's entry form. Answers live in ``Entry.answers`` under ``key``.

    ``choices`` is a list of ``{"key": "...", "labels": {"en": "...", "ja": "..."}}`` for the
    choice types; ``ineligible_values`` the answers that make an entry ineligible ("no",
    "yes" or choice keys). A question with answers is archived instead of deleted, so the
    answers stay readable.
    """

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(_("key"), max_length=40)
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.TextField(_("help text"), blank=True)
    ineligible_message = models.TextField(_("message shown to ineligible entrants"), blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)
    min_value = models.DecimalField(_("smallest number"), max_digits=15, decimal_places=4,
                                    null=True, blank=True)
    max_value = models.DecimalField(_("largest number"), max_digits=15, decimal_places=4,
                                    null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # None: every category of the contest.
    categories = models.ManyToManyField(Category, blank=True, related_name="questions",
                                        verbose_name=_("categories"))
    visibility = models.CharField(_("who sees the answers"), max_length=20,
                                  choices=QuestionVisibility.choices,
                                  default=QuestionVisibility.ORGANISERS)
    ineligible_values = models.JSONField(_("answers that make an entry ineligible"),
                                         default=list, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["contest", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "key"], name="question_unique_key"),
        ]

    def __str__(self) -> str:
        return self.label
