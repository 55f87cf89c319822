"""The bulk export: every table of the municipality's data, opened back and compared with the database;
private notes never in it; audited."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from profiling.reads import directory
from profiling.reports import bulk
from profiling.services import bulk_export, demo
from profiling.services.audit import list_entries
from profiling.services.errors import AccessDenied
from profiling.services.system import actor_of

SECRET = "HEMMELIG NOTE OM EMIL"


@pytest.fixture
def town(uow_factory, catalog):  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        demo.build_demo(uow, catalog)
    with uow_factory() as uow:
        rating = uow.interviews.every_rating()[0]
        rating.note, rating.private = SECRET, True
        uow.commit()
    with uow_factory() as uow:
        return actor_of(uow.users.by_email(demo.demo_accounts(uow)[0].email)), actor_of(uow.users.by_email(demo.demo_accounts(uow)[1].email))


def test_the_export_holds_every_row_of_the_database_and_no_private_note(uow_factory, town):
    admin, _ = town
    with uow_factory() as uow:
        tables = bulk_export.everything(admin, uow)
    with uow_factory() as uow:
        assert len(tables["people"]) == len(uow.people.everyone())
        assert len(tables["ratings"]) == len(uow.interviews.every_rating())
        assert len(tables["interviews"]) == len(uow.interviews.query())
        assert len(tables["plans"]) == len(uow.plans.everything()) and tables["check_ins"]
        assert len(tables["theme_days"]) == len(uow.theme_days.everything()) and tables["team_agreements"]
        rounds = uow.rounds.list()  # the round's case goes out with it: nothing of it stays behind
        assert len(tables["round_candidates"]) == sum(len(r.candidates) for r in rounds)
        assert len(tables["declarations"]) == sum(len(r.declarations) for r in rounds) > 0
        assert len(tables["minutes"]) == sum(1 for r in rounds if r.minutes is not None) == 1
        assert len(tables["references"]) == sum(len(r.references) for r in rounds) == 2
        assert len(tables["reference_answers"]) == sum(len(f.answers) for r in rounds for f in r.references) > 0
        assert len(tables["note_requests"]) == sum(len(r.note_requests) for r in rounds)
    (filed,) = [r for r in tables["rounds"] if r["case_number"]]
    assert filed["journalised_at"] is not None and filed["committee"] == "Ida Juhl" and "Ida Juhl" not in filed["panel"]
    assert {r["round_id"] for r in tables["minutes_reasons"]} == {filed["round_id"]}
    assert any(c["answered_at"] is not None and c["answer"] for c in tables["round_candidates"])
    withheld = [r for r in tables["ratings"] if r["note_withheld"]]
    assert len(withheld) == 1 and withheld[0]["note"] == ""
    workbook = load_workbook(io.BytesIO(bulk.to_excel(tables)))
    assert workbook.sheetnames == list(tables)
    for name, rows in tables.items():
        assert workbook[name].max_row == len(rows) + 1 if rows else workbook[name].max_row <= 1
    people = list(workbook["people"].iter_rows(values_only=True))
    assert people[0][:3] == ("person_id", "employee_number", "name")
    assert isinstance(people[1][0], int)  # numbers stay numbers
    archive = zipfile.ZipFile(io.BytesIO(bulk.to_zip(tables, "da")))
    assert sorted(archive.namelist()) == sorted(f"{name}.csv" for name in tables)
    everything_written = b"".join(archive.read(name) for name in archive.namelist())
    assert SECRET.encode() not in everything_written
    assert all(SECRET not in str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row)
    rounds = list(csv.DictReader(io.StringIO(archive.read("rounds.csv").decode("utf-8-sig")), delimiter=";"))
    assert [r["min_coverage"] for r in rounds] == ["0,8", "0,8"]  # Danish Excel: a decimal comma
    assert all(len(r["created_at"]) == 16 for r in rounds)  # "2026-11-22 10:30"
    # A plain date is ISO too ("2026-10-18", which Excel reads as a date), never "18. okt. 2026"
    days = list(csv.DictReader(io.StringIO(archive.read("theme_days.csv").decode("utf-8-sig")), delimiter=";"))
    held = [d["held_on"] for d in days]
    assert held and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in held)


def test_only_an_administrator_exports_and_every_export_is_logged(uow_factory, town):
    admin, manager = town
    with uow_factory() as uow, pytest.raises(AccessDenied):
        bulk_export.everything(manager, uow)
    with uow_factory() as uow:
        bulk_export.everything(admin, uow)
    with uow_factory() as uow:
        (entry,) = list_entries(admin, uow, action="data.export")
    assert entry.detail["rows"]["people"] > 0


def rows_about(tables, person_id):  # type: ignore[no-untyped-def]
    """Per table, the rows about one person: by person_id, or by an interview, plan, goal or reference of theirs."""
    interviews = {r["interview_id"] for r in tables["interviews"] if r["person_id"] == person_id}
    plans = {r["plan_id"] for r in tables["plans"] if r["person_id"] == person_id}
    goals = {r["goal_id"] for r in tables["goals"] if r["plan_id"] in plans}
    references = {r["reference_id"] for r in tables["references"] if r["person_id"] == person_id}
    links = (("person_id", {person_id}), ("interview_id", interviews), ("plan_id", plans), ("goal_id", goals),
             ("reference_id", references))
    return {
        name: [row for row in rows if any(key in row and row[key] in ids for key, ids in links)]
        for name, rows in tables.items()
    }


@pytest.mark.parametrize("name", ["Anne Mølgaard", "Maja Friis"])  # an employee with a plan; a candidate
def test_every_table_holding_the_persons_data_appears_in_their_own_export(uow_factory, town, name):
    from profiling.services import privacy

    admin, _ = town
    with uow_factory() as uow:
        person = directory.list_people(admin, uow, name)[0]
        everything = bulk_export.everything(admin, uow)
    with uow_factory() as uow:
        document = privacy.export_person(admin, uow, person.id)
    expected = {table: rows for table, rows in rows_about(everything, person.id).items() if rows}
    assert {"people", "interviews", "ratings"} <= set(expected)
    for table, rows in expected.items():
        assert len(document["tables"].get(table, [])) == len(rows), table
    assert document["person"]["employee_number"] == expected["people"][0]["employee_number"]
    if name == "Anne Mølgaard":  # her development plan, goals and check-ins, which the export lacked
        assert {"plans", "goals", "check_ins"} <= set(expected)
    assert SECRET not in str(document["tables"])
