"""Writes on entry materials: upload, delete, and their background check.

An upload is stored privately as sent and queued for its check on commit; the check runs in a
capped child process (``contest/media/materials.py``), keeps only the files it made (clean
WebVTT, re-encoded pictures without metadata, a PDF without its document information) and
deletes the upload. Like films: a claim token per run, so a late or duplicate run changes
nothing; a few attempts, then ``processing_failed``; a sweeper for checks nobody finished.
"""

import hashlib
import secrets
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import record
from core.errors import ContestError, NotFoundError, PermissionDeniedError

from .. import rules
from ..enums import MaterialKind, MaterialStatus
from ..languages import FILM_LANGUAGE_CHOICES
from ..media import MediaToolError
from ..media.materials import check_material
from ..models import Entry, EntryMaterial
from ..selectors import file_names_in_use
from . import scratch

CHECKED_AS = {MaterialKind.SUBTITLE: "subtitle", MaterialKind.POSTER: "image",
              MaterialKind.STILL: "image", MaterialKind.DOCUMENT: "document"}
_LANGUAGES = {code for code, _name in FILM_LANGUAGE_CHOICES} - {"zxx"}
# A run that has not written its verdict this long after its claim is over (its task's hard
# limit has passed): another run may take the material over.
LEASE_GRACE = timedelta(seconds=30)


class MaterialTooLarge(ContestError):
    code = "file_too_large"
    status = 413


def max_bytes(kind: str) -> int:
    return settings.MARQUEE_MATERIAL_MAX_BYTES[kind]


def check_declared_size(*, kind: str, content_length: int | None) -> None:
    """Refuse a request whose declared body is larger than the kind's cap, before reading it.

    The multipart envelope adds a few hundred bytes: 64 KiB of slack covers any form.
    """
    if kind not in MaterialKind.values:
        raise NotFoundError(_("There is no such kind of material."))
    if content_length is None:
        raise ContestError(_("The upload must declare its length."), code="length_required")
    if content_length > max_bytes(kind) + 64 * 1024:
        raise MaterialTooLarge(_("The file is larger than the %(max)s accepted.") % {
            "max": _human(max_bytes(kind))}, fields={"size_bytes": content_length,
                                                    "max_bytes": max_bytes(kind)})


def _human(size: int) -> str:
    from django.template.defaultfilters import filesizeformat

    return str(filesizeformat(size))


def _check_room(entry: Entry, kind: str, language: str) -> list[EntryMaterial]:
    """The materials the new one replaces; refuses when the entry has no room for it."""
    existing = list(entry.materials.filter(kind=kind))
    if kind == MaterialKind.SUBTITLE:
        if language not in _LANGUAGES:
            raise ContestError(_("Choose the language of the subtitles."), code="language_missing",
                               fields={"language": [str(_("Choose a language."))]})
        return [m for m in existing if m.language == language]
    if kind == MaterialKind.POSTER:
        return existing
    limit = (entry.contest.max_stills if kind == MaterialKind.STILL
             else settings.MARQUEE_MATERIAL_MAX_DOCUMENTS)
    if len(existing) >= limit:
        raise ContestError(_("This entry already has the most files of this kind allowed "
                             "(%(limit)s): delete one first.") % {"limit": limit},
                           code="too_many_materials")
    return []


def _store_upload(material: EntryMaterial, upload) -> None:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    material.sha256 = digest.hexdigest()
    material.upload.save("upload.bin", upload, save=False)


def _files_of(material: EntryMaterial) -> list[str]:
    return [f.name for f in (material.upload, material.file, material.thumbnail) if f.name]


def delete_files_later(names: list[str]) -> None:
    """Delete stored files once the transaction that dropped their rows has committed,
    except those another row still names (the demo's entries share their subtitles)."""
    def delete() -> None:
        shared = file_names_in_use(names)
        for name in names:
            if name not in shared:
                default_storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def upload_material(*, entry: Entry, by, kind: str, upload, language: str = "") -> EntryMaterial:
    """Store ``upload`` as a new material of ``entry``, replacing the entry's poster or its
    subtitles in the same language. Writes an audit row; deletes the replaced files and queues
    the check (``contest.validate_material``) on commit."""
    locked = Entry.objects.select_for_update(of=("self",)).select_related("contest").get(
        pk=entry.pk)
    if not rules.can_edit_entry(by, locked):
        raise PermissionDeniedError(_("This entry can no longer be changed."))
    if upload.size > max_bytes(kind):
        raise MaterialTooLarge(_("The file is larger than the %(max)s accepted.") % {
            "max": _human(max_bytes(kind))})
    replaced = _check_room(locked, kind, language if kind == MaterialKind.SUBTITLE else "")
    old_files = [name for material in replaced for name in _files_of(material)]
    for material in replaced:
        material.delete()
    material = EntryMaterial(
        entry=locked, kind=kind, language=language if kind == MaterialKind.SUBTITLE else "",
        original_filename=(upload.name or "")[-255:], size_bytes=upload.size)
    _store_upload(material, upload)
    material.save()
    record(actor=by, action="material.upload", obj=material, scope=locked.contest,
           after={"entry": locked.pk, "kind": kind, "language": material.language,
                  "size_bytes": material.size_bytes, "replaced": [m.pk for m in replaced]})
    delete_files_later(old_files)
    transaction.on_commit(lambda: _queue(material.pk))
    return material


def _queue(material_id: int) -> None:
    from ..tasks.materials import validate_material

    validate_material.delay(material_id=material_id)


@transaction.atomic
def delete_material(*, material: EntryMaterial, by) -> None:
    """Delete a material while its entry may be edited. Audit row; files go after commit."""
    locked = (EntryMaterial.objects.select_for_update(of=("self",))
              .select_related("entry__contest").filter(pk=material.pk).first())
    if locked is None:
        return
    if not rules.can_change_material(by, locked):
        raise PermissionDeniedError(_("This entry can no longer be changed."))
    names = _files_of(locked)
    record(actor=by, action="material.delete", obj=locked, scope=locked.entry.contest,
           before={"entry": locked.entry_id, "kind": locked.kind, "language": locked.language})
    locked.delete()
    delete_files_later(names)


def _claim(material_id: int) -> tuple[EntryMaterial, str] | str:
    """Take the material for one run, or say why not: "skipped" (gone, done or held by a
    live run) or "refused" (its attempts are used up)."""
    now = timezone.now()
    with transaction.atomic():
        material = (EntryMaterial.objects.select_for_update(of=("self",))
                    .select_related("entry__contest").filter(pk=material_id).first())
        if material is None or material.status in (MaterialStatus.VALID, MaterialStatus.REFUSED):
            return "skipped"
        lease = timedelta(seconds=settings.MARQUEE_MATERIAL_TIME_LIMIT) + LEASE_GRACE
        if (material.status == MaterialStatus.VALIDATING and material.validation_started_at
                and material.validation_started_at + lease > now):
            return "skipped"
        if material.attempts >= settings.MARQUEE_VALIDATION_MAX_ATTEMPTS:
            _verdict(material, [("processing_failed", {})], {}, {})
            return material.status
        material.status = MaterialStatus.VALIDATING
        material.attempts += 1
        material.validation_token = secrets.token_hex(16)
        material.validation_started_at = now
        material.save(update_fields=["status", "attempts", "validation_token",
                                     "validation_started_at", "updated_at"])
        return material, material.validation_token


def _film_duration(entry: Entry) -> float | None:
    video = entry.videos.filter(is_current=True).only("metadata").first()
    duration = (video.metadata or {}).get("duration_s") if video else None
    return float(duration) if duration else float(entry.runtime_s or 0) or None


def validate(*, material_id: int) -> str:
    """Check one material (called by the task). Returns what happened, for logs and tests.

    A tool failure (timeout, crash, out of memory) is left ``validating`` with the attempt
    counted and raised, so the task retries; past the attempts the material is refused."""
    claimed = _claim(material_id)
    if isinstance(claimed, str):
        return claimed
    material, token = claimed
    kind = CHECKED_AS[material.kind]
    language = material.language
    duration = _film_duration(material.entry) if kind == "subtitle" else None
    with tempfile.TemporaryDirectory(prefix=f"{scratch.PREFIX}material-") as folder:
        source = Path(folder) / "upload.bin"
        with material.upload.open("rb") as stored, open(source, "wb") as out:
            shutil.copyfileobj(stored, out, 512 * 1024)
        out_dir = Path(folder) / "out"
        out_dir.mkdir()
        try:
            result = check_material(kind, source, out_dir, max_bytes=max_bytes(material.kind),
                                    language=language, duration_s=duration)
        except MediaToolError as exc:
            # Released at once, attempt counted: the task's retry may claim it again.
            EntryMaterial.objects.filter(pk=material.pk, validation_token=token).update(
                status=MaterialStatus.PENDING, validation_token="", last_error=str(exc)[:2000],
                updated_at=timezone.now())
            raise
        return _finish(material.pk, token, result.refusals, result.files, result.info)


def _finish(material_id: int, token: str, refusals, files: dict, info: dict) -> str:
    with transaction.atomic():
        material = (EntryMaterial.objects.select_for_update(of=("self",))
                    .select_related("entry__contest").filter(pk=material_id).first())
        if material is None or material.validation_token != token:
            return "superseded"  # deleted or replaced meanwhile: nothing of this run is kept
        _verdict(material, refusals, files, info)
        return material.status


def _verdict(material: EntryMaterial, refusals, files: dict, info: dict) -> None:
    """Write the verdict on a locked material; the upload is deleted after commit."""
    for key, path in files.items():
        with open(path, "rb") as handle:
            getattr(material, key).save(Path(path).name, File(handle), save=False)
    upload = material.upload.name
    material.upload = ""
    material.status = MaterialStatus.REFUSED if refusals else MaterialStatus.VALID
    material.reasons = [{"code": code, "params": params} for code, params in refusals]
    material.info = info
    material.validated_at = timezone.now()
    material.validation_token = ""
    material.save()
    record(actor=None, action=f"material.{material.status}", obj=material,
           scope=material.entry.contest, after={"reasons": material.reasons})
    if upload:
        delete_files_later([upload])


def requeue_stuck_materials() -> int:
    """Queue again the checks left pending or whose run's lease ran out (a lost message, a
    killed worker). A duplicate message finds the work claimed or done and does nothing."""
    stuck_before = timezone.now() - settings.MARQUEE_VALIDATION_STUCK_AFTER
    lease_before = (timezone.now() - timedelta(seconds=settings.MARQUEE_MATERIAL_TIME_LIMIT)
                    - LEASE_GRACE)
    ids = list(EntryMaterial.objects.filter(
        Q(status=MaterialStatus.PENDING, updated_at__lt=stuck_before)
        | Q(status=MaterialStatus.VALIDATING, validation_started_at__lt=lease_before),
    ).values_list("pk", flat=True))
    for material_id in ids:
        _queue(material_id)
    return len(ids)
