"""The one permission gate, for pages and the API alike.

Both ask django-rules ``user.has_perm(perm, obj)`` against an object, never a bare global
permission: the object is the contest for organiser work, the entry, the assignment. Each app's
``rules.py`` (or a model's ``Meta.rules_permissions``) says what a permission means.

Pages::

    @object_permission_required("judging.manage_rounds", contest_from_slug)
    def rounds(request, contest): ...

``get_object(request, kwargs)`` returns the object or raises 404, popping the URL keyword
arguments it consumed; the view receives the object as its second argument and the rest of the
keyword arguments as usual. Anonymous visitors are
sent to the log-in page, signed-in people without the permission get 403, or 404 with
``hide=True`` where even knowing the object exists is a leak (someone else's entry).

API views set ``permission_classes = [ObjectPermission]``, ``permission_required`` and
``get_permission_object()``; anonymous clients get 401/403 as DRF decides, others 403.
Views that act on one item of a list (a viewset's ``get_object()``) also set
``object_permission_required``, asked on that item; with ``hide_refused_objects = True`` a
refusal is a 404, as on the pages with ``hide=True``.

A permission granted can still wait for something the person must do first (set up a second
factor). Higher apps register such *access gates* with ``register_access_gate``; both front
ends ask them after the permission: a page flashes the gate's explanation and redirects to
where it can be fixed, the API answers 403 with the gate's code and message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from rest_framework import exceptions, permissions

ObjectGetter = Callable[[Any, dict[str, Any]], Any]


@dataclass(frozen=True)
class AccessRefusal:
    """Why a granted permission must wait, and the page (a URL name) where that is fixed."""

    message: str
    code: str
    fix_url_name: str


AccessGate = Callable[[Any, str, Any], AccessRefusal | None]
_ACCESS_GATES: dict[str, AccessGate] = {}


def register_access_gate(name: str, gate: AccessGate) -> None:
    """Let ``gate(user, perm, obj)`` hold back a granted permission (replaced by name)."""
    _ACCESS_GATES[name] = gate


def access_refusal(user, perm: str, obj: Any) -> AccessRefusal | None:
    """The first registered gate's refusal of ``perm`` on ``obj``, or None."""
    for gate in _ACCESS_GATES.values():
        refusal = gate(user, perm, obj)
        if refusal is not None:
            return refusal
    return None


def refused_page(request, perm: str, obj: Any) -> HttpResponse | None:
    """For a page whose permission was granted: the redirect a gate asks for, or None."""
    refusal = access_refusal(request.user, perm, obj)
    if refusal is None:
        return None
    messages.warning(request, refusal.message)
    return redirect(refusal.fix_url_name)


def _raise_refusal(request, perm: str, obj: Any) -> None:
    refusal = access_refusal(request.user, perm, obj)
    if refusal is not None:
        raise exceptions.PermissionDenied(detail=refusal.message, code=refusal.code)


def no_object(request, kwargs: dict[str, Any]) -> None:
    """The getter for a page about no one object (a site-wide area): the rule gets ``None``."""
    return None


def object_permission_required(perm: str, get_object: ObjectGetter, *, hide: bool = False):
    """Page decorator: log in, fetch the object (404), check ``perm`` on it (403), pass it on.

    ``hide=True`` answers 404 instead of 403, as if the object did not exist.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            obj = get_object(request, kwargs)
            if not request.user.has_perm(perm, obj):
                raise Http404 if hide else PermissionDenied
            return refused_page(request, perm, obj) or view(request, obj, *args, **kwargs)

        return wrapper

    return decorate


class ObjectPermission(permissions.BasePermission):
    """DRF: the view's ``permission_required`` on ``view.get_permission_object()``.

    A view with ``permission_required = None`` only needs a signed-in user here and leaves the
    decision to ``object_permission_required`` on each item it fetches.
    """

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        # Read, not getattr: a view that forgot to say is an error, not an open door.
        if view.permission_required is None:
            return True
        obj = view.get_permission_object()
        if not request.user.has_perm(view.permission_required, obj):
            return False
        _raise_refusal(request, view.permission_required, obj)
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        perm = getattr(view, "object_permission_required", None)
        if perm is None:
            return True
        if request.user.has_perm(perm, obj):
            _raise_refusal(request, perm, obj)
            return True
        if getattr(view, "hide_refused_objects", False):
            raise exceptions.NotFound
        return False
