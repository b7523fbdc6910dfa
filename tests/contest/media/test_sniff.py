import struct

import pytest

from contest.media.sniff import has_trailing_archive, sniff_bytes, sniff_file


def _ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\0\0\0\0" + b"".join(compatible)
    return struct.pack(">I", 8 + len(body)) + b"ftyp" + body + b"\0" * 64


def _ebml(doctype: bytes) -> bytes:
    element = b"\x42\x82" + bytes([0x80 | len(doctype)]) + doctype
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(element)]) + element + b"\0" * 32


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (_ftyp(b"isom", b"isom", b"avc1"), "mp4"),
        (_ftyp(b"mp42", b"mp41"), "mp4"),
        (_ftyp(b"qt  ", b"qt  "), "mov"),
        (_ftyp(b"heic", b"mif1"), "heif"),
        (_ftyp(b"M4A ", b"isom"), "audio"),
        (_ftyp(b"3gp4", b"3gp4"), "3gp"),
        (struct.pack(">I", 1000) + b"moov" + b"\0" * 16, "mov"),
        (_ebml(b"webm"), "webm"),
        (_ebml(b"matroska"), "matroska"),
        (b"<!DOCTYPE html><html>", "html"),
        (b"\xef\xbb\xbf\n  <HTML lang=en>", "html"),
        (b"PK\x03\x04" + b"\0" * 40, "zip"),
        (b"%PDF-1.7\n", "pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 8, "png"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 8, "jpeg"),
        (b"RIFF\0\0\0\0AVI LIST", "avi"),
        (b"RIFF\0\0\0\0WEBPVP8 ", "webp"),
        (b"\x47" + b"\0" * 187 + b"\x47" + b"\0" * 187 + b"\x47" + b"\0" * 187, "mpegts"),
        (b"", "empty"),
        (b"just some text", "unknown"),
    ],
)
def test_sniff_bytes_names_the_real_type(head, kind):
    assert sniff_bytes(head).kind == kind


def test_sniff_ebml_doctype_is_recorded():
    assert sniff_bytes(_ebml(b"webm")).detail == "webm"


@pytest.mark.integration
@pytest.mark.parametrize(
    ("sample", "kind"),
    [
        ("valid_1080p", "mp4"),
        ("prores_mov", "mov"),
        ("webm_vp9", "webm"),
        ("matroska_plain", "matroska"),
        ("html_as_mp4", "html"),
        ("zip_as_mp4", "zip"),
        ("not_video", "unknown"),
    ],
)
def test_sniff_file_on_real_files(media_sample, sample, kind):
    assert sniff_file(media_sample(sample)).kind == kind


@pytest.mark.integration
def test_trailing_archive_found_only_on_the_polyglot(media_sample):
    assert has_trailing_archive(media_sample("mp4_with_zip")) is True
    assert has_trailing_archive(media_sample("valid_1080p")) is False
    assert has_trailing_archive(media_sample("corrupted")) is False


def test_trailing_archive_ignores_a_stray_signature(tmp_path):
    # The four signature bytes by chance near the end of a video, with no central directory.
    path = tmp_path / "film.mp4"
    path.write_bytes(b"\0" * 5000 + b"PK\x05\x06" + b"\x01" * 18)
    assert has_trailing_archive(path) is False
