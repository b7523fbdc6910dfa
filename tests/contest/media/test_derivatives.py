"""Poster, preview, perceptual hashes and content credentials, on real files."""

import json
import subprocess

import pytest
from PIL import Image

from contest.media import (
    NEAR_DUPLICATE_DISTANCE,
    VideoRules,
    extract_poster,
    frame_hashes,
    hash_distance,
    inspect,
    make_preview,
    read_content_credentials,
)
from contest.media.credentials import claimed_generator

pytestmark = pytest.mark.integration



def _streams(path) -> list[dict]:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(path)],
                         capture_output=True, check=True).stdout
    return json.loads(out)["streams"]


@pytest.mark.parametrize(("sample", "size"), [
    ("valid_1080p", (1280, 720)), ("portrait_rotated", (720, 1280)), ("webm_vp9", (1280, 720)),
])
def test_poster_is_a_jpeg_in_displayed_orientation(
    media_sample, sample_metadata, tmp_path, sample, size
):
    path = media_sample(sample)
    extract_poster(path, tmp_path / "poster.jpg", metadata=sample_metadata(path.stem))
    with Image.open(tmp_path / "poster.jpg") as poster:
        assert (poster.format, poster.size) == ("JPEG", size)


@pytest.mark.parametrize(("sample", "size", "audio"), [
    ("valid_1080p", (1280, 720), True),
    ("portrait_rotated", (720, 1280), True),
    ("valid_1080p_noaudio", (1280, 720), False),
    ("prores_mov", (1280, 720), True),
])
def test_preview_is_720p_h264_aac_with_index_first(
    media_sample, sample_metadata, tmp_path, sample, size, audio
):
    path, out = media_sample(sample), tmp_path / "preview.mp4"
    make_preview(path, out, metadata=sample_metadata(path.stem))
    streams = _streams(out)
    video = next(s for s in streams if s["codec_type"] == "video")
    assert (video["codec_name"], video["pix_fmt"]) == ("h264", "yuv420p")
    assert (video["width"], video["height"]) == size
    assert not any("rotation" in side for side in video.get("side_data_list", []))
    assert [s["codec_name"] for s in streams if s["codec_type"] == "audio"] == (
        ["aac"] if audio else []
    )
    head = out.read_bytes()[:4096]
    assert 0 <= head.find(b"moov") < head.find(b"mdat") or b"mdat" not in head  # faststart


def test_preview_of_a_small_film_is_not_enlarged(media_sample, sample_metadata, tmp_path):
    path, out = media_sample("low_720p"), tmp_path / "preview.mp4"
    make_preview(path, out, metadata=sample_metadata(path.stem))
    video = _streams(out)[0]
    assert (video["width"], video["height"]) == (1280, 720)


def test_hashes_find_the_same_film_reencoded_and_not_another(media_sample, sample_metadata):
    def hashes(name):
        path = media_sample(name)
        return frame_hashes(path, metadata=sample_metadata(path.stem))

    original = hashes("valid_1080p")
    assert len(original) == 8
    assert all(len(value) == 16 for value in original)
    assert hash_distance(original, original) == 0
    # The same pictures at 720p, and in WebM VP9: near duplicates.
    for copy in ("low_720p", "webm_vp9"):
        assert hash_distance(original, hashes(copy)) <= NEAR_DUPLICATE_DISTANCE, copy
    assert hash_distance(original, hashes("other_1080p")) > NEAR_DUPLICATE_DISTANCE


def test_hash_distance_without_hashes_is_maximal():
    assert hash_distance([], ["0" * 16]) == 64.0


def test_content_credentials_absent_is_none(media_sample, sample_metadata):
    assert read_content_credentials(media_sample("valid_1080p")) is None
    assert read_content_credentials(media_sample("webm_vp9")) is None
    assert read_content_credentials(media_sample("html_as_mp4")) is None


def test_content_credentials_give_the_claimed_generator(media_sample, sample_metadata):
    credentials = read_content_credentials(media_sample("c2pa_signed"))
    assert credentials["generator"] == "Example Video Model 2"
    assert credentials["manifest"]["title"] == "film"
    json.dumps(credentials)  # stored in a JSONField


def test_signed_file_is_still_a_valid_film(media_sample, sample_metadata):
    assert inspect(media_sample("c2pa_signed"), rules=VideoRules(), filename="f.mp4").is_valid


def test_claimed_generator_falls_back_to_the_claim_generator():
    manifest = {"claim_generator_info": [{"name": "Editor", "version": "5.1"}]}
    assert claimed_generator(manifest) == "Editor 5.1"
    assert claimed_generator({"claim_generator": "Old tool/1.0"}) == "Old tool/1.0"
