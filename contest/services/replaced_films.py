"""Films a newer upload replaced: kept a while for organisers, then their files deleted.

An entrant may re-upload a film many times before the deadline; each replaced film, with its
poster and preview, would otherwise stay in storage for good (a 1080p film is gigabytes). The
row stays (file name, size, SHA-256, verdict, when it was replaced) for the audit trail.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core import audit

from ..enums import VideoStatus
from ..models import Video
from ..selectors import file_names_in_use

logger = logging.getLogger(__name__)


def replaced_films_due(*, now: datetime) -> QuerySet[Video]:
    """Replaced videos past the retention time whose files are still stored."""
    return Video.objects.filter(
        status=VideoStatus.REPLACED,
        replaced_at__lt=now - settings.MARQUEE_REPLACED_FILM_RETENTION,
    ).exclude(file="")


def purge_replaced_films(*, now: datetime | None = None) -> int:
    """Delete the stored film, poster and preview of every video due; returns how many.

    Files go before the row forgets their names, in the row's transaction: a failed deletion
    rolls the row back and the next run tries again, so no file is left without a row.
    """
    now = now or timezone.now()
    due = replaced_films_due(now=now)
    purged = 0
    for video_id in list(due.values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                # skip_locked: a second purge running at once takes the other rows.
                video = (due.select_for_update(skip_locked=True, of=("self",))
                         .select_related("entry__contest").filter(pk=video_id).first())
                if video is None:
                    continue
                fields = (video.file, video.poster, video.preview)
                names = [field.name for field in fields if field]
                shared = file_names_in_use(names, excluding_video=video.pk)
                for field in fields:
                    if field:
                        if field.name not in shared:  # else another row's file too
                            field.storage.delete(field.name)
                        field.name = ""
                video.save(update_fields=["file", "poster", "preview", "updated_at"])
                audit.record(actor=None, action="video.files_deleted", obj=video,
                             scope=video.entry.contest,
                             before={"files": names, "replaced_at": video.replaced_at.isoformat()})
        except Exception:
            # Any storage's error (a disk's OSError, S3's ClientError): one film's failure
            # must not keep the others' files.
            logger.exception("Could not delete the files of replaced video %s; retried next run",
                             video_id)
            continue
        purged += 1
    return purged
