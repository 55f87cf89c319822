"""Who may see and do what. Every service asks here; pages only mirror the answers.

The rules (docs/privacy.md has them in full):
- an administrator sees everything;
- a manager sees the people of the teams they lead, with their development data (conversations held
  outside recruitment rounds, self-assessments, plans);
- the owner and the panel of a recruitment round see its candidates and **that round's scorecards only**:
  an internal applicant's development data stays with her own manager;
- an employee sees only themself, and no recruitment scorecards;
- a scorecard is edited only by its rater; while a round is open, a panel member sees another rater's
  scorecard of a candidate only after completing their own (blind scoring);
- people are created and edited only inside teams one leads; a round's owner edits the name and e-mail
  of its external candidates; an existing person joins a round only through a right that does not come
  from that round (administrator, their team's manager, owner of another round they are in).
"""

from __future__ import annotations

from collections.abc import Sequence

from profiling.persistence.repositories import PersonScope
from profiling.persistence.rows import InterviewRow, PersonRow, RoundRow
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services.actors import Actor, Role
from profiling.services.errors import AccessDenied, NotFound
from profiling.services.views import InterviewStatus, PersonKind, RoundStatus


def led_team_ids(actor: Actor, uow: UnitOfWork) -> set[int]:
    """The teams the actor leads as a manager (none for other roles)."""
    if actor.role is not Role.MANAGER:
        return set()
    return {t.id for t in uow.teams.led_by(actor.user_id)}


def leads(actor: Actor, uow: UnitOfWork, person: PersonRow) -> bool:
    """Whether the actor is the person's manager (leads their team) or an administrator."""
    if actor.is_admin:
        return True
    return person.team_id is not None and person.team_id in led_team_ids(actor, uow)


def require_leader(actor: Actor, uow: UnitOfWork, person_id: int) -> PersonRow:
    """The person, if the actor leads them; NotFound if they may not see them, AccessDenied otherwise."""
    person = visible_person(actor, uow, person_id)
    if not leads(actor, uow, person):
        raise AccessDenied("only the person's manager does this")
    return person


def require_leader_or_self(actor: Actor, uow: UnitOfWork, person_id: int) -> PersonRow:
    """The person, if the actor is that person or leads them (development data: plans, preparation)."""
    person = visible_person(actor, uow, person_id)
    if not (person.user_id == actor.user_id or leads(actor, uow, person)):
        raise AccessDenied("only the person and their manager see development data")
    return person


def is_round_staff(actor: Actor, round_row: RoundRow) -> bool:
    """Whether the actor owns the round or sits on its panel."""
    return round_row.owner_id == actor.user_id or any(p.user_id == actor.user_id for p in round_row.panel)


def person_scope(actor: Actor, uow: UnitOfWork) -> PersonScope:
    """The people the actor may see."""
    if actor.is_admin:
        return PersonScope(everyone=True)
    if actor.role is Role.EMPLOYEE:
        own = uow.people.by_user(actor.user_id)
        return PersonScope(person_ids=frozenset({own.id} if own else set()))
    rounds = frozenset(uow.rounds.ids_involving(actor.user_id))
    return PersonScope(team_ids=frozenset(led_team_ids(actor, uow)), round_ids=rounds)


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


def owns_round_with(actor: Actor, uow: UnitOfWork, person_id: int) -> bool:
    """Whether the actor owns a round in which the person is a candidate."""
    return any(r.owner_id == actor.user_id for r in uow.rounds.list(round_ids=uow.rounds.ids_with_candidate(person_id)))


def may_edit_person(actor: Actor, uow: UnitOfWork, person: PersonRow) -> bool:
    """Administrators; the person's manager; the owner of a round with an external candidate (no team)."""
    if actor.role is Role.EMPLOYEE:
        return False
    if leads(actor, uow, person):
        return True
    return person.kind == PersonKind.CANDIDATE and person.team_id is None and owns_round_with(actor, uow, person.id)


def require_may_edit_person(actor: Actor, uow: UnitOfWork, person_id: int) -> PersonRow:
    """The person, if the actor may change their record; NotFound if they may not see them."""
    person = visible_person(actor, uow, person_id)
    if not may_edit_person(actor, uow, person):
        raise AccessDenied("only the person's manager (or a round's owner, for its candidates) edits a person")
    return person


def require_may_place(actor: Actor, uow: UnitOfWork, kind: str, team_id: int | None) -> None:
    """Where a non-administrator may put a person: only in a team they lead; employees always in one."""
    if actor.is_admin:
        return
    if team_id is not None and team_id not in led_team_ids(actor, uow):
        raise AccessDenied("people are added only to teams one leads")
    if kind == PersonKind.EMPLOYEE and team_id is None:
        raise AccessDenied("an employee is added to a team the actor leads")


def addable_to_round(actor: Actor, uow: UnitOfWork, round_id: int, people: Sequence[PersonRow]) -> list[PersonRow]:
    """Those of `people` the actor may add to the round: the right must come from outside that round.

    Administrators may add anyone; a manager the people of the teams they lead (internal applicants);
    the owner of another round its candidates. Constant number of queries.
    """
    if actor.is_admin:
        return list(people)
    led = led_team_ids(actor, uow)
    other_rounds = {r.id for r in uow.rounds.list(round_ids=uow.rounds.ids_involving(actor.user_id))
                    if r.owner_id == actor.user_id and r.id != round_id}
    in_other_rounds = uow.rounds.candidates_of(other_rounds)
    return [p for p in people if (p.team_id is not None and p.team_id in led) or p.id in in_other_rounds]


def require_may_add_to_round(actor: Actor, uow: UnitOfWork, round_id: int, person: PersonRow | None) -> PersonRow:
    """The person, if the actor may add them to the round (see `addable_to_round`); NotFound otherwise."""
    if person is None or not addable_to_round(actor, uow, round_id, [person]):
        raise NotFound("person")
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


def require_admin(actor: Actor) -> None:
    """Administrators only (users, settings, personal-data tasks)."""
    if not actor.is_admin:
        raise AccessDenied("only administrators do this")


def require_rater(actor: Actor, interview: InterviewRow) -> None:
    """Only the rater edits a scorecard."""
    if interview.rater_id != actor.user_id:
        raise AccessDenied("only the rater edits a scorecard")


def may_see_scorecard(actor: Actor, uow: UnitOfWork, interview: InterviewRow) -> bool:
    """Whether the actor may read this scorecard's ratings."""
    return bool(visible_scorecards(actor, uow, [interview]))


def visible_scorecards(actor: Actor, uow: UnitOfWork, rows: Sequence[InterviewRow]) -> list[InterviewRow]:
    """The scorecards among `rows` the actor may read, in a constant number of queries.

    Besides their own: a completed scorecard of a round only for that round's owner and panel (blind
    for a panel member until their own scorecard of the candidate is completed); a completed scorecard
    outside rounds only for the person it is about and their manager.
    """
    if actor.is_admin:
        return list(rows)
    rounds = {r.id: r for r in uow.rounds.list(round_ids={row.round_id for row in rows if row.round_id is not None})}
    staff_rounds = {rid for rid, r in rounds.items() if is_round_staff(actor, r)}
    blind_rounds = {
        rid for rid in staff_rounds
        if rounds[rid].status == RoundStatus.OPEN and any(p.user_id == actor.user_id for p in rounds[rid].panel)
    }
    completed_own = {
        (own.person_id, own.round_id)
        for own in uow.interviews.query(
            round_ids=blind_rounds, rater_id=actor.user_id, status=InterviewStatus.COMPLETED
        )
    } if blind_rounds else set()
    outside = {row.person_id for row in rows if row.round_id is None and row.rater_id != actor.user_id}
    people = uow.people.by_ids(outside)
    led = led_team_ids(actor, uow) if outside else set()
    visible = []
    for row in rows:
        if row.rater_id == actor.user_id:
            visible.append(row)
        elif row.status != InterviewStatus.COMPLETED:
            continue
        elif row.round_id is not None:
            if row.round_id in staff_rounds and (
                row.round_id not in blind_rounds or (row.person_id, row.round_id) in completed_own
            ):
                visible.append(row)
        else:
            person = people.get(row.person_id)
            if person is not None and (
                person.user_id == actor.user_id or (person.team_id is not None and person.team_id in led)
            ):
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
        return True  # visible round scorecards are those of the round's own staff
    person = uow.people.get(interview.person_id)
    if person is None:
        return False
    if person.user_id == actor.user_id:
        return True
    # A submitted self-assessment is for the conversation with one's manager: the manager may read it.
    return interview.rater_role == "self" and interview.status == InterviewStatus.COMPLETED and leads(actor, uow, person)


def visible_interview(actor: Actor, uow: UnitOfWork, interview_id: int) -> InterviewRow:
    """The interview, if the actor may open it; NotFound otherwise (no hint that the id exists)."""
    interview = uow.interviews.get(interview_id)
    if interview is None or not may_open_scorecard(actor, uow, interview):
        raise NotFound(f"interview {interview_id}")
    return interview
