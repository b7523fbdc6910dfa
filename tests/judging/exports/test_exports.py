import csv
import io
import unicodedata

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from judging.exports import build_export
from judging.exports.formulas import neutralise

pytestmark = pytest.mark.django_db


def _bytes(export) -> bytes:
    return b"".join(export.chunks)


def _pdf_text(data: bytes) -> str:
    """The PDF's text as an extractor reads it, with Arabic presentation forms folded back to
    letters (the extractor already returns right-to-left runs in logical order)."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize("value,expected", [
    ("=1+2", "'=1+2"), ("+33 1 23", "'+33 1 23"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), ("a=b", "a=b"), (3, 3), (None, None),
])
def test_neutralise_prefixes_formula_triggers(value, expected):
    assert neutralise(value) == expected


def test_csv_results_neutralise_formulas_and_keep_scripts(scored_contest):
    text = _bytes(build_export(contest=scored_contest, what="results", fmt="csv")).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))

    assert rows[0][:3] == ["Rank", "Code", "Original title"]
    assert [row[0] for row in rows[1:6]] == ["1", "2", "3", "4", "5"]
    assert rows[5][2] == "'=HYPERLINK(\"http://x\")"
    assert rows[5][3] == "'+Plus -Minus"
    assert rows[2][4] == "محمد الأحمد"
    assert rows[1][11] == "Grand Prize (1)"


def test_xlsx_results_store_formula_like_text_as_strings(scored_contest):
    data = _bytes(build_export(contest=scored_contest, what="results", fmt="xlsx"))
    sheet = load_workbook(io.BytesIO(data)).active
    title_cell = sheet.cell(row=6, column=3)
    english_cell = sheet.cell(row=6, column=4)

    assert (title_cell.value, title_cell.data_type) == ("'=HYPERLINK(\"http://x\")", "s")
    assert (english_cell.value, english_cell.data_type) == ("'+Plus -Minus", "s")
    assert sheet.cell(row=2, column=5).value == "曹一哲"
    assert sheet.cell(row=2, column=1).value == 1
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []


def test_xlsx_winners_lists_each_award_in_order(scored_contest):
    data = _bytes(build_export(contest=scored_contest, what="winners", fmt="xlsx"))
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))

    assert [(row[0], row[1]) for row in rows[1:]] == [
        ("Grand Prize", 1), ("Jury Prize", 1), ("Jury Prize", 2)
    ]
    assert rows[2][6] == "محمد الأحمد"
    assert rows[2][7] == "Mohammed Al-Ahmad"


def test_pdf_winners_contains_cjk_and_arabic_names(scored_contest):
    data = _bytes(build_export(contest=scored_contest, what="winners", fmt="pdf"))
    text = _pdf_text(data)

    assert "曹一哲" in text
    assert "月光的回声" in text
    assert "محمد الأحمد" in text
    assert "김민준" in text
    assert "Mohammed Al-Ahmad" in text


def test_pdf_results_contains_cyrillic_and_turkish_names(scored_contest):
    data = _bytes(build_export(contest=scored_contest, what="results", fmt="pdf"))
    text = _pdf_text(data)

    assert "Анна Петрова" in text
    assert "Çağrı Işık" in text
    assert "ظل القمر" in text


def test_pdf_embeds_real_fonts(scored_contest):
    data = _bytes(build_export(contest=scored_contest, what="winners", fmt="pdf"))
    reader = PdfReader(io.BytesIO(data))
    fonts = {
        str(font["/BaseFont"]).split("+")[-1]
        for page in reader.pages for font in page["/Resources"]["/Font"].values()
    }

    assert {"NotoSans-Regular", "NotoSansArabic-Regular", "WenQuanYiZenHei-0"} <= fonts


def test_csv_countries_counts_entries_and_countries(scored_contest):
    text = _bytes(build_export(contest=scored_contest, what="countries", fmt="csv")).decode()
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))

    assert rows[0] == ["Group", "Name", "Entries", "Share (%)"]
    assert ["Country", "China", "1", "20.0"] in rows
    assert rows[-1] == ["5 entries from 5 countries"]


def test_csv_negative_numbers_stay_numbers_and_negative_looking_text_is_guarded():
    from judging.exports.csv_export import iter_csv
    from judging.exports.rows import Column, Table

    table = Table("t", [Column("value", "Value"), Column("title", "Title")],
                  iter([{"value": -0.445, "title": "-0.445"}, {"value": -3, "title": "=1"}]))

    rows = list(csv.reader(io.StringIO("".join(iter_csv(table)).lstrip("\ufeff"))))

    assert rows[1:] == [["-0.445", "'-0.445"], ["-3", "'=1"]]
