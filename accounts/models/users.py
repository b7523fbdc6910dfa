import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ..enums import Role
from ..managers import UserManager

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


class User(AbstractUser):
    """A person: entrant, juror or organiser. Names are kept as written, in any script."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    name_native = models.CharField(
        _("name as written"),
        max_length=200,
        help_text=_("Your name in your own script, exactly as you write it."),
    )
    name_latin = models.CharField(
        _("name in Latin letters"),
        max_length=200,
        blank=True,
        help_text=_("How your name is spelled in Latin letters, for credits and the press."),
    )
    country = CountryField(_("country"), blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="UTC"
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_native or self.name_latin or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    @cached_property
    def role_names(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role) -> bool:
        return self.is_superuser and role == Role.ORGANISER or role.value in self.role_names
