import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from contest.models import Category, Contest, Entry

from ..enums import ConflictKind


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Juror(models.Model):
    """A user's seat on one contest's jury.

    When its juror deletes their account the seat stays, detached (no user, inactive, a
    ``former_number``), so the scores submitted from it still count: organisers read it as
    "Former juror N".
    """

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="juror_seats",
    )
    former_number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    country = CountryField(_("country"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    preferred_categories = models.ManyToManyField(
        Category, blank=True, related_name="+", verbose_name=_("preferred categories")
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True,
        help_text=_("Most entries this juror takes in a round; empty means an even share."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")
        constraints = [
            models.UniqueConstraint(fields=["contest", "user"], name="juror_unique_per_contest"),
            models.UniqueConstraint(fields=["contest", "former_number"],
                                    name="juror_unique_former_number"),
        ]

    def __str__(self) -> str:
        if self.user_id is None:
            return self.former_name
        return str(self.user)

    @property
    def display_name(self) -> str:
        """The juror's name, or "Former juror N" once the person deleted their account."""
        return self.user.display_name if self.user_id is not None else self.former_name

    @property
    def former_name(self) -> str:
        return _("Former juror %(number)s") % {"number": self.former_number or "?"}


class JurorInvitation(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="juror_invitations")
    email = models.EmailField(_("email address"))
    token = models.CharField(max_length=64, unique=True, default=new_token)
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    juror = models.OneToOneField(
        Juror, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )

    class Meta:
        verbose_name = _("juror invitation")
        verbose_name_plural = _("juror invitations")

    def __str__(self) -> str:
        return self.email


class JurorConflict(models.Model):
    """A declared conflict of interest: the juror never judges what it covers."""

    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("kind"), max_length=20, choices=ConflictKind.choices)
    entrant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    country = CountryField(_("country"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")

    def __str__(self) -> str:
        return f"{self.juror}: {self.get_kind_display()}"
