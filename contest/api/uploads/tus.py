"""tus 1.0 endpoints: ``/uploads/tus/`` (creation) and ``/uploads/tus/<id>`` (offset, data, end).

Used by the logged-in browser (session; the CSRF token travels in the X-CSRFToken header) and by
API clients with a token. The body of a PATCH is never read into memory: the service streams it
from the WSGI input to the partial file.
"""

from django.db.models import Max
from django.urls import reverse
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.permissions import ObjectPermission

from ...models import Contest, Entry
from ...services import uploads
from ...tus import protocol
from ...tus.protocol import TusError
from . import UploadAccess


class TusPermission(ObjectPermission):
    """Discovery (OPTIONS) is open; everything else is the one object permission."""

    def has_permission(self, request, view) -> bool:
        return request.method == "OPTIONS" or super().has_permission(request, view)


class TusView(UploadAccess, APIView):
    permission_classes = [TusPermission]
    schema = None  # the tus protocol is documented by tus.io, not by the API schema

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method != "OPTIONS":
            protocol.check_version(request.headers.get("Tus-Resumable"))

    def handle_exception(self, exc):
        if isinstance(exc, TusError):
            headers = {"Tus-Version": protocol.TUS_VERSION} if exc.status == 412 else {}
            body = {"code": exc.code, "message": exc.message, "fields": {}}
            return Response(body, status=exc.status, headers=headers)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Tus-Resumable"] = protocol.TUS_VERSION
        response["Cache-Control"] = "no-store"
        return response

    def options(self, request, *args, **kwargs):
        largest = Contest.objects.aggregate(largest=Max("max_upload_bytes"))["largest"]
        return Response(
            status=status.HTTP_204_NO_CONTENT, headers=protocol.options_headers(max_size=largest)
        )


class TusCollectionView(TusView):
    def post(self, request):
        if "Upload-Defer-Length" in request.headers:
            raise TusError(400, "Upload-Defer-Length is not supported.", code="defer_length")
        length = protocol.parse_non_negative(request.headers.get("Upload-Length"), "Upload-Length")
        metadata = protocol.parse_metadata(request.headers.get("Upload-Metadata"))
        filename = metadata.get("filename") or metadata.get("name") or ""
        entry_id = metadata.get("entry", "")
        entry = (
            Entry.objects.select_related("contest").filter(pk=entry_id).first()
            if entry_id.isdigit()
            else None
        )
        if entry is None:
            raise TusError(404, "No such entry.", code="not_found")
        self.check_object_permissions(request, entry)
        upload = uploads.create_upload(
            entry=entry, by=request.user, length=length, filename=filename, metadata=metadata
        )
        location = request.build_absolute_uri(reverse("contest:tus-upload", args=[upload.pk]))
        return Response(status=status.HTTP_201_CREATED, headers={"Location": location})


class TusUploadView(TusView):
    def head(self, request, upload_id):
        upload = uploads.access_upload(upload_id=upload_id, user=request.user)
        headers = {
            "Upload-Offset": str(upload.offset),
            "Upload-Length": str(upload.length),
        }
        if upload.metadata:
            headers["Upload-Metadata"] = protocol.encode_metadata(upload.metadata)
        return Response(status=status.HTTP_200_OK, headers=headers)

    def patch(self, request, upload_id):
        if request.content_type.split(";")[0].strip() != protocol.OFFSET_CONTENT_TYPE:
            raise TusError(
                415,
                f"Content-Type must be {protocol.OFFSET_CONTENT_TYPE}.",
                code="unsupported_media_type",
            )
        offset = protocol.parse_non_negative(request.headers.get("Upload-Offset"), "Upload-Offset")
        checksum = protocol.parse_checksum(request.headers.get("Upload-Checksum"))
        source, expected = _body_source(request._request)
        upload = uploads.append_chunk(
            upload_id=upload_id,
            by=request.user,
            offset=offset,
            source=source,
            expected=expected,
            checksum=checksum,
        )
        return Response(
            status=status.HTTP_204_NO_CONTENT, headers={"Upload-Offset": str(upload.offset)}
        )

    def delete(self, request, upload_id):
        uploads.terminate(upload_id=upload_id, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _body_source(django_request):
    """The request body as a stream, and its declared length (None for a chunked body)."""
    meta = django_request.META
    if meta.get("CONTENT_LENGTH"):
        expected = protocol.parse_non_negative(meta["CONTENT_LENGTH"], "Content-Length")
        return django_request, expected
    if meta.get("wsgi.input_terminated"):  # the server de-chunks and ends the stream itself
        return meta["wsgi.input"], None
    return django_request, 0
