"""Object getters for the permission gate (``core.permissions``): URL arguments to objects."""

from typing import Any

from django.shortcuts import get_object_or_404

from .models import Contest, Entry


def contest_from_url(request, kwargs: dict[str, Any]) -> Contest:
    """The contest named by the URL's ``slug`` or ``contest_slug`` (404 if there is none)."""
    slug = kwargs.pop("slug", None) or kwargs.pop("contest_slug")
    return get_object_or_404(Contest, slug=slug)


def entry_from_url(request, kwargs: dict[str, Any]) -> Entry:
    """The entry named by the URL's ``pk``, its contest joined for the rules (404 if none)."""
    return get_object_or_404(Entry.objects.select_related("contest"), pk=kwargs.pop("pk"))
