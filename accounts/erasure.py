"""Forgetting a person: accounts owns the act, every app above it says what it holds.

Apps register an eraser at start-up (in their ``AppConfig.ready``), as pretalx's ``shred()``
asks every plugin to forget a person. ``delete_account`` first asks each eraser whether the
person may be forgotten now (``refuse`` raises a ``ContestError`` to say no), then lets each one
forget what it holds (``forget``), inside the same transaction. ``forget`` may return work that
must wait until the transaction has committed, such as deleting files, so that a rollback never
leaves rows pointing at missing files.

Each eraser also declares the foreign keys to the user model it answers for (``handles``:
``"app_label.Model.field"``, with how the field is treated). A test walks every model and fails
on a relation to the user nobody declared, so a new model cannot silently keep, or silently
lose, what belongs to a deleted person.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .models import User

AfterCommit = Callable[[], None]


@dataclass(frozen=True)
class Eraser:
    name: str
    refuse: Callable[[User], None] | None = None
    forget: Callable[[User], AfterCommit | None] | None = None
    handles: Mapping[str, str] = field(default_factory=dict)


_ERASERS: dict[str, Eraser] = {}


def register_eraser(*, name: str, refuse: Callable[[User], None] | None = None,
                    forget: Callable[[User], AfterCommit | None] | None = None,
                    handles: Mapping[str, str] | None = None) -> None:
    """Register (or replace, by name) what an app does when a person is forgotten.

    ``handles`` maps each user foreign key the eraser answers for to a few words on what
    happens to it ("deleted with the user", "detached: the seat stays").
    """
    _ERASERS[name] = Eraser(name=name, refuse=refuse, forget=forget, handles=dict(handles or {}))


def erasers() -> list[Eraser]:
    return list(_ERASERS.values())


def handled_fields() -> dict[str, str]:
    """Every declared ``"app_label.Model.field"`` and the eraser that answers for it."""
    return {label: eraser.name for eraser in _ERASERS.values() for label in eraser.handles}
