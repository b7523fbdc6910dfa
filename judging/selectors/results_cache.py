"""Figures computed from all of a round's scores, computed once per results version.

A round's ranking and reliability figures read every submitted score: tens of thousands of
rows in a screening round. They only change when the round's ``results_version`` moves on
(``judging/services/results.py``), so they are kept under a key naming the round, that
version and what was computed, in two places: this process (the last few, no copying at
all) and the shared cache (Redis in production, so every worker profits from one
computation). A new version is a new key: nothing is ever invalidated, old keys expire.

Counts over a contest's entries (the dashboard's intake figures, the results table's
filter choices) do not depend on scores; they are kept under a fingerprint of the entries
(``remembered_for_entries``): how many there are and when one last changed.

When several requests miss at once, one computes under a short lock while the others wait
for its result (up to ``WAIT_SECONDS``), so a popular page after a score does not set every
worker computing the same ranking.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max

from contest.models import Contest, Entry

from ..models import Round

T = TypeVar("T")

NAMESPACE = "judging.results"  # tests give every test its own
TIMEOUT = 24 * 3600  # old versions are never read again; let them go
LOCK_SECONDS = 30
WAIT_SECONDS = 5.0
POLL_SECONDS = 0.05
LOCAL_SIZE = 16
ENTRIES_TIMEOUT = 300

_local: OrderedDict[str, object] = OrderedDict()
_local_lock = threading.Lock()
_MISSING = object()


def current_version(round: Round) -> int:
    """The round's results version as committed now, not as ``round`` was loaded (one query):
    a caller may hold the round from before a change it made itself."""
    versions = list(Round.objects.filter(pk=round.pk).order_by()
                    .values_list("results_version", flat=True))
    return versions[0] if versions else round.results_version


def entries_fingerprint(*, contest: Contest) -> str:
    """How many entries the contest has and when one last changed (one query)."""
    figures = Entry.objects.filter(contest=contest).aggregate(n=Count("pk"),
                                                               changed=Max("updated_at"))
    changed = figures["changed"].isoformat() if figures["changed"] else "-"
    return f"{figures['n']}@{changed}"


def _key(suffix: str) -> str:
    # The database's name keeps benchmarks, tests and sites sharing one Redis apart.
    return f"{NAMESPACE}:{connection.settings_dict['NAME']}:{suffix}"


def _remember_locally(key: str, value: object) -> None:
    with _local_lock:
        _local[key] = value
        _local.move_to_end(key)
        while len(_local) > LOCAL_SIZE:
            _local.popitem(last=False)


def _wait_for(key: str) -> object:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        value = cache.get(key, _MISSING)
        if value is not _MISSING:
            return value
    return _MISSING


def remembered(*, round_id: int, version: int, name: str, compute: Callable[[], T]) -> T:
    """``compute()`` for this round, version and ``name``, computed once and then shared.

    ``name`` must say everything else the value depends on (the method, the tie-break rule).
    """
    return _remember(f"{round_id}:{version}:{name}", compute, TIMEOUT)


def remembered_for_entries(*, contest_id: int, fingerprint: str, name: str,
                           compute: Callable[[], T]) -> T:
    """``compute()`` for the contest's entries as ``fingerprint`` (``entries_fingerprint``)
    describes them, shared for at most ``ENTRIES_TIMEOUT``: changes the fingerprint cannot
    see (an entrant's country, a category's name) show within that time."""
    return _remember(f"entries:{contest_id}:{fingerprint}:{name}", compute, ENTRIES_TIMEOUT)


def _remember(suffix: str, compute: Callable[[], T], timeout: int) -> T:
    key = _key(suffix)
    with _local_lock:
        expires, value = _local.get(key, (0.0, _MISSING))
    if value is not _MISSING and expires > time.monotonic():
        return value  # type: ignore[return-value]
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        lock, token = f"{key}:lock", uuid.uuid4().hex
        if cache.add(lock, token, LOCK_SECONDS) or (value := _wait_for(key)) is _MISSING:
            try:
                value = compute()
                cache.set(key, value, timeout)
            finally:
                if cache.get(lock) == token:
                    cache.delete(lock)
    _remember_locally(key, (time.monotonic() + timeout, value))
    return value  # type: ignore[return-value]


def forget_local() -> None:
    """Empty this process's copies (tests)."""
    with _local_lock:
        _local.clear()
