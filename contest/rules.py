"""Permission predicates shared by pages, API and templates (django-rules)."""

import rules

from accounts.enums import Role


@rules.predicate
def is_organiser(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.ORGANISER))


@rules.predicate
def is_juror(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.JUROR))


@rules.predicate
def is_entry_owner(user, entry) -> bool:
    return bool(user and user.is_authenticated and entry is not None and entry.entrant_id == user.pk)
