"""Reading an HR export and what importing it would change: keys, duplicates, managers, teams, bad files."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from profiling import people_file
from profiling.domain.people_import import (
    ImportRow,
    Known,
    KnownAccount,
    KnownPerson,
    KnownTeam,
    RowStatus,
    plan_import,
)
from profiling.people_file import MAX_BYTES, PeopleFileError, read_people_file, template_csv

NOTHING = Known(people={}, emails_in_use={}, accounts={}, teams={}, target_profiles=frozenset({"Specialist"}))


def accounts(**roles: str) -> dict[str, KnownAccount]:
    """Hand-made accounts with these roles, keyed by the e-mail (the keyword with '_at_' for '@')."""
    return {email.replace("_at_", "@").replace("_", "."): KnownAccount(role=role) for email, role in roles.items()}


def row(line, number, name="Navn", **values):
    return ImportRow(line=line, employee_number=number, name=name, **values)


def problems(plan, line):
    return [p.key for r in plan.rows if r.row.line == line for p in r.problems]


def test_new_people_and_a_new_team_whose_manager_is_in_the_file():
    plan = plan_import([
        row(2, "1", "Mette", email="mette@k.example", team="Nord", unit="Borgerservice"),
        row(3, "2", "Anne", email="anne@k.example", team="Nord", manager_email="mette@k.example", target_profile="Specialist"),
    ], NOTHING)
    assert [(r.status, r.role) for r in plan.rows] == [(RowStatus.NEW, "manager"), (RowStatus.NEW, "employee")]
    (team,) = plan.teams
    assert (team.name, team.unit, team.manager_email, team.target_profile, team.status) == (
        "Nord", "Borgerservice", "mette@k.example", "Specialist", RowStatus.NEW)


def test_each_row_in_error_says_why():
    plan = plan_import([
        row(2, "", "Uden nummer"),
        row(3, "7", "Første"),
        row(4, "7", "Anden"),
        row(5, "8", "", email="ikke-en-mail"),
        row(6, "9", "Bo", team="Syd", manager_email="ukendt@k.example"),
        row(7, "10", "Cai", team="Vest", target_profile="Findes ikke"),
        row(8, "11", "Dan", role="direktør"),
    ], NOTHING)
    assert problems(plan, 2) == ["import.missing_key"]
    assert problems(plan, 3) == []
    assert problems(plan, 4) == ["import.duplicate_key"]
    assert problems(plan, 5) == ["import.missing_name", "import.invalid_email"]
    assert problems(plan, 6) == ["import.unknown_manager"]
    assert problems(plan, 7) == ["import.unknown_target"]
    assert problems(plan, 8) == ["import.unknown_role"]
    assert plan.count(RowStatus.ERROR) == 6


def test_a_team_given_two_managers_is_in_error_on_every_row():
    known = Known(people={}, emails_in_use={}, accounts=accounts(a_at_k_example="manager", b_at_k_example="manager"),
                  teams={}, target_profiles=frozenset())
    plan = plan_import([row(2, "1", team="Nord", manager_email="a@k.example"), row(3, "2", team="Nord", manager_email="B@k.example")], known)
    assert problems(plan, 2) == problems(plan, 3) == ["import.team_conflict_manager"]


def test_the_same_file_again_changes_nothing_and_a_change_is_named():
    known = Known(
        people={"1": KnownPerson(1, "1", "Anne", "anne@k.example", "Nord", "employee"),
                "2": KnownPerson(2, "2", "Bo", "", "Nord", ""),
                "3": KnownPerson(3, "3", "Gået", "", "Nord", "")},
        emails_in_use={"anne@k.example": "1"},
        accounts={"anne@k.example": KnownAccount(role="employee", name="Anne", managed=True, person_number="1")},
        teams={"Nord": KnownTeam("Nord", "Borgerservice", "", "")}, target_profiles=frozenset(),
    )
    plan = plan_import([row(2, "1", "Anne", email="Anne@k.example", team="Nord"), row(3, "2", "Bo Berg", team="Nord")], known)
    assert [(r.status, r.changes) for r in plan.rows] == [(RowStatus.UNCHANGED, ()), (RowStatus.CHANGED, ("name",))]
    assert [p.employee_number for p in plan.not_in_file] == ["3"]
    assert plan.teams[0].status is RowStatus.UNCHANGED


def test_an_e_mail_of_another_person_is_refused_and_an_administrator_keeps_the_role():
    known = Known(people={}, emails_in_use={"x@k.example": "99"}, accounts=accounts(boss_at_k_example="admin"), teams={},
                  target_profiles=frozenset())
    plan = plan_import([row(2, "1", email="x@k.example"), row(3, "2", email="boss@k.example", role="medarbejder")], known)
    assert problems(plan, 2) == ["import.email_taken"]
    assert plan.rows[1].role == "admin"


def account_messages(plan, line):
    return [a.key for r in plan.rows if r.row.line == line for a in r.account]


def test_an_import_never_makes_an_administrator():
    plan = plan_import([row(2, "1", "Ny Chef", email="chef@k.example", role="administrator")], NOTHING)
    assert problems(plan, 2) == ["import.role_not_importable"]


def test_an_account_made_by_hand_keeps_its_role_and_name_and_the_preview_says_so():
    # The probe: a row with an existing recruiter's e-mail changed her role and name.
    known = Known(people={}, emails_in_use={},
                  accounts={"camilla@k.example": KnownAccount(role="recruiter", name="Camilla Holm")}, teams={},
                  target_profiles=frozenset())
    plan = plan_import([row(2, "1", "Camilla H.", email="camilla@k.example", role="leder")], known)
    (planned,) = plan.rows
    assert planned.role == "recruiter"
    assert account_messages(plan, 2) == ["import.account.linked", "import.account.role_kept", "import.account.untouched"]


def test_a_deactivated_administrator_is_never_reactivated_and_an_imported_account_is():
    known = Known(
        people={}, emails_in_use={},
        accounts={"boss@k.example": KnownAccount(role="admin", name="Boss", active=False),
                  "anne@k.example": KnownAccount(role="employee", name="Anne", active=False, managed=True)},
        teams={}, target_profiles=frozenset(),
    )
    plan = plan_import([row(2, "1", "Boss", email="boss@k.example"), row(3, "2", "Anne", email="anne@k.example")], known)
    assert account_messages(plan, 2) == ["import.account.linked", "import.account.untouched"]
    assert account_messages(plan, 3) == ["import.account.linked", "import.account.reactivated"]


def test_an_account_of_another_person_is_not_taken_over():
    known = Known(people={}, emails_in_use={}, accounts={"a@k.example": KnownAccount(role="employee", person_number="7")},
                  teams={}, target_profiles=frozenset())
    assert problems(plan_import([row(2, "8", email="a@k.example")], known), 2) == ["import.account_taken"]


def test_an_employee_account_never_becomes_a_teams_manager_by_an_import():
    # The probe: the import made an employee's account the manager of a team without an error.
    known = Known(people={}, emails_in_use={}, accounts=accounts(bo_at_k_example="employee"), teams={},
                  target_profiles=frozenset())
    plan = plan_import([row(2, "1", "Anne", team="Nord", manager_email="bo@k.example")], known)
    assert problems(plan, 2) == ["import.manager_not_leader"]


def test_a_missing_person_who_still_leads_a_team_is_listed_as_a_leader():
    known = Known(
        people={"1": KnownPerson(1, "1", "Mette", "mette@k.example", "Nord", "manager", account_email="mette@k.example")},
        emails_in_use={"mette@k.example": "1"}, accounts=accounts(mette_at_k_example="manager"),
        teams={"Nord": KnownTeam("Nord", "", "mette@k.example", "")}, target_profiles=frozenset(),
    )
    plan = plan_import([row(2, "2", "Anne", team="Nord")], known)
    assert [(p.name, team) for p, team in plan.leaders_not_in_file] == [("Mette", "Nord")]


def csv_bytes(rows, delimiter=";", encoding="utf-8-sig"):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


HEADER = ["Medarbejdernummer", "Navn", "E-mail", "Team"]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "utf-16", "cp1252"])
def test_a_csv_is_read_whatever_its_separator_and_encoding(delimiter, encoding):
    read = read_people_file(csv_bytes([HEADER, ["1", "Søren Ærø", "s@k.example", "Nord"]], delimiter, encoding), "p.csv")
    assert [(r.line, r.employee_number, r.name, r.team) for r in read.rows] == [(2, "1", "Søren Ærø", "Nord")]
    assert bool(read.notices) == (encoding == "cp1252")


def test_english_headers_in_another_order_are_found():
    read = read_people_file(csv_bytes([["Name", "Team", "Employee number"], ["Anne", "Nord", "5"]]), "p.csv")
    assert (read.rows[0].employee_number, read.rows[0].name, read.rows[0].team) == ("5", "Anne", "Nord")


def test_the_template_reads_back_with_its_two_example_rows():
    assert [r.employee_number for r in read_people_file(template_csv("da"), "skabelon.csv").rows] == ["10001", "10002"]
    assert [r.employee_number for r in read_people_file(template_csv("en"), "template.csv").rows] == ["10001", "10002"]


def workbook(*sheets):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for r in rows:
            sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_excel_takes_the_first_sheet_and_says_so_and_numbers_stay_whole():
    data = workbook(("Ansatte", [HEADER, [10001, "Anne", "a@k.example", "Nord"]]), ("Noter", [["x"]]))
    read = read_people_file(data, "ansatte.xlsx")
    assert read.rows[0].employee_number == "10001"
    assert read.notices == [
        ("import.first_sheet", {"sheet": "Ansatte", "count": 2}),
        ("import.zeros_maybe_lost", {"column": "Medarbejdernummer", "count": 1, "examples": "10001"}),  # typed as a number
    ]


@pytest.mark.parametrize(
    ("data", "name", "key"),
    [
        (b"", "p.csv", "import.file_empty"),
        (b"   \n", "p.csv", "import.file_empty"),
        (csv_bytes([HEADER]), "p.csv", "import.no_rows"),
        (csv_bytes([["Fornavn", "Efternavn"], ["A", "B"]]), "p.csv", "import.missing_columns"),
        (b"PK\x03\x04 not really a workbook", "p.xlsx", "import.bad_excel"),
        (b"\xd0\xcf\x11\xe0old", "p.xls", "import.old_excel"),
        (b"a\x00b\x00c", "p.csv", "import.not_text"),
        (b"x" * (MAX_BYTES + 1), "big.csv", "import.file_too_large"),
    ],
)
def test_a_bad_file_gives_one_clear_message(data, name, key):
    with pytest.raises(PeopleFileError) as refused:
        read_people_file(data, name)
    assert refused.value.key == key


def test_a_formula_cell_is_named():
    data = workbook(("Ark1", [HEADER, ["1", "Anne", "a@k.example", "=A2&\"x\""]]))
    with pytest.raises(PeopleFileError) as refused:
        read_people_file(data, "p.xlsx")
    assert (refused.value.key, refused.value.values) == ("import.formula", {"cell": "D2"})


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"\xff\xfe" + "Medarbejdernummer;Navn\n1;A".encode("utf-16-le") + b"\x00", "import.bad_encoding"),  # odd bytes
        (b"\xff\xfe" + "Medarbejdernummer;Navn\n1;".encode("utf-16-le") + b"\x00\xd8" + "\n".encode("utf-16-le"),
         "import.bad_encoding"),  # half a surrogate pair
        (("Medarbejdernummer;Navn\n1;" + "A" * 140_000 + "\n").encode(), "import.bad_csv"),  # past csv's 128 KiB
        (("Medarbejdernummer;Navn\n1;" + "A" * 5_000 + "\n").encode(), "import.field_too_long"),
    ],
    ids=["utf-16 with an odd byte count", "utf-16 with a lone surrogate", "a field over 128 KiB", "a field over 4,000"],
)
def test_a_broken_text_file_gives_one_message_not_a_traceback(data, key):
    with pytest.raises(PeopleFileError) as refused:
        read_people_file(data, "p.csv")
    assert refused.value.key == key


def test_a_workbook_past_the_row_limit_is_refused_while_streaming_not_after_reading_it_all(monkeypatch):
    monkeypatch.setattr(people_file, "MAX_ROWS", 10)
    rows = [HEADER] + [[str(i), f"Navn {i}", "", "Nord"] for i in range(1, 300)]
    rows[200][3] = "=A200"  # a formula far past the limit: read only if the whole sheet were read first
    book = Workbook()
    for r in rows:
        book.active.append(r)
    saved = io.BytesIO()
    book.save(saved)
    undimensioned = io.BytesIO()  # a sheet need not say its size: take the <dimension> out
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(undimensioned, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                content = re.sub(rb"<dimension [^>]*/>", b"", content)
            target.writestr(item, content)
    with pytest.raises(PeopleFileError) as refused:
        read_people_file(undimensioned.getvalue(), "p.xlsx")
    assert refused.value.key == "import.too_many_rows"


def test_a_workbook_that_says_it_is_too_large_is_refused_before_reading():
    book = Workbook()
    book.active.append(HEADER)
    book.active.cell(row=60_000, column=1, value="1")
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(PeopleFileError) as refused:
        read_people_file(out.getvalue(), "p.xlsx")
    assert refused.value.key == "import.too_many_rows"


def test_the_rows_of_a_workbook_are_counted_from_its_xml_before_it_is_opened():
    book = Workbook()
    for i in range(300):
        book.active.append([str(i), "Navn"])
    book.create_sheet("Andet ark").append(["x"])
    out = io.BytesIO()
    book.save(out)
    assert people_file._first_sheet_rows(out.getvalue(), stop_after=1_000) == 300
    assert people_file._first_sheet_rows(out.getvalue(), stop_after=10) >= 11  # stops soon after the limit


def test_a_row_repeated_exactly_is_read_once_with_a_notice_and_a_differing_repeat_is_an_error_naming_both_rows():
    header = ["Medarbejdernummer", "Navn", "Team"]
    read = read_people_file(csv_bytes([header, ["1", "Anne", "Nord"], ["2", "Bo", "Nord"], ["1", "Anne", "Nord"],
                                       ["2", "Bo Ansat", "Nord"]]), "p.csv")
    assert [(r.line, r.employee_number, r.name) for r in read.rows] == [(2, "1", "Anne"), (3, "2", "Bo"), (5, "2", "Bo Ansat")]
    assert read.notices == [("import.repeated_rows", {"count": 1, "rows": "4"})]
    plan = plan_import(read.rows, NOTHING)
    (conflict,) = [r for r in plan.rows if r.problems]
    assert conflict.row.line == 5 and conflict.problems[0].key == "import.duplicate_key" and conflict.problems[0].values == {"line": 3}


def test_a_job_title_column_is_never_read_as_a_target_profile():
    read = read_people_file(csv_bytes([["Medarbejdernummer", "Navn", "Team", "Stilling"], ["1", "Anne", "Nord", "Overassistent"]]),
                            "p.csv")
    assert read.rows[0].target_profile == ""


def test_the_columns_a_page_starts_from_are_read_as_the_reader_reads_them():
    from pathlib import Path

    from profiling.people_file import file_columns

    data = (Path(__file__).resolve().parents[1] / "fixtures" / "sd-loen.csv").read_bytes()
    headers, found = file_columns(data, "sd-loen.csv")
    assert headers == ["Medarbejdernr.", "Fornavn", "Efternavn", "Afdeling", "Stilling", "E-mail", "Leder"]
    assert found == {"employee_number": "Medarbejdernr.", "first_name": "Fornavn", "last_name": "Efternavn",
                     "team": "Afdeling", "job_title": "Stilling", "email": "E-mail", "manager_number": "Leder"}
    # read with that mapping given explicitly, the rows are the same as read by the names
    assert read_people_file(data, "sd-loen.csv", found).rows == read_people_file(data, "sd-loen.csv").rows



def test_numbers_shorter_than_the_files_usual_width_are_warned_about_even_in_a_csv():
    rows = [HEADER, ["010001", "Anne", "", "Nord"], ["010002", "Bo", "", "Nord"], ["10003", "Cai", "", "Nord"]]
    read = read_people_file(csv_bytes(rows), "p.csv")
    assert read.notices == [("import.zeros_maybe_lost", {"column": "Medarbejdernummer", "count": 1, "examples": "10003"})]


def test_the_uploader_allows_exactly_the_size_the_import_reads():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_BYTES
