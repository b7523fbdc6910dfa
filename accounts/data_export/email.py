"""The messages about a person's data export, in their language and time zone, through the
outbox (core/outbox.py): the link once it is ready, or the news that it could not be built."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.emails import render_subject
from core.models import Message
from core.outbox import Rendered, enqueue
from core.sender import SENT, deliver

from ..enums import DataExportStatus
from ..models import DataExport
from .links import download_url

DATA_EXPORT_READY = "accounts.data_export_ready"
DATA_EXPORT_FAILED = "accounts.data_export_failed"


def render_data_export_ready(message: Message) -> Rendered | None:
    """An export that expired or was replaced before sending gets no email."""
    export = DataExport.objects.select_related("user").filter(pk=message.subject_id).first()
    if (export is None or export.status != DataExportStatus.READY
            or export.expires_at <= timezone.now()):
        return None
    context = {
        "user": export.user,
        "export": export,
        "size": filesizeformat(export.size_bytes),
        "url": download_url(export),
        "page_url": settings.SITE_URL.rstrip("/") + reverse("accounts:data_export"),
        "time_zone": timezone.get_current_timezone_name(),
    }
    return Rendered(
        subject=render_subject("accounts/email/data_export_ready_subject.txt", context),
        text=render_to_string("accounts/email/data_export_ready_body.txt", context))


def render_data_export_failed(message: Message) -> Rendered | None:
    """Sent only while the export is still the failed one: a person who has already asked
    again does not need to hear about the old attempt."""
    export = DataExport.objects.select_related("user").filter(pk=message.subject_id).first()
    if export is None or export.status != DataExportStatus.FAILED:
        return None
    if DataExport.objects.filter(user_id=export.user_id, pk__gt=export.pk).exists():
        return None
    context = {
        "user": export.user,
        "export": export,
        "page_url": settings.SITE_URL.rstrip("/") + reverse("accounts:data_export"),
        "time_zone": timezone.get_current_timezone_name(),
    }
    return Rendered(
        subject=render_subject("accounts/email/data_export_failed_subject.txt", context),
        text=render_to_string("accounts/email/data_export_failed_body.txt", context))


def announce_data_export_failed(export: DataExport) -> None:
    """Called in the transaction that marks the export failed; sent after commit."""
    enqueue(kind=DATA_EXPORT_FAILED, subject=export, recipient=export.user)


def send_data_export_ready(*, export_id: int, claim: str = "") -> bool:
    """Put the link to the ready export in the outbox once and send it now; returns whether
    this call sent it.

    ``emailed_at`` is set in the transaction that writes the outbox row, so a retried task
    adds nothing; the outbox sends the row once. The same task delivered again after its
    worker died (same ``claim``) finishes sending it; otherwise the sweeper does.
    """
    with transaction.atomic():
        export = (DataExport.objects.select_for_update(of=("self",)).select_related("user")
                  .filter(pk=export_id).first())
        if (export is None or export.status != DataExportStatus.READY
                or export.expires_at <= timezone.now()):
            return False
        if export.emailed_at is not None:
            message = Message.objects.filter(kind=DATA_EXPORT_READY,
                                             subject_id=str(export.pk)).first()
            if message is None:
                return False
        else:
            message = enqueue(kind=DATA_EXPORT_READY, subject=export, recipient=export.user,
                              occasion=export.ready_at.isoformat() if export.ready_at else "",
                              send_after_commit=False)
            export.emailed_at = timezone.now()
            export.save(update_fields=["emailed_at"])
    return deliver(message_id=message.pk, claim=claim) == SENT
