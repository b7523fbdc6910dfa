"""A video's original file, poster and preview, behind a permission check.

Owner, organisers and jurors assigned to the entry may fetch them; everyone else gets 404.
Local files are sent by Django with HTTP Range support (development) or handed to nginx with
X-Accel-Redirect (production); files in an S3 bucket are a redirect to a short-lived signed URL.
"""

import mimetypes
from urllib.parse import quote

import rules
from django.conf import settings
from django.core.files.storage import default_storage
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from judging.rules import is_assigned_juror
from judging.rules_public import is_published_winner

from ..http_range import RangeNotSatisfiable, parse_range
from ..models import Video
from ..rules import is_entry_owner, is_organiser


@rules.predicate
def owns_video(user, video) -> bool:
    return is_entry_owner(user, video.entry)


@rules.predicate
def judges_video(user, video) -> bool:
    # Jurors see only the film under review, never an earlier upload.
    return video.is_current and is_assigned_juror(user, video.entry)


can_watch_video = owns_video | is_organiser | judges_video

KINDS = ("original", "poster", "preview")
PIECE = 64 * 1024
SIGNED_URL_SECONDS = 300
VIDEO_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/quicktime",
               ".webm": "video/webm"}


def content_type(name: str) -> str:
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return VIDEO_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def _visible_video(request, video_id: int, kind: str) -> Video:
    video = get_object_or_404(Video.objects.select_related("entry__contest"), pk=video_id)
    if can_watch_video(request.user, video):
        return video
    # A published winner's poster is public, like the winners page that shows it.
    if kind == "poster" and video.is_current and is_published_winner(request.user, video):
        return video
    raise Http404


@require_safe
def video_file(request, video_id: int, kind: str):
    video = _visible_video(request, video_id, kind)
    field = getattr(video, "file" if kind == "original" else kind)
    if not field.name:
        raise Http404
    name = field.name
    ctype = content_type(video.original_filename if kind == "original" else name)
    if not _is_local():
        url = default_storage.url(name, expire=SIGNED_URL_SECONDS,
                                  parameters={"ResponseContentType": ctype})
        response = HttpResponseRedirect(url)
    elif settings.MARQUEE_MEDIA_DELIVERY == "x-accel":
        response = HttpResponse(content_type=ctype)
        response["X-Accel-Redirect"] = settings.MARQUEE_X_ACCEL_PREFIX + quote(name)
    else:
        response = _ranged_file(request, default_storage.path(name), ctype)
    response["Cache-Control"] = "private, no-cache"
    return response


def _is_local() -> bool:
    try:
        default_storage.path("")
    except NotImplementedError:
        return False
    return True


def _ranged_file(request, path: str, ctype: str):
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the streaming response
    except FileNotFoundError:
        raise Http404 from None
    size = _size(handle)
    try:
        byte_range = parse_range(request.headers.get("Range"), size)
    except RangeNotSatisfiable:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    first, last = byte_range or (0, size - 1)
    response = StreamingHttpResponse(_pieces(handle, first, last), content_type=ctype,
                                     status=206 if byte_range else 200)
    response["Content-Length"] = str(last - first + 1 if size else 0)
    response["Accept-Ranges"] = "bytes"
    if byte_range:
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    return response


def _size(handle) -> int:
    handle.seek(0, 2)
    return handle.tell()


def _pieces(handle, first: int, last: int):
    with handle:
        handle.seek(first)
        remaining = last - first + 1
        while remaining > 0:
            data = handle.read(min(PIECE, remaining))
            if not data:
                return
            remaining -= len(data)
            yield data
