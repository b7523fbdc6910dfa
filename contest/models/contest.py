from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from rules.contrib.models import RulesModelBase, RulesModelMixin

from accounts.enums import FilmsKept
from core.texts import TranslatedTextsMixin

from .. import rules
from ..enums import EditPolicy, SubtitleRequirement

GIB = 1024**3
# A contest may ask for fewer; more stills than this is a gallery, not entry material.
MAX_STILLS = 20


def default_extensions() -> list[str]:
    return [".mp4", ".mov", ".webm"]


def default_containers() -> list[str]:
    return ["mp4", "mov", "webm"]


def default_video_codecs() -> list[str]:
    return ["h264", "hevc", "vp9", "av1", "prores"]


def default_languages() -> list[str]:
    return [settings.LANGUAGE_CODE]


class Contest(TranslatedTextsMixin, RulesModelMixin, models.Model, metaclass=RulesModelBase):
    """One edition of a contest: its calendar, entry rules and technical video rules."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="contests",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)
    rules_text = models.TextField(_("rules"), blank=True)
    rules_version = models.CharField(_("rules version"), max_length=32, default="1.0")
    # The texts above have a column per language (contest/translation.py); a visitor whose
    # language has no text reads the default language's.
    default_language = models.CharField(
        _("default language"), max_length=10, choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    languages = models.JSONField(_("languages of the contest's texts"), default=default_languages)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    time_zone = models.CharField(
        _("time zone of the deadline"), max_length=64, default="UTC",
        help_text=_(
            "The deadline is announced in this time zone; every visitor also sees it in theirs."
        ),
    )
    max_entries_per_entrant = models.PositiveSmallIntegerField(_("entries per entrant"), default=3)
    excluded_countries = CountryField(_("excluded countries"), multiple=True, blank=True)
    edit_policy = models.CharField(
        _("editing after submission"), max_length=20,
        choices=EditPolicy.choices, default=EditPolicy.UNTIL_CLOSE,
    )
    min_runtime_s = models.PositiveIntegerField(_("shortest runtime (seconds)"), default=3)
    max_runtime_s = models.PositiveIntegerField(_("longest runtime (seconds)"), default=900)

    # Technical video rules, applied by the validation worker.
    max_upload_bytes = models.BigIntegerField(_("largest upload (bytes)"), default=4 * GIB)
    allowed_extensions = models.JSONField(
        _("allowed file name endings"), default=default_extensions
    )
    allowed_containers = models.JSONField(_("allowed containers"), default=default_containers)
    allowed_video_codecs = models.JSONField(_("allowed video codecs"), default=default_video_codecs)
    min_long_edge = models.PositiveIntegerField(_("shortest long edge (px)"), default=1920)
    min_short_edge = models.PositiveIntegerField(_("shortest short edge (px)"), default=1080)
    max_long_edge = models.PositiveIntegerField(_("longest long edge (px)"), default=4096)
    min_duration_s = models.FloatField(_("shortest duration (s)"), default=3)
    max_duration_s = models.FloatField(_("longest duration (s)"), default=900)
    # Films checked before this were judged by other technical rules (services/recheck.py).
    technical_rules_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Judging and publication.
    # What an entry must bring besides the film before it can be submitted.
    require_poster = models.BooleanField(_("a poster is required"), default=False)
    english_subtitles = models.CharField(
        _("English subtitles"), max_length=20, choices=SubtitleRequirement.choices,
        default=SubtitleRequirement.NONE,
    )
    min_stills = models.PositiveSmallIntegerField(_("stills required"), default=0)
    max_stills = models.PositiveSmallIntegerField(
        _("most stills per entry"), default=6, validators=[MaxValueValidator(MAX_STILLS)])
    require_document = models.BooleanField(_("a press kit (PDF) is required"), default=False)
    hide_country_from_jurors = models.BooleanField(
        _("hide the entrant's country from jurors"), default=True
    )
    same_country_is_conflict = models.BooleanField(
        _("jurors never judge entrants of their own country"), default=False
    )
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    awards_locked_at = models.DateTimeField(_("awards locked at"), null=True, blank=True)

    # Retention (contest/services/retention.py); empty means the organisation's default.
    purge_after_days = models.PositiveSmallIntegerField(
        _("days before refused films and unsubmitted drafts are deleted"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("Counted from the deadline. Leave empty for the organisation's default."),
    )
    anonymise_after_years = models.PositiveSmallIntegerField(
        _("years before entrants are anonymised"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Counted from the deadline. Leave empty for the organisation's default."),
    )
    films_kept = models.CharField(
        _("films kept after anonymisation"), max_length=10, blank=True,
        choices=FilmsKept.choices,
        help_text=_("Leave empty for the organisation's default."),
    )

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "contest")
        verbose_name_plural = pgettext_lazy("model", "contests")
        rules_permissions = {"manage": rules.can_manage_contest}
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="contest_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, at=None) -> bool:
        return self.opens_at <= (at or timezone.now()) < self.closes_at

    @property
    def is_published(self) -> bool:
        return self.results_published_at is not None


class Category(TranslatedTextsMixin, models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"))
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["contest", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "slug"], name="category_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name
