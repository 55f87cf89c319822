"""Reading an export of the HR or payroll system: CSV (comma, semicolon or tab; UTF-8, UTF-16 or Windows-1252)
or Excel (.xlsx), with columns found by their Danish or English header. Anything wrong with the file as a
whole is one PeopleFileError with a message key - never a traceback."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from profiling.domain.people_import import ImportRow

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_FIELD = 4_000  # characters in one cell: a name, an e-mail or a team is far shorter
# Header names per field (compared in lower case, without spaces, dots, dashes and underscores).
HEADERS = {
    "employee_number": ("medarbejdernummer", "medarbejdernr", "lønnummer", "loennummer", "employeenumber", "employeeno",
                        "employeeid", "personalenummer", "mednr"),
    "name": ("navn", "name", "fuldtnavn", "fullname"),
    "email": ("email", "mail", "emailadresse", "emailaddress"),
    "unit": ("enhed", "afdeling", "unit", "department", "forvaltning", "organisationsenhed", "orgenhed"),
    "team": ("team", "gruppe", "group"),
    "manager_email": ("lederensemail", "lederemail", "leder", "nærmesteleder", "managersemail", "manageremail", "manager"),
    # A job title ("Stilling") is never read as a target profile: a target profile is named as such.
    "target_profile": ("målprofil", "maalprofil", "targetprofile"),
    "role": ("rolle", "role"),
    # Payroll layouts (SD Løn, KMD Opus): the name in two columns, the manager by employee number, a job title.
    "first_name": ("fornavn", "firstname", "givenname"),
    "last_name": ("efternavn", "lastname", "surname", "familyname"),
    "manager_number": ("ledermedarbejdernr", "ledermedarbejdernummer", "ledersmedarbejdernummer", "ledersmedarbejdernr",
                       "nærmesteledermedarbejdernummer", "nærmestelederemedarbejdernummer", "managernumber",
                       "manageremployeenumber", "lederlønnummer"),
    "job_title": ("stilling", "stillingsbetegnelse", "jobtitle", "position", "title"),  # information only
}
# The fields an import row holds (the others are read and combined: a name from its two parts, a team from the
# department when the file has no team column). A job title is kept as information, never as a target profile.
ROW_FIELDS = ("employee_number", "name", "email", "unit", "team", "manager_email", "target_profile", "role", "manager_number",
              "job_title")
REQUIRED = ("employee_number",)
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
    columns: dict[str, str] = field(default_factory=dict)  # field -> the file's own header (messages name it)


def _normal(header: object) -> str:
    text = "" if header is None else str(header)
    return "".join(c for c in text.strip().lower() if c not in " .-_'’()")


def _found(header: list[object], mapping: Mapping[str, str] | None = None) -> dict[str, int]:
    """Which column holds each field: by the administrator's mapping (field -> the file's header), else by the
    known header names; PeopleFileError when the mapping names an unknown field or a column the file lacks."""
    found: dict[str, int] = {}
    if mapping:
        at = {_normal(raw): index for index, raw in reversed(list(enumerate(header)))}
        for field_name, column in mapping.items():
            if not column:
                continue
            if field_name not in HEADERS:
                raise PeopleFileError("import.mapping_unknown_field", field=field_name)
            if _normal(column) not in at:
                raise PeopleFileError("import.mapped_column_missing", column=column)
            found[field_name] = at[_normal(column)]
    for index, raw in enumerate(header if not mapping else ()):
        name = _normal(raw)
        for field_name, names in HEADERS.items():
            if name in names and field_name not in found:
                found[field_name] = index
    return found


def _fields(table: list[list[object]], mapping: Mapping[str, str] | None = None) -> dict[str, int]:
    """The columns as the rows are read: found (or mapped), with the department as the team where the file has no
    team column (SD Løn's "Afdeling"), and - without a mapping - a manager column of employee numbers read as the
    manager's number, not an e-mail (a payroll export's "Leder")."""
    found = _found(table[0], mapping)
    if "team" not in found and "unit" in found:
        found["team"] = found.pop("unit")
    if not mapping and "manager_email" in found and "manager_number" not in found:
        index = found["manager_email"]
        managers = [_text(row[index]) for row in table[1:] if index < len(row) and _text(row[index])]
        if managers and all(_is_number(m) for m in managers):
            found["manager_number"] = found.pop("manager_email")
    return found


def _require(found: Mapping[str, int]) -> None:
    """PeopleFileError naming the required columns the file lacks (an employee number, and a name or its parts)."""
    missing = [f for f in REQUIRED if f not in found]
    if "name" not in found and not ("first_name" in found and "last_name" in found):
        missing.append("name")
    if missing:
        raise PeopleFileError("import.missing_columns", columns=", ".join(TEMPLATE_HEADERS["da"][list(HEADERS).index(f)] for f in missing))


def _is_number(value: str) -> bool:
    return value.replace(" ", "").isdigit()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an employee number Excel stored as a number
    return " ".join(str(value).split())


def _numbers_that_may_have_lost_zeros(table: list[list[object]], index: int) -> list[str]:
    """Employee numbers a spreadsheet stored as numbers, or shorter than the file's usual width of digits (Excel
    drops leading zeros): worth a warning before they are matched with anyone."""
    values = [row[index] for row in table[1:] if index < len(row) and row[index] not in (None, "")]
    typed = [_text(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    digits = [_text(v) for v in values if _text(v).isdigit()]
    widths = Counter(len(v) for v in digits if v.startswith("0"))
    if widths:
        usual = widths.most_common(1)[0][0]
        typed += [v for v in digits if len(v) < usual and not v.startswith("0") and v not in typed]
    return typed


def _rows(
    table: list[list[object]], mapping: Mapping[str, str] | None, notices: list[tuple[str, dict[str, object]]],
) -> tuple[list[ImportRow], dict[str, int]]:
    """The file's rows as import rows (a name joined from its two parts), and the column of each field."""
    while table and not any(_text(v) for v in table[-1]):
        table.pop()
    if not table or not any(_text(v) for v in table[0]):
        raise PeopleFileError("import.file_empty")
    columns = _fields(table, mapping)
    _require(columns)
    if short := _numbers_that_may_have_lost_zeros(table, columns["employee_number"]):
        notices.append(("import.zeros_maybe_lost", {"column": str(table[0][columns["employee_number"]]).strip(),
                                                    "count": len(short), "examples": ", ".join(short[:3])}))
    if len(table) - 1 > MAX_ROWS:
        raise PeopleFileError("import.too_many_rows", max=MAX_ROWS)
    rows = []
    for number, values in enumerate(table[1:], start=2):
        if not any(_text(v) for v in values):
            continue
        cell = {f: _text(values[i]) if i < len(values) else "" for f, i in columns.items()}
        if not cell.get("name"):
            cell["name"] = " ".join(part for part in (cell.get("first_name", ""), cell.get("last_name", "")) if part)
        rows.append(ImportRow(line=number, **{f: cell.get(f, "") for f in ROW_FIELDS}))
    if not rows:
        raise PeopleFileError("import.no_rows")
    return rows, columns


def _decode(data: bytes, notices: list[tuple[str, dict[str, object]]]) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:  # an odd number of bytes, or half of a surrogate pair
            raise PeopleFileError("import.bad_encoding") from None
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
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    table: list[list[object]] = []
    try:
        for values in reader:
            if len(table) > MAX_ROWS:
                raise PeopleFileError("import.too_many_rows", max=MAX_ROWS)
            if any(len(value) > MAX_FIELD for value in values):
                raise PeopleFileError("import.field_too_long", line=reader.line_num, max=MAX_FIELD)
            table.append(list(values))
    except csv.Error:  # e.g. a field past the csv module's own limit (128 KiB), or a stray NUL
        raise PeopleFileError("import.bad_csv", line=reader.line_num) from None
    return table


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
MAX_UNPACKED = 400 * 1024 * 1024  # what a workbook may unpack to (a few MB of zip can hold far more)


def _first_sheet_rows(data: bytes, stop_after: int) -> int:
    """How many rows the workbook's first sheet has, counted in its XML without parsing it, up to `stop_after`
    (opening a workbook with openpyxl reads its whole string table first: seconds for a large one)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(item.file_size for item in archive.infolist()) > MAX_UNPACKED:
                raise PeopleFileError("import.file_too_large", max=MAX_BYTES // (1024 * 1024))
            workbook = archive.read("xl/workbook.xml")
            first = re.search(rb"<(?:\w+:)?sheet\b[^>]*\br:id=\"([^\"]+)\"", workbook)
            relations = archive.read("xl/_rels/workbook.xml.rels")
            if first is None:
                return 0
            element = next(
                (e for e in re.findall(rb"<Relationship\b[^>]*>", relations) if re.search(rb'\bId="' + re.escape(first.group(1)) + rb'"', e)),
                None,
            )
            target = re.search(rb'\bTarget="([^"]+)"', element) if element is not None else None
            if target is None:
                return 0
            name = target.group(1).decode().lstrip("/")
            name = name if name.startswith("xl/") else f"xl/{name}"
            count, tail = 0, b""
            with archive.open(name) as sheet:
                while count <= stop_after and (chunk := sheet.read(1 << 20)):
                    block = tail + chunk
                    count += len(_ROW_TAG.findall(block)) - len(_ROW_TAG.findall(tail))
                    tail = block[-8:]
            return count
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return 0  # openpyxl says what is wrong with it


def _excel(data: bytes, notices: list[tuple[str, dict[str, object]]]) -> list[list[object]]:
    from openpyxl import load_workbook

    if _first_sheet_rows(data, MAX_ROWS + 1) > MAX_ROWS + 1:
        raise PeopleFileError("import.too_many_rows", max=MAX_ROWS)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise PeopleFileError("import.bad_excel") from None
    try:
        sheet = book.worksheets[0]
        if len(book.worksheets) > 1:
            notices.append(("import.first_sheet", {"sheet": sheet.title, "count": len(book.worksheets)}))
        if (sheet.max_row or 0) > MAX_ROWS + 1:  # the sheet says how large it is: refuse before reading it
            raise PeopleFileError("import.too_many_rows", max=MAX_ROWS)
        table: list[list[object]] = []
        for row in sheet.iter_rows():  # streamed, and stopped at the limit (a sheet may not say its size)
            if len(table) > MAX_ROWS:
                raise PeopleFileError("import.too_many_rows", max=MAX_ROWS)
            values = []
            for cell in row:
                if cell.data_type == "f":  # a formula: its value is not in the file, only how to compute it
                    raise PeopleFileError("import.formula", cell=f"{cell.column_letter}{cell.row}")
                if isinstance(cell.value, str) and len(cell.value) > MAX_FIELD:
                    raise PeopleFileError("import.field_too_long", line=cell.row, max=MAX_FIELD)
                values.append(cell.value)
            table.append(values)
        return table
    finally:
        book.close()


def _table(data: bytes, filename: str, notices: list[tuple[str, dict[str, object]]]) -> list[list[object]]:
    if not data.strip():
        raise PeopleFileError("import.file_empty")
    if len(data) > MAX_BYTES:
        raise PeopleFileError("import.file_too_large", max=MAX_BYTES // (1024 * 1024))
    is_excel = data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm"))
    if filename.lower().endswith(".xls") and not is_excel:
        raise PeopleFileError("import.old_excel")
    return _excel(data, notices) if is_excel else _csv(data, notices)


def file_columns(data: bytes, filename: str) -> tuple[list[str], dict[str, str]]:
    """The file's headers, and the mapping the reader uses without one (field -> header): the mapping a page starts
    from, read as `read_people_file` reads it. No error for columns it cannot place: the page maps them."""
    table = _table(data, filename, [])
    if not table:
        return [], {}
    header = [str(value).strip() if value is not None else "" for value in table[0]]
    return [column for column in header if column], {field: header[index] for field, index in _fields(table).items()}


def read_people_file(data: bytes, filename: str, mapping: Mapping[str, str] | None = None) -> PeopleFile:
    """The rows of a people file (columns by `mapping`, field -> header, else by their known names);
    PeopleFileError when the file as a whole cannot be used."""
    notices: list[tuple[str, dict[str, object]]] = []
    table = _table(data, filename, notices)
    rows, columns = _rows(table, mapping, notices)
    named = {field: str(table[0][index]).strip() for field, index in columns.items()}
    return PeopleFile(_without_repeats(rows, notices), notices, named)


def _without_repeats(rows: list[ImportRow], notices: list[tuple[str, dict[str, object]]]) -> list[ImportRow]:
    """A row that repeats an earlier one exactly (the same person, every value the same) is read once, with a
    notice; repeats that differ stay, and the import says which rows conflict."""
    seen: set[tuple[str, ...]] = set()
    kept, repeated = [], []
    for row in rows:
        values = tuple(getattr(row, name) for name in ROW_FIELDS)
        if values in seen:
            repeated.append(row.line)
            continue
        seen.add(values)
        kept.append(row)
    if repeated:
        notices.append(("import.repeated_rows", {"count": len(repeated), "rows": ", ".join(map(str, repeated))}))
    return kept


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
