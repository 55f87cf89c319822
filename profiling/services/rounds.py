"""Recruitment rounds: a position, one guide for every candidate, a panel, the candidates."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from profiling.catalog import Catalog, UnknownGuide
from profiling.domain import policy
from profiling.domain.agreement import DEFAULT_MIN_COVERAGE
from profiling.domain.guide import GuideMode
from profiling.domain.policy import Hiring, Permission
from profiling.domain.rounds import Round, Seat
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.round_views import round_views
from profiling.reads.views import (
    InterviewStatus,
    PersonKind,
    RoundStatus,
    RoundView,
)
from profiling.services import access, audit, notifications, people
from profiling.services.actors import Actor, Role
from profiling.services.errors import EditConflict, InvalidInput, NotAllowedNow, NotFound, committed, conflict_reported
from profiling.services.inputs import NOTE_MAX, TITLE_MAX, clean_text, validate_input


class RoundInput(BaseModel):
    """What a user types to create or edit a round."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, StringConstraints(min_length=1, max_length=TITLE_MAX)]
    guide_id: str
    target_profile_id: int | None = None
    panel_user_ids: list[int] = []
    committee_user_ids: list[int] = []  # the hiring committee: any active user, e.g. the union representative
    min_coverage: Annotated[float, Field(ge=0.0, le=1.0)] = DEFAULT_MIN_COVERAGE
    criteria: Annotated[str, StringConstraints(max_length=NOTE_MAX)] = ""  # as advertised, one per line


def _checked(uow: UnitOfWork, catalog: Catalog, data: dict[str, object]) -> tuple[RoundInput, str]:
    round_input = validate_input(RoundInput, data)
    try:
        guide = catalog.guide(round_input.guide_id)
    except UnknownGuide:
        raise InvalidInput("guide_id", "error.unknown_guide") from None
    if guide.mode is not GuideMode.RECRUITMENT:
        raise InvalidInput("guide_id", "error.not_recruitment_guide")
    if round_input.target_profile_id is not None:
        target = uow.targets.get(round_input.target_profile_id)
        if target is None or target.framework_id != guide.framework:
            raise InvalidInput("target_profile_id", "error.invalid")
    users = uow.users.by_ids(set(round_input.panel_user_ids))
    if len(users) != len(set(round_input.panel_user_ids)) or any(
        u.role == Role.EMPLOYEE or not u.active for u in users.values()
    ):
        raise InvalidInput("panel_user_ids", "error.invalid_panel")
    committee = uow.users.by_ids(set(round_input.committee_user_ids))
    if len(committee) != len(set(round_input.committee_user_ids)) or any(not u.active for u in committee.values()):
        raise InvalidInput("committee_user_ids", "error.invalid_panel")
    return round_input.model_copy(update={"criteria": clean_text(round_input.criteria)}), guide.framework


def create_round(actor: Actor, uow: UnitOfWork, catalog: Catalog, data: dict[str, object]) -> RoundView:
    """A new open round owned by the actor."""
    access.require_may_create_rounds(actor)
    round_input, framework_id = _checked(uow, catalog, data)
    row = Round(
        title=round_input.title,
        framework_id=framework_id,
        guide_id=round_input.guide_id,
        target_profile_id=round_input.target_profile_id,
        min_coverage=round_input.min_coverage,
        owner_id=actor.user_id,
        status=RoundStatus.OPEN,
        created_at=uow.now(),
        criteria=round_input.criteria,
    )
    row.seat_panel(round_input.panel_user_ids, round_input.committee_user_ids)
    uow.rounds.add(row)
    uow.flush()
    view = round_views(uow, [row])[0]
    audit.record(uow, actor, "round.create", subject=f"round:{row.id}")
    _tell_the_seated(uow, actor, row, set())
    uow.commit()
    return view


def update_round(
    actor: Actor, uow: UnitOfWork, catalog: Catalog, round_id: int, data: dict[str, object], expected_version: int
) -> RoundView:
    """Change title, target or panel; the guide is fixed once any scorecard exists."""
    row = access.visible_round(actor, uow, round_id)
    access.require_round_manager(actor, row)
    if row.version != expected_version:
        raise EditConflict(round_views(uow, [row])[0])
    round_input, framework_id = _checked(uow, catalog, data)
    if round_input.guide_id != row.guide_id and uow.interviews.query(round_ids=[row.id], limit=1):
        raise InvalidInput("guide_id", "error.guide_fixed")
    row.title, row.guide_id, row.framework_id = round_input.title, round_input.guide_id, framework_id
    row.target_profile_id = round_input.target_profile_id
    row.min_coverage = round_input.min_coverage
    row.criteria = round_input.criteria
    before = {(seat.user_id, seat.seat) for seat in row.panel}
    row.seat_panel(round_input.panel_user_ids, round_input.committee_user_ids)
    audit.record(uow, actor, "round.update", subject=f"round:{row.id}")
    _tell_the_seated(uow, actor, row, before)
    return _committed(uow, row)


def _tell_the_seated(uow: UnitOfWork, actor: Actor, row: Round, before: set[tuple[int, str]]) -> None:
    """A mail to each user newly seated on the panel or the committee (not to the one who seated them)."""
    new = [(seat.user_id, seat.seat) for seat in row.panel if (seat.user_id, seat.seat) not in before]
    users = uow.users.by_ids({user_id for user_id, _ in new if user_id != actor.user_id})
    for user_id, seat in new:
        if user_id in users:
            notifications.seated(uow, users[user_id], actor.name, row.id, row.title, committee=seat == Seat.COMMITTEE)


def _open_round_to_change(actor: Actor, uow: UnitOfWork, round_id: int) -> Round:
    row = access.visible_round(actor, uow, round_id)
    access.require_round_manager(actor, row)
    row.require_open()
    return row


def _place(actor: Actor, uow: UnitOfWork, row: Round, person_id: int) -> RoundView:
    """Put a person on the round (idempotent) and commit; the caller has checked the right to do so."""
    if row.place(person_id, uow.now()):
        audit.record(uow, actor, "round.candidate_add", person_id=person_id, subject=f"round:{row.id}")
    return _committed(uow, row)


def _committed(uow: UnitOfWork, row: Round) -> RoundView:
    """Commit a change of the round; EditConflict with the stored round if someone else changed it first."""
    round_id = row.id
    return committed(uow, lambda: round_views(uow, [row])[0], lambda: round_views(uow, [uow.rounds.one(round_id)])[0])


def add_candidate(actor: Actor, uow: UnitOfWork, round_id: int, person_id: int) -> RoundView:
    """Add an existing person to an open round (idempotent).

    The right to the person must come from outside this round: an administrator, the person's manager
    (an internal applicant), or the owner of another round the person is a candidate in.
    """
    row = _open_round_to_change(actor, uow, round_id)
    person = access.require_may_add_to_round(actor, uow, row.id, uow.people.get(person_id))
    return _place(actor, uow, row, person.id)


def add_new_candidate(actor: Actor, uow: UnitOfWork, round_id: int, data: dict[str, object]) -> RoundView:
    """Create a candidate and add them to the round, in one step (one commit: both or neither)."""
    row = _open_round_to_change(actor, uow, round_id)
    person = people.new_person(actor, uow, {**data, "kind": PersonKind.CANDIDATE, "team_id": None})
    return _place(actor, uow, row, person.id)


def remove_candidate(actor: Actor, uow: UnitOfWork, round_id: int, person_id: int) -> RoundView:
    """Take a candidate off the round; refused once scorecards of them exist."""
    row = access.visible_round(actor, uow, round_id)
    access.require_round_manager(actor, row)
    if uow.interviews.query(person_ids=[person_id], round_ids=[round_id], limit=1):
        raise NotAllowedNow("error.candidate_has_scorecards")
    person = uow.people.get(person_id) if row.withdraw(person_id) else None
    if person is not None:  # the retention period of a candidate on no round runs from here
        person.updated_at = uow.now()
    audit.record(uow, actor, "round.candidate_remove", person_id=person_id, subject=f"round:{row.id}")
    return _committed(uow, row)


def hire_candidate(actor: Actor, uow: UnitOfWork, round_id: int, person_id: int, team_id: int) -> RoundView:
    """Mark a candidate hired from a closed round into a team: they become an employee of the team, and the
    round's result is the first point of their development history (their first MUS starts from it). The
    other candidates follow retention as before.

    An internal applicant is hired only with her current manager's (or an administrator's) confirmation: when
    the actor is neither, the hire waits for it (`answer_hire_request`) and she stays where she is until then."""
    row = access.visible_round(actor, uow, round_id)
    person = uow.people.get(person_id)
    candidacy = row.candidacy(person_id)
    if person is None or candidacy is None:
        raise NotFound(f"candidate {person_id} of round {round_id}")
    if uow.teams.get(team_id) is None:
        raise InvalidInput("team_id", "error.invalid")
    if person.hired_from_round_id is not None:
        raise NotAllowedNow("error.already_hired")
    known = access.relations(actor, uow)
    facts = access.facts_with_rounds(uow, person)
    access.require(actor, Permission.HIRE, known, Hiring(round=access.round_facts(row), person=facts, team_id=team_id))
    row.require_closed()
    if facts.team_id is not None and not policy.can(actor, Permission.CONFIRM_HIRE, known, facts):
        row.request_hire(person.id, team_id, actor.user_id, uow.now())
        audit.record(uow, actor, "round.hire_request", person_id=person.id, subject=f"round:{row.id}", team=team_id)
        return _committed(uow, row)
    if candidacy.hire_pending:
        row.settle_hire_request(person.id)
    person.hire(row.id, team_id, uow.now())
    audit.record(uow, actor, "round.hire", person_id=person.id, subject=f"round:{row.id}")
    return _committed(uow, row)


def answer_hire_request(actor: Actor, uow: UnitOfWork, round_id: int, person_id: int, confirm: bool) -> None:
    """The internal applicant's current manager (or an administrator) confirms the waiting hire - she moves to the
    new team, her history starting from the round - or declines it (she stays where she is)."""
    row = uow.rounds.get(round_id)
    person = uow.people.get(person_id)
    if row is None or person is None or row.candidacy(person_id) is None:
        raise NotFound(f"hire request of {person_id} in round {round_id}")
    if not policy.can(actor, Permission.CONFIRM_HIRE, access.relations(actor, uow), access.person_facts(person)):
        raise NotFound(f"hire request of {person_id} in round {round_id}")
    team_id = row.settle_hire_request(person_id)
    if confirm:
        if person.hired_from_round_id is not None:
            raise NotAllowedNow("error.already_hired")
        row.require_closed()
        person.hire(row.id, team_id, uow.now())
    audit.record(uow, actor, "round.hire_confirm" if confirm else "round.hire_decline", person_id=person_id,
                 subject=f"round:{row.id}")
    with conflict_reported(uow, lambda: None):
        uow.commit()


def set_round_status(actor: Actor, uow: UnitOfWork, round_id: int, status: RoundStatus) -> RoundView:
    """Close a round (no more scoring; blind scoring ends, so the panel's open drafts are closed as incomplete)
    or open it again (for candidates placed after; see Round.require_scorable)."""
    row = access.visible_round(actor, uow, round_id)
    access.require_round_manager(actor, row)
    row.set_status(status, uow.now())
    closed_drafts = 0
    if status is RoundStatus.CLOSED:
        for draft in uow.interviews.query(round_ids=[row.id], status=InterviewStatus.DRAFT):
            draft.close_incomplete()
            closed_drafts += 1
    audit.record(uow, actor, "round.status", subject=f"round:{row.id}", status=status.value, drafts_closed=closed_drafts)
    return _committed(uow, row)


