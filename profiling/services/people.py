"""People (employees and candidates), teams and users: create, edit, search."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, StringConstraints

from profiling.persistence.rows import PersonRow, TeamRow, UserRow
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import access, audit
from profiling.services.actors import Actor
from profiling.services.errors import AccessDenied, EditConflict, InvalidInput
from profiling.services.inputs import NAME_MAX, validate_input
from profiling.services.views import PersonKind, PersonView, TeamView, UserView

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


def user_view(row: UserRow) -> UserView:
    return UserView(id=row.id, name=row.name, email=row.email, role=row.role, active=row.active)


def team_views(uow: UnitOfWork, rows: list[TeamRow]) -> list[TeamView]:
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


def person_views(uow: UnitOfWork, rows: list[PersonRow]) -> list[PersonView]:
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
            )
        )
    return views


def list_people(
    actor: Actor, uow: UnitOfWork, text: str = "", kind: PersonKind | None = None, team_id: int | None = None
) -> list[PersonView]:
    """The people the actor may see, filtered by name/e-mail text, kind and team."""
    rows = uow.people.search(access.person_scope(actor, uow), text.strip(), kind, team_id)
    return person_views(uow, list(rows))


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


def create_person(actor: Actor, uow: UnitOfWork, data: dict[str, object]) -> PersonView:
    """A new person; InvalidInput names the field that is wrong."""
    access.require_may_manage_people(actor)
    person = validate_input(PersonInput, _empty_to_none(data))
    _check(uow, person)
    if person.team_id is not None and not actor.is_admin:
        if person.team_id not in {t.id for t in uow.teams.led_by(actor.user_id)}:
            raise AccessDenied("people are added only to teams one leads")
    now = uow.now()
    row = PersonRow(
        kind=person.kind, name=person.name, email=person.email, team_id=person.team_id, created_at=now, updated_at=now
    )
    uow.people.add(row)
    uow.flush()
    view = person_views(uow, [row])[0]
    audit.record(uow, actor, "person.create", person_id=row.id, kind=row.kind)
    uow.commit()
    return view


def update_person(
    actor: Actor, uow: UnitOfWork, person_id: int, data: dict[str, object], expected_version: int
) -> PersonView:
    """Change a person; EditConflict if someone saved it after `expected_version` was loaded."""
    access.require_may_manage_people(actor)
    row = access.visible_person(actor, uow, person_id)
    if row.version != expected_version:
        raise EditConflict(person_views(uow, [row])[0])
    person = validate_input(PersonInput, _empty_to_none(data))
    _check(uow, person, person_id)
    row.kind, row.name, row.email, row.team_id = person.kind, person.name, person.email, person.team_id
    row.updated_at = uow.now()
    uow.flush()
    view = person_views(uow, [row])[0]
    audit.record(uow, actor, "person.update", person_id=row.id)
    uow.commit()
    return view


def list_teams(actor: Actor, uow: UnitOfWork) -> list[TeamView]:
    """Teams the actor may see: all for administrators, the ones they lead for managers."""
    if actor.is_admin:
        return team_views(uow, list(uow.teams.all()))
    return team_views(uow, list(uow.teams.led_by(actor.user_id)))


def list_users(actor: Actor, uow: UnitOfWork) -> list[UserView]:
    """Users who can be panel members or team managers (everyone but employees)."""
    if actor.role.value == "employee":
        raise AccessDenied("employees do not see the user list")
    return [user_view(u) for u in uow.users.all() if u.active]


