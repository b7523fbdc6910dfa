"""The kinds of message the outbox knows, registered by the apps that own their subjects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import Message


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str | None = None


@dataclass(frozen=True)
class MessageKind:
    """How one kind of message reads; ``render`` returns ``None`` when the message no longer
    applies (a reminder whose draft was submitted meanwhile) and it is skipped."""

    kind: str
    render: Callable[[Message], Rendered | None]
    essential: bool
    label: Any


_KINDS: dict[str, MessageKind] = {}


def register_message_kind(kind: str, *, render: Callable[[Message], Rendered | None],
                          essential: bool, label: Any) -> None:
    """Register (or replace) a kind. Essential ones (receipts, verdicts, invitations) ignore
    unsubscriptions and carry no unsubscribe link; the others honour them."""
    _KINDS[kind] = MessageKind(kind=kind, render=render, essential=essential, label=label)


def message_kind(kind: str) -> MessageKind | None:
    return _KINDS.get(kind)


def message_kinds() -> list[MessageKind]:
    return list(_KINDS.values())
