"""Object getters for the permission gate (``core.permissions``): URL arguments to objects."""

from typing import Any

from django.shortcuts import get_object_or_404

from accounts.models import Organisation

from .models import Category, Contest, Entry
from .selectors import organisations_creating_contests


def contest_from_url(request, kwargs: dict[str, Any]) -> Contest:
    """The contest named by the URL's ``slug`` or ``contest_slug`` (404 if there is none)."""
    slug = kwargs.pop("slug", None) or kwargs.pop("contest_slug")
    return get_object_or_404(Contest, slug=slug)


def entry_from_url(request, kwargs: dict[str, Any]) -> Entry:
    """The entry named by the URL's ``pk``, its contest joined for the rules (404 if none)."""
    return get_object_or_404(Entry.objects.select_related("contest"), pk=kwargs.pop("pk"))


def organisation_for_new_contest(request, kwargs: dict[str, Any]) -> Organisation | None:
    """The organisation a new contest is for: the one the form or the address names (404 if
    there is none), else the first in which the person may create one (None if none)."""
    slug = request.POST.get("organisation") or request.GET.get("organisation")
    if slug:
        return get_object_or_404(Organisation, slug=slug)
    return organisations_creating_contests(user=request.user).first()


def category_from_url(contest: Contest, category_id: int) -> Category:
    """The contest's category named by the URL (404 if it is another contest's)."""
    return get_object_or_404(Category, pk=category_id, contest=contest)


class ContestFromUrlMixin:
    """API views under a contest's slug: the contest is read once per request and is the object
    the permission gate (``core.permissions.ObjectPermission``) asks about."""

    def get_contest(self) -> Contest:
        if not hasattr(self, "_contest"):
            # A copy: the getter pops what it reads, and the handler still needs the slug.
            self._contest = contest_from_url(self.request, dict(self.kwargs))
        return self._contest

    def get_permission_object(self) -> Contest:
        return self.get_contest()
