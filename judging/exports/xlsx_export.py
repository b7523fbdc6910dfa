from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .formulas import neutralise
from .rows import Table


def _cell(sheet, value, *, bold: bool = False) -> WriteOnlyCell:
    value = neutralise(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # Text stays text: never let the library guess a formula from a leading "=".
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_xlsx(table: Table, out: BinaryIO) -> None:
    """Write ``table`` to ``out`` with openpyxl's write-only mode (rows are not kept in memory)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(table.title)[:31])
    keys = [column.key for column in table.columns]
    sheet.append([_cell(sheet, str(column.title), bold=True) for column in table.columns])
    for row in table.rows:
        sheet.append([_cell(sheet, row.get(key)) for key in keys])
    if table.summary:
        sheet.append([])
        sheet.append([_cell(sheet, table.summary)])
    workbook.save(out)
