"""tus 1.0 headers: constants, parsing and the protocol's error statuses."""

import base64
import binascii
import hashlib
from dataclasses import dataclass

TUS_VERSION = "1.0.0"
EXTENSIONS = ("creation", "termination", "checksum")
CHECKSUM_ALGORITHMS = ("sha1", "sha256")
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"

# Statuses the protocol gives a meaning to.
CHECKSUM_MISMATCH = 460


class TusError(Exception):
    """A request that breaks the protocol; ``status`` is the HTTP status tus prescribes."""

    def __init__(self, status: int, message: str, code: str = "tus_error"):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Checksum:
    algorithm: str
    digest: bytes

    def hasher(self):
        return hashlib.new(self.algorithm)


def parse_non_negative(value: str | None, header: str) -> int:
    """An integer header such as Upload-Length or Upload-Offset; 400 when missing or malformed."""
    if value is None or not value.isdigit() or not value.isascii():
        raise TusError(400, f"{header} must be a non-negative integer.", code="bad_header")
    return int(value)


# The keys the server reads; a client's others are dropped, never stored or echoed back.
KEPT_METADATA = ("filename", "name", "filetype", "entry")
MAX_METADATA_HEADER = 4096
MAX_METADATA_VALUE = 1024


def parse_metadata(value: str | None) -> dict[str, str]:
    """Upload-Metadata: comma-separated ``key base64(value)`` pairs; a value may be absent.

    Only the keys in ``KEPT_METADATA`` are returned, each value at most
    ``MAX_METADATA_VALUE`` characters; a header longer than ``MAX_METADATA_HEADER`` is refused.
    """
    result: dict[str, str] = {}
    if not value:
        return result
    if len(value) > MAX_METADATA_HEADER:
        raise TusError(400, "Upload-Metadata is too long.", code="bad_metadata")
    for pair in value.split(","):
        parts = pair.strip().split(" ")
        key = parts[0]
        if not key or len(parts) > 2 or key in result:
            raise TusError(400, "Upload-Metadata is malformed.", code="bad_metadata")
        if len(parts) == 1:
            result[key] = ""
            continue
        try:
            result[key] = base64.b64decode(parts[1], validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise TusError(400, "Upload-Metadata is malformed.", code="bad_metadata") from exc
        if key in KEPT_METADATA and len(result[key]) > MAX_METADATA_VALUE:
            raise TusError(400, "Upload-Metadata is too long.", code="bad_metadata")
    return {key: result[key] for key in KEPT_METADATA if key in result}


def encode_metadata(metadata: dict[str, str]) -> str:
    return ",".join(
        f"{key} {base64.b64encode(value.encode()).decode()}" if value else key
        for key, value in metadata.items()
    )


def parse_checksum(value: str | None) -> Checksum | None:
    """Upload-Checksum: ``<algorithm> <base64 digest>``; 400 for an unknown algorithm."""
    if not value:
        return None
    parts = value.strip().split(" ")
    if len(parts) != 2 or parts[0] not in CHECKSUM_ALGORITHMS:
        raise TusError(400, "Upload-Checksum names an unsupported algorithm.", code="bad_checksum")
    try:
        digest = base64.b64decode(parts[1], validate=True)
    except binascii.Error as exc:
        raise TusError(400, "Upload-Checksum is malformed.", code="bad_checksum") from exc
    checksum = Checksum(parts[0], digest)
    if len(digest) != checksum.hasher().digest_size:
        raise TusError(400, "Upload-Checksum is malformed.", code="bad_checksum")
    return checksum


def check_version(value: str | None) -> None:
    if value != TUS_VERSION:
        raise TusError(412, "Unsupported tus version.", code="tus_version")


def base_headers() -> dict[str, str]:
    return {"Tus-Resumable": TUS_VERSION}


def options_headers(*, max_size: int | None) -> dict[str, str]:
    headers = {
        **base_headers(),
        "Tus-Version": TUS_VERSION,
        "Tus-Extension": ",".join(EXTENSIONS),
        "Tus-Checksum-Algorithm": ",".join(CHECKSUM_ALGORITHMS),
    }
    if max_size is not None:
        headers["Tus-Max-Size"] = str(max_size)
    return headers
