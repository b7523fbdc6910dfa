"""The audit log's one writer, and the one place that blanks a forgotten person in it."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Model, Q, TextField
from django.db.models.functions import Cast

from .models import AuditEvent, scope_of


def record(*, actor, action: str, obj: Model, scope: Model | None = None,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> AuditEvent:
    """Write one audit row; call it inside the service's transaction.

    ``scope`` is the object whose log shows the row (usually the contest).
    """
    scope_type, scope_id = scope_of(scope)
    return AuditEvent.objects.create(
        scope_type=scope_type,
        scope_id=scope_id,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        before=before or {},
        after=after or {},
    )


def blank_values(*, values: Iterable[str]) -> int:
    """Blank every ``before``/``after`` value equal (ignoring case) to one of ``values``.

    Used when a person is forgotten: the rows stay (what was done, when, to which object), the
    email addresses and names they quoted go. Returns how many rows changed.
    """
    wanted = {value.casefold() for value in values if value}
    if not wanted:
        return 0
    near = Q()
    for value in wanted:
        near |= Q(before_text__icontains=value) | Q(after_text__icontains=value)
    rows = (AuditEvent.objects
            .annotate(before_text=Cast("before", TextField()),
                      after_text=Cast("after", TextField()))
            .filter(near).only("before", "after"))
    changed = []
    for row in rows:
        before, after = _blanked(row.before, wanted), _blanked(row.after, wanted)
        if (before, after) != (row.before, row.after):
            row.before, row.after = before, after
            changed.append(row)
    AuditEvent.objects.bulk_update(changed, ["before", "after"])
    return len(changed)


def _blanked(value: Any, wanted: set[str]) -> Any:
    if isinstance(value, str):
        return "" if value.casefold() in wanted else value
    if isinstance(value, dict):
        return {key: _blanked(item, wanted) for key, item in value.items()}
    if isinstance(value, list):
        return [_blanked(item, wanted) for item in value]
    return value
