"""The project's URLs plus views that fail on purpose, to see the error pages."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from config import urls as project_urls

handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500


def _fail_400(request):
    raise SuspiciousOperation("bad input")


def _fail_403(request):
    raise PermissionDenied


def _fail_500(request):
    raise RuntimeError("secret internal detail")


urlpatterns = [
    path("fail/400/", _fail_400),
    path("fail/403/", _fail_403),
    path("fail/500/", _fail_500),
    *project_urls.urlpatterns,
]
