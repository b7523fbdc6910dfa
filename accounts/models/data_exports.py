from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import DataExportStatus

IN_PROGRESS = (DataExportStatus.PENDING, DataExportStatus.BUILDING)


class DataExport(models.Model):
    """One copy of everything Marquee holds about a person, as a zip in private storage.

    The file exists from ``ready`` until ``expires_at``; the row stays afterwards as the
    record of the request.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DataExportStatus.choices,
        default=DataExportStatus.PENDING,
    )
    # Named when a build starts, so that a build cut short leaves a name to clean up.
    file = models.FileField(max_length=300, blank=True)
    size_bytes = models.BigIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # The database, not only the service, keeps one export under way per person.
            models.UniqueConstraint(
                fields=["user"], condition=Q(status__in=IN_PROGRESS),
                name="one_data_export_in_progress_per_user",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.status}"

    @property
    def in_progress(self) -> bool:
        return self.status in IN_PROGRESS

    @property
    def is_downloadable(self) -> bool:
        return (self.status == DataExportStatus.READY and self.expires_at is not None
                and self.expires_at > timezone.now())
