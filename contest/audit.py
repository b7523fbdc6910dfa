from typing import Any

from django.db.models import Model

from .models import AuditEvent


def record(*, actor, action: str, obj: Model, contest=None, before: dict[str, Any] | None = None,
           after: dict[str, Any] | None = None) -> AuditEvent:
    """Write one audit row; call it inside the service's transaction."""
    return AuditEvent.objects.create(
        contest=contest,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        before=before or {},
        after=after or {},
    )
