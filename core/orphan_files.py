"""Stored files that no row names any more, deleted once they are old enough to be sure.

Services delete a file after the transaction that forgets it commits, so a failed deletion
never takes a file a row still needs; the price is that a deletion failing at that moment
(storage unreachable, the worker killed between commit and delete) leaves a file nobody
names. The daily ``core.sweep_orphan_files`` finds those: every file of the default storage
(``media_archive.stored_files``) is looked up in every ``FileField`` of every installed model,
so a new app's files are covered without registering anything. A file no row names and older
than ``MARQUEE_ORPHAN_FILE_GRACE_HOURS`` goes: the grace outlasts every task that writes a file
before the row that will name it (a validation's poster, a data export being written).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from itertools import islice

from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .media_archive import Stored, stored_files

logger = logging.getLogger(__name__)

BATCH = 1000


def file_fields() -> list[tuple[type[models.Model], tuple[str, ...]]]:
    """Each concrete model with file fields, and their names."""
    found = []
    for model in apps.get_models():
        names = tuple(field.name for field in model._meta.concrete_fields
                      if isinstance(field, models.FileField))
        if names and not model._meta.proxy:
            found.append((model, names))
    return found


def names_in_use(names: Iterable[str]) -> set[str]:
    """Those of ``names`` some row names in some file field: one query per model that has
    file fields."""
    names = set(names)
    used: set[str] = set()
    if not names:
        return used
    for model, fields in file_fields():
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__in": names})
        for row in model._default_manager.filter(condition).values_list(*fields):
            used.update(name for name in row if name in names)
    return used


def sweep_orphan_files(*, storage: Storage = default_storage, now: datetime | None = None,
                       dry_run: bool = False) -> dict[str, int]:
    """Delete (or, ``dry_run``, only count) the files no row names that are older than the
    grace period. Returns counts: files seen, orphans deleted, orphans too young, failures."""
    now = now or timezone.now()
    grace = timedelta(hours=settings.MARQUEE_ORPHAN_FILE_GRACE_HOURS)
    counts = {"seen": 0, "deleted": 0, "too_young": 0, "failed": 0, "bytes": 0}
    deleting = (lambda name: True) if dry_run else (lambda name: _delete(storage, name))
    for batch in _batches(stored_files(storage), BATCH):
        counts["seen"] += len(batch)
        used = names_in_use(stored.name for stored in batch)
        for stored in batch:
            if stored.name in used:
                continue
            if stored.modified is None or now - stored.modified < grace:
                counts["too_young"] += 1
                continue
            outcome = deleting(stored.name)
            if outcome is None:  # named again meanwhile: not an orphan after all
                continue
            counts["deleted" if outcome else "failed"] += 1
            counts["bytes"] += stored.size if outcome else 0
    if counts["deleted"] or counts["failed"]:
        logger.info("Orphan files%s: %s", " (dry run)" if dry_run else "", counts)
    return counts


def _delete(storage: Storage, name: str) -> bool | None:
    """True once deleted, False when the storage refused, None when a row names it now."""
    # The file may have been named again since its batch was read (a restore, an operator's
    # fix): ask once more just before deleting. Orphans are few; the queries are too.
    if names_in_use([name]):
        return None
    try:
        storage.delete(name)
    except Exception:
        logger.exception("Could not delete the orphan file %s", name)
        return False
    return True


def _batches(items: Iterator[Stored], size: int) -> Iterator[list[Stored]]:
    while batch := list(islice(items, size)):
        yield batch
