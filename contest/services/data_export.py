"""What contests put into a person's data export: their entries with credits, answers, rules
consents and films, credits naming them on other people's entries, and unfinished uploads.

Registered with ``accounts.data_export`` in ``ContestConfig.ready``. An entry's films are
copied with their poster and preview; nothing is said about duplicates (the other film
belongs to someone else) or about judging (judging's exporter decides what an entrant sees).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from django.db.models import Prefetch

from accounts.data_export.registry import ExportFile, register_exporter
from accounts.models import User

from ..models import Credit, Entry, EntryMaterial, Question, Upload, Video

CHUNK = 100
SAFE_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")


def entries(user: User) -> Iterator[dict | ExportFile]:
    videos = Prefetch("videos", queryset=Video.objects.order_by("created_at", "pk"))
    credits = Prefetch("credits", queryset=Credit.objects.order_by("order", "pk"))
    materials = Prefetch("materials", queryset=EntryMaterial.objects.order_by("pk"))
    own = (Entry.objects.filter(entrant=user).select_related("contest", "category")
           .prefetch_related(credits, videos, materials).order_by("created_at", "pk"))
    # The questions of every contest the person entered, read once: each answer is exported
    # with the question it answers, as the entrant read it.
    labels = {(contest_id, key): label for contest_id, key, label in
              Question.objects.filter(contest__entries__entrant=user).distinct()
              .values_list("contest_id", "key", "label")}
    for entry in own.iterator(chunk_size=CHUNK):
        yield {**_entry(entry), "answers": [
            {"question": labels.get((entry.contest_id, key), key), "key": key, "answer": value}
            for key, value in (entry.answers or {}).items()]}
        for video in entry.videos.all():
            yield from _files(entry, video)
        for material in entry.materials.all():
            for _kind, path, field in _material_files(entry, material):
                yield ExportFile(path=path, storage=field.storage, name=field.name)
    others = (Credit.objects.filter(user=user).exclude(entry__entrant=user)
              .select_related("entry__contest").order_by("pk"))
    for credit in others.iterator(chunk_size=CHUNK):
        yield {"kind": "credit_on_another_entry", "contest": credit.entry.contest.name,
               "title_original": credit.entry.title_original,
               "title_english": credit.entry.title_english, **_credit(credit)}
    for upload in Upload.objects.filter(uploader=user, completed_at__isnull=True).order_by("pk"):
        yield {"kind": "unfinished_upload", "entry": upload.entry_id, "filename": upload.filename,
               "length": upload.length, "received": upload.offset,
               "started_at": upload.created_at}


def _entry(entry: Entry) -> dict:
    return {
        "kind": "entry",
        "id": entry.pk,
        "contest": entry.contest.name,
        "contest_slug": entry.contest.slug,
        "category": entry.category.name,
        "code": entry.code,
        "title_original": entry.title_original,
        "title_english": entry.title_english,
        "original_language": entry.original_language,
        "synopsis_original": entry.synopsis_original,
        "synopsis_english": entry.synopsis_english,
        "runtime_s": entry.runtime_s,
        "ai_tools": entry.ai_tools,
        "ai_tools_other": entry.ai_tools_other,
        "rights_declared": entry.rights_declared,
        "rules_consent": {"rules_version": entry.rules_consent_version,
                          "accepted_at": entry.rules_consented_at},
        "status": entry.status,
        "status_reason": entry.status_reason,
        "submitted_at": entry.submitted_at,
        "created_at": entry.created_at,
        "updated_at": entry.updated_at,
        "credits": [_credit(credit) for credit in entry.credits.all()],
        "videos": [_video(entry, video) for video in entry.videos.all()],
        "materials": [_material(entry, material) for material in entry.materials.all()],
    }


def _material(entry: Entry, material: EntryMaterial) -> dict:
    return {
        "id": material.pk, "kind": material.kind, "language": material.language,
        "original_filename": material.original_filename, "size_bytes": material.size_bytes,
        "sha256": material.sha256, "status": material.status, "reasons": material.reasons,
        "uploaded_at": material.created_at, "validated_at": material.validated_at,
        "files": {kind: path for kind, path, _field in _material_files(entry, material)},
    }


def _material_files(entry: Entry, material: EntryMaterial):
    """(kind, path in the archive, field) of each stored file of a material: the upload
    while it waits for its check, then the checked file and thumbnail."""
    folder = f"files/entries/{entry.pk}/materials/{material.pk}"
    for kind, field, named in (("upload", material.upload, material.original_filename),
                               ("file", material.file, material.file.name),
                               ("thumbnail", material.thumbnail, material.thumbnail.name)):
        if field:
            yield kind, f"{folder}/{kind}{_suffix(named)}", field


def _credit(credit: Credit) -> dict:
    return {"name_native": credit.name_native, "name_latin": credit.name_latin,
            "role": credit.role, "country": credit.country.code or "",
            "is_author": credit.is_author}


def _video(entry: Entry, video: Video) -> dict:
    return {
        "id": video.pk,
        "original_filename": video.original_filename,
        "size_bytes": video.size_bytes,
        "sha256": video.sha256,
        "status": video.status,
        "reasons": video.reasons,
        "is_current": video.is_current,
        "uploaded_at": video.created_at,
        "validated_at": video.validated_at,
        "replaced_at": video.replaced_at,
        "c2pa_generator": video.c2pa_generator,
        "files": {kind: path for kind, path, _field in _stored(entry, video)},
    }


def _files(entry: Entry, video: Video) -> Iterator[ExportFile]:
    for _kind, path, field in _stored(entry, video):
        yield ExportFile(path=path, storage=field.storage, name=field.name)


def _stored(entry: Entry, video: Video):
    """(kind, path in the archive, field) of each file the video still has in storage."""
    folder = f"files/entries/{entry.pk}/{video.pk}"
    for kind, field, named in (("original", video.file, video.original_filename),
                               ("poster", video.poster, video.poster.name),
                               ("preview", video.preview, video.preview.name)):
        if field:
            yield kind, f"{folder}/{kind}{_suffix(named)}", field


def _suffix(name: str) -> str:
    # The entrant chose the original's name: only a plain suffix of it reaches the archive.
    suffix = PurePosixPath(name or "").suffix.lower()
    return suffix if SAFE_SUFFIX.match(suffix) else ".bin"


def register() -> None:
    register_exporter(
        name="contest.entries", collect=entries,
        covers={"contest.Entry.entrant", "contest.Credit.user", "contest.Upload.uploader"},
    )
