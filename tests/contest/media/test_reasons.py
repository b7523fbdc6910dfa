import struct

from django.utils import translation

from contest.media import Reason, reason_text
from contest.media.reasons import MESSAGES, format_duration

SAMPLE_PARAMS = {
    "extension_not_allowed": {"filename": "film.avi", "extension": ".avi",
                              "allowed": [".mp4", ".mov", ".webm"]},
    "file_too_large": {"size_bytes": 5 * 1024**3, "max_bytes": 4 * 1024**3},
    "not_a_video": {"kind": "html", "allowed": ["mp4"]},
    "container_not_allowed": {"kind": "matroska", "allowed": ["mp4", "mov", "webm"]},
    "video_codec_not_allowed": {"codec": "mpeg4", "allowed": ["h264", "vp9"]},
    "webm_codec_not_allowed": {"codec": "vp8"},
    "resolution_too_low": {"width": 1280, "height": 720, "min_long": 1920, "min_short": 1080},
    "resolution_too_high": {"width": 16000, "height": 16000, "max_long": 4096},
    "too_short": {"duration": 2.0, "min": 3.0},
    "too_long": {"duration": 965.0, "max": 900.0},
    "truncated": {"decoded": 2.4, "declared": 4.0},
}


def test_reason_as_dict_round_trips():
    reason = Reason("too_short", {"duration": 2.0, "min": 3.0})
    assert Reason.from_dict(reason.as_dict()) == reason
    assert reason.as_dict() == {"code": "too_short", "params": {"duration": 2.0, "min": 3.0}}


def test_reason_text_resolution_is_concrete():
    with translation.override("en"):
        message, todo = reason_text("resolution_too_low", SAMPLE_PARAMS["resolution_too_low"])
    assert message == "The film is 1280×720; the minimum is 1920×1080 (either orientation)."
    assert todo == "Export the film again at 1080p or higher."


def test_reason_text_every_code_formats_without_placeholders_left():
    with translation.override("en"):
        for code in MESSAGES:
            message, todo = reason_text(code, SAMPLE_PARAMS.get(code, {}))
            assert "%(" not in message + todo, code
            assert message != todo, code


def test_reason_text_durations_and_sizes():
    with translation.override("en"):
        assert reason_text("too_long", SAMPLE_PARAMS["too_long"])[0] == (
            "The film lasts 16 min 5 s; the longest accepted is 15 min."
        )
        assert reason_text("file_too_large", SAMPLE_PARAMS["file_too_large"])[0] == (
            "The file is 5.0\xa0GB; the largest accepted is 4.0\xa0GB."
        )
        assert format_duration(2.04) == "2.0 s"


def test_reason_text_unknown_code_or_bad_params_is_generic():
    with translation.override("en"):
        generic = reason_text("no_such_code", {})
        assert generic[0] == "The film did not pass a technical check."
        assert reason_text("resolution_too_low", {"width": 1}) == generic


def _write_mo(path, catalogue: dict[str, str]) -> None:
    """A minimal GNU .mo file (what msgfmt writes), so the test needs no shipped catalogue."""
    entries = sorted({"": "Content-Type: text/plain; charset=UTF-8\n", **catalogue}.items())
    ids = [key.encode() for key, _ in entries]
    strs = [value.encode() for _, value in entries]
    header = 7 * 4
    table = header + 16 * len(entries)
    offsets, data = [], b""
    for blob in ids + strs:
        offsets.append((len(blob), table + len(data)))
        data += blob + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, len(entries), header, header + 8 * len(entries), 0, 0)
    out += b"".join(struct.pack("<2I", *pair) for pair in offsets)
    path.parent.mkdir(parents=True)
    path.write_bytes(out + data)


def test_reason_text_follows_the_active_language(settings, tmp_path):
    msgid = str(MESSAGES["too_short"][0])
    _write_mo(tmp_path / "fr" / "LC_MESSAGES" / "django.mo",
              {msgid: "Le film dure %(duration)s ; le minimum est %(min)s."})
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]
    params = SAMPLE_PARAMS["too_short"]
    with translation.override("en"):
        english = reason_text("too_short", params)[0]
    with translation.override("fr"):
        french = reason_text("too_short", params)[0]
        two, three = format_duration(2.0), format_duration(3.0)
    assert english == "The film lasts 2.0 s; the shortest accepted is 3.0 s."
    assert french == f"Le film dure {two} ; le minimum est {three}."
    # The decimal comma comes from the active locale too.
    assert two.startswith("2,0")


def test_reason_text_in_shipped_languages_uses_their_catalogue():
    """Whatever the shipped catalogues hold: their translation if any, else the English text."""
    params = SAMPLE_PARAMS["resolution_too_low"]
    for language in ("fr", "es"):
        with translation.override(language):
            expected = translation.gettext(str(MESSAGES["resolution_too_low"][0])) % params
            assert reason_text("resolution_too_low", params)[0] == expected
