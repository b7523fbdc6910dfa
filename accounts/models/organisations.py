import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..enums import FilmsKept, OrgRole
from .users import TIME_ZONE_CHOICES


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class Organisation(models.Model):
    """A festival, studio or school that runs contests with a team of its own."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name"), max_length=64, unique=True,
        help_text=_("Used in web addresses: lower-case letters, digits and hyphens."),
    )
    default_language = models.CharField(
        _("default language"), max_length=10, choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="UTC"
    )
    website = models.URLField(_("website"), blank=True)
    # Retention defaults; each contest may override them (contest/services/retention.py).
    purge_after_days = models.PositiveSmallIntegerField(
        _("days before refused films and unsubmitted drafts are deleted"), default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("Counted from the day the contest closes."),
    )
    anonymise_after_years = models.PositiveSmallIntegerField(
        _("years before entrants are anonymised"), default=5,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Counted from the day the contest closes. Countries, categories, counts "
                    "and rankings stay; names, credits and links to accounts go."),
    )
    films_kept = models.CharField(
        _("films kept after anonymisation"), max_length=10,
        choices=FilmsKept.choices, default=FilmsKept.AWARDED,
    )
    # Enforced on every page and endpoint about this organisation's contests (two_factor.py).
    two_factor_for_team = models.BooleanField(
        _("require two-factor authentication for the team"), default=False,
        help_text=_("Every member, whatever their role, must confirm log-ins with an "
                    "authenticator app or a passkey to work on this organisation's contests."),
    )
    two_factor_for_jurors = models.BooleanField(
        _("require two-factor authentication for jurors of this organisation's contests"),
        default=False,
        help_text=_("Jurors must confirm log-ins with an authenticator app or a passkey "
                    "before they can judge."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's role in an organisation's team."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=OrgRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}, {self.organisation})"


class TeamInvitation(models.Model):
    """An invitation by email to join an organisation's team with a role.

    The link carries a signed token naming the invitation and its ``nonce``; resending draws a
    new nonce, so only the latest link works, and revoking or accepting ends it.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=16, choices=OrgRole.choices)
    nonce = models.CharField(max_length=32, default=new_nonce)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_pending_team_invitation_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} ({self.role})"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
