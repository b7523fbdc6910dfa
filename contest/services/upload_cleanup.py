"""Removing abandoned uploads: partial files, their rows, and stale S3 multipart uploads."""

import logging
from datetime import datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..enums import UploadBackend
from ..models import Upload
from . import s3_uploads
from .uploads import partial_path

logger = logging.getLogger(__name__)


def clean_abandoned_uploads(*, now: datetime | None = None) -> dict[str, int]:
    """Delete unfinished uploads untouched for ``MARQUEE_UPLOAD_ABANDON_AFTER`` or whose contest
    closed more than the grace period ago; remove stray partial files and abort multipart
    uploads in the bucket that no row knows. Uploads being written right now are skipped.

    Returns counts: ``rows``, ``files``, ``multipart``.
    """
    now = now or timezone.now()
    counts = {"rows": 0, "files": 0, "multipart": 0}
    stale_before = now - settings.MARQUEE_UPLOAD_ABANDON_AFTER
    closed_before = now - settings.MARQUEE_UPLOAD_GRACE
    abandoned = Upload.objects.filter(completed_at__isnull=True).filter(
        Q(updated_at__lt=stale_before) | Q(entry__contest__closes_at__lt=closed_before)
    )
    for upload_id in list(abandoned.values_list("pk", flat=True)):
        with transaction.atomic():
            upload = (
                abandoned.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=upload_id)
                .first()
            )
            if upload is None:  # a request is writing to it, or it just finished
                continue
            if upload.backend == UploadBackend.S3_MULTIPART:
                if s3_uploads.s3_enabled():
                    s3_uploads.abort_multipart(upload)
                    counts["multipart"] += 1
            else:
                partial_path(upload).unlink(missing_ok=True)
                counts["files"] += 1
            upload.delete()
            counts["rows"] += 1
    counts["files"] += _remove_stray_files(stale_before)
    if s3_uploads.s3_enabled():
        counts["multipart"] += _abort_stray_multipart(stale_before)
    return counts


def _remove_stray_files(stale_before: datetime) -> int:
    """Partial files with no row (a crash between file and row) and old enough to be dead."""
    directory = partial_path(Upload()).parent
    if not directory.is_dir():
        return 0
    known = {f"{pk.hex}.part" for pk in Upload.objects.values_list("pk", flat=True)}
    removed = 0
    for path in directory.glob("*.part"):
        if path.name in known:
            continue
        if path.stat().st_mtime < stale_before.timestamp():
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _abort_stray_multipart(stale_before: datetime) -> int:
    """Multipart uploads in the bucket that no Upload row tracks, started before the cut-off."""
    client, bucket = default_storage.connection.meta.client, default_storage.bucket_name
    known = set(
        Upload.objects.filter(backend=UploadBackend.S3_MULTIPART).values_list(
            "s3_upload_id", flat=True
        )
    )
    aborted = 0
    for page in client.get_paginator("list_multipart_uploads").paginate(Bucket=bucket):
        for pending in page.get("Uploads", []):
            if pending["UploadId"] in known or pending["Initiated"] >= stale_before:
                continue
            client.abort_multipart_upload(
                Bucket=bucket, Key=pending["Key"], UploadId=pending["UploadId"]
            )
            aborted += 1
    return aborted
