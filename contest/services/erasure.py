"""What contests forget of a person: their films, and their entries unless results are locked.

Registered with ``accounts.erasure`` in ``ContestConfig.ready``. Before a contest's results are
locked (award list locked or results published) the person's entries go with the user row
(their foreign keys cascade). Once they are locked, each entry that took part stays as an
anonymised record, "Entry withdrawn by its author": same code, category, status, rounds and
scores, so rankings, awards and exports do not shift, but no titles, synopsis, credits, films
or entrant. Every stored file of the person's entries is deleted after commit. Credits naming
the person on other people's entries stay (they belong to that entrant) but lose the link to
the account. (Awarded films are refused earlier by judging: an award is a published record.)
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation

from accounts.erasure import AfterCommit
from accounts.models import User
from core.audit import record

from ..enums import EntryStatus
from ..models import Credit, Entry, EntryMaterial, Upload, Video
from ..models.entry import WITHDRAWN_TITLE
from ..selectors import file_names_in_use
from .uploads import partial_path

HANDLES = {
    "contest.Entry.entrant": "deleted before the results are locked, else detached and anonymised",
    "contest.Credit.user": "set to empty: the credit belongs to the entry's entrant",
    "contest.Upload.uploader": "deleted with the user, partial files after commit",
}


def results_locked(contest) -> bool:
    return contest.awards_locked_at is not None or contest.results_published_at is not None


def forget_entrant(user: User) -> AfterCommit:
    """Anonymise the person's entries in contests with locked results; return the deletion of
    every file of theirs, to run after commit."""
    delete_files = _files_of(user)
    entries = list(
        Entry.objects.select_for_update(of=("self",)).select_related("contest")
        .filter(entrant=user).exclude(status=EntryStatus.DRAFT).order_by("pk")
    )
    kept = [entry for entry in entries if results_locked(entry.contest)]
    if kept:
        _anonymise(kept)
    return delete_files


def _anonymise(entries: list[Entry]) -> None:
    ids = [entry.pk for entry in entries]
    Credit.objects.filter(entry_id__in=ids).delete()
    Upload.objects.filter(entry_id__in=ids).delete()
    Video.objects.filter(entry_id__in=ids).delete()
    EntryMaterial.objects.filter(entry_id__in=ids).delete()
    # Stored once, in the site's language; the entry's __str__ translates it for each reader.
    with translation.override(settings.LANGUAGE_CODE):
        title = str(WITHDRAWN_TITLE)
    now = timezone.now()
    Entry.objects.filter(pk__in=ids).update(
        entrant=None, anonymised_at=now, title_original=title, title_english=title,
        synopsis_original="", synopsis_english="", ai_tools=[], ai_tools_other="",
        answers={}, status_reason="", updated_at=now,
    )
    for entry in entries:
        record(actor=None, action="entry.anonymised", obj=entry, scope=entry.contest,
               after={"code": entry.code, "status": entry.status})


def _files_of(user: User) -> AfterCommit:
    names = []
    for video in Video.objects.filter(entry__entrant=user).only("file", "poster", "preview"):
        names.extend(
            (field.storage, field.name) for field in (video.file, video.poster, video.preview)
            if field
        )
    for material in EntryMaterial.objects.filter(entry__entrant=user).only(
            "upload", "file", "thumbnail"):
        names.extend((field.storage, field.name)
                     for field in (material.upload, material.file, material.thumbnail) if field)
    unfinished = Upload.objects.filter(
        Q(uploader=user) | Q(entry__entrant=user), completed_at__isnull=True
    ).only("id")
    partials = [partial_path(upload) for upload in unfinished]

    def delete_files() -> None:
        # After commit the person's rows are gone: a file another row names (the demo's
        # shared films) stays for that row.
        shared = file_names_in_use(name for _storage, name in names)
        for storage, name in names:
            if name not in shared:
                storage.delete(name)
        for path in partials:
            path.unlink(missing_ok=True)

    return delete_files
