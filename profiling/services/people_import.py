"""Importing people and teams from the HR or payroll system's export: a preview first, then one transaction.

The rules of what a file changes are the domain's (profiling.domain.people_import); this reads the file,
gathers what the tool holds, and writes the valid rows. Administrators only; audited with counts.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import Field

from profiling.domain.errors import ConcurrentEdit
from profiling.domain.people import Person, Team, User
from profiling.domain.people_import import (
    ImportPlan,
    Known,
    KnownAccount,
    KnownPerson,
    KnownTeam,
    RowStatus,
    plan_import,
)
from profiling.domain.states import PersonKind
from profiling.people_file import HEADERS, PeopleFileError, read_people_file
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.views import View
from profiling.services import access, audit
from profiling.services.actors import Actor, Role
from profiling.services.errors import InvalidInput, NotAllowedNow

Message = tuple[str, dict[str, object]]


class PreviewRow(View):
    line: int
    employee_number: str
    name: str
    team: str
    status: RowStatus
    changes: list[str]
    problems: list[Message]
    account: list[Message] = Field(default_factory=list)  # what happens to the row's user account (created, linked, left as it is...)


class PreviewTeam(View):
    name: str
    unit: str
    manager_email: str
    target_profile: str
    status: RowStatus


class ImportPreview(View):
    """What importing the file would do; nothing is written."""

    rows: list[PreviewRow]
    teams: list[PreviewTeam]
    not_in_file: list[tuple[str, str]]  # (employee number, name) of imported people the file no longer has
    leaders_not_in_file: list[tuple[str, str]] = Field(default_factory=list)  # (name, team) of those who still lead a team: never deactivated
    notices: list[Message]
    counts: dict[str, int] = Field(description="Rows per status: new, changed, unchanged, error.")
    here: int = Field(0, description="Imported people who have not left: the base of the leaving threshold.")
    leaving_needs_confirmation: bool = Field(
        False, description="Marking those not in the file as having left touches more than 10 % of `here`."
    )


class ImportResult(View):
    created: int
    changed: int
    unchanged: int
    skipped: int  # rows in error, left out
    deactivated: int  # accounts deactivated
    teams_created: int
    teams_changed: int
    left: int = 0  # people marked as having left


def _known(uow: UnitOfWork) -> tuple[Known, dict[str, Person], dict[str, User], dict[str, Team]]:
    users = {u.email.lower(): u for u in uow.users.all()}
    users_by_id = {u.id: u for u in users.values()}
    teams = {t.name: t for t in uow.teams.all()}
    teams_by_id = {t.id: t for t in teams.values()}
    targets = {t.id: t.name for t in uow.targets.all()}
    everyone = uow.people.everyone()
    imported = {p.employee_number: p for p in everyone if p.employee_number}
    person_of_user = {p.user_id: p.employee_number or "" for p in everyone if p.user_id is not None}
    people = {
        number: KnownPerson(
            person_id=p.id, employee_number=number, name=p.name, email=p.email or "",
            team=teams_by_id[p.team_id].name if p.team_id in teams_by_id else "",
            role=users_by_id[p.user_id].role if p.user_id in users_by_id else "",
            active=users_by_id[p.user_id].active if p.user_id in users_by_id else True,
            account_email=users_by_id[p.user_id].email.lower() if p.user_id in users_by_id else "",
            left=p.left_on is not None, job_title=p.job_title,
        )
        for number, p in imported.items()
    }
    known = Known(
        people=people,
        emails_in_use={p.email.lower(): p.employee_number or "" for p in everyone if p.email},
        accounts={
            email: KnownAccount(role=u.role, name=u.name, active=u.active, managed=u.managed_by_import,
                                person_number=person_of_user.get(u.id))
            for email, u in users.items()
        },
        teams={
            name: KnownTeam(
                name=name, unit=t.unit,
                manager_email=users_by_id[t.manager_id].email.lower() if t.manager_id in users_by_id else "",
                target_profile=targets.get(t.target_profile_id, "") if t.target_profile_id else "",
            )
            for name, t in teams.items()
        },
        target_profiles=frozenset(targets.values()),
    )
    return known, imported, users, teams


MAPPINGS_KEY = "import_mappings"
MAPPING_NAME_MAX = 80


def import_mappings(actor: Actor, uow: UnitOfWork) -> dict[str, dict[str, str]]:
    """The municipality's named column mappings (field -> the file's header), by name."""
    access.require_admin(actor)
    return dict(uow.settings.value(MAPPINGS_KEY) or {})


def save_import_mapping(actor: Actor, uow: UnitOfWork, name: str, columns: Mapping[str, str]) -> str:
    """Remember a column mapping under a name (the same name replaces it), for the next export of that layout;
    the name as kept."""
    access.require_admin(actor)
    name = " ".join(name.split())
    if not name or len(name) > MAPPING_NAME_MAX:
        raise InvalidInput("name", "error.required" if not name else "error.too_long", max=MAPPING_NAME_MAX)
    wanted = {field: " ".join(str(column).split()) for field, column in columns.items() if column and str(column).strip()}
    if not wanted or set(wanted) - set(HEADERS) or any(len(column) > 120 for column in wanted.values()):
        raise InvalidInput("columns", "error.invalid")
    stored = dict(uow.settings.value(MAPPINGS_KEY) or {})
    stored[name] = wanted
    uow.settings.store(MAPPINGS_KEY, stored, uow.now())
    audit.record(uow, actor, "import.mapping_save", fields=len(wanted))
    uow.commit()
    return name


def _plan(
    uow: UnitOfWork, data: bytes, filename: str, zeros_confirmed: bool = False, mapping: Mapping[str, str] | None = None,
) -> tuple[ImportPlan, list[Message], tuple[Known, dict[str, Person], dict[str, User], dict[str, Team]]]:
    try:
        read = read_people_file(data, filename, mapping)
    except PeopleFileError as error:
        raise InvalidInput("file", error.key, **error.values) from None
    state = _known(uow)
    plan = plan_import(read.rows, state[0], read.columns, zeros_confirmed=zeros_confirmed)
    return plan, read.notices, state


def preview_import(
    actor: Actor, uow: UnitOfWork, data: bytes, filename: str, *, zeros_confirmed: bool = False,
    mapping: Mapping[str, str] | None = None,
) -> ImportPreview:
    """What importing the file would change, row by row, and who is no longer in it; nothing is written. The
    columns are read by `mapping` (field -> the file's header) when given, else by their known names."""
    access.require_admin(actor)
    plan, notices, (_, imported, _, _) = _plan(uow, data, filename, zeros_confirmed, mapping)
    written_teams = {r.row.team for r in plan.valid if r.row.team}  # a team only rows in error name is not made
    return ImportPreview(
        rows=[
            PreviewRow(
                line=r.row.line, employee_number=r.row.employee_number, name=r.row.name, team=r.row.team, status=r.status,
                changes=list(r.changes), problems=[(p.key, dict(p.values)) for p in r.problems],
                account=[(a.key, dict(a.values)) for a in r.account],
            )
            for r in plan.rows
        ],
        teams=[PreviewTeam(name=t.name, unit=t.unit, manager_email=t.manager_email, target_profile=t.target_profile,
                           status=t.status) for t in plan.teams if t.name in written_teams],
        not_in_file=[(p.employee_number, p.name) for p in plan.not_in_file],
        leaders_not_in_file=[(p.name, team) for p, team in plan.leaders_not_in_file],
        notices=notices,
        counts={status.value: plan.count(status) for status in RowStatus},
        here=(here := _here(imported)), leaving_needs_confirmation=plan.leaving_needs_confirmation(here),
    )


def _here(imported: dict[str, Person]) -> int:
    return sum(1 for person in imported.values() if person.left_on is None)


def apply_import(
    actor: Actor, uow: UnitOfWork, data: bytes, filename: str, *, valid_rows_only: bool = False,
    deactivate_missing: bool = False, confirm_leaving: int | None = None, zeros_confirmed: bool = False,
    mapping: Mapping[str, str] | None = None,
) -> ImportResult:
    """Import the file in one transaction: refused while rows are in error unless `valid_rows_only`. When asked
    (`deactivate_missing`), imported people the file no longer has are marked as having left and their accounts
    deactivated (never deleted; never an account the import did not make, nor one who still leads a team) - and
    when that is more than 10 % of the people here, only with their number confirmed (`confirm_leaving`).
    Accounts: see profiling.domain.people_import."""
    access.require_admin(actor)
    plan, _, (_, imported, users, teams) = _plan(uow, data, filename, zeros_confirmed, mapping)
    errors = plan.count(RowStatus.ERROR)
    if errors and not valid_rows_only:
        raise NotAllowedNow("import.errors_remain")
    if deactivate_missing and plan.leaders_not_in_file:
        raise InvalidInput(
            "deactivate_missing", "import.leader_missing",
            leaders=", ".join(f"{person.name} ({team})" for person, team in plan.leaders_not_in_file),
        )
    leaving = len(plan.not_in_file)
    here = _here(imported)
    if deactivate_missing and plan.leaving_needs_confirmation(here) and confirm_leaving != leaving:
        raise InvalidInput("confirm_leaving", "import.confirm_leaving", count=leaving, total=here)
    try:
        result = _write(actor, uow, plan, imported, users, teams, errors, deactivate_missing)
    except ConcurrentEdit:  # another import (or an edit) wrote the same people at the same moment
        raise NotAllowedNow("import.concurrent") from None
    return result


def _write(
    actor: Actor, uow: UnitOfWork, plan: ImportPlan, imported: dict[str, Person], users: dict[str, User],
    teams: dict[str, Team], errors: int, deactivate_missing: bool,
) -> ImportResult:
    """Write the valid rows of the plan and commit (ConcurrentEdit when another writer got there first)."""
    now = uow.now()
    valid = [r for r in plan.valid if r.status is not RowStatus.UNCHANGED]
    for planned in valid:  # accounts first: a team's manager may be someone new in this file
        row = planned.row
        if not row.email:
            continue
        user = users.get(row.email.lower())
        if user is None:
            user = users[row.email.lower()] = User(
                email=row.email, name=row.name, role=planned.role, created_at=now, managed_by_import=True
            )
            uow.users.add(user)
        elif user.managed_by_import:  # only what the import made itself; its role never rises
            user.name = row.name
            user.active = True
    uow.flush()
    target_ids = {t.name: t.id for t in reversed(uow.targets.all())}  # the newest version of each name wins
    wanted_teams = {r.row.team for r in plan.valid if r.row.team}
    teams_created = teams_changed = 0
    for team_plan in plan.teams:
        if team_plan.name not in wanted_teams or team_plan.status is RowStatus.UNCHANGED:
            continue
        manager = users.get(team_plan.manager_email)
        manager_id = manager.id if manager else None
        target_id = target_ids.get(team_plan.target_profile) if team_plan.target_profile else None
        team = teams.get(team_plan.name)
        if team is None:
            team = teams[team_plan.name] = Team(
                name=team_plan.name, unit=team_plan.unit, manager_id=manager_id, target_profile_id=target_id
            )
            uow.teams.add(team)
            teams_created += 1
        else:
            team.unit, team.manager_id, team.target_profile_id = team_plan.unit, manager_id, target_id
            teams_changed += 1
    uow.flush()
    created = changed = 0
    for planned in valid:
        row = planned.row
        user = users.get(row.email.lower()) if row.email else None
        team = teams.get(row.team) if row.team else None
        person = imported.get(row.employee_number)
        if person is None:
            uow.people.add(Person(
                kind=PersonKind.EMPLOYEE, name=row.name, email=row.email or None, team_id=team.id if team else None,
                user_id=user.id if user else None, employee_number=row.employee_number, job_title=row.job_title,
                created_at=now, updated_at=now,
            ))
            created += 1
        else:
            person.name, person.email = row.name, row.email or None
            person.team_id = team.id if team else None
            person.user_id = user.id if user else person.user_id
            person.left_on = None  # back, if they had left
            person.job_title = row.job_title
            person.updated_at = now
            changed += 1
    deactivated = left = 0
    if deactivate_missing:
        by_id = {u.id: u for u in users.values()}
        for gone in plan.not_in_file:
            person = imported[gone.employee_number]
            person.left_on, person.updated_at = now.date(), now
            left += 1
            account = by_id.get(person.user_id or -1)
            if account is not None and account.active and account.managed_by_import and account.role != Role.ADMIN:
                account.active = False
                deactivated += 1
    result = ImportResult(
        created=created, changed=changed, unchanged=plan.count(RowStatus.UNCHANGED), skipped=errors,
        deactivated=deactivated, teams_created=teams_created, teams_changed=teams_changed, left=left,
    )
    audit.record(uow, actor, "people.import", **result.model_dump())
    uow.commit()
    return result
