"""Direct-to-bucket uploads: S3 multipart with presigned part URLs.

The browser asks for an upload, then for a presigned URL per part, PUTs each part straight to
the bucket, and finally asks the app to complete. The bytes never pass through the app. To
resume, the client lists the parts the bucket already holds. The app checks the total size
against the declared length (and the contest's limit) before the object becomes a video; the
SHA-256 of the whole file is recorded by the validation task, which reads the object anyway.
"""

import math
import uuid

from botocore.exceptions import ClientError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from storages.utils import clean_name

from core import audit
from core.errors import ConflictError, ContestError

from ..enums import UploadBackend, VideoStatus
from ..models import Entry, Upload, Video
from ..models.video import video_path
from . import uploads as tus_uploads

MIB = 1024 * 1024
MIN_PART_SIZE = 8 * MIB  # S3 refuses parts under 5 MiB except the last
MAX_PARTS = 10_000
URL_TTL_SECONDS = 3600


def s3_enabled() -> bool:
    """Default storage is an S3-compatible bucket (configured by environment)."""
    return hasattr(default_storage, "bucket_name")


def _client():
    return default_storage.connection.meta.client


def _object_key(name: str) -> str:
    # The storage's own mapping from a file name to a key (it applies AWS_LOCATION).
    return default_storage._normalize_name(clean_name(name))


def _target(upload: Upload) -> dict:
    return {
        "Bucket": default_storage.bucket_name,
        "Key": _object_key(upload.s3_key),
        "UploadId": upload.s3_upload_id,
    }


def part_size_for(length: int) -> int:
    """The part size to use: at least 8 MiB, and large enough to fit in 10,000 parts."""
    return max(MIN_PART_SIZE, math.ceil(length / MAX_PARTS / MIB) * MIB)


def part_count(upload: Upload) -> int:
    return max(1, math.ceil(upload.length / part_size_for(upload.length)))


def _require_s3() -> None:
    if not s3_enabled():
        raise ContestError(
            _("Direct uploads to object storage are not configured."), code="s3_disabled"
        )


def start_s3_upload(*, entry: Entry, by, length: int, filename: str) -> Upload:
    """Create a multipart upload in the bucket for ``entry`` after the same checks as tus.

    Side effects: a multipart upload in the bucket, an Upload row and an audit row.
    """
    _require_s3()
    tus_uploads.check_may_start(entry=entry, by=by)
    tus_uploads.check_filename(contest=entry.contest, filename=filename)
    tus_uploads.check_length(contest=entry.contest, length=length)
    name = video_path(Video(entry=entry), filename)
    response = _client().create_multipart_upload(
        Bucket=default_storage.bucket_name,
        Key=_object_key(name),
        ContentType="application/octet-stream",
    )
    with transaction.atomic():
        upload = Upload.objects.create(
            entry=entry,
            uploader=by,
            backend=UploadBackend.S3_MULTIPART,
            filename=filename[:255],
            length=length,
            s3_key=name,
            s3_upload_id=response["UploadId"],
        )
        audit.record(
            actor=by,
            action="upload.started",
            obj=upload,
            scope=entry.contest,
            after={"filename": upload.filename, "length": length, "backend": "s3"},
        )
    return upload


def _access(upload_id: uuid.UUID, by, *, lock: bool = False) -> Upload:
    _require_s3()
    return tus_uploads.access_upload(
        upload_id=upload_id, user=by, lock=lock, backend=UploadBackend.S3_MULTIPART
    )


def presign_parts(*, upload_id: uuid.UUID, by, part_numbers: list[int]) -> dict[int, str]:
    """Short-lived URLs to PUT the given parts straight to the bucket. Writes nothing."""
    upload = _access(upload_id, by)
    tus_uploads.check_may_continue(upload=upload)
    if upload.completed_at is not None:
        raise ConflictError(_("This upload is already complete."), code="upload_complete")
    last = part_count(upload)
    if not part_numbers or any(not 1 <= number <= last for number in part_numbers):
        raise ContestError(
            _("Part numbers go from 1 to %(last)s.") % {"last": last}, code="bad_part_number"
        )
    client = _client()
    return {
        number: client.generate_presigned_url(
            "upload_part",
            Params={**_target(upload), "PartNumber": number},
            ExpiresIn=URL_TTL_SECONDS,
        )
        for number in sorted(set(part_numbers))
    }


def _list_parts(upload: Upload) -> list[dict]:
    client, parts, marker = _client(), [], 0
    while True:
        page = client.list_parts(**_target(upload), PartNumberMarker=marker)
        parts += [
            {"part_number": part["PartNumber"], "size": part["Size"], "etag": part["ETag"]}
            for part in page.get("Parts", [])
        ]
        if not page.get("IsTruncated"):
            return parts
        marker = page["NextPartNumberMarker"]


def stored_parts(*, upload_id: uuid.UUID, by) -> list[dict]:
    """The parts the bucket already holds, for a client that resumes. Writes nothing."""
    upload = _access(upload_id, by)
    if upload.completed_at is not None:
        return []
    return _list_parts(upload)


def complete_s3_upload(*, upload_id: uuid.UUID, by) -> Video:
    """Assemble the stored parts into one object and make it the entry's current video.

    Refuses (keeping the parts, so the client can resume) while parts are missing; aborts the
    multipart upload when the parts hold more bytes than declared. Queues validation on commit.
    """
    with transaction.atomic():
        upload = _access(upload_id, by, lock=True)
        if upload.video_id is not None:
            return upload.video
        tus_uploads.check_may_continue(upload=upload)
        parts = _list_parts(upload)
        total = sum(part["size"] for part in parts)
        too_large = total > upload.length
        if too_large:
            abort_multipart(upload)
            upload.delete()
        else:
            _check_all_parts(upload, parts, total)
            _client().complete_multipart_upload(
                **_target(upload),
                MultipartUpload={
                    "Parts": [{"PartNumber": p["part_number"], "ETag": p["etag"]} for p in parts]
                },
            )
            video = Video(
                entry=upload.entry,
                original_filename=upload.filename,
                size_bytes=upload.length,
                status=VideoStatus.UPLOADED,
            )
            video.file.name = upload.s3_key
            return tus_uploads.make_current_video(upload=upload, video=video, by=by)
    raise tus_uploads.UploadTooLarge(
        _("The uploaded parts hold more bytes than the file declared; start again.")
    )


def _check_all_parts(upload: Upload, parts: list[dict], total: int) -> None:
    numbers = [part["part_number"] for part in parts]
    if total < upload.length or numbers != list(range(1, len(parts) + 1)):
        raise ConflictError(
            _("Some parts are still missing: %(have)s of %(want)s bytes.")
            % {"have": total, "want": upload.length},
            code="parts_missing",
        )


def abort_multipart(upload: Upload) -> None:
    """Abort the multipart upload in the bucket; one already gone is fine."""
    try:
        _client().abort_multipart_upload(**_target(upload))
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") not in ("NoSuchUpload", "404"):
            raise


def abort_s3_upload(*, upload_id: uuid.UUID, by) -> None:
    """Cancel a multipart upload: abort it in the bucket and delete its row."""
    with transaction.atomic():
        upload = _access(upload_id, by, lock=True)
        if upload.completed_at is None:
            abort_multipart(upload)
        audit.record(
            actor=by,
            action="upload.terminated",
            obj=upload,
            scope=upload.entry.contest,
            before={"backend": "s3"},
        )
        upload.delete()
