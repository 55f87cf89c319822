"""People (employees and candidates), teams and users: create, edit, search."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, StringConstraints

from profiling.domain.people import Person, Team, User
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.query import PEOPLE_ROWS, SHARED_ONLY, person, query
from profiling.services import access, audit
from profiling.services.actors import Actor, Role
from profiling.services.errors import AccessDenied, EditConflict, InvalidInput, committed
from profiling.services.inputs import NAME_MAX, validate_input
from profiling.services.views import PersonKind, PersonView, TeamView, UserView, View

Name = Annotated[str, StringConstraints(min_length=1, max_length=NAME_MAX)]


class PersonInput(BaseModel):
    """What a user types to create or edit a person."""

    model_config = ConfigDict(extra="forbid")

    kind: PersonKind
    name: Name
    email: EmailStr | None = None
    team_id: int | None = None


def _empty_to_none(data: dict[str, object]) -> dict[str, object]:
    return {k: (None if v == "" else v) for k, v in data.items()}


def user_view(row: User) -> UserView:
    return UserView(id=row.id, name=row.name, email=row.email, role=row.role, active=row.active)


def team_views(uow: UnitOfWork, rows: list[Team]) -> list[TeamView]:
    managers = uow.users.by_ids({t.manager_id for t in rows if t.manager_id is not None})
    return [
        TeamView(
            id=t.id,
            name=t.name,
            unit=t.unit,
            manager_id=t.manager_id,
            manager_name=managers[t.manager_id].name if t.manager_id in managers else None,
            target_profile_id=t.target_profile_id,
        )
        for t in rows
    ]


def person_views(uow: UnitOfWork, rows: list[Person]) -> list[PersonView]:
    """Views of people with their team and manager, in a constant number of queries."""
    team_rows = uow.teams.by_ids({p.team_id for p in rows if p.team_id is not None})
    teams = {t.id: t for t in team_views(uow, list(team_rows.values()))}
    views = []
    for p in rows:
        team = teams.get(p.team_id) if p.team_id is not None else None
        views.append(
            PersonView(
                id=p.id,
                kind=p.kind,
                name=p.name,
                email=p.email,
                team_id=p.team_id,
                team_name=team.name if team else None,
                unit=team.unit if team else None,
                manager_name=team.manager_name if team else None,
                user_id=p.user_id,
                version=p.version,
                created_at=p.created_at,
                hired_from_round_id=p.hired_from_round_id,
                employee_number=p.employee_number,
                left_on=p.left_on,
                job_title=p.job_title,
            )
        )
    return views


@query(depends_on=[PEOPLE_ROWS])
def list_people(
    actor: Actor, uow: UnitOfWork, text: str = "", kind: PersonKind | None = None, team_id: int | None = None,
    include_left: bool = False,
) -> list[PersonView]:
    """The people the actor may see, filtered by name/e-mail text, kind and team; those who left only on request
    (their history stays with their manager until retention)."""
    rows = uow.people.search(access.person_scope(actor, uow), text.strip(), kind, team_id, include_left=include_left)
    return person_views(uow, list(rows))


@query(depends_on=[person()])
def get_person(actor: Actor, uow: UnitOfWork, person_id: int) -> PersonView:
    """One person, if the actor may see them."""
    return person_views(uow, [access.visible_person(actor, uow, person_id)])[0]


def _check(uow: UnitOfWork, data: PersonInput, person_id: int | None = None) -> None:
    if data.team_id is not None and uow.teams.get(data.team_id) is None:
        raise InvalidInput("team_id", "error.invalid")
    if data.email:
        other = uow.people.by_email(data.email)
        if other is not None and other.id != person_id:
            raise InvalidInput("email", "error.email_taken")


def new_person(actor: Actor, uow: UnitOfWork, data: dict[str, object]) -> Person:
    """A new person in the unit of work (flushed, not committed): the step shared by every use case that adds one."""
    access.require_may_manage_people(actor)
    person = validate_input(PersonInput, _empty_to_none(data))
    _check(uow, person)
    access.require_may_place(actor, uow, person.kind, person.team_id)
    now = uow.now()
    row = Person(
        kind=person.kind, name=person.name, email=person.email, team_id=person.team_id, created_at=now, updated_at=now
    )
    uow.people.add(row)
    uow.flush()
    audit.record(uow, actor, "person.create", person_id=row.id, kind=row.kind)
    return row


def create_person(actor: Actor, uow: UnitOfWork, data: dict[str, object]) -> PersonView:
    """A new person; InvalidInput names the field that is wrong."""
    row = new_person(actor, uow, data)
    view = person_views(uow, [row])[0]
    uow.commit()
    return view


def update_person(
    actor: Actor, uow: UnitOfWork, person_id: int, data: dict[str, object], expected_version: int
) -> PersonView:
    """Change a person; EditConflict if someone saved it after `expected_version` was loaded.

    A change of team or kind follows the rules of creating a person (only into teams the actor leads);
    a round's owner may correct the name and e-mail of its external candidates, nothing else.
    """
    access.require_may_manage_people(actor)
    row = access.require_may_edit_person(actor, uow, person_id)
    if row.version != expected_version:
        raise EditConflict(person_views(uow, [row])[0])
    person = validate_input(PersonInput, _empty_to_none(data))
    _check(uow, person, person_id)
    if (person.kind, person.team_id) != (row.kind, row.team_id):
        if not access.leads(actor, uow, row):
            raise AccessDenied("only the person's manager changes their team or kind")
        access.require_may_place(actor, uow, person.kind, person.team_id)
    row.kind, row.name, row.email, row.team_id = person.kind, person.name, person.email, person.team_id
    row.updated_at = uow.now()
    audit.record(uow, actor, "person.update", person_id=row.id)
    return committed(uow, lambda: person_views(uow, [row])[0], lambda: person_views(uow, [uow.people.one(person_id)])[0])


class PersonRights(View):
    """What the actor may do with one person's record; pages show only the actions allowed."""

    edit: bool
    converse: bool  # hold a conversation outside a round (the person's manager)


@query(depends_on=[person()])
def person_rights(actor: Actor, uow: UnitOfWork, person_id: int) -> PersonRights:
    """The actor's rights on a person they may see (NotFound otherwise)."""
    person = access.visible_person(actor, uow, person_id)
    return PersonRights(edit=access.may_edit_person(actor, uow, person), converse=access.leads(actor, uow, person))


@query(depends_on=[SHARED_ONLY])
def list_teams(actor: Actor, uow: UnitOfWork) -> list[TeamView]:
    """Teams the actor may see: all for administrators, the ones they lead for managers."""
    return team_views(uow, access.teams_in_reach(actor, uow))


def list_users(actor: Actor, uow: UnitOfWork) -> list[UserView]:
    """Active users who can be panel members or team managers: everyone but employees, whom it never lists."""
    access.require_may_manage_people(actor)
    return [user_view(u) for u in uow.users.all() if u.active and u.role != Role.EMPLOYEE]


@query(depends_on=[SHARED_ONLY])
def list_round_seats(actor: Actor, uow: UnitOfWork) -> tuple[list[UserView], list[UserView]]:
    """(who can sit on a round's panel, who on its hiring committee), for those who run recruitment: the panel
    from active users but employees; the committee from every active user (the union representative may be an
    employee). One query."""
    access.require_may_create_rounds(actor)
    active = [u for u in uow.users.all() if u.active]
    return [user_view(u) for u in active if u.role != Role.EMPLOYEE], [user_view(u) for u in active]


