"""Bringing people and teams in from the HR system: what an import file would change, row by row.

Pure: `plan_import` compares the file's rows with what the tool holds and says, per row, whether it is new,
changed, unchanged or in error (with the reasons), and which imported people the file no longer has. The
employee number is the key; importing the same file twice changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class KnownTeam:
    name: str
    unit: str
    manager_email: str
    target_profile: str


@dataclass(frozen=True)
class Known:
    """What the tool holds that an import touches."""

    people: Mapping[str, KnownPerson]  # by employee number
    emails_in_use: Mapping[str, str]  # a person's e-mail (lower case) -> their employee number ("" if none)
    user_roles: Mapping[str, str]  # a user's e-mail (lower case) -> role
    teams: Mapping[str, KnownTeam]  # by name
    target_profiles: frozenset[str]  # names


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
    changes: tuple[str, ...] = ()  # the fields that change (name, email, team, role)
    problems: tuple[Problem, ...] = ()


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
    not_in_file: tuple[KnownPerson, ...]  # active imported people the file no longer has

    def count(self, status: RowStatus) -> int:
        return sum(1 for r in self.rows if r.status is status)

    @property
    def valid(self) -> tuple[RowPlan, ...]:
        return tuple(r for r in self.rows if r.status is not RowStatus.ERROR)


def _role_of(row: ImportRow, managers: set[str], known: Known, problems: list[Problem]) -> str:
    existing = known.user_roles.get(row.email.lower(), "") if row.email else ""
    if existing == Role.ADMIN:
        return existing  # an import never takes an administrator's rights away (the last one would lock everyone out)
    if row.role:
        role = ROLE_NAMES.get(row.role.strip().lower())
        if role is None:
            problems.append(Problem("import.unknown_role", {"role": row.role}))
            return ""
        return role.value
    if existing:
        return existing
    return Role.MANAGER.value if row.email.lower() in managers else Role.EMPLOYEE.value


def plan_import(rows: Sequence[ImportRow], known: Known) -> ImportPlan:
    """What importing `rows` would do. A row in error changes nothing; the others may be imported alone."""
    numbers = Counter(r.employee_number for r in rows if r.employee_number)
    emails = Counter(r.email.lower() for r in rows if r.email)
    first_line: dict[str, int] = {}
    for r in rows:
        first_line.setdefault(r.employee_number, r.line)
    file_roles = {r.email.lower(): r for r in rows if r.email}
    managers = {r.manager_email.lower() for r in rows if r.manager_email}
    team_rows: dict[str, list[ImportRow]] = {}
    for r in rows:
        if r.team:
            team_rows.setdefault(r.team, []).append(r)
    team_problems = _team_problems(team_rows, file_roles, known)
    planned = []
    for row in rows:
        problems: list[Problem] = []
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
                problems.append(Problem("import.invalid_email", {"email": row.email}))
            elif emails[row.email.lower()] > 1:
                problems.append(Problem("import.duplicate_email", {"email": row.email}))
            elif holder is not None and holder != row.employee_number:
                problems.append(Problem("import.email_taken", {"email": row.email}))
        if row.manager_email and not _is_email(row.manager_email):
            problems.append(Problem("import.invalid_email", {"email": row.manager_email}))
        if row.team:
            problems.extend(team_problems.get(row.team, ()))
        elif row.manager_email or row.target_profile:
            problems.append(Problem("import.missing_team"))
        role = _role_of(row, managers, known, problems)
        if row.email.lower() in managers and role and role not in LEADING:
            problems.append(Problem("import.manager_not_leader", {"email": row.email}))
        if problems:
            planned.append(RowPlan(row, RowStatus.ERROR, role, problems=tuple({p.key: p for p in problems}.values())))
            continue
        before = known.people.get(row.employee_number)
        if before is None:
            planned.append(RowPlan(row, RowStatus.NEW, role))
            continue
        changes = tuple(
            name for name, old, new in (
                ("name", before.name, row.name),
                ("email", before.email.lower(), row.email.lower()),
                ("team", before.team, row.team),
                ("role", before.role, role if row.email else before.role),
                ("active", before.active, True),
            )
            if old != new
        )
        planned.append(RowPlan(row, RowStatus.CHANGED if changes else RowStatus.UNCHANGED, role, changes))
    in_file = set(numbers)
    missing = tuple(p for number, p in sorted(known.people.items()) if number not in in_file and p.active)
    return ImportPlan(tuple(planned), _team_plans(team_rows, known), missing)


def _team_problems(
    team_rows: Mapping[str, list[ImportRow]], file_roles: Mapping[str, ImportRow], known: Known
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
        if manager and manager not in known.user_roles and manager not in file_roles:
            problems.append(Problem("import.unknown_manager", {"email": manager}))
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
