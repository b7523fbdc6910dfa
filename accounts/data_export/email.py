"""The one email that says a person's data export is ready, in their language and time zone."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.emails import render_subject

from ..enums import DataExportStatus
from ..models import DataExport
from .links import download_url


def _render(export: DataExport) -> EmailMessage:
    user = export.user
    context = {
        "user": user,
        "export": export,
        "size": filesizeformat(export.size_bytes),
        "url": download_url(export),
        "page_url": settings.SITE_URL.rstrip("/") + reverse("accounts:data_export"),
        "time_zone": timezone.get_current_timezone_name(),
    }
    subject = render_subject("accounts/email/data_export_ready_subject.txt", context)
    body = render_to_string("accounts/email/data_export_ready_body.txt", context)
    return EmailMessage(subject=subject, body=body, to=[user.email],
                        headers={"Content-Language": translation.get_language()})


def send_data_export_ready(*, export_id: int) -> bool:
    """Email the person the link to their ready export, once; returns whether it was sent.

    The row stays locked while sending and ``emailed_at`` is set in the same transaction, so a
    retried task sends nothing twice. An export that expired meanwhile gets no email.
    """
    with transaction.atomic():
        export = (DataExport.objects.select_for_update(of=("self",)).select_related("user")
                  .filter(pk=export_id).first())
        if (export is None or export.status != DataExportStatus.READY
                or export.emailed_at is not None or export.expires_at <= timezone.now()):
            return False
        with translation.override(export.user.language or settings.LANGUAGE_CODE), \
                timezone.override(_zone(export.user.time_zone)):
            message = _render(export)
        message.send()
        export.emailed_at = timezone.now()
        export.save(update_fields=["emailed_at"])
    return True


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")
