"""The API's one error format: ``{"code": ..., "message": ..., "fields": {...}}``."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ContestError


def _flatten(detail):
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [
            str(item) if not isinstance(item, dict | list) else _flatten(item) for item in detail
        ]
    return str(detail)


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request body is too large.")
    default_code = "too_large"


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        # Django's own answer would be an HTML 400 page; an API client needs JSON and 413.
        exc = PayloadTooLarge()
    if isinstance(exc, ContestError):
        body = {"code": exc.code, "message": str(exc.message), "fields": exc.fields}
        return Response(body, status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail) if isinstance(exc.detail, dict) else {}
        non_field = fields.pop("non_field_errors", None)
        message = non_field[0] if non_field else _("Some fields are not valid.")
        if isinstance(exc.detail, list) and exc.detail:
            message = str(exc.detail[0])
        response.data = {"code": "invalid", "message": message, "fields": fields}
    else:
        detail = getattr(exc, "detail", "")
        code = detail.code if hasattr(detail, "code") else "error"
        response.data = {"code": code, "message": str(detail), "fields": {}}
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS:
        response.data["code"] = "throttled"
    return response
