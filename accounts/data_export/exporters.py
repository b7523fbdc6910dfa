"""What accounts (and core, which cannot register itself) put into a person's data export.

Only the person's own data: invitations they sent show the organisation, role and dates but
not the address they were sent to, and audit rows about them written by someone else do not
say who (``by_you`` tells their own acts apart). Rows of the person's own acts are copied as
written: they name what the person acted on, which they saw when acting.
"""

from __future__ import annotations

from collections.abc import Iterator

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.db.models import Q
from rest_framework.authtoken.models import Token

from core.models import AuditEvent

from ..models import Membership, TeamInvitation, User
from ..tokens import token_expiry
from .registry import register_exporter

CHUNK = 500


def profile(user: User) -> Iterator[dict]:
    yield {
        "kind": "profile",
        "id": user.pk,
        "email": user.email,
        "name_native": user.name_native,
        "name_latin": user.name_latin,
        "country": user.country.code or "",
        "language": user.language,
        "time_zone": user.time_zone,
        "organisation": user.organisation,
        "website": user.website,
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }
    for address in EmailAddress.objects.filter(user=user).order_by("pk"):
        yield {"kind": "email_address", "email": address.email, "verified": address.verified,
               "primary": address.primary}
    # The key is a password: the export says a token exists, never what it is.
    for token in Token.objects.filter(user=user):
        yield {"kind": "api_token", "created": token.created, "expires": token_expiry(token)}


def organisations(user: User) -> Iterator[dict]:
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    for membership in memberships.order_by("created_at", "pk"):
        yield {"kind": "membership", "organisation": membership.organisation.name,
               "organisation_slug": membership.organisation.slug, "role": membership.role,
               "since": membership.created_at}
    addresses = list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    received = Q(accepted_by=user) | Q(email__in=[a.lower() for a in [user.email, *addresses]])
    for invitation in _invitations(received):
        yield {"kind": "team_invitation_received", **_invitation(invitation),
               "email": invitation.email}
    for invitation in _invitations(Q(invited_by=user)):
        yield {"kind": "team_invitation_sent", **_invitation(invitation)}


def _invitations(condition: Q):
    return (TeamInvitation.objects.filter(condition).select_related("organisation")
            .order_by("created_at", "pk"))


def _invitation(invitation: TeamInvitation) -> dict:
    return {"organisation": invitation.organisation.name, "role": invitation.role,
            "sent_at": invitation.sent_at, "expires_at": invitation.expires_at,
            "accepted_at": invitation.accepted_at, "revoked_at": invitation.revoked_at}


def audit_records(user: User) -> Iterator[dict]:
    """Audit rows where the person acted or is the object, and their Django admin actions."""
    about = Q(object_type=User._meta.label_lower, object_id=str(user.pk))
    rows = AuditEvent.objects.filter(Q(actor=user) | about).order_by("created_at", "pk")
    for event in rows.iterator(chunk_size=CHUNK):
        yield {"kind": "audit", "at": event.created_at, "action": event.action,
               "by_you": event.actor_id == user.pk, "object_type": event.object_type,
               "object_id": event.object_id, "scope_type": event.scope_type,
               "scope_id": event.scope_id, "before": event.before, "after": event.after}
    entries = LogEntry.objects.filter(user=user).select_related("content_type")
    for entry in entries.order_by("action_time", "pk").iterator(chunk_size=CHUNK):
        yield {"kind": "admin_action", "at": entry.action_time,
               "action": {1: "added", 2: "changed", 3: "deleted"}.get(entry.action_flag, ""),
               "object_type": entry.content_type.model if entry.content_type else "",
               "object_id": entry.object_id, "object": entry.object_repr,
               "change": entry.get_change_message()}


def register() -> None:
    register_exporter(
        name="accounts.profile", collect=profile,
        covers={"account.EmailAddress.user", "authtoken.Token.user"},
        withholds={"accounts.DataExport.user": "The exports themselves: each request is in "
                                               "the audit records.",
                   "mfa.Authenticator.user": "Second factors are credentials: their secrets "
                                             "never leave the server; the audit records say "
                                             "when one was added."},
    )
    register_exporter(
        name="accounts.organisations", collect=organisations,
        covers={"accounts.Membership.user", "accounts.TeamInvitation.invited_by",
                "accounts.TeamInvitation.accepted_by"},
    )
    register_exporter(name="core.audit", collect=audit_records,
                      covers={"core.AuditEvent.actor", "admin.LogEntry.user"})
