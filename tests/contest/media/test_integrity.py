"""The full decode: truncated and corrupted files that probe fine are refused."""

import pytest

from contest.media import MediaTimeout, check_integrity, integrity_timeout
from contest.media.integrity import decoded_seconds, judge_decode

pytestmark = pytest.mark.integration



@pytest.mark.parametrize("sample", [
    "valid_1080p", "valid_1080p_noaudio", "vfr", "webm_vp9", "prores_mov", "hevc_mp4",
    "portrait_rotated", "valid_with_cover",
])
def test_integrity_clean_files_pass(media_sample, sample_metadata, sample):
    path = media_sample(sample)
    assert check_integrity(path, metadata=sample_metadata(path.stem)) == []


def test_integrity_refuses_truncated_file(media_sample, sample_metadata):
    path = media_sample("truncated")
    reasons = check_integrity(path, metadata=sample_metadata(path.stem))
    by_code = {reason.code: reason.params for reason in reasons}
    assert set(by_code) == {"decode_error", "truncated"}
    assert by_code["truncated"]["declared"] == pytest.approx(4.0, abs=0.1)
    assert by_code["truncated"]["decoded"] < 3.0


def test_integrity_refuses_corrupted_file(media_sample, sample_metadata):
    path = media_sample("corrupted")
    reasons = check_integrity(path, metadata=sample_metadata(path.stem))
    assert [reason.code for reason in reasons] == ["decode_error"]
    assert reasons[0].params["lines"] >= 1


def test_integrity_time_limit_kills_the_decode(media_sample, sample_metadata):
    path = media_sample("prores_mov")
    with pytest.raises(MediaTimeout):
        check_integrity(path, metadata=sample_metadata(path.stem), timeout_s=0.05)


def test_integrity_timeout_scales_with_duration():
    assert integrity_timeout(900) > integrity_timeout(60) > integrity_timeout(None) > 0


def test_judge_decode_short_decode_without_errors_is_truncation():
    """A file cut after its front index can demux cleanly: the duration is the only signal."""
    reasons = judge_decode(returncode=0, stderr="", decoded_s=61.0, declared_s=180.0)
    assert [(r.code, r.params) for r in reasons] == [
        ("truncated", {"decoded": 61.0, "declared": 180.0})
    ]
    assert judge_decode(returncode=0, stderr="", decoded_s=179.8, declared_s=180.0) == []


def test_judge_decode_any_error_line_fails_even_with_exit_zero():
    reasons = judge_decode(returncode=0, stderr="[h264 @ 0x1] error while decoding MB 3 4\n",
                           decoded_s=4.0, declared_s=4.0)
    assert [r.code for r in reasons] == ["decode_error"]


def test_decoded_seconds_reads_the_last_progress_block():
    progress = b"out_time_us=1000000\nprogress=continue\nout_time_us=4017052\nprogress=end\n"
    assert decoded_seconds(progress) == 4.017052
    assert decoded_seconds(b"") is None
