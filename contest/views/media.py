"""A video's original file, poster and preview, behind a permission check.

Who may fetch which is the rules ``contest.watch_video`` (the original),
``contest.watch_video_preview`` and ``contest.view_video_poster``
(owner, organisers, and whatever apps above contest grant); everyone else gets 404.
Delivery (Range, X-Accel-Redirect or a signed bucket URL) is left to ``core.private_files``.
"""

import mimetypes

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from core.permissions import access_refusal
from core.private_files import private_file_response

from ..models import Video

KINDS = ("original", "poster", "preview")
# The original keeps whatever metadata its maker left in it: only its owner and the
# contest's team fetch it; jurors get the preview and poster, made without metadata.
PERMISSION_OF = {"original": "contest.watch_video", "preview": "contest.watch_video_preview",
                 "poster": "contest.view_video_poster"}
VIDEO_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/quicktime",
               ".webm": "video/webm"}


def content_type(name: str) -> str:
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return VIDEO_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def _visible_video(request, video_id: int, kind: str) -> Video:
    video = get_object_or_404(Video.objects.select_related("entry__contest"), pk=video_id)
    perm = PERMISSION_OF[kind]
    if not request.user.has_perm(perm, video):
        raise Http404
    # The team's files wait for its second factor (posters may be public, the entrant's own
    # film is theirs): a direct link must not skip what the pages ask.
    if (kind != "poster" and video.entry.entrant_id != request.user.pk
            and access_refusal(request.user, perm, video) is not None):
        raise PermissionDenied
    return video


@require_safe
def video_file(request, video_id: int, kind: str):
    video = _visible_video(request, video_id, kind)
    field = getattr(video, "file" if kind == "original" else kind)
    if not field.name:
        raise Http404
    ctype = content_type(video.original_filename if kind == "original" else field.name)
    return private_file_response(request, field.name, content_type=ctype)
