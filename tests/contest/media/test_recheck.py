"""Changed rules applied to a film's stored findings give what ``inspect`` would give."""

import pytest

from contest.media import VideoRules, inspect
from contest.media.recheck import merge, rule_reasons, was_probed

HD_RULES = VideoRules(min_long_edge=1280, min_short_edge=720)
FULL_HD_RULES = VideoRules()  # long edge at least 1920, short edge at least 1080


@pytest.mark.parametrize("sample", ["low_720p", "valid_1080p"])
@pytest.mark.parametrize("rules", [HD_RULES, FULL_HD_RULES,
                                   VideoRules(allowed_video_codecs=("vp9",), max_duration_s=1)])
def test_stored_findings_give_the_reasons_inspect_gives(media_sample, sample, rules):
    first = inspect(media_sample(sample), rules=HD_RULES, filename="film.mp4")
    again = inspect(media_sample(sample), rules=rules, filename="film.mp4")

    assert rule_reasons(first.metadata, filename="film.mp4", rules=rules) == again.reasons


def test_a_720p_film_breaks_the_1080p_rules_and_passes_the_720p_ones():
    metadata = {"sniffed": "mp4", "brand": "isom", "size_bytes": 1000, "video_streams": 1,
                "video_codec": "h264", "display_width": 1280, "display_height": 720,
                "duration_s": 4.0}

    refused = rule_reasons(metadata, filename="film.mp4", rules=FULL_HD_RULES)

    assert [reason.code for reason in refused] == ["resolution_too_low"]
    assert rule_reasons(metadata, filename="film.mp4", rules=HD_RULES) == []


def test_a_film_refused_before_the_probe_needs_its_file_once_its_container_is_allowed():
    metadata = {"sniffed": "matroska", "brand": "matroska", "size_bytes": 1000}
    rules = VideoRules(allowed_containers=("mp4", "matroska"))

    assert was_probed(metadata) is False
    assert [r.code for r in rule_reasons(metadata, filename="film.mkv",
                                         rules=FULL_HD_RULES)] == [
        "extension_not_allowed", "container_not_allowed"]
    assert rule_reasons(metadata, filename="film.mkv", rules=rules) is None


def test_merge_keeps_what_is_wrong_with_the_file_and_renews_the_rules():
    stored = [{"code": "decode_error", "params": {"line": "x"}},
              {"code": "resolution_too_low", "params": {}}]
    fresh = rule_reasons({"sniffed": "mp4", "size_bytes": 10, "video_streams": 1,
                          "video_codec": "prores", "display_width": 1920,
                          "display_height": 1080, "duration_s": 10.0},
                         filename="film.mp4", rules=VideoRules(allowed_video_codecs=("h264",)))

    merged = merge(stored, fresh)

    assert [reason["code"] for reason in merged] == ["decode_error", "video_codec_not_allowed"]
