"""The audit log's one writer."""

from typing import Any

from django.db.models import Model

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
