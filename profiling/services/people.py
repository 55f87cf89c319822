"""People (employees and candidates), teams and users: create, edit, search."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, StringConstraints

from profiling.domain.people import Person
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.directory import person_views
from profiling.reads.views import PersonKind, PersonView
from profiling.services import access, audit
from profiling.services.actors import Actor
from profiling.services.errors import AccessDenied, EditConflict, InvalidInput, committed
from profiling.services.inputs import NAME_MAX, validate_input

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


