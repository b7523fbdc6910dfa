"""Retention: what a closed contest deletes, and when its entrants become anonymous.

Two periods, each set on the contest or taken from its organisation, counted from the deadline:

- **purge** (days): refused films lose their files (the row stays, as a replaced film's does,
  for the audit trail) and entries never submitted are deleted with their files;
- **anonymise** (years): every entry stays as a record, but its entrant is replaced by a
  pseudonymous account (one per person and contest, holding only the country, so figures per
  country and per entrant stay), its credits lose their names and links to accounts, and its
  films go as ``films_kept`` says (by default only awarded entries keep theirs). Rankings are
  computed from entries and scores, which do not change.

The daily task ``contest.apply_retention`` calls :func:`apply_retention`; organisers see
:func:`retention_plan` (the dry run) first. Both read the same querysets, so the page lists
exactly what the run would touch. Each contest runs in its own transaction with its row locked
and one audit row per act with its counts; files are deleted only after the commit, so a
rollback never leaves rows naming missing files. A second run finds nothing left to do.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.enums import FilmsKept
from accounts.models import User
from core import audit
from core.models import AuditEvent

from ..enums import EntryStatus, VideoStatus
from ..models import Contest, Credit, Entry, EntryMaterial, Upload, Video
from ..selectors import file_names_in_use
from .uploads import partial_path

logger = logging.getLogger(__name__)

# Apps above contest say which entries keep their films (judging: awarded ones) and re-point
# what they hold of an entrant (judging: result notices, conflicts); registered at start-up.
EntryIds = Callable[[Contest], Iterable[int]]
Pseudonymiser = Callable[[Contest, dict[int, User]], None]
_AWARDED_ENTRIES: dict[str, EntryIds] = {}
_PSEUDONYMISERS: dict[str, Pseudonymiser] = {}
# Audit rows about these objects name the entrant as actor: they follow the pseudonym.
ENTRANT_OBJECTS = ("contest.entry", "contest.video", "contest.credit", "contest.upload")


def register_awarded_entries(name: str, fn: EntryIds) -> None:
    """``fn(contest)`` returns the ids of entries that hold an award (their films may stay)."""
    _AWARDED_ENTRIES[name] = fn


def register_pseudonymiser(name: str, fn: Pseudonymiser) -> None:
    """``fn(contest, {entrant id: pseudonym})`` runs in the anonymisation's transaction."""
    _PSEUDONYMISERS[name] = fn


@dataclass(frozen=True)
class Policy:
    purge_after_days: int
    anonymise_after_years: int
    films_kept: str
    purge_due_at: datetime
    anonymise_due_at: datetime


def _years_after(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February in a year without one
        return moment.replace(year=moment.year + years, day=28)


def policy_of(contest: Contest) -> Policy:
    """The contest's periods, each falling back to its organisation's default."""
    organisation = contest.organisation
    days = contest.purge_after_days or organisation.purge_after_days
    years = contest.anonymise_after_years or organisation.anonymise_after_years
    return Policy(
        purge_after_days=days, anonymise_after_years=years,
        films_kept=contest.films_kept or organisation.films_kept,
        purge_due_at=contest.closes_at + timedelta(days=days),
        anonymise_due_at=_years_after(contest.closes_at, years),
    )


def unsubmitted_drafts(contest: Contest) -> QuerySet[Entry]:
    return Entry.objects.filter(contest=contest, status=EntryStatus.DRAFT,
                                submitted_at__isnull=True)


def refused_films(contest: Contest) -> QuerySet[Video]:
    """Refused films whose files are still stored, drafts' aside (they go with their entry)."""
    return (Video.objects.filter(entry__contest=contest, status=VideoStatus.INVALID)
            .exclude(file="").exclude(entry__in=unsubmitted_drafts(contest)))


def entries_to_anonymise(contest: Contest) -> QuerySet[Entry]:
    return Entry.objects.filter(contest=contest, retention_anonymised_at__isnull=True)


def _entries_keeping_films(contest: Contest, policy: Policy) -> set[int]:
    if policy.films_kept == FilmsKept.ALL:
        return set(entries_to_anonymise(contest).values_list("pk", flat=True))
    if policy.films_kept == FilmsKept.NONE:
        return set()
    return {pk for fn in _AWARDED_ENTRIES.values() for pk in fn(contest)}


@dataclass(frozen=True)
class RetentionPlan:
    """What retention holds for a contest: the candidates of each act and whether it is due."""

    contest: Contest
    policy: Policy
    purge_due: bool
    anonymise_due: bool
    refused_films: list[Video]
    drafts: list[Entry]
    to_anonymise: list[Entry]
    keeping_films: frozenset[int]

    @property
    def films_deleted_on_anonymising(self) -> int:
        return sum(1 for entry in self.to_anonymise if entry.pk not in self.keeping_films)


def retention_plan(*, contest: Contest, now: datetime | None = None) -> RetentionPlan:
    """The dry run: what a run at ``now`` would purge and anonymise, and what waits. Reads only."""
    now = now or timezone.now()
    policy = policy_of(contest)
    return RetentionPlan(
        contest=contest, policy=policy,
        purge_due=now >= policy.purge_due_at, anonymise_due=now >= policy.anonymise_due_at,
        refused_films=list(refused_films(contest).select_related("entry__category")
                           .order_by("entry__code", "pk")),
        drafts=list(unsubmitted_drafts(contest).select_related("category").order_by("code")),
        to_anonymise=list(entries_to_anonymise(contest).select_related("category")
                          .order_by("code")),
        keeping_films=frozenset(_entries_keeping_films(contest, policy)),
    )


def apply_retention(*, now: datetime | None = None) -> dict[str, int]:
    """Purge and anonymise every closed contest that is due; returns the summed counts.

    One contest's failure (a storage error, a protected row) is logged and leaves the others
    to run; it is tried again the next day.
    """
    now = now or timezone.now()
    totals: dict[str, int] = {}
    closed = Contest.objects.filter(closes_at__lt=now).order_by("pk")
    for contest_id in list(closed.values_list("pk", flat=True)):
        try:
            counts = apply_contest_retention(contest_id=contest_id, now=now)
        except Exception:
            logger.exception("Retention of contest %s failed; retried next run", contest_id)
            continue
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
    return totals


def apply_contest_retention(*, contest_id: int, now: datetime) -> dict[str, int]:
    """Run whatever of the purge and the anonymisation is due for one contest.

    Side effects: an audit row ``retention.purged`` and/or ``retention.anonymised`` with the
    counts (none when nothing was due or left); stored files deleted after commit.
    """
    doomed: list[tuple[Storage, str]] = []
    with transaction.atomic():
        contest = (Contest.objects.select_for_update(of=("self",)).select_related("organisation")
                   .get(pk=contest_id))
        policy = policy_of(contest)
        counts: dict[str, int] = {}
        if now >= policy.purge_due_at:
            counts.update(_purge(contest, now, doomed))
        if now >= policy.anonymise_due_at:
            counts.update(_anonymise(contest, policy, now, doomed))
        transaction.on_commit(lambda: _delete_files(doomed))
    return counts


def _stored_files(videos: Iterable[Video]) -> list[tuple[Storage, str]]:
    return [(field.storage, field.name) for video in videos
            for field in (video.file, video.poster, video.preview) if field]


def _forget_files(videos: QuerySet[Video], doomed: list, now: datetime) -> int:
    """Note the videos' stored files for deletion after commit; the rows forget the names."""
    videos = list(videos.select_for_update(of=("self",)).only("file", "poster", "preview"))
    doomed.extend(_stored_files(videos))
    Video.objects.filter(pk__in=[video.pk for video in videos]).update(
        file="", poster="", preview="", updated_at=now)
    return len(videos)


def _forget_materials(materials: QuerySet[EntryMaterial], doomed: list) -> None:
    """Delete the materials (subtitles, pictures, documents) and note their files."""
    materials = list(materials.select_for_update(of=("self",)))
    doomed.extend((field.storage, field.name) for material in materials
                  for field in (material.upload, material.file, material.thumbnail) if field)
    EntryMaterial.objects.filter(pk__in=[material.pk for material in materials]).delete()


def _partials(uploads: QuerySet[Upload]) -> list[tuple[None, str]]:
    return [(None, str(partial_path(upload))) for upload in uploads.filter(completed_at=None)]


def _purge(contest: Contest, now: datetime, doomed: list) -> dict[str, int]:
    films = _forget_files(refused_films(contest), doomed, now)
    drafts = list(unsubmitted_drafts(contest).select_for_update(of=("self",)))
    doomed.extend(_stored_files(Video.objects.filter(entry__in=drafts).exclude(file="")))
    doomed.extend(_partials(Upload.objects.filter(entry__in=drafts)))
    _forget_materials(EntryMaterial.objects.filter(entry__in=drafts), doomed)
    Entry.objects.filter(pk__in=[entry.pk for entry in drafts]).delete()
    if not (films or drafts):
        return {}
    audit.record(actor=None, action="retention.purged", obj=contest, scope=contest,
                 after={"refused_films": films, "drafts": len(drafts),
                        "draft_codes": sorted(entry.code for entry in drafts)})
    return {"refused_films": films, "drafts": len(drafts)}


def _pseudonym(user: User) -> User:
    token = secrets.token_hex(8)
    return User(email=f"anonymised-{token}@anonymised.invalid",
                name_native=f"anonymised-{token}", country=user.country,
                is_active=False, password=make_password(None))


def _anonymise(contest: Contest, policy: Policy, now: datetime, doomed: list) -> dict[str, int]:
    entries = list(entries_to_anonymise(contest).select_for_update(of=("self",))
                   .select_related("entrant"))
    if not entries:
        return {}
    keeping = _entries_keeping_films(contest, policy)
    # An entry whose entrant is already gone (account erasure) needs no pseudonym.
    originals = {entry.entrant_id: entry.entrant for entry in entries if entry.entrant_id}
    pseudonyms = dict(zip(originals, User.objects.bulk_create(
        [_pseudonym(user) for user in originals.values()]), strict=True))
    entry_ids = [entry.pk for entry in entries]
    # Answers may name people, schools or places: they go with the names.
    Entry.objects.filter(pk__in=entry_ids).update(answers={})
    Entry.objects.filter(pk__in=entry_ids, entrant__isnull=True).update(
        retention_anonymised_at=now, updated_at=now)
    for original_id, pseudonym in pseudonyms.items():
        Entry.objects.filter(pk__in=entry_ids, entrant_id=original_id).update(
            entrant=pseudonym, retention_anonymised_at=now, updated_at=now)
        AuditEvent.objects.for_scope(contest).filter(
            actor_id=original_id, object_type__in=ENTRANT_OBJECTS).update(actor=pseudonym)
    for fn in _PSEUDONYMISERS.values():
        fn(contest, pseudonyms)
    Credit.objects.filter(entry_id__in=entry_ids).update(name_native="", name_latin="", user=None)
    doomed.extend(_partials(Upload.objects.filter(entry_id__in=entry_ids)))
    Upload.objects.filter(entry_id__in=entry_ids).delete()
    Video.objects.filter(entry_id__in=entry_ids).update(original_filename="", c2pa_manifest={})
    films = _forget_files(
        Video.objects.filter(entry_id__in=set(entry_ids) - keeping).exclude(file=""),
        doomed, now)
    # Entries that keep their films keep their poster, stills and subtitles too (an archive
    # of winners shows them), without the entrant's file names.
    EntryMaterial.objects.filter(entry_id__in=entry_ids).update(original_filename="")
    _forget_materials(EntryMaterial.objects.filter(entry_id__in=set(entry_ids) - keeping),
                      doomed)
    counts = {"anonymised_entries": len(entries), "anonymised_entrants": len(pseudonyms),
              "films_deleted": films}
    audit.record(actor=None, action="retention.anonymised", obj=contest, scope=contest,
                 after={**counts, "films_kept": policy.films_kept})
    return counts


def _delete_files(doomed: list[tuple[Storage | None, str]]) -> None:
    # A file another row still names (the demo's shared films) stays for that row.
    shared = file_names_in_use(name for storage, name in doomed if storage is not None)
    for storage, name in doomed:
        try:
            if storage is None:  # a partial upload on this server's disk
                Path(name).unlink(missing_ok=True)
            elif name in shared:
                continue
            else:
                storage.delete(name)
        except Exception:
            # The rows already forgot the file: it is an orphan now, worth a log line, not a
            # reason to keep the other files.
            logger.exception("Could not delete %s after retention", name)
