"""The services' side of the access policy: load the actor's relations and the subject's facts, ask
`profiling.domain.policy` (where every rule lives, in full), and answer with entities or AccessDenied /
NotFound. Pages only mirror the answers.
"""

from __future__ import annotations

from collections.abc import Sequence

from profiling.domain import policy
from profiling.domain.guide import GuideMode
from profiling.domain.interviews import Interview, RatingEntry
from profiling.domain.people import Person, Team
from profiling.domain.policy import (
    Joining,
    Permission,
    PersonFacts,
    Placement,
    PrivateNote,
    Relations,
    RoundFacts,
    ScorecardFacts,
    Visibility,
)
from profiling.domain.rounds import Round
from profiling.domain.scoring import RaterRole
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.views import InterviewStatus, RoundStatus
from profiling.services.actors import Actor, Role
from profiling.services.errors import AccessDenied, NotFound


def relations(actor: Actor, uow: UnitOfWork) -> Relations:
    """What ties the actor to the data (teams led, rounds owned or on the panel of, own person): one query."""
    if actor.is_admin:
        return policy.NO_RELATIONS  # an administrator's rights do not come from relations
    found = uow.users.relations(actor.user_id)
    return Relations(
        led_team_ids=frozenset(found["team"]),
        owned_round_ids=frozenset(found["owner"]),
        panel_round_ids=frozenset(found["panel"]),
        committee_round_ids=frozenset(found["committee"]),
        own_person_id=min(found["self"]) if found["self"] else None,
        own_team_id=min(found["member"]) if found["member"] else None,
        disqualified=frozenset(found["disqualified"]),
    )


def require(actor: Actor, permission: Permission, known: Relations = policy.NO_RELATIONS, subject: object = None) -> None:
    """Nothing if the policy allows; AccessDenied naming the permission otherwise."""
    if not policy.can(actor, permission, known, subject):
        raise AccessDenied(f"not allowed: {permission.value}")


def person_facts(person: Person, candidate_round_ids: frozenset[int] = frozenset()) -> PersonFacts:
    return PersonFacts(
        id=person.id, kind=str(person.kind), team_id=person.team_id, user_id=person.user_id,
        candidate_round_ids=candidate_round_ids, hired_from_round_id=person.hired_from_round_id,
    )


def facts_with_rounds(uow: UnitOfWork, person: Person) -> PersonFacts:
    """The person's facts with the rounds they are a candidate in (one query)."""
    return person_facts(person, uow.rounds.rounds_of_candidates([person.id])[person.id])


def round_facts(row: Round) -> RoundFacts:
    return facts_of_round(row.id, row.owner_id, row.status)


def facts_of_round(round_id: int, owner_id: int | None, status: str) -> RoundFacts:
    """A round's facts from its columns (see RoundRepository.owners_and_states)."""
    return RoundFacts(id=round_id, owner_id=owner_id, is_open=status == RoundStatus.OPEN)


def led_team_ids(actor: Actor, uow: UnitOfWork) -> set[int]:
    """The teams the actor leads as a manager (none for other roles)."""
    if actor.role is not Role.MANAGER:
        return set()
    return set(policy.led_teams(actor, relations(actor, uow)))


def teams_in_reach(actor: Actor, uow: UnitOfWork) -> list[Team]:
    """The teams the actor may see and overview: every team for an administrator, the led ones for a manager."""
    reachable = reachable_team_ids(actor, uow)
    return [t for t in uow.teams.all() if reachable is None or t.id in reachable]


def reachable_team_ids(actor: Actor, uow: UnitOfWork) -> frozenset[int] | None:
    """The ids of the teams in the actor's reach (see `teams_in_reach`); None: every team."""
    return policy.teams_reachable(actor, relations(actor, uow))


def leads(actor: Actor, uow: UnitOfWork, person: Person) -> bool:
    """Whether the actor is the person's manager (leads their team) or an administrator."""
    return policy.can(actor, Permission.LEAD_PERSON, relations(actor, uow), person_facts(person))


def require_leader(actor: Actor, uow: UnitOfWork, person_id: int) -> Person:
    """The person, if the actor leads them; NotFound if they may not see them, AccessDenied otherwise."""
    person = visible_person(actor, uow, person_id)
    if not leads(actor, uow, person):
        raise AccessDenied("only the person's manager does this")
    return person


def require_leader_or_self(actor: Actor, uow: UnitOfWork, person_id: int) -> Person:
    """The person, if the actor is that person or leads them (development data: plans, preparation)."""
    person = uow.people.get(person_id)
    if person is None:
        raise NotFound(f"person {person_id}")
    known, facts = relations(actor, uow), facts_with_rounds(uow, person)
    if not policy.can(actor, Permission.SEE_PERSON, known, facts):
        raise NotFound(f"person {person_id}")
    if not policy.can(actor, Permission.SEE_DEVELOPMENT, known, facts):
        raise AccessDenied("only the person and their manager see development data")
    return person


def person_scope(actor: Actor, uow: UnitOfWork) -> Visibility:
    """The people the actor may see, as a query selects them."""
    return policy.people_visible(actor, relations(actor, uow))


def may_see_person(actor: Actor, uow: UnitOfWork, person: Person) -> bool:
    """Whether the person lies in the actor's scope."""
    if actor.is_admin:
        return True
    return policy.can(actor, Permission.SEE_PERSON, relations(actor, uow), facts_with_rounds(uow, person))


def visible_person(actor: Actor, uow: UnitOfWork, person_id: int) -> Person:
    """The person, if the actor may see them; NotFound otherwise (no hint that the id exists)."""
    person = uow.people.get(person_id)
    if person is None or not may_see_person(actor, uow, person):
        raise NotFound(f"person {person_id}")
    return person


def may_edit_person(actor: Actor, uow: UnitOfWork, person: Person) -> bool:
    """Administrators; the person's manager; the owner of a round with an external candidate (no team)."""
    return policy.can(actor, Permission.EDIT_PERSON, relations(actor, uow), facts_with_rounds(uow, person))


def require_may_edit_person(actor: Actor, uow: UnitOfWork, person_id: int) -> Person:
    """The person, if the actor may change their record; NotFound if they may not see them."""
    person = visible_person(actor, uow, person_id)
    if not may_edit_person(actor, uow, person):
        raise AccessDenied("only the person's manager (or a round's owner, for its candidates) edits a person")
    return person


def require_may_place(actor: Actor, uow: UnitOfWork, kind: str, team_id: int | None) -> None:
    """Where a non-administrator may put a person: only in a team they lead; employees always in one."""
    if not policy.can(actor, Permission.PLACE_PERSON, relations(actor, uow), Placement(str(kind), team_id)):
        raise AccessDenied("people are added only to teams one leads, and an employee always to one")


def addable_to_round(actor: Actor, uow: UnitOfWork, round_id: int, people: Sequence[Person]) -> list[Person]:
    """Those of `people` the actor may add to the round: the right must come from outside that round.

    Administrators may add anyone; a manager the people of the teams they lead (internal applicants);
    the owner of another round its candidates. Constant number of queries.
    """
    if actor.is_admin:
        return list(people)
    known = relations(actor, uow)
    rounds_of = uow.rounds.rounds_of_candidates([p.id for p in people])
    return [
        p for p in people
        if policy.can(actor, Permission.ADD_TO_ROUND, known, Joining(person_facts(p, rounds_of[p.id]), round_id))
    ]


def require_may_add_to_round(actor: Actor, uow: UnitOfWork, round_id: int, person: Person | None) -> Person:
    """The person, if the actor may add them to the round (see `addable_to_round`); NotFound otherwise."""
    if person is None or not addable_to_round(actor, uow, round_id, [person]):
        raise NotFound("person")
    return person


def visible_round_ids(actor: Actor, uow: UnitOfWork) -> set[int] | None:
    """The rounds the actor may see; None means every round."""
    visible = policy.rounds_visible(actor, relations(actor, uow))
    return None if visible is None else set(visible)


def visible_round(actor: Actor, uow: UnitOfWork, round_id: int) -> Round:
    """The round, if the actor may see it; NotFound otherwise."""
    row = uow.rounds.get(round_id)
    if row is None or not policy.can(actor, Permission.SEE_ROUND, relations(actor, uow), round_facts(row)):
        raise NotFound(f"round {round_id}")
    return row


def require_round_manager(actor: Actor, round_row: Round) -> None:
    """Only the round's owner (or an administrator) changes a round."""
    if not policy.can(actor, Permission.CHANGE_ROUND, subject=round_facts(round_row)):
        raise AccessDenied("only the owner of a round may change it")


def round_to_decide(actor: Actor, uow: UnitOfWork, round_id: int) -> Round:
    """The round, if the actor sees it and decides in it (its owner, or an administrator)."""
    row = visible_round(actor, uow, round_id)
    require_round_manager(actor, row)
    return row


def require_may_create_rounds(actor: Actor) -> None:
    """Administrators, managers and recruiters run recruitment."""
    require(actor, Permission.RUN_RECRUITMENT)


def require_may_manage_people(actor: Actor) -> None:
    """Employees do not create or edit people records."""
    require(actor, Permission.MANAGE_PEOPLE)


def require_admin(actor: Actor) -> None:
    """Administrators only (users, settings, personal-data tasks)."""
    require(actor, Permission.ADMINISTER)


def require_rater(actor: Actor, interview: Interview) -> None:
    """Only the rater edits a scorecard."""
    if interview.rater_id != actor.user_id:
        raise AccessDenied("only the rater edits a scorecard")


def _scorecard_facts(
    actor: Actor, uow: UnitOfWork, known: Relations, rows: Sequence[Interview]
) -> list[ScorecardFacts]:
    """The facts of each scorecard, loaded in a constant number of queries."""
    rounds = {
        round_id: facts_of_round(round_id, owner_id, status)
        for round_id, (owner_id, status) in uow.rounds.owners_and_states(
            {row.round_id for row in rows if row.round_id is not None}
        ).items()
    }
    blind_rounds = {rid for rid, r in rounds.items() if r.is_open and rid in known.panel_round_ids}
    completed_own = {
        (own.person_id, own.round_id)
        for own in uow.interviews.query(round_ids=blind_rounds, rater_id=actor.user_id, status=InterviewStatus.COMPLETED)
    } if blind_rounds else set()
    people = uow.people.by_ids({row.person_id for row in rows})
    facts = []
    for row in rows:
        person = people.get(row.person_id)
        facts.append(ScorecardFacts(
            rater_id=row.rater_id,
            rater_role=str(row.rater_role),
            completed=row.status == InterviewStatus.COMPLETED,
            person=person_facts(person) if person is not None else PersonFacts(id=row.person_id, kind=""),
            round=rounds.get(row.round_id) if row.round_id is not None else None,
            actor_completed_own=(row.person_id, row.round_id) in completed_own,
        ))
    return facts


def visible_scorecards(actor: Actor, uow: UnitOfWork, rows: Sequence[Interview]) -> list[Interview]:
    """The scorecards among `rows` the actor may read, in a constant number of queries."""
    return readable_scorecards(actor, uow, rows)[0]


def readable_scorecards(actor: Actor, uow: UnitOfWork, rows: Sequence[Interview]) -> tuple[list[Interview], set[int]]:
    """The scorecards among `rows` the actor may read (`visible_scorecards`), and the ids of those whose notes and
    rater names they may not (a hired person's round, seen by them and their new manager: the scores only) - from
    the scorecards' facts loaded once."""
    if actor.is_admin or not rows:
        return list(rows), set()
    known = relations(actor, uow)
    facts = _scorecard_facts(actor, uow, known, rows)
    readable = [(row, card) for row, card in zip(rows, facts, strict=True) if policy.can(actor, Permission.READ_SCORECARD, known, card)]
    withheld = {row.id for row, card in readable if not policy.can(actor, Permission.READ_EVIDENCE, known, card)}
    return [row for row, _card in readable], withheld


def self_assessment_withheld(actor: Actor, uow: UnitOfWork, person_id: int) -> bool:
    """Whether the actor is rating the person in a MUS right now without having chosen to see their
    self-assessment: until the actor completes the rating, the self-assessment waits (it would anchor it)."""
    drafts = uow.interviews.query(person_ids=[person_id], rater_id=actor.user_id, status=InterviewStatus.DRAFT)
    return any(d.mode == GuideMode.DEVELOPMENT and d.self_shown_at is None for d in drafts)


def without_withheld_self_assessments(actor: Actor, uow: UnitOfWork, person_id: int, rows: Sequence[Interview]) -> list[Interview]:
    """`rows` less the person's self-assessments while the actor rates them blind (see self_assessment_withheld)."""
    if not any(r.rater_role == RaterRole.SELF for r in rows) or not self_assessment_withheld(actor, uow, person_id):
        return list(rows)
    return [r for r in rows if r.rater_role != RaterRole.SELF]


def note_shown(actor: Actor, rating: RatingEntry, interview: Interview) -> str:
    """The rating's note as the actor may read it: a private note only by its rater (else "")."""
    if rating.private and not policy.can(actor, Permission.READ_PRIVATE_NOTE, subject=PrivateNote(interview.rater_id)):
        return ""
    return rating.note


def may_see_scorecard(actor: Actor, uow: UnitOfWork, interview: Interview) -> bool:
    """Whether the actor may read this scorecard's ratings."""
    return bool(visible_scorecards(actor, uow, [interview]))


def may_open_scorecard(actor: Actor, uow: UnitOfWork, interview: Interview) -> bool:
    """Whether the actor may open one rater's scorecard in full (not only its part of a consolidated result)."""
    if interview.rater_id == actor.user_id or actor.is_admin:
        return True
    known = relations(actor, uow)
    card = _scorecard_facts(actor, uow, known, [interview])[0]
    return policy.can(actor, Permission.OPEN_SCORECARD, known, card)


def visible_interview(actor: Actor, uow: UnitOfWork, interview_id: int) -> Interview:
    """The interview, if the actor may open it; NotFound otherwise (no hint that the id exists)."""
    interview = uow.interviews.get(interview_id)
    if interview is None or not may_open_scorecard(actor, uow, interview):
        raise NotFound(f"interview {interview_id}")
    return interview
