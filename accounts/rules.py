"""Who may do what in an organisation (django-rules), always checked against the organisation.

Contest and judging rules build on ``has_org_role``: a contest's organisation decides who may
manage it (see ``contest/rules.py``).
"""

import rules

from .enums import OrgRole


def org_role(user, organisation) -> str | None:
    """The user's role in ``organisation``, read once per user and organisation per request."""
    if not (user and user.is_authenticated) or organisation is None:
        return None
    cache = user.__dict__.setdefault("_org_roles", {})
    if organisation.pk not in cache:
        cache[organisation.pk] = (
            organisation.memberships.filter(user=user).values_list("role", flat=True).first()
        )
    return cache[organisation.pk]


def has_org_role(*roles: OrgRole) -> rules.Predicate:
    """A predicate: the user holds one of ``roles`` in the organisation."""
    wanted = frozenset(roles)

    @rules.predicate(name=f"has_org_role({', '.join(sorted(wanted))})")
    def predicate(user, organisation) -> bool:
        return org_role(user, organisation) in wanted

    return predicate


is_org_owner = has_org_role(OrgRole.OWNER)
is_org_member = has_org_role(*OrgRole)

rules.add_perm("accounts.view_organisation", is_org_member)
rules.add_perm("accounts.change_organisation", is_org_owner)
rules.add_perm("accounts.manage_team", is_org_owner)
