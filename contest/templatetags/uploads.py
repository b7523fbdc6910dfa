"""Template tags for the browser uploader."""

from django import template

from ..services import s3_uploads

register = template.Library()

# Each PATCH carries at most this much: a server restart loses at most one chunk.
TUS_CHUNK_SIZE = 50 * 1024 * 1024


@register.simple_tag
def upload_mode() -> str:
    """"s3" when files go straight to an object storage bucket, else "tus"."""
    return "s3" if s3_uploads.s3_enabled() else "tus"


@register.simple_tag
def tus_chunk_size() -> int:
    return TUS_CHUNK_SIZE
