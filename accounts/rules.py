"""Who may do what in an organisation (django-rules), always checked against the organisation.

Contest and judging rules build on ``has_org_role``: a contest's organisation decides who may
manage it (see ``contest/rules.py``).
"""

import rules

from .enums import OrgRole
from .models import Membership


def org_role(user, organisation_id: int | None) -> str | None:
    """The user's role in an organisation; every role of the user is read in one query, once
    per request (the user object lives as long as the request)."""
    if not (user and user.is_authenticated) or organisation_id is None:
        return None
    return _roles_of(user).get(organisation_id)


def forget_org_roles(*users) -> None:
    """Drop the cached roles of ``users`` after their memberships changed."""
    for user in users:
        for cached in ("_org_roles", "_org_team_two_factor"):
            if user is not None and cached in getattr(user, "__dict__", {}):
                delattr(user, cached)


def _roles_of(user) -> dict[int, str]:
    # getattr/setattr, not __dict__: request.user is a lazy wrapper that forwards attributes
    # to the user the permission backends see, but has a __dict__ of its own.
    roles = getattr(user, "_org_roles", None)
    if roles is None:
        rows = Membership.objects.filter(user=user).values_list(
            "organisation_id", "role", "organisation__two_factor_for_team")
        roles = {org_id: role for org_id, role, _required in rows}
        # Read in the same query: the two-factor gate asks it on every team page.
        user._org_team_two_factor = frozenset(org_id for org_id, _role, required in rows
                                              if required)
        user._org_roles = roles
    return roles


def organisations_requiring_two_factor_of_team(user) -> frozenset[int]:
    """The ids of the user's organisations that require a second factor of their team."""
    if not (user and user.is_authenticated):
        return frozenset()
    _roles_of(user)
    return user._org_team_two_factor


def organisations_with_role(user, *roles: OrgRole) -> list[int]:
    """The ids of the organisations where the user holds one of ``roles`` (no extra query once
    the user's roles were read for this request)."""
    if not (user and user.is_authenticated):
        return []
    wanted = frozenset(roles)
    return [org_id for org_id, role in _roles_of(user).items() if role in wanted]


def has_org_role(*roles: OrgRole) -> rules.Predicate:
    """A predicate: the user holds one of ``roles`` in the organisation."""
    wanted = frozenset(roles)

    @rules.predicate(name=f"has_org_role({', '.join(sorted(wanted))})")
    def predicate(user, organisation) -> bool:
        return organisation is not None and org_role(user, organisation.pk) in wanted

    return predicate


@rules.predicate
def is_team_member(user) -> bool:
    """Belongs to the team of at least one organisation (opens the organisers' area)."""
    if not (user and user.is_authenticated):
        return False
    return bool(_roles_of(user))


is_org_owner = has_org_role(OrgRole.OWNER)
is_org_member = has_org_role(*OrgRole)

rules.add_perm("accounts.view_organisation", is_org_member)
rules.add_perm("accounts.leave_organisation", is_org_member)
rules.add_perm("accounts.change_organisation", is_org_owner)
rules.add_perm("accounts.manage_team", is_org_owner)


@rules.predicate
def is_data_export_owner(user, export) -> bool:
    """A data export is its person's only: nobody else, organisers and operators included."""
    return bool(user and user.is_authenticated) and export is not None \
        and export.user_id == user.pk


rules.add_perm("accounts.request_data_export", rules.is_authenticated)
rules.add_perm("accounts.download_data_export", is_data_export_owner)
