"""Fonts for PDF exports, found on the system (Debian packages from scripts/bootstrap.sh).

Reportlab embeds TrueType outlines only, so CJK text uses WenQuanYi Zen Hei (TrueType, with
Han, kana and Hangul) rather than Noto CJK, whose outlines are PostScript (CFF).
"""

import functools
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from core.errors import ContestError


@dataclass(frozen=True)
class FontSpec:
    name: str  # the name registered with reportlab
    family: str  # what fontconfig is asked for
    files: tuple[str, ...]  # file names that family must resolve to
    known_paths: tuple[str, ...]
    package: str
    required: bool = True
    rtl: bool = False


# Tried in order for every character: the first font that has a glyph draws it.
FONT_SPECS = (
    FontSpec("Marquee-Latin", "Noto Sans", ("NotoSans-Regular.ttf",),
             ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",), "fonts-noto-core"),
    FontSpec("Marquee-Arabic", "Noto Sans Arabic", ("NotoSansArabic-Regular.ttf",),
             ("/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",), "fonts-noto-core",
             rtl=True),
    FontSpec("Marquee-Hebrew", "Noto Sans Hebrew", ("NotoSansHebrew-Regular.ttf",),
             ("/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf",), "fonts-noto-core",
             required=False, rtl=True),
    FontSpec("Marquee-Devanagari", "Noto Sans Devanagari", ("NotoSansDevanagari-Regular.ttf",),
             ("/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf",),
             "fonts-noto-core", required=False),
    FontSpec("Marquee-Thai", "Noto Sans Thai", ("NotoSansThai-Regular.ttf",),
             ("/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf",), "fonts-noto-core",
             required=False),
    FontSpec("Marquee-CJK", "WenQuanYi Zen Hei", ("wqy-zenhei.ttc",),
             ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",), "fonts-wqy-zenhei"),
)


class FontsMissingError(ContestError):
    code = "fonts_missing"
    status = 500


def _fc_match(family: str) -> str | None:
    if not shutil.which("fc-match"):
        return None
    result = subprocess.run(
        ["fc-match", "-f", "%{file}", family], capture_output=True, text=True, timeout=10,
        check=False,
    )
    return result.stdout.strip() or None


def locate(spec: FontSpec) -> str | None:
    """The font file for ``spec``: fontconfig's answer if it is the expected file, else a
    known path. fontconfig always answers something, so the file name is checked."""
    found = _fc_match(spec.family)
    if found and Path(found).name in spec.files and Path(found).is_file():
        return found
    for path in spec.known_paths:
        if Path(path).is_file():
            return path
    return None


@dataclass
class LoadedFont:
    spec: FontSpec
    font: TTFont

    def has(self, char: str) -> bool:
        return ord(char) in self.font.face.charToGlyph


@functools.cache
def load_fonts() -> tuple[LoadedFont, ...]:
    """Register the export fonts once per process; raise FontsMissingError naming the packages."""
    loaded, missing = [], []
    for spec in FONT_SPECS:
        path = locate(spec)
        if path is None:
            if spec.required:
                missing.append(f"{spec.family} ({spec.package})")
            continue
        font = TTFont(spec.name, path, subfontIndex=0, shapable=spec.rtl)
        pdfmetrics.registerFont(font)
        loaded.append(LoadedFont(spec, font))
    if missing:
        raise FontsMissingError(
            _("PDF export needs these fonts, which are not installed: %(fonts)s. "
              "Run scripts/bootstrap.sh to install them.") % {"fonts": ", ".join(missing)}
        )
    return tuple(loaded)
