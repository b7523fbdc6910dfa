"""HTTP Range requests (RFC 9110 §14): parse the header, serve one byte range of a local file."""

import re

from django.http import Http404, HttpResponse, StreamingHttpResponse

_SINGLE = re.compile(r"^bytes=(\d*)-(\d*)$")


class RangeNotSatisfiable(Exception):
    """The range starts beyond the end of the file (HTTP 416)."""


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The inclusive (first, last) byte positions asked for, or None to send the whole file.

    Malformed headers and multi-range requests are ignored (the RFC allows answering 200 with
    the whole file); a range that starts past the end raises RangeNotSatisfiable.
    """
    if not header:
        return None
    match = _SINGLE.match(header.strip().replace(" ", ""))
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # suffix: the last N bytes
        length = int(last)
        if length == 0:
            raise RangeNotSatisfiable
        return max(0, size - length), size - 1
    start = int(first)
    end = size - 1 if last == "" else min(int(last), size - 1)
    if last != "" and int(last) < start:
        return None
    if start >= size:
        raise RangeNotSatisfiable
    return start, end


def ranged_file_response(request, path: str, ctype: str, piece: int = 64 * 1024):
    """The file at ``path``, whole (200) or the byte range the request asks for (206/416)."""
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
    response = StreamingHttpResponse(_pieces(handle, first, last, piece), content_type=ctype,
                                     status=206 if byte_range else 200)
    response["Content-Length"] = str(last - first + 1 if size else 0)
    response["Accept-Ranges"] = "bytes"
    if byte_range:
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    return response


def _size(handle) -> int:
    handle.seek(0, 2)
    return handle.tell()


def _pieces(handle, first: int, last: int, piece: int):
    with handle:
        handle.seek(first)
        remaining = last - first + 1
        while remaining > 0:
            data = handle.read(min(piece, remaining))
            if not data:
                return
            remaining -= len(data)
            yield data
