import csv
from collections.abc import Iterator
from decimal import Decimal

from .formulas import neutralise
from .rows import Table


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    # Only text is guarded: a number written as a number (-0.445) is no formula, and a quote
    # in front would turn it into text for every spreadsheet.
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    return neutralise(str(value))


def iter_csv(table: Table) -> Iterator[str]:
    """Yield the CSV text line by line (UTF-8 BOM first, so spreadsheets detect the encoding)."""
    writer = csv.writer(_Echo())
    keys = [column.key for column in table.columns]
    yield "\ufeff" + writer.writerow([_cell(str(column.title)) for column in table.columns])
    for row in table.rows:
        yield writer.writerow([_cell(row.get(key)) for key in keys])
    if table.summary:
        yield writer.writerow([])
        yield writer.writerow([_cell(table.summary)])
