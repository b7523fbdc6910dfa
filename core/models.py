from django.conf import settings
from django.db import models
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class MessageStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("message status", "Pending")
    SENDING = "sending", pgettext_lazy("message status", "Sending")
    SENT = "sent", pgettext_lazy("message status", "Sent")
    FAILED = "failed", pgettext_lazy("message status", "Failed")
    SKIPPED = "skipped", pgettext_lazy("message status", "Skipped")


class Message(models.Model):
    """One email the platform owes one person: written by the service that causes it, in its
    transaction, and sent afterwards by the outbox's sender (``core/sender.py``).

    ``dedupe_key`` (recipient or address, kind, subject, occasion) is unique: enqueueing the
    same message twice is a no-op. ``subject`` names the object the message is about and
    ``scope`` the object whose outbox page lists it (usually a contest), both by label and id
    as audit rows do, so that core needs no other app.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="+",
    )
    address = models.EmailField(_("address"), max_length=254)
    kind = models.CharField(_("kind"), max_length=64)
    subject_type = models.CharField(max_length=64, blank=True, default="")
    subject_id = models.CharField(max_length=64, blank=True, default="")
    scope_type = models.CharField(max_length=64, blank=True, default="")
    scope_id = models.CharField(max_length=64, blank=True, default="")
    occasion = models.CharField(max_length=128, blank=True, default="")
    dedupe_key = models.CharField(max_length=400, unique=True)
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    time_zone = models.CharField(max_length=64, default="UTC")
    # What the cause knew and the message must still say later (a disqualification's reason).
    context = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MessageStatus.choices,
                              default=MessageStatus.PENDING)
    status_reason = models.CharField(max_length=64, blank=True, default="")
    attempts = models.PositiveSmallIntegerField(default=0)
    claim_token = models.CharField(max_length=64, blank=True, default="")
    lease_until = models.DateTimeField(null=True, blank=True)
    scheduled_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "scheduled_at"]),
            models.Index(fields=["scope_type", "scope_id", "kind", "status"]),
            models.Index(fields=["address"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.address} ({self.status})"


class Unsubscription(models.Model):
    """An address that asked for no more of one kind of non-essential mail (``kind`` empty:
    none at all). Kept by address: invitees and former entrants have no account to hold it."""

    address = models.EmailField(max_length=254)
    kind = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("unsubscription")
        verbose_name_plural = _("unsubscriptions")
        constraints = [
            models.UniqueConstraint(fields=["address", "kind"], name="unsubscription_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.address}: {self.kind or '*'}"


class BouncedAddress(models.Model):
    """An address the mail server refused: later messages to it are skipped until cleared."""

    address = models.EmailField(max_length=254, unique=True)
    reason = models.TextField(blank=True, default="")
    bounced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bounced address")
        verbose_name_plural = _("bounced addresses")

    def __str__(self) -> str:
        return self.address
