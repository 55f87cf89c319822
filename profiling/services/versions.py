"""Versions of what a page shows: the change marks of the scopes it depends on (no personal data).

A page caches its read model per browser session under the version it read first; the next run reads
the version again (one small query) and calls the service again only when it differs. Every version
includes the shared scope (users' names and roles, teams, target profiles, settings, content).
"""

from __future__ import annotations

from profiling.persistence.changes import EVERYTHING, SHARED, person_scope, round_scope, team_scope
from profiling.persistence.unit_of_work import UnitOfWork

Version = tuple[int, ...]


def of_person(uow: UnitOfWork, person_id: int) -> Version:
    """A person's data and their team's (a profile compares with the team)."""
    person = uow.people.get(person_id)
    team_id = person.team_id if person is not None else None
    scopes = {SHARED, person_scope(person_id)} | ({team_scope(team_id)} if team_id else set())
    return uow.marks(scopes)


def of_team(uow: UnitOfWork, team_id: int | None) -> Version:
    """A team's data; None: every team."""
    return uow.marks({SHARED, EVERYTHING if team_id is None else team_scope(team_id)})


def of_round(uow: UnitOfWork, round_id: int) -> Version:
    """A round's panel, candidates and scorecards."""
    return uow.marks({SHARED, round_scope(round_id)})


def of_everything(uow: UnitOfWork) -> Version:
    """Any change at all (lists over everything, such as the overview)."""
    return uow.marks({SHARED, EVERYTHING})


def of_shared(uow: UnitOfWork) -> Version:
    """What every page shows: users' names and roles, teams and who leads them, target profiles, settings."""
    return uow.marks({SHARED})
