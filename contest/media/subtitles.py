"""Check an SRT or WebVTT file and write it out as clean WebVTT. Pure: no Django, no project
imports (it runs inside the capped child ``_material_child.py``).

The verdict is a list of ``(code, params)`` refusals; an empty list means the cleaned WebVTT
text is good. Cues are kept in their order; overlapping cues are allowed (two speakers at
once is legal WebVTT and common in real files), a cue starting before the previous one is not.
"""

import codecs
import re
from dataclasses import dataclass, field

# A 90-minute feature has 1,000-2,000 cues; ten times that is still a real file.
MAX_CUES = 20_000
MAX_CUE_CHARS = 1_000
# Cues may run a little past the film's end (a last credit line rounded up).
END_TOLERANCE_S = 2.0

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Legacy encodings worth preferring when the entrant says which language the file is in:
# short texts in Shift-JIS, for one, read as plausible Korean to a detector without the hint.
_LEGACY = {
    "ja": ("cp932", "shift_jis", "euc_jp", "iso2022_jp"),
    "zh-hans": ("gb18030", "gbk", "gb2312"), "zh-hant": ("big5", "cp950", "gb18030"),
    "ko": ("cp949", "euc_kr"), "ru": ("cp1251", "koi8_r", "cp866"),
    "uk": ("cp1251", "koi8_u"), "bg": ("cp1251",), "sr": ("cp1251",),
    "ar": ("cp1256", "iso8859_6"), "fa": ("cp1256",), "tr": ("cp1254", "iso8859_9"),
    "el": ("cp1253", "iso8859_7"), "he": ("cp1255", "iso8859_8"), "th": ("cp874", "tis_620"),
    "pl": ("cp1250", "iso8859_2"), "cs": ("cp1250", "iso8859_2"), "hu": ("cp1250",),
}
_TIME = r"(?:(\d{1,3}):)?(\d{1,2}):(\d{2})[,.](\d{1,3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s+.*)?$")
# Tags WebVTT renders; anything else in a cue's text is shown as text, not markup.
_TAG = re.compile(r"</?(?:i|b|u)>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


@dataclass
class Cue:
    start: float
    end: float
    text: str


@dataclass
class SubtitleResult:
    refusals: list[tuple[str, dict]] = field(default_factory=list)
    webvtt: str = ""
    cues: int = 0
    encoding: str = ""
    format: str = ""
    last_end_s: float = 0.0


def decode(data: bytes, language: str = "") -> tuple[str, str] | None:
    """(text, encoding name), or None when the bytes are not text in any known encoding."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(name), name
            except UnicodeDecodeError:
                return None
    if b"\x00" in data:  # not UTF-16 without a BOM we could trust, and not any 8-bit text
        return None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported here: the child needs it, callers may not

    preferred = _LEGACY.get(language.lower(), ()) or _LEGACY.get(language.lower()[:2], ())
    if preferred:
        match = from_bytes(data, cp_isolation=list(preferred)).best()
        if match is not None and match.chaos < 0.2:
            return str(match), match.encoding
    match = from_bytes(data).best()
    if match is None or match.chaos > 0.3:
        return None
    return str(match), match.encoding


def _seconds(hours, minutes, seconds, millis) -> float:
    return (int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
            + int(millis.ljust(3, "0")) / 1000)


def _stamp(value: float) -> str:
    millis = int(round(value * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _clean_text(lines: list[str]) -> str:
    text = "\n".join(line.strip() for line in lines if line.strip()).replace("-->", "→")
    text = text.replace("\x00", "")
    text = re.sub(r"</?font[^<>]*>", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\{\\[^{}]*\}", "", text)  # SSA override codes such as {\an8}
    kept = _TAG.findall(text)
    text = _ANY_TAG.sub(lambda m: "\x00" if _TAG.fullmatch(m.group()) else "", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for tag in kept:
        text = text.replace("\x00", tag.lower(), 1)
    return text


def _blocks(text: str):
    """Yield (first line number, lines) of each block separated by blank lines."""
    lines: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not lines:
                start = number
            lines.append(line.rstrip("\r"))
        elif lines:
            yield start, lines
            lines = []
    if lines:
        yield start, lines


def parse(text: str, result: SubtitleResult, *, max_cues: int = MAX_CUES) -> list[Cue]:
    """The cues of an SRT or WebVTT text; refusals go to ``result`` (parsing stops at the first)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    is_vtt = text.startswith("WEBVTT")
    result.format = "webvtt" if is_vtt else "srt"
    cues: list[Cue] = []
    previous_start = -1.0
    for line_no, lines in _blocks(text):
        if is_vtt and (lines[0].startswith(("WEBVTT", "NOTE", "STYLE", "REGION"))):
            continue
        timing_at = next((i for i, line in enumerate(lines[:2]) if "-->" in line), None)
        if timing_at is None:
            result.refusals.append(("subtitle_no_timing", {"line": line_no}))
            return cues
        match = _TIMING.match(lines[timing_at])
        if match is None:
            result.refusals.append(("subtitle_bad_timestamp", {"line": line_no + timing_at}))
            return cues
        groups = match.groups()
        start, end = _seconds(*groups[:4]), _seconds(*groups[4:])
        if end <= start:
            result.refusals.append(("subtitle_ends_before_start", {"line": line_no + timing_at}))
            return cues
        if start < previous_start:
            result.refusals.append(("subtitle_out_of_order", {"line": line_no + timing_at}))
            return cues
        if len(cues) >= max_cues:
            result.refusals.append(("subtitle_too_many_cues", {"max": max_cues}))
            return cues
        body = _clean_text(lines[timing_at + 1:])
        if len(body) > MAX_CUE_CHARS:
            result.refusals.append(("subtitle_cue_too_long", {"line": line_no,
                                                              "max": MAX_CUE_CHARS}))
            return cues
        previous_start = start
        cues.append(Cue(start, end, body))
    if not cues:
        result.refusals.append(("subtitle_empty", {}))
    return cues


def to_webvtt(cues: list[Cue]) -> str:
    parts = ["WEBVTT", ""]
    for cue in cues:
        parts += [f"{_stamp(cue.start)} --> {_stamp(cue.end)}", cue.text, ""]
    return "\n".join(parts)


def check_subtitles(data: bytes, *, language: str = "", duration_s: float | None = None,
                    max_cues: int = MAX_CUES) -> SubtitleResult:
    """Decode, parse and check ``data``; ``duration_s`` is the film's length when known."""
    result = SubtitleResult()
    decoded = decode(data, language)
    if decoded is None:
        result.refusals.append(("subtitle_not_text", {}))
        return result
    text, result.encoding = decoded
    cues = parse(text, result, max_cues=max_cues)
    if result.refusals:
        return result
    result.cues = len(cues)
    result.last_end_s = max(cue.end for cue in cues)
    if duration_s and result.last_end_s > duration_s + END_TOLERANCE_S:
        result.refusals.append(("subtitle_past_film_end", {"end": round(result.last_end_s, 3),
                                                           "duration": round(duration_s, 3)}))
        return result
    result.webvtt = to_webvtt(cues)
    return result
