"""PDF exports drawn straight onto the canvas, row by row, in every script.

Each text is split into runs by the first export font that has the glyph; right-to-left runs
(Arabic, Hebrew) are shaped with HarfBuzz, which returns them in visual order, and a text
whose first strong character is right-to-left has its runs laid out from the right.
Rows are drawn as they come, so memory stays bounded whatever the number of rows.
"""

import unicodedata
from typing import BinaryIO

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.abag import ABag
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapedStr, shapeFragWord
from reportlab.pdfgen.canvas import Canvas

from .fonts import LoadedFont, load_fonts
from .rows import Table

PAGE = landscape(A4)
MARGIN = 28
FONT_SIZE = 7.5
HEADER_SIZE = 8
ROW_HEIGHT = 11
ELLIPSIS = "…"
NEUTRAL = {"WS", "ON", "CS", "ES", "ET", "EN", "AN", "BN", "S", "B", "NSM"}
RTL = {"R", "AL"}
# HarfBuzz features for right-to-left runs: the required joining forms and ligatures always
# apply; optional ligatures are off because their glyphs have no Unicode value, and a PDF
# made of them could not be searched or copied.
SHAPING_FEATURES = {"kern": True, "liga": False, "dlig": False}


class ScriptRuns:
    """Splits text into (font, text) runs, remembering which font draws each character."""

    def __init__(self, fonts: tuple[LoadedFont, ...]):
        self.fonts = fonts
        self._choice: dict[str, LoadedFont] = {}

    def font_for(self, char: str) -> LoadedFont:
        font = self._choice.get(char)
        if font is None:
            font = next((f for f in self.fonts if f.has(char)), self.fonts[0])
            self._choice[char] = font
        return font

    def runs(self, text: str) -> list[tuple[LoadedFont, str]]:
        runs: list[list] = []
        for char in text:
            neutral = unicodedata.bidirectional(char) in NEUTRAL
            if runs and neutral and char != ELLIPSIS and runs[-1][0].has(char):
                runs[-1][1] += char
                continue
            font = self.font_for(char)
            if runs and runs[-1][0] is font:
                runs[-1][1] += char
            else:
                runs.append([font, char])
        return [(font, text) for font, text in runs]


def is_rtl(text: str) -> bool:
    """Whether the first strong character of ``text`` is right-to-left (its base direction)."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in RTL:
            return True
        if direction == "L":
            return False
    return False


class PdfWriter:
    def __init__(self, out: BinaryIO, table: Table, contest_name: str):
        self.fonts = load_fonts()
        self.scripts = ScriptRuns(self.fonts)
        self.canvas = Canvas(out, pagesize=PAGE, pageCompression=1)
        self.canvas.setTitle(f"{contest_name} — {table.title}")
        self.table = table
        self.contest_name = contest_name
        usable = PAGE[0] - 2 * MARGIN
        total = sum(column.width for column in table.columns)
        self.widths = [usable * column.width / total for column in table.columns]
        self.page = 0
        self.y = 0.0

    def pieces(self, text: str, size: float) -> tuple[list[tuple[str, str, float]], float]:
        """Visual-order pieces ``(font name, text, width)`` and their total width."""
        pieces = []
        for font, run in self.scripts.runs(text):
            name = font.spec.name
            if font.spec.rtl:
                word = [stringWidth(run, name, size), (ABag(fontName=name, fontSize=size), run)]
                shaped = shapeFragWord(word, features=SHAPING_FEATURES)[1][1]
                if isinstance(shaped, ShapedStr):
                    width = sum(d.x_advance for d in shaped.__shapeData__) * size / 1000
                    pieces.append((name, shaped, width))
                    continue
            pieces.append((name, run, stringWidth(run, name, size)))
        if is_rtl(text):
            pieces.reverse()
        return pieces, sum(width for _n, _t, width in pieces)

    def fitted(self, text: str, size: float, width: float):
        pieces, total = self.pieces(text, size)
        if total <= width:
            return pieces, total
        low, high = 0, len(text)
        best = self.pieces(ELLIPSIS, size)
        while low < high:
            middle = (low + high + 1) // 2
            candidate = self.pieces(text[:middle].rstrip() + ELLIPSIS, size)
            if candidate[1] <= width:
                low, best = middle, candidate
            else:
                high = middle - 1
        return best

    def draw_text(self, text: str, x: float, y: float, width: float, size: float) -> None:
        if not text:
            return
        pieces, total = self.fitted(text, size, width - 3)
        if is_rtl(text):
            x += width - 3 - total  # right-to-left text hugs the cell's right edge
        for name, piece, piece_width in pieces:
            self.canvas.setFont(name, size)
            self.canvas.drawString(x, y, piece)
            x += piece_width

    def new_page(self) -> None:
        if self.page:
            self.canvas.showPage()
        self.page += 1
        top = PAGE[1] - MARGIN
        heading = f"{self.contest_name} — {self.table.title}"
        self.draw_text(heading, MARGIN, top - 10, PAGE[0] - 2 * MARGIN, 12)
        footer = _("Page %(page)d · %(date)s") % {
            "page": self.page, "date": timezone.now().strftime("%Y-%m-%d %H:%M UTC")
        }
        self.draw_text(footer, MARGIN, MARGIN - 12, PAGE[0] - 2 * MARGIN, 7)
        self.y = top - 30
        self.draw_row([str(column.title) for column in self.table.columns], HEADER_SIZE)
        self.canvas.setLineWidth(0.6)
        self.canvas.line(MARGIN, self.y + ROW_HEIGHT - 3, PAGE[0] - MARGIN, self.y + ROW_HEIGHT - 3)

    def draw_row(self, values: list, size: float = FONT_SIZE) -> None:
        x = MARGIN
        for value, width in zip(values, self.widths, strict=True):
            self.draw_text("" if value is None else str(value), x, self.y, width, size)
            x += width
        self.y -= ROW_HEIGHT

    def write(self) -> None:
        keys = [column.key for column in self.table.columns]
        self.new_page()
        for row in self.table.rows:
            if self.y < MARGIN + ROW_HEIGHT:
                self.new_page()
            self.draw_row([row.get(key) for key in keys])
        if self.table.summary:
            if self.y < MARGIN + 2 * ROW_HEIGHT:
                self.new_page()
            self.y -= ROW_HEIGHT / 2
            self.draw_text(self.table.summary, MARGIN, self.y, PAGE[0] - 2 * MARGIN, 9)
        self.canvas.save()


def write_pdf(table: Table, out: BinaryIO, *, contest_name: str) -> None:
    """Write ``table`` as a landscape A4 PDF to ``out``. Raises FontsMissingError without fonts."""
    PdfWriter(out, table, contest_name).write()
