"""A large PATCH streams through the server in small pieces: memory does not grow with the body."""

import hashlib
import io
import tracemalloc

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory

from contest.api.uploads.tus import TusUploadView
from contest.models import Upload, Video

from .conftest import create

MIB = 1024 * 1024


class GeneratedBody(io.RawIOBase):
    """A request body produced on the fly, so the test itself holds no copy of it."""

    def __init__(self, size: int):
        self.remaining = size
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size=-1):
        size = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data = (b"marquee!" * (size // 8 + 1))[:size]
        self.remaining -= size
        self.digest.update(data)
        return data


def _patch_request(url: str, body: GeneratedBody, length: int, user) -> WSGIRequest:
    environ = RequestFactory()._base_environ(
        PATH_INFO=url,
        REQUEST_METHOD="PATCH",
        CONTENT_LENGTH=str(length),
        CONTENT_TYPE="application/offset+octet-stream",
        HTTP_TUS_RESUMABLE="1.0.0",
        HTTP_UPLOAD_OFFSET="0",
    )
    environ["wsgi.input"] = body
    request = WSGIRequest(environ)
    request.user = user
    request._dont_enforce_csrf_checks = True
    return request


@pytest.mark.django_db
def test_patch_of_64_mib_keeps_memory_flat(owner_client, entry, entrant):
    size = 64 * MIB
    url = create(owner_client, entry=entry, length=size)["Location"].removeprefix(
        "http://testserver"
    )
    upload = Upload.objects.get()
    body = GeneratedBody(size)
    request = _patch_request(url, body, size, entrant)

    tracemalloc.start()
    try:
        response = TusUploadView.as_view()(request, upload_id=upload.pk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert (response.status_code, response["Upload-Offset"]) == (204, str(size))
    assert Video.objects.get().sha256 == body.digest.hexdigest()
    # Pieces of 256 KiB (write) and 1 MiB (hashing) plus Django's own allocations.
    assert peak < 4 * MIB, f"peak {peak / MIB:.1f} MiB for a {size // MIB} MiB body"
