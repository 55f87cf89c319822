"""Reading an export of the HR or payroll system: CSV (comma, semicolon or tab; UTF-8, UTF-16 or Windows-1252)
or Excel (.xlsx), with columns found by their Danish or English header. Anything wrong with the file as a
whole is one PeopleFileError with a message key - never a traceback."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from profiling.domain.people_import import ImportRow

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
# Header names per field (compared in lower case, without spaces, dots, dashes and underscores).
HEADERS = {
    "employee_number": ("medarbejdernummer", "medarbejdernr", "lønnummer", "loennummer", "employeenumber", "employeeno",
                        "employeeid", "personalenummer", "mednr"),
    "name": ("navn", "name", "fuldtnavn", "fullname"),
    "email": ("email", "mail", "emailadresse", "emailaddress"),
    "unit": ("enhed", "afdeling", "unit", "department", "forvaltning"),
    "team": ("team", "gruppe", "group"),
    "manager_email": ("lederensemail", "lederemail", "leder", "nærmesteleder", "managersemail", "manageremail", "manager"),
    "target_profile": ("målprofil", "maalprofil", "stilling", "position", "targetprofile", "jobprofile"),
    "role": ("rolle", "role"),
}
REQUIRED = ("employee_number", "name")
# The template's headers, in the order they are documented.
TEMPLATE_HEADERS = {
    "da": ["Medarbejdernummer", "Navn", "E-mail", "Enhed", "Team", "Lederens e-mail", "Målprofil", "Rolle"],
    "en": ["Employee number", "Name", "E-mail", "Unit", "Team", "Manager's e-mail", "Target profile", "Role"],
}


class PeopleFileError(Exception):
    """The file cannot be read as a people file; `key` and `values` make the message."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass
class PeopleFile:
    rows: list[ImportRow]
    notices: list[tuple[str, dict[str, object]]] = field(default_factory=list)  # read, but worth saying


def _normal(header: object) -> str:
    text = "" if header is None else str(header)
    return "".join(c for c in text.strip().lower() if c not in " .-_'’")


def _columns(header: list[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = _normal(raw)
        for field_name, names in HEADERS.items():
            if name in names and field_name not in found:
                found[field_name] = index
    missing = [f for f in REQUIRED if f not in found]
    if missing:
        raise PeopleFileError("import.missing_columns", columns=", ".join(TEMPLATE_HEADERS["da"][list(HEADERS).index(f)] for f in missing))
    return found


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an employee number Excel stored as a number
    return " ".join(str(value).split())


def _rows(table: list[list[object]]) -> list[ImportRow]:
    while table and not any(_text(v) for v in table[-1]):
        table.pop()
    if not table or not any(_text(v) for v in table[0]):
        raise PeopleFileError("import.file_empty")
    columns = _columns(table[0])
    if len(table) - 1 > MAX_ROWS:
        raise PeopleFileError("import.too_many_rows", max=MAX_ROWS)
    rows = []
    for number, values in enumerate(table[1:], start=2):
        if not any(_text(v) for v in values):
            continue
        cell = {f: _text(values[i]) if i < len(values) else "" for f, i in columns.items()}
        rows.append(ImportRow(line=number, **{f: cell.get(f, "") for f in HEADERS}))
    if not rows:
        raise PeopleFileError("import.no_rows")
    return rows


def _decode(data: bytes, notices: list[tuple[str, dict[str, object]]]) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        notices.append(("import.read_as_windows", {}))
        return data.decode("cp1252", errors="replace")


def _csv(data: bytes, notices: list[tuple[str, dict[str, object]]]) -> list[list[object]]:
    text = _decode(data, notices)
    if "\x00" in text:
        raise PeopleFileError("import.not_text")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _excel(data: bytes, notices: list[tuple[str, dict[str, object]]]) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise PeopleFileError("import.bad_excel") from None
    try:
        sheet = book.worksheets[0]
        if len(book.worksheets) > 1:
            notices.append(("import.first_sheet", {"sheet": sheet.title, "count": len(book.worksheets)}))
        table: list[list[object]] = []
        for row in sheet.iter_rows():
            values = []
            for cell in row:
                if cell.data_type == "f":  # a formula: its value is not in the file, only how to compute it
                    raise PeopleFileError("import.formula", cell=f"{cell.column_letter}{cell.row}")
                values.append(cell.value)
            table.append(values)
        return table
    finally:
        book.close()


def read_people_file(data: bytes, filename: str) -> PeopleFile:
    """The rows of a people file; PeopleFileError when the file as a whole cannot be used."""
    if not data.strip():
        raise PeopleFileError("import.file_empty")
    if len(data) > MAX_BYTES:
        raise PeopleFileError("import.file_too_large", max=MAX_BYTES // (1024 * 1024))
    notices: list[tuple[str, dict[str, object]]] = []
    is_excel = data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm"))
    if filename.lower().endswith(".xls") and not is_excel:
        raise PeopleFileError("import.old_excel")
    table = _excel(data, notices) if is_excel else _csv(data, notices)
    return PeopleFile(_rows(table), notices)


def template_csv(language: str) -> bytes:
    """The documented template: the headers and two made-up rows, UTF-8 with BOM, semicolon-separated
    (what Danish Excel opens directly)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(TEMPLATE_HEADERS.get(language, TEMPLATE_HEADERS["da"]))
    writer.writerow(["10001", "Mette Eksempel", "mette.eksempel@kommune.example", "Borgerservice", "Borgerservice Nord",
                     "", "", "leder"])
    writer.writerow(["10002", "Anne Eksempel", "anne.eksempel@kommune.example", "Borgerservice", "Borgerservice Nord",
                     "mette.eksempel@kommune.example", "Specialist i borgerkontakt (standard)", "medarbejder"])
    return out.getvalue().encode("utf-8-sig")
