"""Copy a request body into a partial upload file, a small piece at a time.

Memory stays at one piece whatever the body size. The file is cut back to ``offset`` before
writing, so bytes left beyond the last recorded offset by a crashed request never survive.
"""

import os
from collections.abc import Iterable
from dataclasses import dataclass

PIECE_SIZE = 256 * 1024


class BodyTooLarge(Exception):
    """The body carried more bytes than the upload has room for."""


@dataclass(frozen=True)
class WriteResult:
    written: int
    # False when the body ended early: the client went away or closed the connection.
    complete: bool


def _write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        count = os.write(fd, view)
        view = view[count:]


def write_body(
    *,
    source,
    path: str,
    offset: int,
    expected: int | None,
    limit: int,
    hashers: Iterable = (),
    piece_size: int = PIECE_SIZE,
) -> WriteResult:
    """Append ``source`` (a file-like body) to ``path`` at ``offset`` and fsync it.

    ``expected`` is the declared body length (None for a chunked body, read to its end);
    ``limit`` the most bytes that may be written. Raises BodyTooLarge past ``limit`` and
    OSError on a disk error; in both cases the file is cut back to ``offset``.
    """
    hashers = list(hashers)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    written = 0
    try:
        os.ftruncate(fd, offset)
        os.lseek(fd, offset, os.SEEK_SET)
        while expected is None or written < expected:
            wanted = piece_size if expected is None else min(piece_size, expected - written)
            try:
                data = source.read(wanted)
            except OSError:  # connection reset: keep what arrived
                break
            if not data:
                break
            if written + len(data) > limit:
                raise BodyTooLarge
            _write_all(fd, data)
            for hasher in hashers:
                hasher.update(data)
            written += len(data)
        os.fsync(fd)
    except BaseException:
        os.ftruncate(fd, offset)
        raise
    finally:
        os.close(fd)
    complete = expected is None or written == expected
    return WriteResult(written=written, complete=complete)


def truncate(path: str, size: int) -> None:
    """Cut the partial file back to ``size`` bytes (discarding a refused body)."""
    with open(path, "r+b") as handle:
        handle.truncate(size)
        handle.flush()
        os.fsync(handle.fileno())
