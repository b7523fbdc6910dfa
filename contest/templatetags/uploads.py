"""Template tags for the browser uploader."""

from django import template
from django.conf import settings

from core.errors import ContestError

from ..services import s3_uploads, uploads

register = template.Library()

# Each PATCH carries at most this much: a server restart loses at most one chunk.
DEFAULT_TUS_CHUNK_SIZE = 50 * 1024 * 1024


@register.simple_tag
def upload_mode() -> str:
    """"s3" when files go straight to an object storage bucket, else "tus"."""
    return "s3" if s3_uploads.s3_enabled() else "tus"


@register.simple_tag
def tus_chunk_size() -> int:
    return getattr(settings, "MARQUEE_TUS_CHUNK_SIZE", DEFAULT_TUS_CHUNK_SIZE)


@register.simple_tag
def upload_refusal(entry, user) -> str:
    """Why ``user`` may not upload a film to ``entry`` now, or "" when they may."""
    try:
        uploads.check_may_start(entry=entry, by=user)
    except ContestError as error:
        return str(error.message)
    return ""
