from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    """Site-wide roles, stored as auth groups of the same name."""

    ENTRANT = "entrant", _("Entrant")
    JUROR = "juror", _("Juror")
    ORGANISER = "organiser", _("Organiser")


class OrgRole(models.TextChoices):
    """A member's role in one organisation; each role includes what the roles below it may do,
    except that managers and judging coordinators each have their own half of a contest."""

    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    COORDINATOR = "coordinator", _("Judging coordinator")
    VIEWER = "viewer", _("Viewer")


class DataExportStatus(models.TextChoices):
    """Where a person's data export stands (``accounts/data_export/services.py``)."""

    PENDING = "pending", pgettext_lazy("data export status", "Waiting to start")
    BUILDING = "building", pgettext_lazy("data export status", "Being prepared")
    READY = "ready", pgettext_lazy("data export status", "Ready to download")
    FAILED = "failed", pgettext_lazy("data export status", "Failed")
    EXPIRED = "expired", pgettext_lazy("data export status", "Expired")
class FilmsKept(models.TextChoices):
    """Which films survive when a contest's entrants are anonymised (the rows always stay)."""

    AWARDED = "awarded", _("Keep the films of awarded entries only")
    ALL = "all", _("Keep every film")
    NONE = "none", _("Keep no film")
