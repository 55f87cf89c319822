"""Bringing people and teams in from the HR system: what an import file would change, row by row.

Pure: `plan_import` compares the file's rows with what the tool holds and says, per row, whether it is new,
changed, unchanged or in error (with the reasons), what happens to its user account, and which imported
people the file no longer has. The employee number is the key; importing the same file twice changes nothing.

An import opens no doors: it never creates an administrator, never changes the role of an existing account,
and changes only the accounts it created itself (`managed` - an administrator who edits one takes it over);
an account made by hand is at most linked to its person. A team's manager must hold a leading role already.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from pydantic.networks import validate_email

from profiling.domain.actors import Role

# The values a role column may hold, in Danish and English.
ROLE_NAMES = {
    "medarbejder": Role.EMPLOYEE, "employee": Role.EMPLOYEE, "ansat": Role.EMPLOYEE,
    "leder": Role.MANAGER, "manager": Role.MANAGER, "chef": Role.MANAGER,
    "rekrutterer": Role.RECRUITER, "recruiter": Role.RECRUITER,
    "administrator": Role.ADMIN, "admin": Role.ADMIN,
}
NAME_MAX = 120


def _is_email(value: str) -> bool:
    """The rule the person form applies (pydantic's EmailStr), so an import accepts what the form accepts."""
    try:
        validate_email(value)
    except ValueError:
        return False
    return True
LEADING = (Role.MANAGER, Role.ADMIN)
# The account messages that are changes (the others say what stays as it is).
ACCOUNT_CHANGES = {"import.account.new", "import.account.linked", "import.account.renamed", "import.account.reactivated"}


@dataclass(frozen=True)
class ImportRow:
    """One row of the file as read (text, stripped; empty is "")."""

    line: int  # the row's number in the file (the header is row 1)
    employee_number: str
    name: str
    email: str = ""
    unit: str = ""
    team: str = ""
    manager_email: str = ""
    target_profile: str = ""
    role: str = ""
    manager_number: str = ""  # the manager by employee number (a payroll export): resolved to their e-mail
    job_title: str = ""  # kept as information about the person; never a target profile


# Marking more than this share of the imported people as having left needs the count confirmed.
LEAVING_SHARE = 0.10


@dataclass(frozen=True)
class KnownPerson:
    """An imported person as the tool holds them."""

    person_id: int
    employee_number: str
    name: str
    email: str
    team: str
    role: str  # the role of their account ("" without one)
    active: bool = True
    account_email: str = ""  # the e-mail of their account ("" without one)
    left: bool = False  # marked as having left by an earlier import (back when a file has them again)
    job_title: str = ""


@dataclass(frozen=True)
class KnownTeam:
    name: str
    unit: str
    manager_email: str
    target_profile: str


@dataclass(frozen=True)
class KnownAccount:
    """A user account as an import sees it."""

    role: str
    name: str = ""
    active: bool = True
    managed: bool = False  # made by an import and not taken over by an administrator since
    person_number: str | None = None  # the employee number of the person it belongs to ("" none; None: no person)


@dataclass(frozen=True)
class Known:
    """What the tool holds that an import touches."""

    people: Mapping[str, KnownPerson]  # by employee number
    emails_in_use: Mapping[str, str]  # a person's e-mail (lower case) -> their employee number ("" if none)
    accounts: Mapping[str, KnownAccount]  # a user's e-mail (lower case) -> the account
    teams: Mapping[str, KnownTeam]  # by name
    target_profiles: frozenset[str]  # names

    def role_of(self, email: str) -> str:
        account = self.accounts.get(email.lower())
        return account.role if account else ""


class RowStatus(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass(frozen=True)
class Problem:
    """Why a row cannot be imported: a message key and its values."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class RowPlan:
    row: ImportRow
    status: RowStatus
    role: str  # the account role the row ends up with
    changes: tuple[str, ...] = ()  # the fields that change (name, email, team, account)
    problems: tuple[Problem, ...] = ()
    # What happens to the row's user account, said as messages: created (with its role), renamed,
    # reactivated, linked, or left as it is and why.
    account: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class TeamPlan:
    name: str
    unit: str
    manager_email: str
    target_profile: str
    status: RowStatus  # new, changed or unchanged


@dataclass(frozen=True)
class ImportPlan:
    rows: tuple[RowPlan, ...]
    teams: tuple[TeamPlan, ...]
    not_in_file: tuple[KnownPerson, ...]  # imported people the file no longer has (not those who left before)
    # Of those, the ones who still lead a team after this import, with the team's name: never deactivated.
    leaders_not_in_file: tuple[tuple[KnownPerson, str], ...] = ()

    def count(self, status: RowStatus) -> int:
        return sum(1 for r in self.rows if r.status is status)

    def leaving_needs_confirmation(self, imported: int, share: float = LEAVING_SHARE) -> bool:
        """Whether marking those not in the file as having left touches more than `share` of the `imported` people
        still here: then only with the count confirmed (an Excel copy of 1 row must not empty a municipality)."""
        return len(self.not_in_file) > share * imported

    @property
    def valid(self) -> tuple[RowPlan, ...]:
        return tuple(r for r in self.rows if r.status is not RowStatus.ERROR)


def _role_of(row: ImportRow, managers: set[str], known: Known, problems: list[Problem]) -> str:
    """The role the row's account ends up with: an existing account keeps its own (an import never raises a
    role, nor takes an administrator's away); a new one gets the file's, or leads if the file names it as a
    team's manager. An import never makes an administrator."""
    existing = known.role_of(row.email) if row.email else ""
    role = None
    if row.role:
        role = ROLE_NAMES.get(row.role.strip().lower())
        if role is None:
            problems.append(Problem("import.unknown_role", {"role": row.role}))
            return existing
        if role is Role.ADMIN and existing != Role.ADMIN:
            problems.append(Problem("import.role_not_importable", {"role": row.role}))
            return existing
    if existing:
        return existing
    if role is not None:
        return role.value
    return Role.MANAGER.value if row.email.lower() in managers else Role.EMPLOYEE.value


def _account_plan(row: ImportRow, role: str, known: Known, problems: list[Problem]) -> tuple[Problem, ...]:
    """What the import does to the row's account, or why it cannot (in `problems`)."""
    if not row.email:
        return ()
    account = known.accounts.get(row.email.lower())
    if account is None:
        return (Problem("import.account.new", {"role": role}),)
    if account.person_number is not None and account.person_number != row.employee_number:
        problems.append(Problem("import.account_taken", {"email": row.email}))
        return ()
    said = []
    if account.person_number is None:
        said.append(Problem("import.account.linked", {"role": account.role}))
    wanted_role = ROLE_NAMES.get(row.role.strip().lower()) if row.role else None
    if wanted_role is not None and wanted_role.value != account.role:
        said.append(Problem("import.account.role_kept", {"role": account.role}))
    if not account.managed:
        if account.name != row.name or not account.active:
            said.append(Problem("import.account.untouched"))
        return tuple(said)
    if account.name != row.name:
        said.append(Problem("import.account.renamed"))
    if not account.active:
        said.append(Problem("import.account.reactivated"))
    return tuple(said)


def resolve_managers(rows: Sequence[ImportRow], known: Known, column: str = "Leder") -> tuple[list[ImportRow], dict[int, Problem]]:
    """A payroll export names each person's manager by employee number: their e-mail (the account that leads the
    team) from the row with that number in the file, else from the person of that number already imported. A
    manager's own row names their own superior: it does not make the superior the team's manager. Problems, by
    line, name the column and the value ("Leder: 010006 is no employee number in the file or the database")."""
    in_file = {r.employee_number: r for r in rows if r.employee_number}
    problems: dict[int, Problem] = {}
    resolved: list[ImportRow] = []
    for row in rows:
        number = row.manager_number
        if not number:
            resolved.append(row)
            continue
        source = in_file.get(number)
        before = known.people.get(number)
        email = source.email if source is not None else (before.account_email or before.email) if before else ""
        if source is None and before is None:
            problems[row.line] = Problem("import.unknown_manager_number", {"column": column, "value": number})
        elif not email:
            problems[row.line] = Problem("import.manager_number_without_email", {"column": column, "value": number})
        resolved.append(replace(row, manager_email=email))
    # The team's manager is the one its other members name; the manager's own row names a superior elsewhere.
    leads = {(r.team, r.manager_email.lower()) for r in resolved if r.team and r.manager_email}
    return [
        replace(r, manager_email="") if r.manager_number and r.email and (r.team, r.email.lower()) in leads else r
        for r in resolved
    ], problems


def restore_leading_zeros(
    rows: Sequence[ImportRow], known: Known, confirmed: bool, column: str = "Medarbejdernummer",
) -> tuple[list[ImportRow], dict[int, Problem]]:
    """An employee number Excel turned into a number (10009 for 010009) must never silently become another person.
    A number of digits unknown here that equals a known number without its leading zeros is an error naming both -
    or, when the administrator confirms, that known number (the manager's number too)."""
    stripped = {number.lstrip("0"): number for number in known.people if number.isdigit() and number.startswith("0")}

    def known_as(number: str) -> str | None:
        if not number.isdigit() or number in known.people:
            return None
        return stripped.get(number.lstrip("0"))

    problems: dict[int, Problem] = {}
    restored = []
    for row in rows:
        original = known_as(row.employee_number)
        if original is not None and not confirmed:
            problems[row.line] = Problem("import.leading_zeros_lost", {"column": column, "value": row.employee_number,
                                                                       "known": original})
        elif original is not None:
            row = replace(row, employee_number=original)
        if confirmed and (manager := known_as(row.manager_number)) is not None:
            row = replace(row, manager_number=manager)
        restored.append(row)
    return restored, problems


def plan_import(
    rows: Sequence[ImportRow], known: Known, columns: Mapping[str, str] | None = None, *, zeros_confirmed: bool = False,
) -> ImportPlan:
    """What importing `rows` would do. A row in error changes nothing; the others may be imported alone.
    `columns` (field -> the file's header) lets each message name the column it is about."""
    named = {"employee_number": "Medarbejdernummer", "email": "E-mail", "manager_number": "Leder",
             "manager_email": "Lederens e-mail", **(columns or {})}
    rows, zero_problems = restore_leading_zeros(rows, known, zeros_confirmed, named["employee_number"])
    rows, manager_problems = resolve_managers(rows, known, named["manager_number"])
    manager_problems = {**manager_problems, **zero_problems}
    numbers = Counter(r.employee_number for r in rows if r.employee_number)
    emails = Counter(r.email.lower() for r in rows if r.email)
    first_line: dict[str, int] = {}
    for r in rows:
        first_line.setdefault(r.employee_number, r.line)
    managers = {r.manager_email.lower() for r in rows if r.manager_email}
    team_rows: dict[str, list[ImportRow]] = {}
    for r in rows:
        if r.team:
            team_rows.setdefault(r.team, []).append(r)
    file_roles = {r.email.lower(): _role_of(r, managers, known, []) for r in rows if r.email}
    team_problems = _team_problems(team_rows, file_roles, known)
    planned = []
    for row in rows:
        problems: list[Problem] = []
        if row.line in manager_problems:
            problems.append(manager_problems[row.line])
        if not row.employee_number:
            problems.append(Problem("import.missing_key"))
        elif numbers[row.employee_number] > 1 and first_line[row.employee_number] != row.line:
            problems.append(Problem("import.duplicate_key", {"line": first_line[row.employee_number]}))
        if not row.name:
            problems.append(Problem("import.missing_name"))
        elif len(row.name) > NAME_MAX:
            problems.append(Problem("import.name_too_long", {"max": NAME_MAX}))
        if row.email:
            holder = known.emails_in_use.get(row.email.lower())
            if not _is_email(row.email):
                problems.append(Problem("import.invalid_email", {"email": row.email, "column": named["email"]}))
            elif emails[row.email.lower()] > 1:
                problems.append(Problem("import.duplicate_email", {"email": row.email, "column": named["email"]}))
            elif holder is not None and holder != row.employee_number:
                problems.append(Problem("import.email_taken", {"email": row.email, "column": named["email"]}))
        if row.manager_email and not _is_email(row.manager_email):
            problems.append(Problem("import.invalid_email", {"email": row.manager_email, "column": named["manager_email"]}))
        if row.team:
            problems.extend(team_problems.get(row.team, ()))
        elif row.manager_email or row.target_profile:
            problems.append(Problem("import.missing_team"))
        role = _role_of(row, managers, known, problems)
        if row.email.lower() in managers and role and role not in LEADING:
            problems.append(Problem("import.manager_not_leader", {"email": row.email}))
        account = _account_plan(row, role, known, problems)
        if problems:
            planned.append(RowPlan(row, RowStatus.ERROR, role, problems=tuple({p.key: p for p in problems}.values())))
            continue
        before = known.people.get(row.employee_number)
        if before is None:
            planned.append(RowPlan(row, RowStatus.NEW, role, account=account))
            continue
        if not row.job_title:  # a file without job titles clears none
            row = replace(row, job_title=before.job_title)
        changes = tuple(
            name for name, old, new in (
                ("name", before.name, row.name),
                ("email", before.email.lower(), row.email.lower()),
                ("team", before.team, row.team),
                ("job_title", before.job_title, row.job_title),
            )
            if old != new
        ) + (("account",) if any(a.key in ACCOUNT_CHANGES for a in account) else ()) + (("returns",) if before.left else ())
        planned.append(RowPlan(row, RowStatus.CHANGED if changes else RowStatus.UNCHANGED, role, changes, account=account))
    in_file = set(numbers)
    missing = tuple(p for number, p in sorted(known.people.items()) if number not in in_file and p.active and not p.left)
    teams = _team_plans(team_rows, known)
    leading = {t.manager_email: t.name for t in teams} | {
        t.manager_email: name for name, t in known.teams.items() if name not in team_rows and t.manager_email
    }
    leaders = tuple((p, leading[p.account_email]) for p in missing if p.account_email and p.account_email in leading)
    return ImportPlan(tuple(planned), teams, missing, leaders)


def _team_problems(
    team_rows: Mapping[str, list[ImportRow]], file_roles: Mapping[str, str], known: Known
) -> dict[str, list[Problem]]:
    """Per team name, what is wrong with the team itself (every row of the team carries it)."""
    found: dict[str, list[Problem]] = {}
    for name, members in team_rows.items():
        problems = []
        for column, label in (("unit", "unit"), ("manager_email", "manager"), ("target_profile", "target")):
            values = {getattr(r, column).lower() if column == "manager_email" else getattr(r, column) for r in members}
            values.discard("")
            if len(values) > 1:
                problems.append(Problem(f"import.team_conflict_{label}", {"team": name}))
        manager = next((r.manager_email.lower() for r in members if r.manager_email), "")
        if manager:
            role = file_roles.get(manager) or known.role_of(manager)
            account = known.accounts.get(manager)
            if not role:
                problems.append(Problem("import.unknown_manager", {"email": manager}))
            elif role not in LEADING:  # an employee's account never comes to lead a team by an import
                problems.append(Problem("import.manager_not_leader", {"email": manager}))
            elif account is not None and not account.active and not (manager in file_roles and account.managed):
                problems.append(Problem("import.manager_inactive", {"email": manager}))
        target = next((r.target_profile for r in members if r.target_profile), "")
        if target and target not in known.target_profiles:
            problems.append(Problem("import.unknown_target", {"target": target}))
        if problems:
            found[name] = problems
    return found


def _team_plans(team_rows: Mapping[str, list[ImportRow]], known: Known) -> tuple[TeamPlan, ...]:
    plans = []
    for name, members in sorted(team_rows.items()):
        before = known.teams.get(name)
        unit = next((r.unit for r in members if r.unit), before.unit if before else "")
        manager = next((r.manager_email.lower() for r in members if r.manager_email), before.manager_email if before else "")
        target = next((r.target_profile for r in members if r.target_profile), before.target_profile if before else "")
        if before is None:
            status = RowStatus.NEW
        elif (before.unit, before.manager_email, before.target_profile) != (unit, manager, target):
            status = RowStatus.CHANGED
        else:
            status = RowStatus.UNCHANGED
        plans.append(TeamPlan(name, unit, manager, target, status))
    return tuple(plans)
