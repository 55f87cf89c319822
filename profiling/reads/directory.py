"""People, teams and users as pages show them: their views, and the reads of lists and of one person."""

from __future__ import annotations

from datetime import datetime

from profiling.domain.people import Person, Team, User
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.query import ACCOUNTS, EVERY_ROLE, EVERY_ROW, PEOPLE_ROWS, SHARED_ONLY, person, query
from profiling.reads.views import PersonKind, PersonView, TeamView, UserView, View
from profiling.services import access
from profiling.services.actors import Actor, Role


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


class PersonRights(View):
    """What the actor may do with one person's record; pages show only the actions allowed."""

    edit: bool
    converse: bool  # hold a conversation outside a round (the person's manager)


@query(depends_on=[person()])
def person_rights(actor: Actor, uow: UnitOfWork, person_id: int) -> PersonRights:
    """The actor's rights on a person they may see (NotFound otherwise)."""
    person = access.visible_person(actor, uow, person_id)
    return PersonRights(edit=access.may_edit_person(actor, uow, person), converse=access.leads(actor, uow, person))


@query(depends_on=[SHARED_ONLY], same_for_roles=[Role.ADMIN])  # a manager sees the teams they lead
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


class AccountView(View):
    """A user account as the administrator sees it."""

    id: int
    email: str
    name: str
    role: Role
    active: bool
    has_password: bool
    locked_until: datetime | None
    last_sign_in_at: datetime | None


def account_view(row: User) -> AccountView:
    return AccountView(
        id=row.id, email=row.email, name=row.name, role=Role(row.role), active=row.active,
        has_password=row.password_hash is not None, locked_until=row.locked_until, last_sign_in_at=row.last_sign_in_at,
    )


@query(depends_on=[ACCOUNTS], same_for_roles=EVERY_ROLE)
def list_accounts(actor: Actor, uow: UnitOfWork) -> list[AccountView]:
    """Every account (administrators only)."""
    access.require_admin(actor)
    return [
        AccountView(id=id_, email=email, name=name, role=Role(role), active=active, has_password=has_password,
                    locked_until=locked_until, last_sign_in_at=last_sign_in_at)
        for id_, email, name, role, active, has_password, locked_until, last_sign_in_at in uow.users.listed()
    ]


@query(depends_on=[ACCOUNTS], same_for_roles=EVERY_ROLE)
def without_password(actor: Actor, uow: UnitOfWork) -> list[int]:
    """The active accounts that cannot sign in with a password yet (the ones to invite), by id."""
    access.require_admin(actor)
    return [u.id for u in uow.users.all() if u.active and not u.password_hash]


@query(depends_on=[EVERY_ROW], same_for_roles=EVERY_ROLE)
def nothing_stored(actor: Actor, uow: UnitOfWork) -> bool:
    """Whether nobody has been registered yet (the first start), as a page reads it."""
    return is_empty(uow)


def is_empty(uow: UnitOfWork) -> bool:
    """Whether nobody has been registered yet (the first screen then offers the demo)."""
    return not uow.people.any()
