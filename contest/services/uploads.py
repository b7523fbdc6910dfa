"""Resumable uploads (tus) into an entry, and what happens when one completes.

The partial file lives under ``MARQUEE_UPLOAD_DIR``; the database offset is the truth. A PATCH
locks the upload row for its whole duration, so two requests never write the same file, and the
offset moves only after the bytes are on disk (fsync). A completed upload becomes the entry's
current video, moved into default storage, and is queued for validation on commit.
"""

import errno
import hashlib
import logging
import os
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.errors import ConflictError, ContestError, NotFoundError

from .. import transitions
from ..enums import EditPolicy, EntryStatus, UploadBackend, VideoStatus
from ..models import Entry, Upload, Video
from ..models.video import video_path
from ..tus import stream
from ..tus.protocol import CHECKSUM_MISMATCH, Checksum
from .validation import queue_validation

logger = logging.getLogger(__name__)

HASH_PIECE = 1024 * 1024


class UploadTooLarge(ContestError):
    code = "upload_too_large"
    status = 413


class UploadClosed(ContestError):
    code = "upload_closed"
    status = 403


class UploadBusy(ContestError):
    """Another request is writing to this upload right now."""

    code = "upload_busy"
    status = 423


class ChecksumMismatch(ContestError):
    code = "checksum_mismatch"
    status = CHECKSUM_MISMATCH


class StorageFull(ContestError):
    code = "storage_full"
    status = 507


class UploadLost(ContestError):
    code = "upload_lost"
    status = 410


def partial_path(upload: Upload) -> Path:
    return Path(settings.MARQUEE_UPLOAD_DIR) / f"{upload.pk.hex}.part"


def check_filename(*, contest, filename: str) -> None:
    """Refuse a file name that is too long, holds control characters (a NUL, a direction
    override that would disguise its ending) or ends in something the contest does not accept."""
    if len(filename) > MAX_FILENAME or UNSAFE_IN_NAMES.search(filename):
        raise ContestError(
            _("Rename the file: its name is longer than %(max)d characters or holds invisible "
              "control characters.") % {"max": MAX_FILENAME},
            code="bad_filename",
            fields={"filename": [str(_("This file name cannot be stored."))]},
        )
    allowed = [ext.lower() for ext in contest.allowed_extensions]
    if not filename or not any(filename.lower().endswith(ext) for ext in allowed):
        raise ContestError(
            _("Files ending in %(endings)s are accepted; “%(name)s” is not one of them.")
            % {"endings": ", ".join(allowed), "name": filename},
            code="bad_extension",
            fields={"filename": [str(_("This file type is not accepted."))]},
        )


MAX_FILENAME = 255
UNSAFE_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def check_length(*, contest, length: int) -> None:
    if length > contest.max_upload_bytes:
        raise UploadTooLarge(
            _("This file is %(size)s MB; the contest accepts files up to %(limit)s MB.")
            % {"size": length // 1_000_000, "limit": contest.max_upload_bytes // 1_000_000}
        )
    if length <= 0:
        raise ContestError(_("The file is empty."), code="empty_file")


def check_may_start(*, entry: Entry, by, at=None) -> None:
    """An upload may start: the user owns the entry, the contest is open, the entry is editable."""
    if entry.entrant_id != getattr(by, "pk", None):
        raise NotFoundError(_("No such entry."))
    at = at or timezone.now()
    contest = entry.contest
    if not contest.opens_at <= at < contest.closes_at:
        raise UploadClosed(_("The contest is not accepting uploads now."))
    if entry.status == EntryStatus.DISQUALIFIED:
        raise UploadClosed(_("This entry was disqualified; its film cannot be replaced."))
    if contest.edit_policy == EditPolicy.LOCKED and entry.status in (
        EntryStatus.SUBMITTED,
        EntryStatus.ELIGIBLE,
    ):
        raise UploadClosed(_("Entries of this contest cannot be changed once submitted."))


def check_may_continue(*, upload: Upload, at=None) -> None:
    """An upload started before the deadline may finish within the grace period."""
    deadline = upload.entry.contest.closes_at + settings.MARQUEE_UPLOAD_GRACE
    if (at or timezone.now()) >= deadline:
        raise UploadClosed(_("The contest closed and the time to finish uploads is over."))


def access_upload(
    *, upload_id, user, lock: bool = False, backend: str = UploadBackend.TUS
) -> Upload:
    """The user's own upload, optionally row-locked (without waiting); 404 for anyone else's."""
    if not getattr(user, "is_authenticated", False):
        raise NotFoundError(_("No such upload."))
    queryset = Upload.objects.select_related("entry__contest")
    if lock:
        queryset = queryset.select_for_update(nowait=True, of=("self",))
    try:
        return queryset.get(pk=upload_id, entry__entrant=user, backend=backend)
    except Upload.DoesNotExist:
        raise NotFoundError(_("No such upload.")) from None
    except DatabaseError:
        raise UploadBusy(
            _("This upload is busy with another request; try again shortly.")
        ) from None


def create_upload(
    *, entry: Entry, by, length: int, filename: str, metadata: dict | None = None
) -> Upload:
    """Start a tus upload of ``length`` bytes into ``entry`` and create its empty partial file.

    Refuses (before any byte is sent) a foreign entry, a closed contest, a file name the
    contest does not accept and a length above the contest's limit. Writes an audit row.
    """
    check_may_start(entry=entry, by=by)
    check_filename(contest=entry.contest, filename=filename)
    check_length(contest=entry.contest, length=length)
    upload = Upload(
        entry=entry,
        uploader=by,
        backend=UploadBackend.TUS,
        filename=filename[:255],
        length=length,
        metadata=metadata or {},
    )
    path = partial_path(upload)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.touch(mode=0o600)
    except OSError as exc:
        raise _disk_error(exc) from exc
    with transaction.atomic():
        upload.save()
        audit.record(
            actor=by,
            action="upload.started",
            obj=upload,
            scope=entry.contest,
            after={"filename": upload.filename, "length": length},
        )
    return upload


def _disk_error(exc: OSError) -> Exception:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageFull(
            _(
                "The server is out of disk space. Your upload is kept up to the last saved byte; "
                "it will resume when space is available."
            )
        )
    return exc


def append_chunk(
    *,
    upload_id: uuid.UUID,
    by,
    offset: int,
    source,
    expected: int | None,
    checksum: Checksum | None = None,
) -> Upload:
    """Write one PATCH body at ``offset`` and move the upload's offset past it.

    The upload row stays locked while the body streams in. A body cut short by the client is
    kept up to its last byte (unless a checksum was sent: then nothing is kept). Completing
    the upload turns it into the entry's current video (see ``finish_upload``).
    """
    with transaction.atomic():
        upload = access_upload(upload_id=upload_id, user=by, lock=True)
        if offset != upload.offset:
            raise ConflictError(
                _("The upload is at byte %(offset)s.") % {"offset": upload.offset},
                code="offset_mismatch",
            )
        if upload.completed_at is not None:
            if expected:
                raise UploadTooLarge(_("This upload is already complete."))
            return upload
        check_may_continue(upload=upload)
        room = upload.length - upload.offset
        if expected is not None and expected > room:
            raise UploadTooLarge(_("This request carries more bytes than the file declared."))
        path = partial_path(upload)
        if not path.exists() or path.stat().st_size < upload.offset:
            raise UploadLost(_("The partial upload is gone from the server; please start again."))
        hashers = [checksum.hasher()] if checksum else []
        try:
            result = stream.write_body(
                source=source,
                path=str(path),
                offset=upload.offset,
                expected=expected,
                limit=room,
                hashers=hashers,
            )
        except stream.BodyTooLarge:
            raise UploadTooLarge(
                _("This request carries more bytes than the file declared.")
            ) from None
        except OSError as exc:
            raise _disk_error(exc) from exc
        if checksum and (not result.complete or hashers[0].digest() != checksum.digest):
            stream.truncate(str(path), upload.offset)
            raise ChecksumMismatch(
                _("The data arrived damaged (checksum mismatch); it is sent again.")
            )
        upload.offset += result.written
        upload.save(update_fields=["offset", "updated_at"])
        if upload.offset == upload.length:
            finish_upload(upload=upload, path=path, by=by)
    return upload


def file_sha256(handle) -> str:
    digest = hashlib.sha256()
    while piece := handle.read(HASH_PIECE):
        digest.update(piece)
    return digest.hexdigest()


class _PartialFile(File):
    # FileSystemStorage moves a file that has a path instead of copying it.
    def temporary_file_path(self) -> str:
        return self.name


def finish_upload(*, upload: Upload, path: Path, by) -> Video:
    """Turn a complete partial file into the entry's current video. Call inside a transaction.

    Records the file's SHA-256, moves it into default storage, retires the previous current
    video, moves an eligible entry back to review, writes an audit row and queues validation
    on commit.
    """
    with open(path, "rb") as handle:
        sha256 = file_sha256(handle)
    video = Video(
        entry=upload.entry,
        original_filename=upload.filename,
        size_bytes=upload.length,
        sha256=sha256,
        status=VideoStatus.UPLOADED,
    )
    name = video_path(video, upload.filename)
    try:
        with _PartialFile(open(path, "rb"), name=str(path)) as content:
            stored = default_storage.save(name, content)
    except OSError as exc:
        raise _disk_error(exc) from exc
    video.file.name = stored
    try:
        return make_current_video(upload=upload, video=video, by=by)
    except BaseException:
        _restore_partial(stored, path)
        raise


def _restore_partial(stored: str, path: Path) -> None:
    """Put the file back where the upload expects it when the database refused the video."""
    try:
        try:
            os.replace(default_storage.path(stored), path)
        except NotImplementedError:  # remote storage copied the file: the partial one is intact
            default_storage.delete(stored)
    except OSError:
        logger.exception("Could not restore partial upload %s", path)


def make_current_video(*, upload: Upload, video: Video, by) -> Video:
    """Save ``video`` as the entry's one current video and mark ``upload`` complete.

    Shared by tus and S3 uploads; runs in a transaction with the entry row locked, so two
    uploads finishing at once cannot both become current.
    """
    with transaction.atomic():
        # of=("self",): the contest row is joined to be read, not locked. Locked, it made
        # every upload completing at a deadline wait on the others, and every new entry and
        # audit row of the contest too (their foreign keys need a share lock on that row).
        entry = (Entry.objects.select_for_update(of=("self",)).select_related("contest")
                 .get(pk=upload.entry_id))
        previous = list(
            Video.objects.filter(entry=entry, is_current=True).values_list("pk", flat=True)
        )
        now = timezone.now()
        Video.objects.filter(pk__in=previous).update(
            is_current=False, status=VideoStatus.REPLACED, replaced_at=now, updated_at=now
        )
        video.entry = entry
        video.is_current = True
        video.save()
        upload.video = video
        upload.offset = upload.length
        upload.completed_at = now
        upload.save(update_fields=["video", "offset", "completed_at", "updated_at"])
        status_before = entry.status
        if previous:
            _entry_video_replaced(entry)
        audit.record(
            actor=by,
            action="video.uploaded",
            obj=video,
            scope=entry.contest,
            before={"videos": previous, "entry_status": status_before},
            after={"video": video.pk, "sha256": video.sha256, "entry_status": entry.status},
        )
        queue_validation(video=video)
    return video


def _entry_video_replaced(entry: Entry) -> None:
    """Hand the new film back to review: an eligible entry is checked again."""
    if transitions.can_apply(entry, transitions.VIDEO_REPLACED):
        before = entry.status
        transitions.apply(entry, transitions.VIDEO_REPLACED)
        if entry.status != before:
            entry.save(update_fields=["status", "updated_at"])


def terminate(*, upload_id: uuid.UUID, by) -> None:
    """Cancel an upload: delete its partial file and row. A finished video is not touched."""
    with transaction.atomic():
        upload = access_upload(upload_id=upload_id, user=by, lock=True)
        audit.record(
            actor=by,
            action="upload.terminated",
            obj=upload,
            scope=upload.entry.contest,
            before={"offset": upload.offset, "length": upload.length},
        )
        path = partial_path(upload)
        upload.delete()
        transaction.on_commit(lambda: path.unlink(missing_ok=True))
