"""What each app puts into a person's data export.

Apps register an exporter at start-up (in their ``AppConfig.ready``), as they register an
eraser with ``accounts.erasure``. ``collect(user)`` yields JSON-able dicts (the records of the
exporter's JSON file in the archive) and ``ExportFile``s (stored files copied into it), lazily,
so that a person with thousands of rows or gigabytes of films never sits in memory at once.

Each exporter declares the relations to the user model it answers for: ``covers`` (exported)
and ``withholds`` (deliberately left out, with the reason). A test walks every model's foreign
keys to the user and fails on one that no exporter declares.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.core.files.storage import Storage

from ..models import User


@dataclass(frozen=True)
class ExportFile:
    """A stored file to copy into the archive at ``path`` (``files/…``)."""

    path: str
    storage: Storage
    name: str


Item = dict | ExportFile


@dataclass(frozen=True)
class Exporter:
    name: str
    collect: Callable[[User], Iterable[Item]]
    covers: frozenset[str] = frozenset()
    withholds: Mapping[str, str] = field(default_factory=dict)


_EXPORTERS: dict[str, Exporter] = {}


def register_exporter(*, name: str, collect: Callable[[User], Iterable[Item]],
                      covers: Iterable[str] = (), withholds: Mapping[str, str] | None = None,
                      ) -> None:
    """Register (or replace, by name) what an app contributes to a data export.

    ``name`` is also the JSON file's name in the archive (``data/<name>.json``); ``covers``
    and ``withholds`` name relations to the user as ``"app_label.Model.field"``.
    """
    _EXPORTERS[name] = Exporter(name=name, collect=collect, covers=frozenset(covers),
                                withholds=dict(withholds or {}))


def exporters() -> list[Exporter]:
    return list(_EXPORTERS.values())
