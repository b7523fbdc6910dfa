from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Site-wide roles, stored as auth groups of the same name."""

    ENTRANT = "entrant", _("Entrant")
    JUROR = "juror", _("Juror")
    ORGANISER = "organiser", _("Organiser")
