"""Translated error pages: a visitor never sees a stack trace."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

# A database that is restarting or unreachable: the client should simply try again.
_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_S = 30


def _error(request, status: int):
    return render(request, "errors/error.html", {"status": status}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400)


def permission_denied(request, exception=None):
    return _error(request, 403)


def page_not_found(request, exception=None):
    return _error(request, 404)


def server_error(request):
    exc = sys.exc_info()[1]
    if isinstance(exc, _UNAVAILABLE) or (
        isinstance(exc, DatabaseError) and isinstance(exc.__cause__, _UNAVAILABLE)
    ):
        return service_unavailable(request)
    return _error(request, 500)


def service_unavailable(request):
    """503 that touches neither the database nor the session: both may be down."""
    message = _("Marquee is briefly unavailable. Please try again in a minute.")
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"code": "unavailable", "message": message, "fields": {}}, status=503
        )
    else:
        html = render_to_string("errors/unavailable.html", {"message": message})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_S)
    return response
