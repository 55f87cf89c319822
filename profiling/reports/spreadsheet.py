"""Writing tables to CSV and Excel so that nothing a user typed can run as a spreadsheet formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font

from profiling import formatting
from profiling.domain.text import Language

Table = Sequence[Mapping[str, Any]]

# A cell starting with one of these is read as a formula (or as the start of one) by Excel, LibreOffice and
# Google Sheets; tab and carriage return are stripped by some of them, letting a formula follow.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text value made inert for a CSV file: prefixed with an apostrophe where it could start a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_cell(value: Any, language: Language) -> str:
    """A value as a CSV cell Excel reads back as what it is: dates in ISO form (2026-10-18, and a moment in Danish
    time as 2026-10-18 14:05), which Excel in any language reads as a date; numbers and yes/no as the language
    writes them."""
    if isinstance(value, datetime):
        return formatting.local_time(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return formatting.cell(value, language)


def to_csv(table: Table, language: Language) -> bytes:
    """The table as CSV that opens right in the language's Excel: UTF-8 with BOM (æøå), in Danish ';' between
    cells and a decimal comma, yes/no in the language's words, ISO dates; header and cells neutralised."""
    buffer = io.StringIO()
    if table:
        header = list(table[0])
        writer = csv.writer(buffer, delimiter=";" if language == "da" else ",")
        writer.writerow([neutralise(column) for column in header])
        for row in table:
            writer.writerow([neutralise(csv_cell(row.get(column), language)) for column in header])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def for_display(table: Table, language: Language) -> list[dict[str, Any]]:
    """The table as a page shows it: decimals, yes/no and dates in the UI's conventions (whole numbers stay
    numbers, so a column of counts sorts as numbers)."""
    return [
        {column: value if isinstance(value, int) and not isinstance(value, bool) else formatting.cell(value, language)
         for column, value in row.items()}
        for row in table
    ]


def add_sheet(workbook: Workbook, name: str, table: Table) -> None:
    """One sheet with a bold header row; every text cell (header included) is stored as text, never a formula."""
    sheet = workbook.create_sheet(title=name[:31])
    if not table:
        return
    header = list(table[0])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table:
        sheet.append([row.get(column) for column in header])
    for row_cells in sheet.iter_rows():
        for cell in row_cells:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # openpyxl would store "=…" as a formula
    for index, column in enumerate(header, start=1):
        width = max(len(str(column)), *(len(str(row.get(column) or "")) for row in table))
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(50, width + 2)
    sheet.freeze_panes = "B2"
