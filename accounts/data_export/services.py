"""Asking for, building and expiring a person's data export.

``request_data_export`` (page and API) allows one export at a time per person and queues the
build on commit; the ``accounts.build_data_export`` task calls ``build_data_export``, which
writes the zip to private storage as a stream and queues the email on commit;
``expire_data_exports`` (hourly, celery beat) deletes files past their expiry and gives up on
builds that never finished.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from typing import IO

from celery import current_app
from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core import audit
from core.errors import ConflictError
from core.private_files import is_local

from ..enums import DataExportStatus
from ..models import DataExport, User
from .archive import write_archive
from .email import announce_data_export_failed
from .registry import exporters

logger = logging.getLogger(__name__)

BUILD_TASK = "accounts.build_data_export"
EMAIL_TASK = "accounts.send_data_export_email"
# A build is tried this often (a worker lost, storage unreachable) before the export fails.
MAX_ATTEMPTS = 3
# Longer than every attempt's hard time limit together: a build this old will not finish.
STUCK_AFTER = timedelta(hours=12)


def latest_export(*, user: User) -> DataExport | None:
    return DataExport.objects.filter(user=user).first()


def request_data_export(*, user: User) -> DataExport:
    """Ask for a new export of everything about ``user``; refused while one is under way or
    the last one is younger than the cool-down (a failed one does not count).

    The user row is locked so that two requests at once are taken one after the other; the
    partial unique constraint on exports in progress backs the rule in the database. Writes an
    audit row and queues ``accounts.build_data_export`` on commit.
    """
    with transaction.atomic():
        User.objects.select_for_update().only("pk").get(pk=user.pk)
        _refuse_if_too_soon(latest_export(user=user))
        try:
            with transaction.atomic():
                export = DataExport.objects.create(user=user)
        except IntegrityError:
            raise _in_progress() from None
        audit.record(actor=user, action="data_export.requested", obj=export)
        transaction.on_commit(lambda: _queue(BUILD_TASK, export_id=export.pk))
    return export


def _refuse_if_too_soon(latest: DataExport | None) -> None:
    if latest is None or latest.status == DataExportStatus.FAILED:
        return
    if latest.in_progress:
        raise _in_progress()
    cooldown = settings.MARQUEE_DATA_EXPORT_COOLDOWN
    if latest.requested_at > timezone.now() - cooldown:
        minutes = int(cooldown.total_seconds() // 60)
        raise ConflictError(
            ngettext_lazy(
                "You asked for a copy of your data less than %(minutes)d minute ago. "
                "Please use that one, or ask again later.",
                "You asked for a copy of your data less than %(minutes)d minutes ago. "
                "Please use that one, or ask again later.",
                minutes,
            ) % {"minutes": minutes},
            "data_export_too_soon",
        )


def _in_progress() -> ConflictError:
    return ConflictError(_("A copy of your data is already being prepared. We will email you "
                           "when it is ready."), "data_export_in_progress")


def _queue(task_name: str, **kwargs) -> None:
    # By name: accounts/tasks.py imports this module, and tests/test_architecture.py allows
    # that cycle only for <app>.services.x and <app>.tasks.x. AccountsConfig.ready registers
    # the tasks in every process.
    current_app.tasks[task_name].delay(**kwargs)


def build_data_export(*, export_id: int) -> bool:
    """Write the export's zip to private storage; returns whether this run made it ready.

    Idempotent: an export already ready, failed or expired is left alone, and a run that a
    newer run has superseded (a redelivered task) throws its file away. Memory stays flat: see
    ``archive.py``. On success the email is queued on commit.
    """
    export = _claim(export_id)
    if export is None:
        return False
    storage, name = export.file.storage, export.file.name
    about = {"user": export.user_id, "export": export.pk, "created_at": timezone.now()}
    try:
        with _open_for_writing(storage, name) as target:
            summary = write_archive(target, _parts(export.user), about=about)
    except BaseException:
        with suppress(Exception):
            storage.delete(name)
        raise
    return _finish(export_id, name, files=summary.files, missing=summary.missing)


def _claim(export_id: int) -> DataExport | None:
    with transaction.atomic():
        export = (DataExport.objects.select_for_update(of=("self",)).select_related("user")
                  .filter(pk=export_id).first())
        if export is None or not export.in_progress:
            return None
        left_behind = export.file.name
        if left_behind:
            transaction.on_commit(lambda: export.file.storage.delete(left_behind))
        if export.attempts >= MAX_ATTEMPTS:
            _fail(export, reason="attempts")
            return None
        export.status = DataExportStatus.BUILDING
        export.attempts += 1
        export.started_at = timezone.now()
        export.file.name = f"data-exports/{export.user_id}/{uuid.uuid4().hex}.zip"
        export.save(update_fields=["status", "attempts", "started_at", "file"])
    return export


def _parts(user: User) -> Iterator[tuple[str, Iterator]]:
    for exporter in exporters():
        yield exporter.name, iter(exporter.collect(user))


@contextmanager
def _open_for_writing(storage: Storage, name: str) -> Iterator[IO[bytes]]:
    """A write-only handle on ``name``: a local file, or an upload the storage streams."""
    if not is_local(storage):
        with storage.open(name, "wb") as handle:
            yield handle
        return
    path = storage.path(name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "xb") as handle:
        yield handle


def _finish(export_id: int, name: str, *, files: int, missing: int) -> bool:
    with transaction.atomic():
        export = DataExport.objects.select_for_update().get(pk=export_id)
        if export.status != DataExportStatus.BUILDING or export.file.name != name:
            transaction.on_commit(lambda: default_storage.delete(name))
            return False
        now = timezone.now()
        export.status = DataExportStatus.READY
        export.size_bytes = export.file.storage.size(name)
        export.ready_at = now
        export.expires_at = now + settings.MARQUEE_DATA_EXPORT_VALIDITY
        export.save(update_fields=["status", "size_bytes", "ready_at", "expires_at"])
        audit.record(actor=None, action="data_export.ready", obj=export,
                     after={"size_bytes": export.size_bytes, "files": files,
                            "missing_files": missing})
        transaction.on_commit(lambda: _queue(EMAIL_TASK, export_id=export.pk))
    return True


def give_up_data_export(*, export_id: int, reason: str) -> bool:
    """Mark an export still under way as failed and delete its partial file (an error no
    retry will mend); the person may ask again at once. Returns whether it changed."""
    with transaction.atomic():
        export = (DataExport.objects.select_for_update()
                  .filter(pk=export_id, status__in=[DataExportStatus.PENDING,
                                                    DataExportStatus.BUILDING]).first())
        if export is None:
            return False
        if export.file.name:
            name = export.file.name
            transaction.on_commit(lambda: export.file.storage.delete(name))
        _fail(export, reason=reason)
    return True


def _fail(export: DataExport, *, reason: str) -> None:
    export.status = DataExportStatus.FAILED
    export.file.name = ""
    export.save(update_fields=["status", "file"])
    audit.record(actor=None, action="data_export.failed", obj=export, after={"reason": reason})
    announce_data_export_failed(export)


def expire_data_exports(*, now: datetime | None = None) -> dict[str, int]:
    """Delete the files of exports past their expiry, and fail builds that will never finish.

    Each export in its own transaction, the file deleted before the row forgets it: a failed
    deletion rolls the row back and the next run tries again.
    """
    now = now or timezone.now()
    expired = DataExport.objects.filter(status=DataExportStatus.READY, expires_at__lte=now)
    stuck = DataExport.objects.filter(status__in=[DataExportStatus.PENDING,
                                                  DataExportStatus.BUILDING],
                                      requested_at__lt=now - STUCK_AFTER)
    counts = {"expired": 0, "failed": 0}
    for key, due in (("expired", expired), ("failed", stuck)):
        for export_id in list(due.values_list("pk", flat=True)):
            try:
                counts[key] += _close(due, export_id, expire=key == "expired")
            except Exception:
                # One file's failure (a disk's OSError, S3's ClientError) must not stop the rest.
                logger.exception("Data export %s could not be closed", export_id)
    return counts


def _close(due, export_id: int, *, expire: bool) -> bool:
    with transaction.atomic():
        export = due.select_for_update(skip_locked=True).filter(pk=export_id).first()
        if export is None:
            return False
        if export.file.name:
            export.file.storage.delete(export.file.name)
        if not expire:
            _fail(export, reason="stuck")
            return True
        export.status = DataExportStatus.EXPIRED
        export.file.name = ""
        export.save(update_fields=["status", "file"])
        audit.record(actor=None, action="data_export.expired", obj=export)
    return True


def forget_data_exports(user: User):
    """Eraser (``accounts.erasure``): the person's export files go once their account has."""
    names = [name for name in DataExport.objects.filter(user=user).exclude(file="")
             .values_list("file", flat=True)]

    def delete_files() -> None:
        for name in names:
            default_storage.delete(name)

    return delete_files
