import pytest

from contest.media import VideoRules
from tests.factories import ContestFactory


@pytest.mark.django_db
def test_rules_from_contest_reads_its_settings():
    contest = ContestFactory(allowed_extensions=[".MP4"], min_long_edge=1280, min_short_edge=720,
                             max_duration_s=600, max_upload_bytes=2 * 1024**3)
    rules = VideoRules.from_contest(contest)
    assert rules.allowed_extensions == (".mp4",)
    assert (rules.min_long_edge, rules.min_short_edge) == (1280, 720)
    assert rules.max_duration_s == 600.0
    assert rules.max_bytes == 2 * 1024**3


@pytest.mark.django_db
def test_rules_defaults_match_a_default_contest():
    assert VideoRules.from_contest(ContestFactory()) == VideoRules()
