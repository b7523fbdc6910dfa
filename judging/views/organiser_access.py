"""The one gate in front of every organiser page of the judging app."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from contest.models import Contest


def organiser_contest(perm: str):
    """Decorator: log in, check ``perm`` on the contest, pass the contest to the view."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            contest = get_object_or_404(Contest, slug=slug)
            if not request.user.has_perm(perm, contest):
                raise PermissionDenied
            return view(request, contest, *args, **kwargs)

        return wrapper

    return decorate
