"""What accounts itself forgets of a person: team memberships and team invitations.

Registered with ``accounts.erasure`` in ``AccountsConfig.ready``, like the erasers of the apps
above. An organisation always keeps an owner, so the last owner of one is refused until they
hand the role on; the other memberships go through ``teams.remove_member`` (its lock and its
audit row, which names the person by id only).
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.errors import ContestError

from .enums import OrgRole
from .models import Membership, TeamInvitation, User
from .teams import remove_member

HANDLES = {
    "accounts.Membership.user": "removed through the team services; the last owner is refused",
    "accounts.TeamInvitation.invited_by": "set to empty: the invitation stays",
    "accounts.TeamInvitation.accepted_by": "set to empty; the invited address is blanked",
    "core.AuditEvent.actor": "set to empty: the rows stay, quoted addresses and names are blanked",
    "account.EmailAddress.user": "deleted with the user",
    "authtoken.Token.user": "deleted with the user",
    "admin.LogEntry.user": "deleted with the user (an operator's own admin history)",
    "mfa.Authenticator.user": "deleted with the user (authenticator apps, passkeys, codes)",
}


def addresses_of(user: User) -> set[str]:
    """Every email address of the person, lower-cased: the account's and the verified others."""
    emails = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    return {email.lower() for email in emails | {user.email} if email}


def refuse_if_last_owner(user: User) -> None:
    """An organisation must keep an owner: its last one hands the role on first."""
    owned = Membership.objects.filter(user=user, role=OrgRole.OWNER).select_related("organisation")
    for membership in owned.order_by("organisation_id"):
        others = Membership.objects.filter(organisation_id=membership.organisation_id,
                                           role=OrgRole.OWNER).exclude(pk=membership.pk)
        if not others.exists():
            raise ContestError(
                _("You are the last owner of %(organisation)s. Make another team member an "
                  "owner before deleting your account.")
                % {"organisation": membership.organisation.name},
                "last_owner",
            )


def forget_member(user: User) -> None:
    """Leave every team and drop the invitations that name the person's addresses."""
    for membership in (Membership.objects.filter(user=user).select_related("organisation", "user")
                       .order_by("organisation_id")):
        remove_member(membership=membership, by=user)
    addresses = addresses_of(user)
    to_them = TeamInvitation.objects.filter(email__in=addresses)
    to_them.filter(accepted_at__isnull=True, revoked_at__isnull=True).delete()
    # Accepted or revoked invitations stay as the team's record, without the address.
    TeamInvitation.objects.filter(Q(email__in=addresses) | Q(accepted_by=user)).update(email="")
