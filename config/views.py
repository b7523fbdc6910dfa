"""Translated error pages: a visitor never sees a stack trace."""

from django.shortcuts import render


def _error(request, status: int):
    return render(request, "errors/error.html", {"status": status}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400)


def permission_denied(request, exception=None):
    return _error(request, 403)


def page_not_found(request, exception=None):
    return _error(request, 404)


def server_error(request):
    return _error(request, 500)
