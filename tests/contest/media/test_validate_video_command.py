"""``manage.py validate_video``: one JSON object, exit 0 whatever the verdict."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from contest.media.report import METADATA_KEYS
from tests.factories import ContestFactory

pytestmark = pytest.mark.integration
MANAGE = Path(__file__).resolve().parents[3] / "manage.py"


def _run(*args) -> dict:
    out = StringIO()
    call_command("validate_video", *map(str, args), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_command_valid_film_prints_verdict_and_metadata(media_sample):
    result = _run(media_sample("valid_1080p"))
    assert set(result) == {"verdict", "reasons", "metadata"}
    assert (result["verdict"], result["reasons"]) == ("valid", [])
    assert list(result["metadata"]) == list(METADATA_KEYS)
    assert result["metadata"]["video_codec"] == "h264"
    assert result["metadata"]["display_width"] == 1920


def test_command_refusal_lists_code_and_message(media_sample):
    result = _run(media_sample("low_720p"))
    assert result["verdict"] == "invalid"
    assert result["reasons"] == [{
        "code": "resolution_too_low",
        "message": "The film is 1280×720; the minimum is 1920×1080 (either orientation).",
    }]


def test_command_decodes_the_film_after_the_cheap_checks(media_sample):
    result = _run(media_sample("corrupted"))
    assert [reason["code"] for reason in result["reasons"]] == ["decode_error"]


def test_command_name_rule_applies_to_filename_option(media_sample):
    path = media_sample("valid_1080p")
    refused = _run(path, "--filename", "film.avi")
    assert [reason["code"] for reason in refused["reasons"]] == ["extension_not_allowed"]
    assert _run(path, "--filename", "FILM.MOV")["verdict"] == "valid"


def test_command_refused_by_cheap_checks_is_not_decoded(media_sample):
    # Truncated would fail the decode; with a refused name it is never decoded.
    result = _run(media_sample("truncated"), "--filename", "film.mkv")
    assert [reason["code"] for reason in result["reasons"]] == ["extension_not_allowed"]


@pytest.mark.django_db
def test_command_applies_a_contests_rules(media_sample):
    ContestFactory(slug="small-screens", min_long_edge=1280, min_short_edge=720)
    assert _run(media_sample("low_720p"), "--contest", "small-screens")["verdict"] == "valid"


@pytest.mark.django_db
def test_command_unknown_contest_is_an_error(media_sample):
    with pytest.raises(CommandError):
        _run(media_sample("valid_1080p"), "--contest", "no-such-contest")


def test_command_exit_status_zero_on_refusal_non_zero_when_it_cannot_run(media_sample):
    refused = subprocess.run(
        [sys.executable, str(MANAGE), "validate_video", str(media_sample("html_as_mp4")), "--json"],
        capture_output=True, text=True, check=False,
    )
    assert refused.returncode == 0, refused.stderr
    assert json.loads(refused.stdout)["reasons"][0]["code"] == "not_a_video"
    missing = subprocess.run(
        [sys.executable, str(MANAGE), "validate_video", "/no/such/film.mp4", "--json"],
        capture_output=True, text=True, check=False,
    )
    assert missing.returncode != 0
    assert missing.stdout == ""


def test_command_refused_film_never_reaches_ffmpeg(media_sample):
    from contest.media.limits import recording

    with recording() as runs:
        _run(media_sample("low_720p"))
    assert "ffmpeg" not in [run.tool for run in runs]
    with recording() as runs:
        _run(media_sample("valid_1080p"))
    assert [run.tool for run in runs] == ["ffprobe", "ffprobe", "ffmpeg"]
