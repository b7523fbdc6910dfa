import csv
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

pytestmark = pytest.mark.django_db

FIRST_CELL = {"winners": "Award", "results": "Rank", "countries": "Group"}


@pytest.mark.parametrize("what", ["winners", "results", "countries"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_export_results_command_writes_each_format(scored_contest, tmp_path, what, fmt):
    out = tmp_path / f"export.{fmt}"
    call_command("export_results", scored_contest.slug, "--format", fmt, "--what", what,
                 "-o", str(out), stderr=io.StringIO())

    data = out.read_bytes()
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8").lstrip("\ufeff"))))
        assert rows[0][0] == FIRST_CELL[what]
    elif fmt == "xlsx":
        assert load_workbook(io.BytesIO(data)).active["A1"].value == FIRST_CELL[what]
    else:
        text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
        assert FIRST_CELL[what] in text


def test_export_results_command_csv_to_stdout(scored_contest):
    out = io.StringIO()
    call_command("export_results", scored_contest.slug, "--what", "winners", stdout=out)

    assert "Grand Prize" in out.getvalue()


def test_export_results_command_unknown_contest_fails(db):
    with pytest.raises(CommandError, match="No contest"):
        call_command("export_results", "nope", "--format", "csv")
