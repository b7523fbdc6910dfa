from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contest.models import Contest, Entry
from core.texts import TranslatedTextsMixin


class Award(TranslatedTextsMixin, models.Model):
    """An award category (Grand Prize, Jury Prize, ...) with a number of places."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="awards")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    places = models.PositiveSmallIntegerField(_("places"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    allows_other_awards = models.BooleanField(
        _("winners may also hold another award"), default=False
    )
    allow_ex_aequo = models.BooleanField(
        _("places may be shared (ex aequo)"), default=False,
        help_text=_("Two entries or more may then hold the same place."),
    )
    notes = models.TextField(_("deliberation notes"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "award")
        verbose_name_plural = pgettext_lazy("model", "awards")
        ordering = ["contest", "order", "id"]

    def __str__(self) -> str:
        return self.name


class AwardPlacement(models.Model):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="placements")
    place = models.PositiveSmallIntegerField(_("place"), default=1)
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="award_placements")
    screening_order = models.PositiveSmallIntegerField(_("screening order"), null=True, blank=True)
    notes = models.TextField(_("deliberation notes"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    # The award's allow_ex_aequo when placed (kept in step by the award services): the
    # database then still refuses a second holder of a place wherever sharing is not allowed.
    ex_aequo = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("award placement")
        verbose_name_plural = _("award placements")
        ordering = ["award", "place"]
        constraints = [
            models.UniqueConstraint(fields=["award", "place"], condition=models.Q(ex_aequo=False),
                                    name="award_place_unique"),
            models.UniqueConstraint(fields=["award", "entry"], name="award_entry_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.award} #{self.place}"

    @property
    def place_label(self) -> str:
        """"2", or "2 ex aequo" when another entry holds the same place (``place_shared`` is
        annotated by ``selectors.awards.placements_for_contest``)."""
        if getattr(self, "place_shared", False):
            return str(_("%(place)d ex aequo") % {"place": self.place})
        return str(self.place)


class ResultNotice(models.Model):
    """The results email sent to one entrant of a contest: at most one, ever."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="result_notices")
    entrant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=10, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("results notice")
        verbose_name_plural = _("results notices")
        constraints = [
            models.UniqueConstraint(fields=["contest", "entrant"], name="result_notice_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.contest_id}:{self.entrant_id}"
