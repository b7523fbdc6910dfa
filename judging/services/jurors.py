"""Jurors: invitations by email, accepting them, juror profiles and declared conflicts."""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from accounts.services import add_role
from contest.languages import FILM_LANGUAGE_CHOICES
from contest.models import Contest
from core import audit
from core.errors import ContestError, NotFoundError, PermissionDeniedError
from core.outbox import enqueue

from ..enums import ConflictKind
from ..models import Assignment, Juror, JurorConflict, JurorInvitation, Round
from ..rules import conflict_refusal
from .messages import INVITATION

INVITATION_VALIDITY = timedelta(days=14)
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
FILM_LANGUAGE_CODES = frozenset(code for code, _name in FILM_LANGUAGE_CHOICES)


def invitation_url(invitation: JurorInvitation) -> str:
    path = reverse("judging:invitation", kwargs={"token": invitation.token})
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def invite_juror(
    *, contest: Contest, email: str, language: str, by, validity: timedelta = INVITATION_VALIDITY
) -> JurorInvitation:
    """Invite ``email`` to the jury of ``contest``; a pending invitation is renewed, not doubled.

    Side effects: creates or renews a JurorInvitation (new token and expiry), writes an
    audit row, and puts the email in ``language`` in the outbox (sent after commit).
    """
    email = User.objects.normalize_email(email.strip()).lower()
    if language not in LANGUAGE_CODES:
        raise ContestError(_("Choose one of the site's languages."), "invalid",
                           fields={"language": [_("Unknown language.")]})
    if Juror.objects.filter(contest=contest, user__email__iexact=email, is_active=True).exists():
        raise ContestError(_("This person is already on the jury."), "already_juror",
                           fields={"email": [_("Already a juror.")]})
    invitation = (
        JurorInvitation.objects.select_for_update()
        .filter(contest=contest, email__iexact=email, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        invitation = JurorInvitation(contest=contest, email=email)
    else:
        invitation.token = JurorInvitation._meta.get_field("token").default()
    invitation.language = language
    invitation.invited_by = by
    invitation.expires_at = timezone.now() + validity
    invitation.save()
    audit.record(actor=by, action="juror.invited", obj=invitation, scope=contest,
                 after={"email": email, "language": language})
    # A renewal draws a new token: a new message, and the old link's message is skipped.
    enqueue(kind=INVITATION, subject=invitation, address=invitation.email,
            language=invitation.language, time_zone="UTC", scope=contest,
            occasion=invitation.token)
    return invitation


def pending_invitation(*, token: str) -> JurorInvitation:
    """The invitation behind ``token`` if it can still be accepted; otherwise a clear error."""
    invitation = (
        JurorInvitation.objects.select_related("contest", "invited_by").filter(token=token).first()
    )
    if invitation is None:
        raise NotFoundError(_("This invitation link is not valid."), "invitation_unknown")
    if invitation.accepted_at is not None:
        raise ContestError(_("This invitation was already accepted."), "invitation_used")
    if invitation.expires_at <= timezone.now():
        raise ContestError(
            _("This invitation has expired. Ask the organisers for a new one."),
            "invitation_expired",
        )
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, user: User) -> Juror:
    """Seat ``user`` on the jury of the invitation's contest.

    Side effects: the user gets the juror role, a Juror seat is created (or reactivated),
    the invitation is marked accepted (single use) and an audit row is written.
    """
    invitation = pending_invitation(token=token)
    invitation = JurorInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ContestError(_("This invitation was already accepted."), "invitation_used")
    juror, created = Juror.objects.get_or_create(
        contest=invitation.contest, user=user,
        defaults={"country": user.country, "languages": [user.language]},
    )
    if not created and not juror.is_active:
        juror.is_active = True
        juror.save(update_fields=["is_active"])
    add_role(user=user, role=Role.JUROR)
    invitation.accepted_at = timezone.now()
    invitation.juror = juror
    invitation.save(update_fields=["accepted_at", "juror"])
    audit.record(actor=user, action="juror.accepted", obj=juror, scope=invitation.contest,
                 after={"invitation": invitation.pk, "email": invitation.email})
    return juror


@transaction.atomic
def register_and_accept(
    *, token: str, name_native: str, name_latin: str, password: str
) -> tuple[User, Juror]:
    """Create the invitee's account (email proven by the link) and accept the invitation.

    Side effects: a new active user with a verified primary email address, then as
    ``accept_invitation``.
    """
    invitation = pending_invitation(token=token)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ContestError(
            _("An account with this email address exists: log in to accept."), "account_exists"
        )
    user = User.objects.create_user(
        email=invitation.email, password=password, name_native=name_native,
        name_latin=name_latin, language=invitation.language,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user, accept_invitation(token=token, user=user)


def understood_languages(languages) -> list[str]:
    """The languages a juror understands, checked against the film languages, sorted."""
    wanted = sorted(set(languages))
    unknown = [code for code in wanted if code not in FILM_LANGUAGE_CODES]
    if unknown:
        raise ContestError(_("Choose languages from the list."), code="invalid",
                           fields={"languages": [_("Unknown language: %(codes)s.") % {
                               "codes": ", ".join(unknown[:10])}]})
    return wanted


@transaction.atomic
def update_juror_profile(*, juror: Juror, by, country: str, languages: list[str]) -> Juror:
    """The juror's own country and the languages they can judge in."""
    if juror.user_id != by.pk:
        raise PermissionDeniedError(_("This is not your juror profile."))
    juror.country = country
    juror.languages = understood_languages(languages)
    juror.save(update_fields=["country", "languages"])
    return juror


def _find_entrant(text: str) -> User | None:
    text = text.strip()
    if "@" in text:
        return User.objects.filter(email__iexact=text).first()
    matches = list(
        User.objects.filter(name_native__iexact=text)[:2]
        or User.objects.filter(name_latin__iexact=text)[:2]
    )
    return matches[0] if len(matches) == 1 else None


@transaction.atomic
def declare_conflict(
    *, juror: Juror, by, kind: str, entrant: str = "", country: str = "",
    organisation: str = "", reason: str = "",
) -> JurorConflict:
    """Record a conflict the juror declares in advance (an entrant, a country, an organisation).

    An entrant is named by email or name; when it matches one account it is linked, so
    the assignment never gives the juror that person's entries. The text typed is kept
    in ``reason`` either way so organisers can resolve it by hand.
    Side effects: a JurorConflict row and an audit row.
    """
    if juror.user_id != by.pk:
        raise PermissionDeniedError(_("This is not your juror profile."))
    conflict = JurorConflict(juror=juror, kind=kind, reason=reason.strip())
    if kind == ConflictKind.ENTRANT:
        if not entrant.strip():
            raise ContestError(_("Name the entrant."), "invalid",
                               fields={"entrant": [_("This field is required.")]})
        conflict.entrant = _find_entrant(entrant)
        conflict.reason = "\n".join(filter(None, [entrant.strip(), conflict.reason]))
    elif kind == ConflictKind.COUNTRY:
        if not country:
            raise ContestError(_("Choose a country."), "invalid",
                               fields={"country": [_("This field is required.")]})
        conflict.country = country
    elif kind == ConflictKind.ORGANISATION:
        if not organisation.strip():
            raise ContestError(_("Name the organisation."), "invalid",
                               fields={"organisation": [_("This field is required.")]})
        conflict.organisation = organisation.strip()
    else:
        raise ContestError(_("Choose what the conflict is about."), "invalid",
                           fields={"kind": [_("Not a valid choice.")]})
    conflict.save()
    audit.record(actor=by, action="juror.conflict_declared", obj=conflict, scope=juror.contest,
                 after={"kind": kind, "country": str(conflict.country),
                        "organisation": conflict.organisation, "entrant": conflict.entrant_id})
    return conflict


@transaction.atomic
def withdraw_conflict(*, conflict: JurorConflict, by) -> None:
    """Remove a conflict the juror declared in advance (not one on a specific entry)."""
    if conflict.juror.user_id != by.pk or conflict.kind == ConflictKind.ENTRY:
        raise PermissionDeniedError(_("You cannot withdraw this conflict."))
    audit.record(actor=by, action="juror.conflict_withdrawn", obj=conflict,
                 scope=conflict.juror.contest, before={"kind": conflict.kind})
    conflict.delete()


@transaction.atomic
def declare_entry_conflict(*, assignment: Assignment, by, reason: str = "") -> Assignment | None:
    """The juror knows who made this entry: record it, drop their assignment, reassign.

    Side effects: a JurorConflict of kind "entry", an audit row, and the round's
    reassignment (which removes this juror's assignment and returns the replacement,
    or None when no other juror is free of conflicts).
    """
    from .rounds import reassign_after_conflict

    # Same lock order as the round's own services: the round first, then its assignments.
    Round.objects.select_for_update().filter(pk=assignment.round_id).first()
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("round__contest", "juror", "entry")
        .get(pk=assignment.pk)
    )  # the score is read after the lock, so one submitted meanwhile is seen (see scoring)
    refusal = conflict_refusal(by, assignment)
    if refusal is not None:
        code, message = refusal
        raise PermissionDeniedError(message, code)
    conflict = JurorConflict.objects.create(
        juror=assignment.juror, kind=ConflictKind.ENTRY, entry=assignment.entry,
        reason=reason.strip(),
    )
    audit.record(actor=by, action="juror.conflict_declared", obj=conflict,
                 scope=assignment.round.contest,
                 after={"kind": ConflictKind.ENTRY, "assignment": assignment.pk,
                        "entry": assignment.entry_id, "round": assignment.round_id})
    return reassign_after_conflict(assignment=assignment)
