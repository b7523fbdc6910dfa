"""The material checks in their capped child process: valid files and hostile ones.

Each hostile file must get its verdict within the child's limits (time and memory are
asserted from the child's own figures) and leave no process behind.
"""

import os
from pathlib import Path

import pytest

from contest.media import MediaTimeout
from contest.media.materials import check_material
from tests import material_samples as samples

# Far above what these files take (a tenth of a second, tens of MB), far below the limits.
QUICK_S = 10.0
SMALL_PEAK = 512 * 1024**2


def _children() -> list[int]:
    """Processes whose parent is this test process (a leftover check would be one)."""
    mine = str(os.getpid())
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        if stat.rsplit(")", 1)[1].split()[1] == mine:
            found.append(int(pid))
    return found


def _check(tmp_path, kind, data, **options):
    source = tmp_path / "in.bin"
    source.write_bytes(data)
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    before = _children()  # other suites may keep helpers of their own running
    result = check_material(kind, source, out, max_bytes=len(data) + 1, **options)
    assert [pid for pid in _children() if pid not in before] == []
    assert result.elapsed_s < QUICK_S
    assert result.peak_bytes < SMALL_PEAK
    return result


def test_subtitles_valid_srt_become_webvtt(tmp_path):
    result = _check(tmp_path, "subtitle", samples.srt(3, text="<i>Hi</i> & <font x=1>bye</font>"))
    assert result.refusals == []
    assert result.files["file"].read_text() == (
        "WEBVTT\n\n"
        "00:00:02.000 --> 00:00:03.600\n<i>Hi</i> &amp; bye\n\n"
        "00:00:04.000 --> 00:00:05.600\n<i>Hi</i> &amp; bye\n\n"
        "00:00:06.000 --> 00:00:07.600\n<i>Hi</i> &amp; bye\n")
    assert result.info["cues"] == 3


def test_subtitles_webvtt_input_is_accepted(tmp_path):
    data = b"WEBVTT\n\nNOTE made by hand\n\n00:01.000 --> 00:02.500 align:start\nHello\n"
    result = _check(tmp_path, "subtitle", data)
    assert result.refusals == []
    assert result.files["file"].read_text() == "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello\n"


@pytest.mark.parametrize(("encoding", "language", "text"), [
    ("utf-16", "ru", "Привет, мир"),  # with BOM
    ("cp1251", "ru", "Он пошёл домой, а она осталась у окна."),
    ("shift_jis", "ja", "こんにちは、元気ですか？これは映画の字幕です。"),
    ("gb18030", "zh-hans", "你好，你好吗？这是电影的字幕。他回家了。"),
    ("cp1256", "ar", "مرحبا، كيف حالك؟ هذه ترجمة للفيلم."),
])
def test_subtitles_legacy_encoding_decoded(tmp_path, encoding, language, text):
    result = _check(tmp_path, "subtitle", samples.srt(10, text=text, encoding=encoding),
                    language=language)
    assert result.refusals == []
    assert result.files["file"].read_text(encoding="utf-8").count(text) == 10


def test_subtitles_million_cues_refused(tmp_path):
    result = _check(tmp_path, "subtitle", samples.srt(1_000_000, text="a", step_s=0.01))
    assert result.refusals == [("subtitle_too_many_cues", {"max": 20_000})]
    assert result.files == {}


def test_subtitles_malformed_timestamp_refused_with_line(tmp_path):
    data = b"1\n00:00:01,000 --> 00:00:02,000\nOne\n\n2\n00:00:0x,000 --> 00:00:04,000\nTwo\n"
    assert _check(tmp_path, "subtitle", data).refusals == [
        ("subtitle_bad_timestamp", {"line": 6})]


def test_subtitles_out_of_order_refused(tmp_path):
    data = b"1\n00:00:05,000 --> 00:00:06,000\nOne\n\n2\n00:00:01,000 --> 00:00:02,000\nTwo\n"
    assert _check(tmp_path, "subtitle", data).refusals == [("subtitle_out_of_order", {"line": 6})]


def test_subtitles_ending_before_start_refused(tmp_path):
    data = b"1\n00:00:05,000 --> 00:00:04,000\nOne\n"
    assert _check(tmp_path, "subtitle", data).refusals == [
        ("subtitle_ends_before_start", {"line": 2})]


def test_subtitles_overlapping_cues_kept(tmp_path):
    data = b"1\n00:00:01,000 --> 00:00:04,000\nOne\n\n2\n00:00:02,000 --> 00:00:03,000\nTwo\n"
    result = _check(tmp_path, "subtitle", data)
    assert result.refusals == []
    assert result.info["cues"] == 2


def test_subtitles_past_film_end_refused(tmp_path):
    result = _check(tmp_path, "subtitle", samples.srt(10, step_s=10.0), duration_s=60.0)
    assert result.refusals == [("subtitle_past_film_end", {"end": 108.0, "duration": 60.0})]


def test_subtitles_binary_garbage_refused(tmp_path):
    data = bytes(range(256)) * 64
    assert _check(tmp_path, "subtitle", data).refusals == [("subtitle_not_text", {})]


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_image_valid_reencoded_without_metadata(tmp_path, fmt):
    data = samples.image(fmt, (1200, 800), exif_author="Jane Doe", gps=fmt != "PNG")
    result = _check(tmp_path, "image", data)
    assert result.refusals == []
    assert result.info == {"format": fmt, "width": 1200, "height": 800}
    from PIL import Image

    with Image.open(result.files["file"]) as stored:
        assert (stored.format, stored.size, dict(stored.getexif())) == (fmt, (1200, 800), {})
    with Image.open(result.files["thumbnail"]) as thumb:
        assert (thumb.format, thumb.size) == ("WEBP", (480, 320))
    assert b"Jane Doe" not in result.files["file"].read_bytes()


def test_image_bomb_refused_before_decoding(tmp_path):
    result = _check(tmp_path, "image", samples.png_bomb())
    assert result.refusals == [("image_too_many_pixels",
                                {"width": 50_000, "height": 50_000, "max_megapixels": 64})]
    # Decoding 2.5 gigapixels would take gigabytes; the header alone takes a few MB.
    assert result.peak_bytes < 128 * 1024**2


def test_image_huge_exif_block_stripped(tmp_path):
    data = samples.jpeg_huge_exif(author="Jane Doe")
    result = _check(tmp_path, "image", data)
    assert result.refusals == []
    stored = result.files["file"].read_bytes()
    assert (b"Jane Doe" in data, b"Jane Doe" in stored, b"Exif" in stored) == (True, False, False)
    assert len(stored) < 20_000 < len(data)


def test_image_svg_renamed_png_refused(tmp_path):
    assert _check(tmp_path, "image", samples.SVG).refusals == [("image_not_allowed_type", {})]


def test_image_polyglot_keeps_only_the_picture(tmp_path):
    result = _check(tmp_path, "image", samples.polyglot())
    assert result.refusals == []
    stored = result.files["file"].read_bytes()
    assert (b"PK\x03\x04" in stored, b"<script>" in stored) == (False, False)


def test_image_truncated_refused(tmp_path):
    data = samples.image("PNG", (800, 600))
    assert _check(tmp_path, "image", data[: len(data) // 2]).refusals == [("image_damaged", {})]


def test_document_valid_pdf_loses_its_author(tmp_path):
    data = samples.plain_pdf(3, author="Jane Doe")
    result = _check(tmp_path, "document", data)
    assert result.refusals == []
    assert result.info == {"pages": 3}
    stored = result.files["file"].read_bytes()
    assert (b"Jane Doe" in data, b"Jane Doe" in stored, stored[:5]) == (True, False, b"%PDF-")


@pytest.mark.parametrize(("sample", "refusal"), [
    (samples.javascript_pdf, ("document_active_content", {"what": "javascript"})),
    (samples.embedded_file_pdf, ("document_active_content", {"what": "embedded_file"})),
    (samples.encrypted_pdf, ("document_encrypted", {})),
    (samples.nested_pdf, ("document_damaged", {})),
    (lambda: samples.image("PNG"), ("document_not_pdf", {})),
])
def test_document_hostile_pdf_refused(tmp_path, sample, refusal):
    result = _check(tmp_path, "document", sample())
    assert (result.refusals, result.files) == ([refusal], {})


def test_check_past_its_time_limit_leaves_no_process(tmp_path):
    source = tmp_path / "in.bin"
    source.write_bytes(samples.srt(1_000_000, text="a", step_s=0.01))
    before = _children()
    with pytest.raises(MediaTimeout):
        check_material("subtitle", source, tmp_path, max_bytes=10**9, timeout_s=0.05)
    assert [pid for pid in _children() if pid not in before] == []
