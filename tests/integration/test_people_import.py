"""Importing people and teams from an HR export: preview, one transaction, idempotent, never deleting."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from profiling.reads import directory
from profiling.services import accounts, people_import
from profiling.services.actors import Role
from profiling.services.audit import list_entries
from profiling.services.errors import InvalidInput, NotAllowedNow
from tests.integration.helpers import make_user

HEADER = ["Medarbejdernummer", "Navn", "E-mail", "Enhed", "Team", "Lederens e-mail", "Rolle"]


def export(*rows: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([HEADER, *rows])
    return out.getvalue().encode("utf-8-sig")


FULL = export(
    ["1", "Mette Leder", "mette@kommune.example", "Borgerservice", "Nord", "", "leder"],
    ["2", "Anne Ansat", "anne@kommune.example", "Borgerservice", "Nord", "mette@kommune.example", ""],
    ["3", "Bo Ansat", "", "Borgerservice", "Nord", "mette@kommune.example", ""],
)


@pytest.fixture
def admin(uow_factory):  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        return make_user(uow, "Admin")


def test_an_import_creates_people_accounts_and_the_team_and_the_same_file_again_changes_nothing(uow_factory, admin):
    with uow_factory() as uow:
        preview = people_import.preview_import(admin, uow, FULL, "hr.csv")
    assert preview.counts == {"new": 3, "changed": 0, "unchanged": 0, "error": 0}
    with uow_factory() as uow:
        assert uow.people.everyone() == []  # a preview writes nothing
        result = people_import.apply_import(admin, uow, FULL, "hr.csv")
    assert (result.created, result.teams_created) == (3, 1)
    with uow_factory() as uow:
        team = next(t for t in uow.teams.all() if t.name == "Nord")
        mette = uow.users.by_email("mette@kommune.example")
        people = {p.employee_number: p for p in uow.people.everyone()}
        assert mette is not None and (mette.role, team.manager_id, team.unit) == ("manager", mette.id, "Borgerservice")
        assert {n: (p.name, p.team_id, p.user_id is not None) for n, p in people.items()} == {
            "1": ("Mette Leder", team.id, True), "2": ("Anne Ansat", team.id, True), "3": ("Bo Ansat", team.id, False),
        }
    with uow_factory() as uow:
        again = people_import.apply_import(admin, uow, FULL, "hr.csv")
    assert (again.created, again.changed, again.unchanged, again.teams_created, again.teams_changed) == (0, 0, 3, 0, 0)
    with uow_factory() as uow:
        entries = list_entries(admin, uow, action="people.import")
    assert [e.detail["created"] for e in entries] == [0, 3]


def test_rows_in_error_block_the_import_until_the_valid_rows_are_chosen(uow_factory, admin):
    broken = export(["1", "Anne", "anne@kommune.example", "", "", "", ""], ["1", "Dublet", "", "", "", "", ""])
    with uow_factory() as uow, pytest.raises(NotAllowedNow):
        people_import.apply_import(admin, uow, broken, "hr.csv")
    with uow_factory() as uow:
        assert uow.people.everyone() == []
        result = people_import.apply_import(admin, uow, broken, "hr.csv", valid_rows_only=True)
    assert (result.created, result.skipped) == (1, 1)


def test_people_missing_from_a_full_import_are_listed_and_only_deactivated(uow_factory, admin):
    with uow_factory() as uow:
        people_import.apply_import(admin, uow, FULL, "hr.csv")
    shorter = export(
        ["1", "Mette Leder", "mette@kommune.example", "Borgerservice", "Nord", "", "leder"],
        ["3", "Bo Ansat", "", "Borgerservice", "Nord", "mette@kommune.example", ""],
    )
    with uow_factory() as uow:
        preview = people_import.preview_import(admin, uow, shorter, "hr.csv")
    assert preview.not_in_file == [("2", "Anne Ansat")]
    assert preview.here == 3 and preview.leaving_needs_confirmation  # 1 of 3 is more than 10 %
    with uow_factory() as uow, pytest.raises(InvalidInput) as refused:
        people_import.apply_import(admin, uow, shorter, "hr.csv", deactivate_missing=True)
    assert (refused.value.message_key, refused.value.values) == ("import.confirm_leaving", {"count": 1, "total": 3})
    with uow_factory() as uow, pytest.raises(InvalidInput):  # a wrong count is no confirmation
        people_import.apply_import(admin, uow, shorter, "hr.csv", deactivate_missing=True, confirm_leaving=2)
    with uow_factory() as uow:
        result = people_import.apply_import(admin, uow, shorter, "hr.csv", deactivate_missing=True, confirm_leaving=1)
    assert (result.deactivated, result.left) == (1, 1)
    with uow_factory() as uow:
        anne = uow.users.by_email("anne@kommune.example")
        assert anne is not None and anne.active is False
        assert {p.employee_number for p in uow.people.everyone()} == {"1", "2", "3"}  # never deleted
        left = {p.employee_number: p.left_on for p in uow.people.everyone()}
        assert left["2"] is not None and left["1"] is None
        team_id = uow.people.everyone()[0].team_id
        assert {p.name for p in uow.people.in_teams([team_id])} == {"Mette Leder", "Bo Ansat"}  # she left the team list
        assert [p.name for p in directory.list_people(admin, uow, "Anne")] == []
        assert [p.name for p in directory.list_people(admin, uow, "Anne", include_left=True)] == ["Anne Ansat"]
    with uow_factory() as uow:  # the next import of the same file: no phantom "not in the file"
        assert people_import.preview_import(admin, uow, shorter, "hr.csv").not_in_file == []
    with uow_factory() as uow:  # back in the file: here and active again
        back = people_import.preview_import(admin, uow, FULL, "hr.csv")
        assert next(r for r in back.rows if r.employee_number == "2").changes == ["account", "returns"]  # reactivated
        people_import.apply_import(admin, uow, FULL, "hr.csv")
    with uow_factory() as uow:
        assert uow.users.by_email("anne@kommune.example").active is True  # type: ignore[union-attr]
        assert all(p.left_on is None for p in uow.people.everyone())


def test_a_copy_with_one_row_cannot_mark_a_whole_municipality_as_having_left(uow_factory, admin):
    rows = [[str(n), f"Person {n}", "", "Borgerservice", "Nord", "", ""] for n in range(1, 41)]
    with uow_factory() as uow:
        people_import.apply_import(admin, uow, export(*rows), "hr.csv")
    with uow_factory() as uow:
        preview = people_import.preview_import(admin, uow, export(rows[0]), "hr.csv")
    assert len(preview.not_in_file) == 39 and preview.leaving_needs_confirmation
    with uow_factory() as uow, pytest.raises(InvalidInput):
        people_import.apply_import(admin, uow, export(rows[0]), "hr.csv", deactivate_missing=True)
    with uow_factory() as uow:
        assert all(p.left_on is None for p in uow.people.everyone())
    # 4 of 40 (10 %) leave without a confirmation
    with uow_factory() as uow:
        result = people_import.apply_import(admin, uow, export(*rows[:36]), "hr.csv", deactivate_missing=True)
    assert result.left == 4


def test_a_bad_file_is_one_message_on_the_file_field(uow_factory, admin):
    with uow_factory() as uow, pytest.raises(InvalidInput) as refused:
        people_import.preview_import(admin, uow, b"Fornavn;Efternavn\nA;B\n", "hr.csv")
    assert (refused.value.field, refused.value.message_key) == ("file", "import.missing_columns")


def test_an_import_changes_no_account_it_did_not_make_and_lists_what_happens_to_each(uow_factory, admin):
    # The probe: a row with role administrator made an administrator; a row with a recruiter's e-mail changed
    # her role and name; a row reactivated a deactivated administrator - with a preview saying "new".
    with uow_factory() as uow:
        camilla = make_user(uow, "Camilla Rekrutterer", Role.RECRUITER)
        old_admin = make_user(uow, "Gammel Admin")
    with uow_factory() as uow:
        accounts.update_account(admin, uow, old_admin.user_id, active=False)
    hostile = export(
        ["1", "Ny Chef", "chef@kommune.example", "", "", "", "administrator"],
        ["2", "Camilla Omdøbt", camilla.email, "", "", "", "leder"],
        ["3", "Gammel Admin", old_admin.email, "", "", "", ""],
    )
    with uow_factory() as uow:
        preview = people_import.preview_import(admin, uow, hostile, "hr.csv")
    rows = {r.employee_number: r for r in preview.rows}
    assert [key for key, _ in rows["1"].problems] == ["import.role_not_importable"]
    assert [key for key, _ in rows["2"].account] == ["import.account.linked", "import.account.role_kept", "import.account.untouched"]
    assert [key for key, _ in rows["3"].account] == ["import.account.linked", "import.account.untouched"]
    with uow_factory() as uow:
        people_import.apply_import(admin, uow, hostile, "hr.csv", valid_rows_only=True)
    with uow_factory() as uow:
        assert uow.users.by_email("chef@kommune.example") is None
        kept = uow.users.by_email(camilla.email)
        assert kept is not None and (kept.name, kept.role) == ("Camilla Rekrutterer", "recruiter")
        still = uow.users.by_email(old_admin.email)
        assert still is not None and (still.active, still.role) == (False, "admin")


def test_an_imported_account_an_administrator_deactivated_stays_deactivated(uow_factory, admin):
    with uow_factory() as uow:
        people_import.apply_import(admin, uow, FULL, "hr.csv")
    with uow_factory() as uow:
        anne = uow.users.by_email("anne@kommune.example")
        accounts.update_account(admin, uow, anne.id, active=False)  # type: ignore[union-attr]
    with uow_factory() as uow:
        people_import.apply_import(admin, uow, FULL, "hr.csv")
    with uow_factory() as uow:
        assert uow.users.by_email("anne@kommune.example").active is False  # type: ignore[union-attr]


def test_deactivating_the_missing_is_refused_while_one_of_them_leads_a_team(uow_factory, admin):
    with uow_factory() as uow:
        people_import.apply_import(admin, uow, FULL, "hr.csv")
    without_mette = export(["2", "Anne Ansat", "anne@kommune.example", "Borgerservice", "Nord", "", ""])
    with uow_factory() as uow:
        preview = people_import.preview_import(admin, uow, without_mette, "hr.csv")
    assert preview.leaders_not_in_file == [("Mette Leder", "Nord")]
    with uow_factory() as uow, pytest.raises(InvalidInput) as refused:
        people_import.apply_import(admin, uow, without_mette, "hr.csv", deactivate_missing=True)
    assert refused.value.message_key == "import.leader_missing" and "Nord" in str(refused.value.values["leaders"])
    with uow_factory() as uow:
        assert uow.users.by_email("mette@kommune.example").active is True  # type: ignore[union-attr]


def test_two_imports_at_once_end_in_one_clear_refusal_not_a_crash(uow_factory, admin, monkeypatch):
    planned = people_import._plan
    raced: list[object] = []

    def the_other_import_in_between(uow, data, filename, *choices):  # type: ignore[no-untyped-def]
        found = planned(uow, data, filename, *choices)
        if not raced:  # the first import has read what the tool holds; a second one runs to the end now
            raced.append(True)
            with uow_factory() as other:
                people_import.apply_import(admin, other, data, filename)
        return found

    monkeypatch.setattr(people_import, "_plan", the_other_import_in_between)
    with uow_factory() as uow, pytest.raises(NotAllowedNow) as refused:
        people_import.apply_import(admin, uow, FULL, "hr.csv")
    assert refused.value.message_key == "import.concurrent"
    with uow_factory() as uow:
        assert len(uow.people.everyone()) == 3  # the other import's, once


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.mark.parametrize("export_file", ["sd-loen.csv", "kmd-opus.csv"])
def test_a_payroll_export_imports_without_editing(uow_factory, admin, export_file):
    """Windows-1252, semicolons, the name in two columns, the manager by employee number (with leading zeros),
    the department as team, a job title that is never a target profile, two rows repeated, one bad address."""
    data = (FIXTURES / export_file).read_bytes()
    with uow_factory() as uow:
        preview = people_import.preview_import(admin, uow, data, export_file)
    assert ("import.read_as_windows", {}) in preview.notices
    assert ("import.repeated_rows", {"count": 2, "rows": "395, 396"}) in preview.notices
    errors = [r for r in preview.rows if r.problems]
    assert [(r.line, r.problems) for r in errors] == [
        (302, [("import.invalid_email", {"email": "karen.nielsen@@kommune", "column": "E-mail"})]),  # names the column
    ]
    assert preview.counts["new"] == 392
    assert {t.name for t in preview.teams} >= {"Borgerservice Nord", "Kontaktcenter", "Ledelse"}
    with uow_factory() as uow:
        result = people_import.apply_import(admin, uow, data, export_file, valid_rows_only=True)
    assert (result.created, result.skipped, result.teams_created) == (392, 1, 9)
    with uow_factory() as uow:
        nord = next(t for t in uow.teams.all() if t.name == "Borgerservice Nord")
        manager = uow.users.get(nord.manager_id)
        assert manager is not None and manager.email == "mette.nielsen.10001@kommune.example" and manager.role == Role.MANAGER
        anne = next(p for p in uow.people.everyone() if p.employee_number == "010002")
        assert (anne.name, anne.team_id) == ("Gitte Jørgensen", nord.id)  # the number kept with its leading zero
        assert anne.job_title == "Kontorelev"  # the job title kept as information
        assert {t.target_profile_id for t in uow.teams.all()} == {None}  # "Afdelingsleder" is no target profile
        chief = uow.users.by_email("birgit.chef@kommune.example")
        assert chief is not None and chief.role == Role.EMPLOYEE  # leads no team in the file


def test_a_manager_number_that_is_nowhere_is_an_error_naming_the_column_and_the_value(uow_factory, admin):
    header = "Medarbejdernr.;Fornavn;Efternavn;Afdeling;E-mail;Leder\r\n"
    data = (header + "010001;Anne;Ansat;Nord;anne@kommune.example;010006\r\n").encode("cp1252")
    with uow_factory() as uow:
        preview = people_import.preview_import(admin, uow, data, "sd.csv")
    (row,) = preview.rows
    assert row.problems == [("import.unknown_manager_number", {"column": "Leder", "value": "010006"})]
    from profiling.i18n import translate

    key, values = row.problems[0]
    assert translate(key, "en", **values) == "Leder: 010006 is no employee number in the file or the database"


def test_an_employee_number_that_lost_its_leading_zeros_in_excel_never_becomes_another_person(uow_factory, admin):
    from openpyxl import Workbook

    data = (FIXTURES / "sd-loen.csv").read_bytes()
    with uow_factory() as uow:
        people_import.apply_import(admin, uow, data, "sd-loen.csv", valid_rows_only=True)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Medarbejdernr.", "Fornavn", "Efternavn", "Afdeling", "E-mail", "Leder"])
    sheet.append([10002, "Gitte", "Jørgensen", "Borgerservice Nord", "gitte.joergensen.10002@kommune.example", 10001])
    buffer = io.BytesIO()
    workbook.save(buffer)  # saved by Excel: the numbers are numbers, their zeros gone
    copy = buffer.getvalue()
    with uow_factory() as uow:
        preview = people_import.preview_import(admin, uow, copy, "kopi.xlsx")
    (row,) = preview.rows
    assert row.problems[0] == ("import.leading_zeros_lost", {"column": "Medarbejdernr.", "value": "10002", "known": "010002"})
    assert preview.counts["new"] == 0  # never a new person silently
    with uow_factory() as uow:
        confirmed = people_import.preview_import(admin, uow, copy, "kopi.xlsx", zeros_confirmed=True)
    assert confirmed.rows[0].problems == [] and confirmed.rows[0].employee_number == "010002"
    assert confirmed.rows[0].status == "unchanged" and confirmed.counts["new"] == 0  # the same person, not a new one
    with uow_factory() as uow:
        people_import.apply_import(admin, uow, copy, "kopi.xlsx", zeros_confirmed=True)
    with uow_factory() as uow:
        assert [p.employee_number for p in uow.people.everyone() if p.name == "Gitte Jørgensen" and p.employee_number.endswith("10002")] == ["010002"]


def test_a_column_mapping_reads_a_layout_of_its_own_and_is_remembered_by_name(uow_factory, admin):
    layout = "Løbenr;Navn1;Navn2;Org;Chef (nr);Arbejdsmail\r\n0001;Lis;Leder;Nord;;lis@kommune.example\r\n0002;Anne;Ansat;Nord;0001;anne@kommune.example\r\n"
    data = layout.encode("cp1252")
    with uow_factory() as uow, pytest.raises(InvalidInput):  # no known header names: the columns must be mapped
        people_import.preview_import(admin, uow, data, "eget.csv")
    mapping = {"employee_number": "Løbenr", "first_name": "Navn1", "last_name": "Navn2", "team": "Org",
               "manager_number": "Chef (nr)", "email": "Arbejdsmail"}
    with uow_factory() as uow:
        people_import.save_import_mapping(admin, uow, "Vores lønsystem", mapping)
    with uow_factory() as uow:
        remembered = people_import.import_mappings(admin, uow)["Vores lønsystem"]
        preview = people_import.preview_import(admin, uow, data, "eget.csv", mapping=remembered)
    assert [(r.employee_number, r.name, r.team, r.problems) for r in preview.rows] == [
        ("0001", "Lis Leder", "Nord", []), ("0002", "Anne Ansat", "Nord", []),
    ]
    assert [(t.name, t.manager_email) for t in preview.teams] == [("Nord", "lis@kommune.example")]
    with uow_factory() as uow, pytest.raises(InvalidInput) as missing:  # a mapped column the file lacks
        people_import.preview_import(admin, uow, data, "eget.csv", mapping={**mapping, "team": "Afdeling"})
    assert (missing.value.message_key, missing.value.values) == ("import.mapped_column_missing", {"column": "Afdeling"})
    with uow_factory() as uow, pytest.raises(InvalidInput):
        people_import.save_import_mapping(admin, uow, "Forkert", {"shoe_size": "Sko"})
