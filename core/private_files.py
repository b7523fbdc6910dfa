"""A file of private storage as an HTTP response, once the caller has checked permission.

Local storage: Django streams it with HTTP Range (development) or hands it to nginx with
X-Accel-Redirect (production); a bucket: a redirect to a short-lived signed URL.
"""

from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

from .http_range import ranged_file_response

SIGNED_URL_SECONDS = 300


def private_file_response(request, name: str, *, content_type: str, download_name: str = "",
                          storage: Storage = default_storage) -> HttpResponse:
    """``name`` from ``storage``; ``download_name`` makes it an attachment of that name."""
    disposition = content_disposition_header(True, download_name) if download_name else None
    if not is_local(storage):
        parameters = {"ResponseContentType": content_type}
        if disposition:
            parameters["ResponseContentDisposition"] = disposition
        response = HttpResponseRedirect(
            storage.url(name, expire=SIGNED_URL_SECONDS, parameters=parameters))
    elif settings.MARQUEE_MEDIA_DELIVERY == "x-accel":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MARQUEE_X_ACCEL_PREFIX + quote(name)
    else:
        response = ranged_file_response(request, storage.path(name), content_type)
    if disposition and not isinstance(response, HttpResponseRedirect):
        response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, no-cache"
    return response


def is_local(storage: Storage = default_storage) -> bool:
    try:
        storage.path("")
    except NotImplementedError:
        return False
    return True
