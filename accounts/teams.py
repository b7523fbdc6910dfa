"""Organisations and their teams: creating one, inviting people with a role, joining, leaving.

Every function here is a service: it runs in one transaction, writes an audit row scoped to the
organisation and puts its email in the outbox (sent after commit). The one rule that protects
an organisation from being orphaned: it always keeps at least one owner (the last owner can
neither leave, be removed nor lose the role).
"""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.emails import render_subject
from core.errors import ConflictError, ContestError, NotFoundError
from core.models import Message
from core.outbox import Rendered, enqueue

from .enums import OrgRole
from .models import Membership, Organisation, TeamInvitation, User
from .models.organisations import new_nonce
from .rules import forget_org_roles
from .two_factor import has_second_factor

INVITATION_VALIDITY = timedelta(days=14)
INVITATION_SALT = "accounts.team_invitation"


@transaction.atomic
def create_organisation(*, name: str, slug: str, by: User, default_language: str = "",
                        time_zone: str = "UTC", website: str = "") -> Organisation:
    """A new organisation with ``by`` as its first owner."""
    if Organisation.objects.filter(slug=slug).exists():
        raise ContestError(_("This short name is taken."), "slug_taken",
                           fields={"slug": [_("This short name is taken.")]})
    organisation = Organisation.objects.create(
        name=name, slug=slug, default_language=default_language or by.language,
        time_zone=time_zone, website=website,
    )
    Membership.objects.create(organisation=organisation, user=by, role=OrgRole.OWNER)
    forget_org_roles(by)
    audit.record(actor=by, action="organisation.created", obj=organisation, scope=organisation,
                 after={"name": name, "slug": slug})
    return organisation


EDITABLE = ("name", "default_language", "time_zone", "website",
            "purge_after_days", "anonymise_after_years", "films_kept",
            "two_factor_for_team", "two_factor_for_jurors")


@transaction.atomic
def update_organisation(*, organisation: Organisation, by: User, **changes) -> Organisation:
    """Change the organisation's name, default language, time zone, website, retention
    defaults or two-factor requirements (audited: one row with every field asked for, before
    and after).

    Requiring a second factor of the team is refused to someone who has none: they would
    lock themselves out of the page that turns it off again.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    fields = [field for field in EDITABLE if field in changes]
    if (changes.get("two_factor_for_team") and not organisation.two_factor_for_team
            and not has_second_factor(by)):
        raise ContestError(
            _("Set up two-factor authentication for your own account first."),
            "second_factor_required",
            fields={"two_factor_for_team": [_("You have no second factor yet.")]})
    before = {field: getattr(organisation, field) for field in fields}
    for field in fields:
        setattr(organisation, field, changes[field])
    organisation.save(update_fields=fields)
    audit.record(actor=by, action="organisation.updated", obj=organisation, scope=organisation,
                 before=before, after={field: getattr(organisation, field) for field in fields})
    return organisation


def invitation_token(invitation: TeamInvitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=INVITATION_SALT)


def invitation_url(invitation: TeamInvitation) -> str:
    path = reverse("accounts:team_invitation", kwargs={"token": invitation_token(invitation)})
    return settings.SITE_URL.rstrip("/") + path


TEAM_INVITATION = "accounts.team_invitation"


def render_team_invitation(message: Message) -> Rendered | None:
    """The invitation email, in the organisation's language (the invitee may have no account);
    only the latest link of a pending invitation is sent."""
    invitation = (TeamInvitation.objects.select_related("organisation", "invited_by")
                  .filter(pk=message.subject_id).first())
    if invitation is None or not invitation.is_pending or invitation.nonce != message.occasion:
        return None
    context = {"invitation": invitation, "organisation": invitation.organisation,
               "inviter": invitation.invited_by, "role": invitation.get_role_display(),
               "url": invitation_url(invitation)}
    return Rendered(
        subject=render_subject("accounts/email/team_invitation_subject.txt", context),
        text=render_to_string("accounts/email/team_invitation_body.txt", context))


@transaction.atomic
def invite_member(*, organisation: Organisation, email: str, role: str, by: User,
                  validity: timedelta = INVITATION_VALIDITY) -> TeamInvitation:
    """Invite ``email`` to the team with ``role``; a pending invitation is renewed, not doubled.

    Side effects: a TeamInvitation created or renewed (new link, new expiry), an audit row, the
    email after commit.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    role = _known_role(role)
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ContestError(_("This person is already on the team."), "already_member",
                           fields={"email": [_("Already on the team.")]})
    invitation = (TeamInvitation.objects.select_for_update()
                  .filter(organisation=organisation, email__iexact=email,
                          accepted_at__isnull=True, revoked_at__isnull=True).first())
    invitation = invitation or TeamInvitation(organisation=organisation, email=email)
    invitation.role = role
    invitation.invited_by = by
    _renew(invitation, validity)
    audit.record(actor=by, action="team.invited", obj=invitation, scope=organisation,
                 after={"email": email, "role": role})
    return invitation


@transaction.atomic
def resend_invitation(*, invitation: TeamInvitation, by: User,
                      validity: timedelta = INVITATION_VALIDITY) -> TeamInvitation:
    """A new link and expiry for a pending invitation; the previous link stops working."""
    invitation = TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ContestError(_("This invitation is no longer pending."), "invitation_closed")
    _renew(invitation, validity)
    audit.record(actor=by, action="team.invitation_resent", obj=invitation,
                 scope=invitation.organisation, after={"email": invitation.email})
    return invitation


def _renew(invitation: TeamInvitation, validity: timedelta) -> None:
    now = timezone.now()
    invitation.nonce = new_nonce()
    invitation.sent_at = now
    invitation.expires_at = now + validity
    invitation.save()
    # Times in the email are in UTC: the invitee's own zone is unknown.
    enqueue(kind=TEAM_INVITATION, subject=invitation, address=invitation.email,
            language=invitation.organisation.default_language, time_zone="UTC",
            scope=invitation.organisation, occasion=invitation.nonce)


@transaction.atomic
def revoke_invitation(*, invitation: TeamInvitation, by: User) -> None:
    """End a pending invitation: its link stops working at once."""
    invitation = TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ContestError(_("This invitation is no longer pending."), "invitation_closed")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(actor=by, action="team.invitation_revoked", obj=invitation,
                 scope=invitation.organisation, before={"email": invitation.email})


def pending_invitation(*, token: str) -> TeamInvitation:
    """The invitation behind a link if it can still be accepted; otherwise a clear error."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT)
        invitation = (TeamInvitation.objects.select_related("organisation", "invited_by")
                      .filter(pk=int(data["i"]), nonce=str(data["n"])).first())
    except (signing.BadSignature, KeyError, TypeError, ValueError, OverflowError):
        invitation = None
    if invitation is None:
        raise NotFoundError(_("This invitation link is not valid. It may have been replaced "
                              "by a newer one."), "invitation_unknown")
    if invitation.revoked_at is not None:
        raise ContestError(_("This invitation was withdrawn."), "invitation_revoked")
    if invitation.accepted_at is not None:
        raise ContestError(_("This invitation was already accepted."), "invitation_used")
    if invitation.expires_at <= timezone.now():
        raise ContestError(_("This invitation has expired. Ask the team for a new one."),
                           "invitation_expired")
    return invitation


def _owns_address(user: User, email: str) -> bool:
    if user.email.lower() == email.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


@transaction.atomic
def accept_invitation(*, token: str, user: User) -> Membership:
    """Join the invitation's team with its role.

    The link works only for the address it was sent to (the account's email or one of its
    verified addresses): a forwarded link must not hand out a role in someone else's team.
    """
    invitation = pending_invitation(token=token)
    invitation = TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ContestError(_("This invitation was already used."), "invitation_used")
    if not _owns_address(user, invitation.email):
        raise ContestError(
            _("This invitation was sent to another email address. Log in with the account "
              "of that address, or add and verify it in your settings."), "wrong_account")
    membership, created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role})
    forget_org_roles(user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(actor=user, action="team.joined", obj=membership, scope=invitation.organisation,
                 after={"invitation": invitation.pk, "role": membership.role,
                        "already_member": not created})
    return membership


@transaction.atomic
def register_and_accept(*, token: str, name_native: str, name_latin: str,
                        password: str) -> tuple[User, Membership]:
    """A new account for the invited address (proven by the link), then join the team."""
    invitation = pending_invitation(token=token)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ContestError(
            _("An account with this email address exists: log in to accept."), "account_exists")
    user = User.objects.create_user(
        email=invitation.email, password=password, name_native=name_native,
        name_latin=name_latin, language=invitation.organisation.default_language,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user, accept_invitation(token=token, user=user)


@transaction.atomic
def change_role(*, membership: Membership, role: str, by: User) -> Membership:
    """Give a member another role; the last owner keeps theirs."""
    role = _known_role(role)
    person = membership.user  # the caller's object: its cached roles must go too
    membership = _locked_team(membership)
    if membership.role == OrgRole.OWNER and role != OrgRole.OWNER:
        _refuse_last_owner(membership)
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    forget_org_roles(person, by)
    audit.record(actor=by, action="team.role_changed", obj=membership,
                 scope=membership.organisation, before={"role": before}, after={"role": role})
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by: User) -> None:
    """Take someone off the team (or, with ``by`` being them, leave it)."""
    person = membership.user  # the caller's object: its cached roles must go too
    membership = _locked_team(membership)
    if membership.role == OrgRole.OWNER:
        _refuse_last_owner(membership)
    action = "team.left" if membership.user_id == by.pk else "team.removed"
    audit.record(actor=by, action=action, obj=membership, scope=membership.organisation,
                 before={"user": membership.user_id, "role": membership.role})
    membership.delete()
    forget_org_roles(person, by)


def leave_organisation(*, membership: Membership) -> None:
    remove_member(membership=membership, by=membership.user)


def _locked_team(membership: Membership) -> Membership:
    """Lock every membership of the organisation: two owners leaving at once must not both
    pass the last-owner check."""
    locked = list(Membership.objects.select_for_update()
                  .filter(organisation_id=membership.organisation_id).order_by("pk"))
    for row in locked:
        if row.pk == membership.pk:
            row.organisation = membership.organisation
            return row
    raise ConflictError(_("This person is no longer on the team."), "membership_gone")


def _refuse_last_owner(membership: Membership) -> None:
    others = Membership.objects.filter(organisation_id=membership.organisation_id,
                                       role=OrgRole.OWNER).exclude(pk=membership.pk)
    if not others.exists():
        raise ContestError(
            _("An organisation needs at least one owner: make someone else an owner first."),
            "last_owner")


def _known_role(role: str) -> str:
    if role not in OrgRole.values:
        raise ContestError(_("Choose one of the roles."), "invalid",
                           fields={"role": [_("Unknown role.")]})
    return role

