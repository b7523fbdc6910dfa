"""The cheap verdict on real files made by FFmpeg (tests/media_samples.py)."""

import dataclasses

import pytest

from contest.media import Report, VideoRules, inspect
from contest.media.report import METADATA_KEYS

pytestmark = pytest.mark.integration
RULES = VideoRules()


def _inspect(media_sample, name: str, *, filename: str | None = None,
             rules: VideoRules = RULES) -> Report:
    path = media_sample(name)
    return inspect(path, rules=rules, filename=filename or path.name)


def _codes(report: Report) -> list[str]:
    return [reason.code for reason in report.reasons]


@pytest.mark.parametrize(
    ("sample", "codec", "container", "audio"),
    [
        ("valid_1080p", "h264", "mp4", "aac"),
        ("valid_1080p_noaudio", "h264", "mp4", None),
        ("vfr", "h264", "mp4", "aac"),
        ("webm_vp9", "vp9", "webm", "opus"),
        ("prores_mov", "prores", "mov", "aac"),
        ("hevc_mp4", "hevc", "mp4", "aac"),
        ("av1_mp4", "av1", "mp4", None),
        ("valid_with_cover", "h264", "mp4", "aac"),
    ],
)
def test_inspect_accepts_allowed_films(media_sample, sample, codec, container, audio):
    report = _inspect(media_sample, sample)
    assert (report.verdict, report.reasons) == ("valid", [])
    meta = report.metadata
    assert (meta["video_codec"], meta["container"]) == (codec, container)
    assert meta["audio_codec"] == audio
    assert meta["has_audio"] is (audio is not None)
    assert (meta["display_width"], meta["display_height"]) == (1920, 1080)


def test_inspect_metadata_has_every_key_of_the_interface(media_sample):
    report = _inspect(media_sample, "valid_1080p")
    path = media_sample("valid_1080p")
    assert set(METADATA_KEYS) <= set(report.metadata)
    assert report.metadata["size_bytes"] == path.stat().st_size
    assert len(report.metadata["sha256"]) == 64
    assert report.metadata["duration_s"] == pytest.approx(4.0, abs=0.1)
    assert report.metadata["fps"] == 24.0
    assert report.metadata["rotation"] == 0


def test_inspect_uses_a_given_sha256_without_reading_again(media_sample):
    path = media_sample("valid_1080p")
    report = inspect(path, rules=RULES, filename="film.mp4", sha256="ab" * 32)
    assert report.metadata["sha256"] == "ab" * 32


def test_inspect_refuses_720p(media_sample):
    report = _inspect(media_sample, "low_720p")
    assert _codes(report) == ["resolution_too_low"]
    assert report.reasons[0].params == {"width": 1280, "height": 720,
                                        "min_long": 1920, "min_short": 1080}


def test_inspect_rotated_portrait_reports_displayed_size(media_sample):
    report = _inspect(media_sample, "portrait_rotated")
    meta = report.metadata
    assert report.verdict == "valid"
    assert (meta["width"], meta["height"]) == (1920, 1080)
    assert (meta["display_width"], meta["display_height"]) == (1080, 1920)
    assert meta["rotation"] in (90, 270)


def test_inspect_vfr_is_flagged_and_accepted(media_sample):
    report = _inspect(media_sample, "vfr")
    assert report.verdict == "valid"
    assert report.metadata["variable_frame_rate"] is True


def test_inspect_refuses_plain_matroska_named_webm(media_sample):
    report = _inspect(media_sample, "matroska_plain")
    assert _codes(report) == ["container_not_allowed"]
    assert report.reasons[0].params["kind"] == "matroska"
    assert report.stats["probe_s"] == 0  # refused from its bytes, no FFmpeg started


def test_inspect_refuses_h264_in_webm(media_sample):
    report = _inspect(media_sample, "webm_h264")
    assert report.metadata["container"] == "webm"
    assert _codes(report) == ["webm_codec_not_allowed"]
    assert report.reasons[0].params == {"codec": "h264"}


def test_inspect_refuses_a_codec_not_allowed(media_sample):
    report = _inspect(media_sample, "mpeg4_part2")
    assert _codes(report) == ["video_codec_not_allowed"]
    assert report.reasons[0].params["codec"] == "mpeg4"


def test_inspect_contest_codec_list_applies(media_sample):
    rules = dataclasses.replace(RULES, allowed_video_codecs=("h264",))
    assert _codes(_inspect(media_sample, "hevc_mp4", rules=rules)) == ["video_codec_not_allowed"]


def test_inspect_refuses_too_short(media_sample):
    report = _inspect(media_sample, "too_short")
    assert _codes(report) == ["too_short"]
    assert report.reasons[0].params == {"duration": 2.0, "min": 3.0}


def test_inspect_refuses_too_long_by_contest_rule(media_sample):
    rules = dataclasses.replace(RULES, max_duration_s=3.0)
    report = _inspect(media_sample, "valid_1080p", rules=rules)
    assert _codes(report) == ["too_long"]


def test_inspect_refuses_too_large(media_sample):
    rules = dataclasses.replace(RULES, max_bytes=1000)
    assert _codes(_inspect(media_sample, "valid_1080p", rules=rules)) == ["file_too_large"]


@pytest.mark.parametrize(("sample", "kind"), [
    ("not_video", "unknown"), ("html_as_mp4", "html"), ("zip_as_mp4", "zip"),
])
def test_inspect_refuses_non_videos_from_their_bytes(media_sample, sample, kind):
    report = _inspect(media_sample, sample)
    assert _codes(report) == ["not_a_video"]
    assert report.reasons[0].params["kind"] == kind
    assert report.stats["probe_s"] == 0


def test_inspect_refuses_mp4_zip_polyglot(media_sample):
    assert _codes(_inspect(media_sample, "mp4_with_zip")) == ["hidden_archive"]


def test_inspect_refuses_cover_art_without_a_film(media_sample):
    report = _inspect(media_sample, "cover_art_only")
    assert _codes(report) == ["no_video_stream"]
    assert report.metadata["video_streams"] == 0


def test_inspect_refuses_huge_frame_fast_and_small(media_sample):
    report = _inspect(media_sample, "huge_frame")
    assert _codes(report) == ["resolution_too_high"]
    assert report.reasons[0].params == {"width": 16000, "height": 16000, "max_long": 4096}
    # Refused from the container header: no decoder opened (a full decode costs 2.6 GB).
    assert report.stats["probe_s"] < 2.0
    assert report.stats["probe_max_rss_bytes"] < 200 * 1024**2


def test_inspect_huge_frame_behind_a_lying_header_is_capped(media_sample):
    """If the header passed, -max_pixels still stops the decoder from allocating the frame."""
    from contest.media.probe import ProbeFailed, probe_streams

    with pytest.raises(ProbeFailed) as caught:
        probe_streams(media_sample("huge_frame"), container="mp4", max_pixels=RULES.max_pixels)
    assert caught.value.oversize == (16000, 16000)


@pytest.mark.parametrize("filename", ["film.avi", "film.mp4.exe", "film", "film.mkv"])
def test_inspect_refuses_wrong_extension(media_sample, filename):
    report = _inspect(media_sample, "valid_1080p", filename=filename)
    assert _codes(report) == ["extension_not_allowed"]


@pytest.mark.parametrize("filename", ["FILM.MP4", "Film.Mov", "film.WebM"])
def test_inspect_extension_is_case_insensitive(media_sample, filename):
    assert _inspect(media_sample, "valid_1080p", filename=filename).verdict == "valid"


def test_inspect_truncated_and_corrupted_pass_the_cheap_stage(media_sample):
    """Their index is intact: only the full decode (check_integrity) finds the damage."""
    assert _inspect(media_sample, "truncated").verdict == "valid"
    assert _inspect(media_sample, "corrupted").verdict == "valid"


def test_inspect_empty_file(tmp_path):
    path = tmp_path / "film.mp4"
    path.write_bytes(b"")
    report = inspect(path, rules=RULES, filename="film.mp4")
    assert _codes(report) == ["not_a_video"]


def test_inspect_refused_by_bytes_starts_no_child(media_sample):
    from contest.media.limits import recording

    with recording() as runs:
        _inspect(media_sample, "html_as_mp4")
    assert runs == []


def test_inspect_huge_frame_opens_no_decoder(media_sample):
    from contest.media.limits import recording

    with recording() as runs:
        _inspect(media_sample, "huge_frame")
    # Only the header probe (-nofind_stream_info) ran: no decoder was ever opened.
    assert [run.tool for run in runs] == ["ffprobe"]
    assert runs[0].max_rss_bytes < 200 * 1024**2


def test_inspect_garbage_behind_an_mp4_header_is_unreadable(tmp_path):
    import random
    import struct

    path = tmp_path / "film.mp4"
    ftyp = struct.pack(">I", 24) + b"ftypisom" + b"\0\0\2\0" + b"isomavc1"
    path.write_bytes(ftyp + random.Random(5).randbytes(100_000))
    report = inspect(path, rules=RULES, filename="film.mp4")
    assert report.metadata["container"] == "mp4"
    assert _codes(report) == ["unreadable"]
    assert report.metadata["probe_error"]
