"""What accounts does for the outbox (core cannot register itself): the kinds of message
accounts sends, forgetting a person's messages, and putting them into their data export."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import BouncedAddress, Message, Unsubscription
from core.outbox import register_message_kind

from .data_export.email import (
    DATA_EXPORT_FAILED,
    DATA_EXPORT_READY,
    render_data_export_failed,
    render_data_export_ready,
)
from .data_export.registry import register_exporter
from .erasure import register_eraser
from .models import User
from .own_erasure import addresses_of
from .teams import TEAM_INVITATION, render_team_invitation


def forget_messages(user: User) -> None:
    """Messages to the person (by account or by any of their addresses) go, with their
    unsubscriptions and bounce marks: nothing is left to send to a forgotten person."""
    to_them = Q()
    for address in addresses_of(user):
        to_them |= Q(address__iexact=address)
    Message.objects.filter(Q(recipient=user) | to_them).delete()
    if to_them:
        Unsubscription.objects.filter(to_them).delete()
        BouncedAddress.objects.filter(to_them).delete()


def messages_of(user: User) -> Iterator[dict]:
    """What the outbox holds for the person: which email, about what, and what became of it
    (not the bodies: they are rendered at sending and not stored)."""
    rows = (Message.objects.filter(recipient=user)
            .order_by("created_at", "id")
            .values("kind", "address", "subject_type", "subject_id", "language", "status",
                    "status_reason", "created_at", "sent_at"))
    for row in rows.iterator(chunk_size=500):
        yield {**row, "kind": "message", "message_kind": row["kind"],
               "created_at": row["created_at"].isoformat(),
               "sent_at": row["sent_at"].isoformat() if row["sent_at"] else None}


def register() -> None:
    register_message_kind(TEAM_INVITATION, render=render_team_invitation, essential=True,
                          label=_("Team invitations"))
    register_message_kind(DATA_EXPORT_READY, render=render_data_export_ready, essential=True,
                          label=_("Data export links"))
    register_message_kind(DATA_EXPORT_FAILED, render=render_data_export_failed, essential=True,
                          label=_("Data exports that could not be made"))
    register_eraser(name="core.outbox", forget=forget_messages,
                    handles={"core.Message.recipient": "deleted, with every message to the "
                                                       "person's addresses"})
    register_exporter(name="core.outbox", collect=messages_of,
                      covers={"core.Message.recipient"})
