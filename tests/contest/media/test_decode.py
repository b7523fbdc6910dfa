"""The full stage's single decode gives what the separate runs gave, on real files."""

import json
import subprocess

import pytest

from contest.media import (
    MediaTimeout,
    MediaToolError,
    check_integrity,
    decode_film,
    decode_timeout,
    extract_poster,
    frame_hashes,
    integrity_timeout,
    timeline_hashes,
)
from contest.media.decode import _Outputs

pytestmark = pytest.mark.integration

CLEAN = ["valid_1080p", "portrait_rotated", "webm_vp9", "vfr", "prores_mov",
         "valid_1080p_noaudio", "valid_with_cover"]


def _streams(path) -> list[dict]:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-show_format",
                          "-of", "json", str(path)], capture_output=True, check=True).stdout
    return json.loads(out)


@pytest.mark.parametrize("sample", CLEAN)
def test_decode_film_derivatives_equal_the_separate_runs(
    media_sample, sample_metadata, tmp_path, sample
):
    path = media_sample(sample)
    metadata = sample_metadata(path.stem)
    decoded = decode_film(path, metadata=metadata, work=tmp_path)

    assert decoded.reasons == []
    extract_poster(path, tmp_path / "separate.jpg", metadata=metadata)
    # The same frame, scaled and encoded the same way: the same bytes.
    assert decoded.poster.read_bytes() == (tmp_path / "separate.jpg").read_bytes()
    assert decoded.hashes == frame_hashes(path, metadata=metadata)
    assert check_integrity(path, metadata=metadata, timeline=tmp_path / "separate.gray") == []
    assert decoded.timeline == timeline_hashes(tmp_path / "separate.gray")


@pytest.mark.parametrize("sample", ["truncated", "corrupted"])
def test_decode_film_damaged_film_gets_the_separate_decodes_reasons_and_nothing_else(
    media_sample, sample_metadata, tmp_path, sample
):
    path = media_sample(sample)
    metadata = sample_metadata(path.stem)
    decoded = decode_film(path, metadata=metadata, work=tmp_path)
    # As the full stage ran it before: with its timeline output.
    separate = check_integrity(path, metadata=metadata, timeline=tmp_path / "separate.gray")

    assert [reason.code for reason in decoded.reasons] == [r.code for r in separate]
    # The same decoder errors (their order varies between decoding threads).
    assert decoded.reasons[0].params["lines"] == separate[0].params["lines"]
    if sample == "truncated":
        assert decoded.reasons[1].params == separate[1].params
    assert (decoded.poster, decoded.preview, decoded.hashes, decoded.timeline) == (
        None, None, None, None)


def test_decode_film_preview_is_for_a_jurors_screen(media_sample, sample_metadata, tmp_path):
    path = media_sample("valid_1080p")
    decoded = decode_film(path, metadata=sample_metadata(path.stem), work=tmp_path)

    probed = _streams(decoded.preview)
    video, audio = probed["streams"]
    assert (video["codec_name"], video["pix_fmt"], video["width"], video["height"]) == (
        "h264", "yuv420p", 1280, 720)
    assert (audio["codec_name"], audio["channels"]) == ("aac", 2)
    assert int(audio["bit_rate"]) <= 130_000
    # Capped at 2 Mb/s: over a film of d seconds the 4 Mb rate-control buffer lets the
    # average reach at most 2 Mb/s + 4 Mb / d (3 Mb/s for this 4-second sample).
    duration = float(probed["format"]["duration"])
    assert int(video["bit_rate"]) <= 2_000_000 + 4_000_000 / duration
    assert probed["format"].get("tags", {}).keys() <= {
        "major_brand", "minor_version", "compatible_brands", "encoder"}
    head = decoded.preview.read_bytes()[:4096]
    assert 0 <= head.find(b"moov") < head.find(b"mdat") or b"mdat" not in head  # faststart


def test_decode_film_missing_late_frames_fail_as_the_separate_hashes_did(
    media_sample, sample_metadata, tmp_path
):
    """The picture ends after 1 s of a 4 s film: the late hash frames exist in neither run."""
    path = media_sample("short_picture_long_sound")
    metadata = sample_metadata(path.stem)
    assert check_integrity(path, metadata=metadata) == []
    with pytest.raises(MediaToolError, match="no frames"):
        frame_hashes(path, metadata=metadata)
    with pytest.raises(MediaToolError, match="no frames"):
        decode_film(path, metadata=metadata, work=tmp_path)


def test_decode_film_missing_poster_falls_back_to_the_separate_extraction(
    media_sample, sample_metadata, tmp_path
):
    path = media_sample("short_picture_long_sound")
    metadata = {**sample_metadata(path.stem), "duration_s": 30.0}  # poster time: 3 s, no frame
    outputs = _Outputs(tmp_path, metadata)
    assert not outputs.poster.exists()

    assert outputs.poster_or_fallback(path).stat().st_size > 0


def test_decode_film_time_limit_kills_the_run(media_sample, sample_metadata, tmp_path):
    path = media_sample("prores_mov")
    with pytest.raises(MediaTimeout):
        decode_film(path, metadata=sample_metadata(path.stem), work=tmp_path, timeout_s=0.05)


def test_decode_timeout_covers_the_decode_and_the_preview():
    assert decode_timeout(600) > integrity_timeout(600)
    assert decode_timeout(900) > decode_timeout(60) > 0
