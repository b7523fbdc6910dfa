from django.conf import settings
from django.db import models
from django.db.models import Model
from django.utils.translation import gettext_lazy as _


def scope_of(obj: Model | None) -> tuple[str, str]:
    """How an audit row names the object it belongs to (a contest, later an organisation)."""
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


class AuditEventQuerySet(models.QuerySet):
    def for_scope(self, obj: Model) -> "AuditEventQuerySet":
        scope_type, scope_id = scope_of(obj)
        return self.filter(scope_type=scope_type, scope_id=scope_id)


class AuditEvent(models.Model):
    """Who did what to which object, with the state before and after.

    ``scope`` names the object whose log the row belongs to (for example a contest) by its model
    label and id rather than by a foreign key: core sits below every other app, and an audit
    trail outlives what it describes.
    """

    scope_type = models.CharField(max_length=64, blank=True, default="")
    scope_id = models.CharField(max_length=64, blank=True, default="")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["scope_type", "scope_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"
