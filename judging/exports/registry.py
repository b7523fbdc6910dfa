"""The one entry point for exports: which tables exist, in which formats, under which names."""

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.utils import timezone

from contest.models import Contest

from .csv_export import iter_csv
from .rows import Table, country_rows, result_rows, winner_rows

EXPORT_KINDS: dict[str, Callable[..., Table]] = {
    "winners": winner_rows,
    "results": result_rows,
    "countries": country_rows,
}
ANSWER_KINDS = frozenset({"winners", "results"})
EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
# Spooled files stay in memory up to this size and move to disk beyond it.
SPOOL_BYTES = 4 * 1024 * 1024


@dataclass
class Export:
    filename: str
    content_type: str
    chunks: Iterator[bytes]


def _file_chunks(handle, size: int = 64 * 1024) -> Iterator[bytes]:
    handle.seek(0)
    try:
        while chunk := handle.read(size):
            yield chunk
    finally:
        handle.close()


def build_export(*, contest: Contest, what: str, fmt: str) -> Export:
    """Build the export ``what`` in format ``fmt``. CSV is generated lazily as it is read;
    XLSX and PDF are written to a spooled temporary file, then read back in chunks."""
    if what not in EXPORT_KINDS or fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export {what}.{fmt}")
    # A column per entry form question in spreadsheets; a PDF page has no room for them.
    extra = {"with_answers": True} if fmt != "pdf" and what in ANSWER_KINDS else {}
    table = EXPORT_KINDS[what](contest=contest, **extra)
    stamp = timezone.now().strftime("%Y%m%d")
    filename = f"{contest.slug}-{what}-{stamp}.{fmt}"
    if fmt == "csv":
        chunks = (line.encode("utf-8") for line in iter_csv(table))
        return Export(filename, EXPORT_FORMATS[fmt], chunks)
    # Closed by _file_chunks once the response has been read.
    handle = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    try:
        # openpyxl and reportlab load on the first export, not in every web worker.
        if fmt == "xlsx":
            from .xlsx_export import write_xlsx

            write_xlsx(table, handle)
        else:
            from .pdf_export import write_pdf

            write_pdf(table, handle, contest_name=contest.name)
    except BaseException:
        handle.close()
        raise
    return Export(filename, EXPORT_FORMATS[fmt], _file_chunks(handle))
