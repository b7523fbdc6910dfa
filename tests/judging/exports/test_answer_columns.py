"""Entry form answers in the spreadsheets: one column per question, formula-safe."""

import csv
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from contest.enums import QuestionType
from contest.models import Entry
from contest.services import questions as question_services
from judging.exports import build_export

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def answered_contest(scored_contest, organiser):
    def ask(label, kind, **values):
        question_services.add_question(contest=scored_contest, by=organiser, values={
            "type": kind, "label": label, **values})

    ask("Tagline", QuestionType.SHORT_TEXT)
    ask("Crew size", QuestionType.NUMBER)
    ask("Mostly AI", QuestionType.YES_NO)
    ask("Old question", QuestionType.SHORT_TEXT)
    for entry in Entry.objects.filter(contest=scored_contest):
        entry.answers = {"tagline": FORMULA, "crew_size": -3, "mostly_ai": True,
                         "old_question": "@kept"}
        entry.save()
    question_services.remove_question(
        question=scored_contest.questions.get(key="old_question"), by=organiser)
    return scored_contest


def test_csv_results_have_a_column_per_question_neutralised(answered_contest):
    export = build_export(contest=answered_contest, what="results", fmt="csv")
    text = b"".join(export.chunks).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][-4:] == ["Tagline", "Crew size", "Mostly AI",
                            "Old question (no longer asked)"]
    assert rows[1][-4:] == ["'" + FORMULA, "-3", "Yes", "'@kept"]


def test_xlsx_winners_answers_are_text_cells_and_numbers_stay_numbers(answered_contest):
    export = build_export(contest=answered_contest, what="winners", fmt="xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(export.chunks))).active
    header = [cell.value for cell in sheet[1]]
    row = {title: cell for title, cell in zip(header, sheet[2], strict=True)}
    assert (row["Tagline"].value, row["Tagline"].data_type) == ("'" + FORMULA, "s")
    assert (row["Crew size"].value, row["Mostly AI"].value) == (-3, "Yes")


def test_pdf_winners_leave_the_answers_out(answered_contest):
    export = build_export(contest=answered_contest, what="winners", fmt="pdf")
    text = "\n".join(page.extract_text()
                     for page in PdfReader(io.BytesIO(b"".join(export.chunks))).pages)
    assert ("Grand Prize" in text, "Tagline" in text, "evil.example" in text) == (
        True, False, False)
