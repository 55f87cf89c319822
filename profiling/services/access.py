"""Who may see and do what. Every service asks here; pages only mirror the answers.

The rules (docs/privacy.md has them in full):
- an administrator sees everything;
- a manager sees the people of the teams they lead and the candidates of the rounds they own or sit on;
- a recruiter / panel member sees the candidates of the rounds they own or sit on;
- an employee sees only themself;
- a scorecard is edited only by its rater; while a round is open, a panel member sees another rater's
  scorecard of a candidate only after completing their own (blind scoring).
"""

from __future__ import annotations

from collections.abc import Sequence

from profiling.persistence.repositories import PersonScope
from profiling.persistence.rows import InterviewRow, PersonRow, RoundRow
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services.actors import Actor, Role
from profiling.services.errors import AccessDenied, NotFound
from profiling.services.views import InterviewStatus, RoundStatus


def person_scope(actor: Actor, uow: UnitOfWork) -> PersonScope:
    """The people the actor may see."""
    if actor.is_admin:
        return PersonScope(everyone=True)
    if actor.role is Role.EMPLOYEE:
        own = uow.people.by_user(actor.user_id)
        return PersonScope(person_ids=frozenset({own.id} if own else set()))
    rounds = frozenset(uow.rounds.ids_involving(actor.user_id))
    if actor.role is Role.MANAGER:
        teams = frozenset(t.id for t in uow.teams.led_by(actor.user_id))
        return PersonScope(team_ids=teams, round_ids=rounds)
    return PersonScope(round_ids=rounds)


def may_see_person(actor: Actor, uow: UnitOfWork, person: PersonRow) -> bool:
    """Whether the person lies in the actor's scope."""
    scope = person_scope(actor, uow)
    return (
        scope.everyone
        or person.id in scope.person_ids
        or (person.team_id is not None and person.team_id in scope.team_ids)
        or bool(scope.round_ids & uow.rounds.ids_with_candidate(person.id))
    )


def visible_person(actor: Actor, uow: UnitOfWork, person_id: int) -> PersonRow:
    """The person, if the actor may see them; NotFound otherwise (no hint that the id exists)."""
    person = uow.people.get(person_id)
    if person is None or not may_see_person(actor, uow, person):
        raise NotFound(f"person {person_id}")
    return person


def visible_round_ids(actor: Actor, uow: UnitOfWork) -> set[int] | None:
    """The rounds the actor may see; None means every round."""
    if actor.is_admin:
        return None
    if actor.role is Role.EMPLOYEE:
        return set()
    return uow.rounds.ids_involving(actor.user_id)


def visible_round(actor: Actor, uow: UnitOfWork, round_id: int) -> RoundRow:
    """The round, if the actor may see it; NotFound otherwise."""
    row = uow.rounds.get(round_id)
    allowed = visible_round_ids(actor, uow)
    if row is None or (allowed is not None and round_id not in allowed):
        raise NotFound(f"round {round_id}")
    return row


def require_round_manager(actor: Actor, round_row: RoundRow) -> None:
    """Only the round's owner (or an administrator) changes a round."""
    if not (actor.is_admin or round_row.owner_id == actor.user_id):
        raise AccessDenied("only the owner of a round may change it")


def require_may_create_rounds(actor: Actor) -> None:
    """Administrators, managers and recruiters run recruitment."""
    if actor.role is Role.EMPLOYEE:
        raise AccessDenied("employees do not run recruitment rounds")


def require_may_manage_people(actor: Actor) -> None:
    """Employees do not create or edit people records."""
    if actor.role is Role.EMPLOYEE:
        raise AccessDenied("employees do not manage people")


def require_rater(actor: Actor, interview: InterviewRow) -> None:
    """Only the rater edits a scorecard."""
    if interview.rater_id != actor.user_id:
        raise AccessDenied("only the rater edits a scorecard")


def may_see_scorecard(actor: Actor, uow: UnitOfWork, interview: InterviewRow) -> bool:
    """Whether the actor may read this scorecard's ratings."""
    if interview.rater_id == actor.user_id or actor.is_admin:
        return True
    person = uow.people.get(interview.person_id)
    if person is None or not may_see_person(actor, uow, person):
        return False
    return bool(visible_scorecards(actor, uow, [interview]))


def visible_scorecards(actor: Actor, uow: UnitOfWork, rows: Sequence[InterviewRow]) -> list[InterviewRow]:
    """The scorecards among `rows` the actor may read, in a constant number of queries.

    Same rules as `may_see_scorecard`; `rows` must already be limited to people the actor may see.
    """
    if actor.is_admin:
        return list(rows)
    blind_rounds = {
        r.id
        for r in uow.rounds.list(round_ids={row.round_id for row in rows if row.round_id is not None})
        if r.status == RoundStatus.OPEN and any(p.user_id == actor.user_id for p in r.panel)
    }
    completed_own = {
        (own.person_id, own.round_id)
        for own in uow.interviews.query(
            round_ids=blind_rounds, rater_id=actor.user_id, status=InterviewStatus.COMPLETED
        )
    } if blind_rounds else set()
    visible = []
    for row in rows:
        if row.rater_id == actor.user_id:
            visible.append(row)
        elif row.status != InterviewStatus.COMPLETED:
            continue
        elif actor.role is Role.EMPLOYEE and row.round_id is not None:
            continue
        elif row.round_id in blind_rounds and (row.person_id, row.round_id) not in completed_own:
            continue
        else:
            visible.append(row)
    return visible


def may_open_scorecard(actor: Actor, uow: UnitOfWork, interview: InterviewRow) -> bool:
    """Whether the actor may open one rater's scorecard in full (not only its part of a consolidated result).

    The rater and administrators may; in a round, its owner and the panel (once their own scorecard of
    the person is done); outside rounds, the person it is about. Another manager sees the consolidated
    result of their team members, not each rater's scorecard.
    """
    if interview.rater_id == actor.user_id or actor.is_admin:
        return True
    if not may_see_scorecard(actor, uow, interview):
        return False
    if interview.round_id is not None:
        round_row = uow.rounds.get(interview.round_id)
        return round_row is not None and (
            round_row.owner_id == actor.user_id or any(p.user_id == actor.user_id for p in round_row.panel)
        )
    person = uow.people.get(interview.person_id)
    if person is None:
        return False
    if person.user_id == actor.user_id:
        return True
    # A submitted self-assessment is for the conversation with one's manager: the manager may read it.
    return (
        interview.rater_role == "self"
        and interview.status == InterviewStatus.COMPLETED
        and actor.role is Role.MANAGER
        and person.team_id is not None
        and any(t.id == person.team_id for t in uow.teams.led_by(actor.user_id))
    )


def visible_interview(actor: Actor, uow: UnitOfWork, interview_id: int) -> InterviewRow:
    """The interview, if the actor may open it; NotFound otherwise (no hint that the id exists)."""
    interview = uow.interviews.get(interview_id)
    if interview is None or not may_open_scorecard(actor, uow, interview):
        raise NotFound(f"interview {interview_id}")
    return interview
