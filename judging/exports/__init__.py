"""Exports of winners, full results and statistics as CSV, XLSX and PDF.

``rows`` builds plain row dicts with a few queries; each format module only lays them out.
``write_export`` is the single entry point used by the pages, the API and the command.
"""

from .registry import EXPORT_FORMATS, EXPORT_KINDS, Export, build_export

__all__ = ["EXPORT_FORMATS", "EXPORT_KINDS", "Export", "build_export"]
