"""Organisations that require two-factor authentication, and the gate that holds people to it.

An organisation may require a second factor (an authenticator app or a passkey; recovery
codes only stand in for one) of its team (every member, any role) and of the jurors of its
contests. The requirement is enforced by an access gate on the one permission gate
(``core.permissions``): whenever a permission is granted on an object of such an organisation
(its contest, an entry, a round...) to a person it binds who has no second factor, a page
redirects to the two-factor set-up page with an explanation and the API answers 403
``second_factor_required``, whether the request carries a session or a token. Pages about no
one object (the organisers' home, the juror area) wait while any organisation binds the person.

Contest and judging sit above accounts: contest says which organisation an object belongs to
(``register_organisation_of``) and judging which organisations' contests a person judges
(``register_juror_organisations``), both at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from allauth.mfa.models import Authenticator
from django.utils.translation import gettext as _

from core.permissions import AccessRefusal

from .models import Organisation, User
from .rules import organisations_requiring_two_factor_of_team

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
SET_UP_URL_NAME = "mfa_index"
REFUSAL_CODE = "second_factor_required"

# obj -> the id of the organisation it belongs to, or None when the resolver does not know it.
_ORGANISATION_OF: dict[str, Callable[[Any], int | None]] = {}
# user, organisation id or None (any) -> ids of organisations requiring it of their jurors
# in whose contests the user holds a juror's seat; asked only for the juror permissions.
_JUROR_ORGANISATIONS: dict[str, tuple[Callable[[User, int | None], Iterable[int]],
                                      frozenset[str]]] = {}


# Permissions over a person's own things (an entrant's entry): no organisation's business.
# Leaving a team is one: a team that asks for a second factor must not hold on to someone
# who would rather go than set one up.
_EXEMPT_PERMISSIONS: set[str] = {"accounts.leave_organisation"}


def register_organisation_of(name: str, fn: Callable[[Any], int | None], *,
                             exempt_perms: Iterable[str] = ()) -> None:
    """``fn(obj)``: the organisation ``obj`` belongs to; ``exempt_perms`` are the person's
    own (an entrant working on their entry is not working for the organisation)."""
    _ORGANISATION_OF[name] = fn
    _EXEMPT_PERMISSIONS.update(exempt_perms)


def register_juror_organisations(name: str, fn: Callable[[User, int | None], Iterable[int]],
                                 *, perms: Iterable[str]) -> None:
    """``fn`` answers for the juror ``perms`` (the juror's pages and endpoints): the team's
    permissions need no query about seats."""
    _JUROR_ORGANISATIONS[name] = (fn, frozenset(perms))


def has_second_factor(user: User) -> bool:
    """An authenticator app or a passkey (read once per user object, i.e. per request)."""
    cached = getattr(user, "_has_second_factor", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()
        user._has_second_factor = cached
    return cached


def organisation_of(obj: Any) -> int | None:
    if isinstance(obj, Organisation):
        return obj.pk
    for resolve in _ORGANISATION_OF.values():
        organisation_id = resolve(obj)
        if organisation_id is not None:
            return organisation_id
    return None


def binding_organisations(user: User, perm: str,
                          organisation_id: int | None = None) -> set[int]:
    """The organisations that require a second factor of ``user`` for ``perm`` (only
    ``organisation_id``'s when given): a juror permission answers to the requirement for
    jurors (the user's seats in their contests), any other to the one for the team."""
    for organisations, perms in _JUROR_ORGANISATIONS.values():
        if perm in perms:
            return set(organisations(user, organisation_id))
    team = organisations_requiring_two_factor_of_team(user)
    return set(team) if organisation_id is None else set(team) & {organisation_id}


def second_factor_refusal(user, perm: str, obj: Any) -> AccessRefusal | None:
    """The access gate: None unless ``obj``'s organisation (any, for no object) requires a
    second factor of ``user``, who has none."""
    if not (user and user.is_authenticated) or perm in _EXEMPT_PERMISSIONS:
        return None
    organisation_id = organisation_of(obj)
    if obj is not None and organisation_id is None:
        return None
    binding = binding_organisations(user, perm, organisation_id)
    if not binding or has_second_factor(user):
        return None
    names = sorted(Organisation.objects.filter(pk__in=binding).values_list("name", flat=True))
    return AccessRefusal(
        message=_("%(organisations)s asks everyone who works on or judges its contests to "
                  "log in with two-factor authentication. Set up an authenticator app or a "
                  "passkey to continue.") % {"organisations": ", ".join(names)},
        code=REFUSAL_CODE, fix_url_name=SET_UP_URL_NAME,
    )


def verify_code(*, user: User, code: str) -> bool:
    """A current authenticator-app code or an unused recovery code of ``user``, checked by
    allauth's own form (rate-limited; a recovery code is used up, an app code cannot be
    replayed)."""
    from allauth.mfa.base.forms import AuthenticateForm

    return AuthenticateForm(user=user, data={"code": code or ""}).is_valid()
