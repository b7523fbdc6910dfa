"""What a file really is, from its first bytes, whatever its name says.

Only the formats an entrant might plausibly send (or an attacker might disguise) are named;
anything else is "unknown". Video containers are told apart precisely: ISO-BMFF by its
``ftyp`` brands (QuickTime's ``qt  `` versus the MP4 family), Matroska by the EBML DocType
(``webm`` versus plain ``matroska``).
"""

import struct
from dataclasses import dataclass
from pathlib import Path

HEAD_BYTES = 64 * 1024
VIDEO_CONTAINERS = frozenset(
    {"mp4", "mov", "webm", "matroska", "3gp", "avi", "mpegts", "flv", "asf", "ogg", "mxf"}
)
_QUICKTIME_FIRST_BOXES = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}
_IMAGE_BRANDS = {b"heic", b"heix", b"hevc", b"mif1", b"msf1", b"avif", b"avis"}
_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P "}
_EBML_MAGIC = b"\x1a\x45\xdf\xa3"
_EBML_DOCTYPE = 0x4282
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"PK\x03\x04", "zip"),
    (0, b"PK\x05\x06", "zip"),
    (0, b"%PDF-", "pdf"),
    (0, b"\x89PNG\r\n\x1a\n", "png"),
    (0, b"\xff\xd8\xff", "jpeg"),
    (0, b"GIF87a", "gif"),
    (0, b"GIF89a", "gif"),
    (0, b"\x1f\x8b", "gzip"),
    (0, b"7z\xbc\xaf\x27\x1c", "7z"),
    (0, b"Rar!\x1a\x07", "rar"),
    (0, b"\x7fELF", "executable"),
    (0, b"MZ", "executable"),
    (0, b"OggS", "ogg"),
    (0, b"fLaC", "audio"),
    (0, b"ID3", "audio"),
    (0, b"FLV\x01", "flv"),
    (0, b"\x30\x26\xb2\x75\x8e\x66\xcf\x11", "asf"),
    (0, b"\x06\x0e\x2b\x34\x02\x05\x01\x01", "mxf"),
)
_RIFF_KINDS = {b"AVI ": "avi", b"WAVE": "audio", b"WEBP": "webp"}
_MARKUP_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe")


@dataclass(frozen=True)
class Sniffed:
    kind: str  # "mp4", "mov", "webm", "matroska", "html", "zip", "png", …, "empty", "unknown"
    detail: str = ""  # the ftyp major brand or the EBML DocType, for the record

    @property
    def is_video_container(self) -> bool:
        return self.kind in VIDEO_CONTAINERS


def sniff_file(path: str | Path) -> Sniffed:
    with open(path, "rb") as f:
        return sniff_bytes(f.read(HEAD_BYTES))


def sniff_bytes(head: bytes) -> Sniffed:
    if not head:
        return Sniffed("empty")
    for sniff in (_iso_bmff, _ebml, _riff, _signature, _mpegts, _markup):
        found = sniff(head)
        if found:
            return found
    return Sniffed("unknown")


def _iso_bmff(head: bytes) -> Sniffed | None:
    if len(head) < 12:
        return None
    size, box = struct.unpack(">I4s", head[:8])
    if box == b"ftyp" and 16 <= size <= len(head):
        major = head[8:12]
        brands = {major} | {head[i : i + 4] for i in range(16, size - 3, 4)}
        label = major.decode("latin-1").strip()
        if major == b"qt  ":
            return Sniffed("mov", label)
        if major in _IMAGE_BRANDS:
            return Sniffed("heif", label)
        if major in _AUDIO_BRANDS:
            return Sniffed("audio", label)
        if major.startswith(b"3g") and not brands & {b"isom", b"mp41", b"mp42"}:
            return Sniffed("3gp", label)
        return Sniffed("mp4", label)
    if box in _QUICKTIME_FIRST_BOXES and (size in (0, 1) or size >= 8):
        return Sniffed("mov", box.decode("latin-1"))
    return None


def _read_vint(data: bytes, pos: int, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-length integer at ``pos``: (value, next position)."""
    first = data[pos]
    length = 1
    mask = 0x80
    while length <= 8 and not first & mask:
        mask >>= 1
        length += 1
    if length > 8 or pos + length > len(data):
        raise ValueError("bad EBML integer")
    value = first if keep_marker else first & (mask - 1)
    for byte in data[pos + 1 : pos + length]:
        value = (value << 8) | byte
    return value, pos + length


def _ebml(head: bytes) -> Sniffed | None:
    if not head.startswith(_EBML_MAGIC):
        return None
    try:
        size, pos = _read_vint(head, 4, keep_marker=False)
        end = min(pos + size, len(head))
        while pos < end:
            element, pos = _read_vint(head, pos, keep_marker=True)
            length, pos = _read_vint(head, pos, keep_marker=False)
            if element == _EBML_DOCTYPE:
                doctype = head[pos : pos + length].rstrip(b"\0").decode("ascii", "replace")
                kind = "webm" if doctype == "webm" else "matroska"
                return Sniffed(kind, doctype)
            pos += length
    except (ValueError, IndexError):
        pass
    return Sniffed("matroska", "")  # EBML without a readable DocType: not WebM


def _riff(head: bytes) -> Sniffed | None:
    if head[:4] == b"RIFF" and len(head) >= 12:
        return Sniffed(_RIFF_KINDS.get(head[8:12], "unknown"), head[8:12].decode("latin-1"))
    return None


def _signature(head: bytes) -> Sniffed | None:
    for offset, magic, kind in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return Sniffed(kind)
    return None


def _mpegts(head: bytes) -> Sniffed | None:
    if len(head) >= 188 * 3 and all(head[i] == 0x47 for i in (0, 188, 376)):
        return Sniffed("mpegts")
    return None


def _markup(head: bytes) -> Sniffed | None:
    text = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(_MARKUP_STARTS) or (text.startswith(b"<?xml") and b"<svg" in text):
        return Sniffed("html")
    if text.startswith(b"<?xml") or text.startswith(b"<svg"):
        return Sniffed("xml")
    return None


def has_trailing_archive(path: str | Path) -> bool:
    """Whether a ZIP archive is glued to the end of the file (an MP4/ZIP polyglot).

    The end-of-central-directory record must end exactly at the end of the file and point
    back at a real central directory, so chance bytes in compressed video cannot match.
    """
    tail_size = 22 + 0xFFFF
    with open(path, "rb") as f:
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - tail_size))
        tail = f.read()
    base = size - len(tail)
    pos = tail.rfind(b"PK\x05\x06")
    while pos >= 0:
        if pos + 22 <= len(tail):
            cd_size, cd_offset, comment = struct.unpack("<IIH", tail[pos + 12 : pos + 22])
            cd_start = base + pos - cd_size
            if pos + 22 + comment == len(tail) and cd_start >= 0 and cd_offset <= cd_start:
                with open(path, "rb") as f:
                    f.seek(cd_start)
                    if f.read(4) == b"PK\x01\x02":
                        return True
        pos = tail.rfind(b"PK\x05\x06", 0, pos)
    return False
