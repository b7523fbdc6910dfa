"""Why a film was refused: stable codes, and messages in the reader's language.

A ``Reason`` stores only a code and JSON parameters (``Video.reasons``); the words are made at
display time by ``reason_text`` under the active language, so the entrant, the organiser and the
email each read them in their own language, and a corrected translation applies to old verdicts.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: dict) -> "Reason":
        return cls(code=data["code"], params=dict(data.get("params") or {}))


# What each kind of content is called in a message ("The file is …").
KIND_LABELS = {
    "mp4": _("an MP4 video"),
    "mov": _("a QuickTime (MOV) video"),
    "webm": _("a WebM video"),
    "matroska": _("a Matroska (MKV) video"),
    "3gp": _("a 3GP phone video"),
    "avi": _("an AVI video"),
    "mpegts": _("an MPEG transport stream"),
    "flv": _("a Flash video"),
    "asf": _("a Windows Media video"),
    "ogg": _("an Ogg file"),
    "mxf": _("an MXF file"),
    "html": _("a web page (HTML)"),
    "xml": _("an XML document"),
    "zip": _("a ZIP archive"),
    "gzip": _("a compressed archive"),
    "7z": _("a compressed archive"),
    "rar": _("a compressed archive"),
    "pdf": _("a PDF document"),
    "png": _("an image"),
    "jpeg": _("an image"),
    "gif": _("an image"),
    "webp": _("an image"),
    "heif": _("an image"),
    "audio": _("an audio file"),
    "executable": _("a program"),
    "empty": _("empty"),
    "unknown": _("of a type we do not recognise"),
}
CONTAINER_NAMES = {"mp4": "MP4", "mov": "QuickTime MOV", "webm": "WebM"}
CODEC_NAMES = {"h264": "H.264", "hevc": "HEVC (H.265)", "vp9": "VP9", "av1": "AV1",
               "prores": "ProRes", "vp8": "VP8", "mpeg4": "MPEG-4 Part 2", "mjpeg": "Motion JPEG"}

# code -> (message, what to do). Parameters are formatted by _FORMATTERS below.
MESSAGES = {
    "extension_not_allowed": (
        _("The file name “%(filename)s” does not end in %(allowed)s."),
        _("Export the film as %(allowed)s and upload it again."),
    ),
    "file_too_large": (
        _("The file is %(size)s; the largest accepted is %(max)s."),
        _("Export the film at a lower bit rate and upload it again."),
    ),
    "not_a_video": (
        _("The file is not a video: its content is %(kind)s."),
        _("Check that you chose the right file, then upload the film itself."),
    ),
    "container_not_allowed": (
        _("The file is %(kind)s; accepted formats are %(allowed)s."),
        _("Export the film again as %(allowed)s."),
    ),
    "hidden_archive": (
        _("The file carries an archive glued after the video."),
        _("Export the film again from your editing software and upload that file."),
    ),
    "unreadable": (
        _("The file could not be read as a video: it is damaged or incomplete."),
        _("Export the film again and upload the new file."),
    ),
    "no_video_stream": (
        _("The file has no video picture (a still cover image does not count)."),
        _("Upload the film itself, not an audio track or a picture."),
    ),
    "video_codec_not_allowed": (
        _("The video is encoded in %(codec)s; accepted codecs are %(allowed)s."),
        _("Export the film again in H.264, which every editing tool offers."),
    ),
    "webm_codec_not_allowed": (
        _("A WebM file must hold VP9 or AV1 video; this one holds %(codec)s."),
        _("Export the film again as WebM with VP9, or as MP4 with H.264."),
    ),
    "resolution_too_low": (
        _("The film is %(width)s×%(height)s; the minimum is %(min_long)s×%(min_short)s "
          "(either orientation)."),
        _("Export the film again at %(min_short)sp or higher."),
    ),
    "resolution_too_high": (
        _("The film is %(width)s×%(height)s; the longest side may be at most %(max_long)s "
          "pixels."),
        _("Export the film again at %(max_long)s pixels wide or less (4K or smaller)."),
    ),
    "duration_unknown": (
        _("The length of the film could not be read."),
        _("Export the film again and upload the new file."),
    ),
    "too_short": (
        _("The film lasts %(duration)s; the shortest accepted is %(min)s."),
        _("Check that you uploaded the whole film."),
    ),
    "too_long": (
        _("The film lasts %(duration)s; the longest accepted is %(max)s."),
        _("Shorten the film to %(max)s or less and upload it again."),
    ),
    "decode_error": (
        _("The film could not be decoded from start to end: the file is damaged."),
        _("Export the film again and upload the new file."),
    ),
    "truncated": (
        _("The file stops at %(decoded)s although the film should last %(declared)s: "
          "it is incomplete."),
        _("Export the film again and upload the whole file."),
    ),
    "too_slow_to_read": (
        _("The file took too long to read; it may be damaged or built to overload us."),
        _("Export the film again with standard settings and upload the new file."),
    ),
}
UNKNOWN_MESSAGE = (
    _("The film did not pass a technical check."),
    _("Export the film again and upload the new file, or contact the organisers."),
)


def format_duration(seconds: float) -> str:
    if seconds < 60:
        return gettext("%(seconds)s s") % {"seconds": number_format(round(seconds, 1), 1)}
    minutes, rest = divmod(int(round(seconds)), 60)
    if rest == 0:
        return gettext("%(minutes)s min") % {"minutes": minutes}
    return gettext("%(minutes)s min %(seconds)s s") % {"minutes": minutes, "seconds": rest}


def _or_list(items) -> str:
    names = [str(item) for item in items]
    if len(names) <= 1:
        return "".join(names)
    return gettext("%(items)s or %(last)s") % {"items": ", ".join(names[:-1]), "last": names[-1]}


def _extensions(params: dict) -> dict:
    return {**params, "allowed": _or_list(params.get("allowed", []))}


def _size(params: dict) -> dict:
    return {"size": filesizeformat(params.get("size_bytes", 0)),
            "max": filesizeformat(params.get("max_bytes", 0))}


def _kind(params: dict) -> dict:
    kind = params.get("kind", "unknown")
    allowed = [CONTAINER_NAMES.get(c, c) for c in params.get("allowed", [])]
    return {"kind": KIND_LABELS.get(kind, KIND_LABELS["unknown"]), "allowed": _or_list(allowed)}


def _codec(params: dict) -> dict:
    codec = params.get("codec", "")
    allowed = [CODEC_NAMES.get(c, c) for c in params.get("allowed", [])]
    return {"codec": CODEC_NAMES.get(codec, codec or "?"), "allowed": _or_list(allowed)}


def _durations(params: dict) -> dict:
    return {key: format_duration(float(params[key])) for key in
            ("duration", "min", "max", "decoded", "declared") if key in params}


_FORMATTERS: dict[str, Callable[[dict], dict]] = {
    "extension_not_allowed": _extensions,
    "file_too_large": _size,
    "not_a_video": _kind,
    "container_not_allowed": _kind,
    "video_codec_not_allowed": _codec,
    "webm_codec_not_allowed": _codec,
    "too_short": _durations,
    "too_long": _durations,
    "truncated": _durations,
}


def reason_text(code: str, params: dict) -> tuple[str, str]:
    """(message, what to do), in the active language. Unknown codes get a generic text."""
    message, todo = MESSAGES.get(code, UNKNOWN_MESSAGE)
    try:
        values = _FORMATTERS.get(code, dict)(params or {})
        return str(message) % values, str(todo) % values
    except (KeyError, TypeError, ValueError):
        # Old or hand-made parameters must not break a status page.
        return str(UNKNOWN_MESSAGE[0]), str(UNKNOWN_MESSAGE[1])
