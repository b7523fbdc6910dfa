"""An audit row for every change an operator saves in the Django admin.

Service-owned fields (statuses, verdicts, publication, locks) are read-only in the admin; what
is left editable is written by the admin itself, so this mixin makes those writes as visible
as a service's: one row per saved object, with the changed fields before and after, the
operator as actor, in the log of the object's scope (``audit_scope``).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .audit import record

HIDDEN = "(changed)"


class AuditedAdminMixin:
    """Mix into a ``ModelAdmin`` before it: saves, inline saves and deletions are audited."""

    # Recorded only as having changed: a password hash has no place in a log.
    audit_hidden: frozenset[str] = frozenset({"password"})

    def audit_scope(self, obj: models.Model) -> models.Model | None:
        """The object whose audit log shows the row (a contest, an organisation)."""
        return None

    def save_model(self, request, obj, form, change):
        names = _model_fields(obj, form.changed_data if change else list(form.fields))
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        # Kept on the form, not on the admin: one ModelAdmin serves every request at once.
        form.audit_before = self._values(stored, names) if stored is not None else {}
        form.audit_names = names
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        initials = [_initials(formset) for formset in formsets]
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before, after = getattr(form, "audit_before", {}), self._values(obj, form.audit_names)
        if change:  # a form may call a field changed that ends up with the same value
            after = {name: value for name, value in after.items() if before.get(name) != value}
            before = {name: value for name, value in before.items() if name in after}
        if after or not change:
            record(actor=request.user, action="admin.changed" if change else "admin.added",
                   obj=obj, scope=self.audit_scope(obj), before=before, after=after)
        for formset, stored in zip(formsets, initials, strict=True):
            self._record_inline(request, obj, formset, stored)

    def delete_model(self, request, obj):
        record(actor=request.user, action="admin.deleted", obj=obj, scope=self.audit_scope(obj),
               before={"object": str(obj)})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record(actor=request.user, action="admin.deleted", obj=obj,
                   scope=self.audit_scope(obj), before={"object": str(obj)})
        super().delete_queryset(request, queryset)

    def _record_inline(self, request, parent, formset, initials: dict[Any, dict]) -> None:
        scope = self.audit_scope(parent)
        for obj in getattr(formset, "new_objects", []):
            names = _model_fields(obj, [f.name for f in obj._meta.concrete_fields])
            record(actor=request.user, action="admin.added", obj=obj, scope=scope,
                   after=self._values(obj, names))
        for obj, changed in getattr(formset, "changed_objects", []):
            names = _model_fields(obj, changed)
            old = initials.get(obj.pk, {})
            record(actor=request.user, action="admin.changed", obj=obj, scope=scope,
                   before={name: self._hide(name, _jsonable(old.get(name))) for name in names},
                   after=self._values(obj, names))
        for obj in getattr(formset, "deleted_objects", []):
            record(actor=request.user, action="admin.deleted", obj=obj, scope=scope,
                   before={"object": str(obj)})

    def _values(self, obj: models.Model, names: list[str]) -> dict[str, Any]:
        return {name: self._hide(name, _value(obj, name)) for name in names}

    def _hide(self, name: str, value: Any) -> Any:
        return HIDDEN if name in self.audit_hidden else value


def _model_fields(obj: models.Model, names) -> list[str]:
    """The names among ``names`` that are fields of the model (forms add others)."""
    known = []
    for name in names:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.concrete or field.many_to_many:
            known.append(name)
    return known


def _initials(formset) -> dict[Any, dict]:
    """Each existing inline object's stored values, read before the formset saves."""
    return {form.instance.pk: dict(form.initial) for form in formset.initial_forms
            if form.instance.pk is not None}


def _value(obj: models.Model, name: str) -> Any:
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return sorted(getattr(obj, name).values_list("pk", flat=True)) if obj.pk else []
    return _jsonable(field.value_from_object(obj))


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set) and value and isinstance(
            next(iter(value)), models.Model):
        return sorted(item.pk for item in value)
    try:
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    except TypeError:
        return str(value)
