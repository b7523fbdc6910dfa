"""Forgetting a person: accounts owns the act, every app above it says what it holds.

Apps register an eraser at start-up (in their ``AppConfig.ready``), as pretalx's ``shred()``
asks every plugin to forget a person. ``delete_account`` first asks each eraser whether the
person may be forgotten now (``refuse`` raises a ``ContestError`` to say no), then lets each one
forget what it holds (``forget``), inside the same transaction. ``forget`` may return work that
must wait until the transaction has committed, such as deleting files, so that a rollback never
leaves rows pointing at missing files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .models import User

AfterCommit = Callable[[], None]


@dataclass(frozen=True)
class Eraser:
    name: str
    refuse: Callable[[User], None] | None = None
    forget: Callable[[User], AfterCommit | None] | None = None


_ERASERS: dict[str, Eraser] = {}


def register_eraser(*, name: str, refuse: Callable[[User], None] | None = None,
                    forget: Callable[[User], AfterCommit | None] | None = None) -> None:
    """Register (or replace, by name) what an app does when a person is forgotten."""
    _ERASERS[name] = Eraser(name=name, refuse=refuse, forget=forget)


def erasers() -> list[Eraser]:
    return list(_ERASERS.values())
