"""The bulk export as files: one Excel workbook (a sheet per table, values typed) or CSV files in a zip (in the
language's Excel conventions). Times are Danish local time, written "2026-11-22 10:30" (what Excel reads as a
date in either language)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from openpyxl import Workbook

from profiling.domain.text import Language
from profiling.formatting import local_time
from profiling.reports import spreadsheet

Tables = Mapping[str, Sequence[Mapping[str, Any]]]


def _local(value: Any) -> Any:
    """A moment in Danish local time without a zone (Excel cannot store one); other values as they are."""
    if isinstance(value, datetime):
        return local_time(value).replace(tzinfo=None, microsecond=0)
    return value


def _prepared(table: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{column: _local(value) for column, value in row.items()} for row in table]


def to_excel(tables: Tables) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, table in tables.items():
        spreadsheet.add_sheet(workbook, name, _prepared(table))
        if table:
            sheet = workbook[name[:31]]
            for column in sheet.iter_cols(min_row=2):
                for cell in column:
                    if isinstance(cell.value, datetime):
                        cell.number_format = "yyyy-mm-dd hh:mm"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_zip(tables: Tables, language: Language) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, table in tables.items():
            archive.writestr(f"{name}.csv", spreadsheet.to_csv(table, language))
    return buffer.getvalue()
