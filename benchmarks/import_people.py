"""Importing a municipality from its HR export: preview and import of N people on a fresh database.

Run with plain python:  python benchmarks/import_people.py [--rows 5000] [--database sqlite|postgresql]

Writes an HR export of N made-up people (N/50 teams of 50, each with its manager in the file) as CSV and as
Excel, and prints, for each: how long reading and previewing take, how long the import (one transaction)
takes, and how long importing the same file again takes (it changes nothing). The goal (issue 15): 5,000 rows
preview in under 3 s and import in under 10 s on SQLite. Last, how long refusing a workbook far past the row
limit takes (issue 22: it is counted in the sheet's XML before openpyxl opens it, not read in full).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from profiling.people_file import MAX_ROWS, TEMPLATE_HEADERS, PeopleFileError, read_people_file
from profiling.persistence.database import create_database_engine, session_factory, upgrade
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import accounts, people_import
from profiling.services.system import actor_of


def rows(count: int) -> list[list[str]]:
    """A made-up HR export: teams of 50 in ten units, the first of each team its manager."""
    made = []
    for number in range(1, count + 1):
        team = (number - 1) // 50
        manager = team * 50 + 1
        made.append([
            str(100000 + number), f"Medarbejder {number}", f"m{number}@kommune.example", f"Enhed {team % 10}",
            f"Team {team}", "" if number == manager else f"m{manager}@kommune.example", "",
            "leder" if number == manager else "medarbejder",
        ])
    return made


def as_csv(table: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([TEMPLATE_HEADERS["da"], *table])
    return out.getvalue().encode("utf-8-sig")


def as_excel(table: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(TEMPLATE_HEADERS["da"])
    for row in table:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def measure(url: str, data: bytes, name: str) -> tuple[float, float, float, dict[str, int]]:
    engine = create_database_engine(url)
    upgrade(engine)
    factory = session_factory(engine)
    with UnitOfWork(factory) as uow:
        accounts.create_administrator_by_operator(
            uow, {"name": "HR", "email": "hr@kommune.example", "role": "admin", "password": "en-lang-benchmark-adgangskode"}
        )
    with UnitOfWork(factory) as uow:
        admin = actor_of(uow.users.by_email("hr@kommune.example"))
    started = time.perf_counter()
    with UnitOfWork(factory) as uow:
        preview = people_import.preview_import(admin, uow, data, name)
    previewed = time.perf_counter() - started
    started = time.perf_counter()
    with UnitOfWork(factory) as uow:
        people_import.apply_import(admin, uow, data, name)
    imported = time.perf_counter() - started
    started = time.perf_counter()
    with UnitOfWork(factory) as uow:
        again = people_import.apply_import(admin, uow, data, name)
    assert again.created == again.changed == 0
    repeated = time.perf_counter() - started
    engine.dispose()
    return previewed, imported, repeated, preview.counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--database", default="sqlite", help="sqlite, or a PostgreSQL URL of an empty database")
    parser.add_argument("--oversized", type=int, default=MAX_ROWS * 8, help="rows of the workbook past the limit")
    options = parser.parse_args()
    table = rows(options.rows)
    print(f"{options.rows:,} rows, {options.rows // 50} teams")
    print(f"{'file':<6} {'size':>8} {'preview':>9} {'import':>8} {'again':>8}  counts")
    for kind, data in (("csv", as_csv(table)), ("xlsx", as_excel(table))):
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/import.db" if options.database == "sqlite" else options.database
            previewed, imported, repeated, counts = measure(url, data, f"hr.{kind}")
        print(f"{kind:<6} {len(data) / 1024:>6.0f} kB {previewed:>8.2f}s {imported:>7.2f}s {repeated:>7.2f}s  {counts}")
    oversized = as_excel(rows(options.oversized))
    started = time.perf_counter()
    try:
        read_people_file(oversized, "hr.xlsx")
    except PeopleFileError as refused:
        print(f"a workbook of {options.oversized:,} rows ({len(oversized) / 1e6:.1f} MB) refused ({refused.key}) in "
              f"{time.perf_counter() - started:.2f}s")


if __name__ == "__main__":
    main()
