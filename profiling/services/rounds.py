"""Recruitment rounds: a position, one guide for every candidate, a panel, the candidates."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from profiling.catalog import Catalog, UnknownGuide
from profiling.domain import policy
from profiling.domain.agreement import DEFAULT_MIN_COVERAGE
from profiling.domain.guide import GuideMode
from profiling.domain.policy import Hiring, Permission, RoundFacts
from profiling.domain.rounds import Round
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import access, audit, people
from profiling.services.actors import Actor, Role
from profiling.services.errors import EditConflict, InvalidInput, NotAllowedNow, NotFound, committed
from profiling.services.inputs import TITLE_MAX, validate_input
from profiling.services.interviews import summaries
from profiling.services.people import user_view
from profiling.services.targets import target_view
from profiling.services.views import InterviewSummary, PersonKind, PersonView, RoundStatus, RoundView, View


class RoundInput(BaseModel):
    """What a user types to create or edit a round."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, StringConstraints(min_length=1, max_length=TITLE_MAX)]
    guide_id: str
    target_profile_id: int | None = None
    panel_user_ids: list[int] = []
    min_coverage: Annotated[float, Field(ge=0.0, le=1.0)] = DEFAULT_MIN_COVERAGE


def round_views(uow: UnitOfWork, rows: list[Round]) -> list[RoundView]:
    """Views of rounds with panel and candidates, in a constant number of queries."""
    user_ids = {p.user_id for r in rows for p in r.panel} | {r.owner_id for r in rows if r.owner_id}
    users = uow.users.by_ids(user_ids)
    candidates = people.person_views(
        uow, list(uow.people.by_ids({c.person_id for r in rows for c in r.candidates}).values())
    )
    by_id = {c.id: c for c in candidates}
    targets = uow.targets.by_ids({r.target_profile_id for r in rows if r.target_profile_id})
    return [
        RoundView(
            id=r.id,
            title=r.title,
            framework_id=r.framework_id,
            guide_id=r.guide_id,
            target_profile=target_view(targets[r.target_profile_id]) if r.target_profile_id in targets else None,
            status=r.status,
            owner_id=r.owner_id,
            owner_name=users[r.owner_id].name if r.owner_id in users else None,
            panel=sorted((user_view(users[p.user_id]) for p in r.panel), key=lambda u: u.name),
            candidates=sorted((by_id[c.person_id] for c in r.candidates), key=lambda p: p.name),
            created_at=r.created_at,
            closed_at=r.closed_at,
            min_coverage=r.min_coverage,
            version=r.version,
        )
        for r in rows
    ]


def list_rounds(
    actor: Actor, uow: UnitOfWork, status: RoundStatus | None = None, limit: int | None = None
) -> list[RoundView]:
    """The rounds the actor may see, newest first (at most `limit`)."""
    return round_views(uow, list(uow.rounds.list(access.visible_round_ids(actor, uow), status, limit)))


class RoundTitle(View):
    """A round as a picker shows it."""

    id: int
    title: str
    status: RoundStatus


def round_titles(actor: Actor, uow: UnitOfWork) -> list[RoundTitle]:
    """Id, title and status of every round the actor may see, newest first (one light query)."""
    return [
        RoundTitle(id=row.id, title=row.title, status=row.status)
        for row in uow.rounds.titles(access.visible_round_ids(actor, uow))
    ]


def get_round(actor: Actor, uow: UnitOfWork, round_id: int) -> RoundView:
    """One round, if the actor may see it."""
    return round_views(uow, [access.visible_round(actor, uow, round_id)])[0]


def may_change_round(actor: Actor, round_: RoundView) -> bool:
    """Whether the actor may change a round they were shown: its candidates, settings and status (its owner, or an
    administrator). Decided from the view, without a query."""
    facts = RoundFacts(id=round_.id, owner_id=round_.owner_id, is_open=round_.status is RoundStatus.OPEN)
    return policy.can(actor, Permission.CHANGE_ROUND, subject=facts)


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
    return round_input, guide.framework


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
    )
    row.seat_panel(round_input.panel_user_ids)
    uow.rounds.add(row)
    uow.flush()
    view = round_views(uow, [row])[0]
    audit.record(uow, actor, "round.create", subject=f"round:{row.id}")
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
    row.seat_panel(round_input.panel_user_ids)
    audit.record(uow, actor, "round.update", subject=f"round:{row.id}")
    return _committed(uow, row)


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


def addable_people(actor: Actor, uow: UnitOfWork, round_id: int) -> list[PersonView]:
    """The people the actor may add to this open round (see add_candidate) who are not on it yet."""
    row = _open_round_to_change(actor, uow, round_id)
    on_round = row.candidate_ids
    seen = [p for p in uow.people.search(access.person_scope(actor, uow), limit=2000) if p.id not in on_round]
    return people.person_views(uow, access.addable_to_round(actor, uow, row.id, seen))


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
    """Mark a candidate hired from the round into a team: they become an employee of the team, and the round's
    result is the first point of their development history (their first MUS starts from it). The other
    candidates follow retention as before."""
    row = access.visible_round(actor, uow, round_id)
    person = uow.people.get(person_id)
    if person is None or person_id not in row.candidate_ids:
        raise NotFound(f"candidate {person_id} of round {round_id}")
    if uow.teams.get(team_id) is None:
        raise InvalidInput("team_id", "error.invalid")
    if person.hired_from_round_id is not None:
        raise NotAllowedNow("error.already_hired")
    hiring = Hiring(round=access.round_facts(row), person=access.facts_with_rounds(uow, person), team_id=team_id)
    access.require(actor, Permission.HIRE, access.relations(actor, uow), hiring)
    person.hire(row.id, team_id, uow.now())
    audit.record(uow, actor, "round.hire", person_id=person.id, subject=f"round:{row.id}")
    return _committed(uow, row)


def set_round_status(actor: Actor, uow: UnitOfWork, round_id: int, status: RoundStatus) -> RoundView:
    """Close a round (no more scoring; blind scoring ends) or open it again."""
    row = access.visible_round(actor, uow, round_id)
    access.require_round_manager(actor, row)
    row.set_status(status, uow.now())
    audit.record(uow, actor, "round.status", subject=f"round:{row.id}", status=status.value)
    return _committed(uow, row)


def round_scorecards(actor: Actor, uow: UnitOfWork, round_id: int) -> list[InterviewSummary]:
    """The round's scorecards the actor may see (blind scoring hides others' until one's own is done)."""
    row = access.visible_round(actor, uow, round_id)
    rows = uow.interviews.query(round_ids=[row.id], newest_first=False)
    return summaries(uow, access.visible_scorecards(actor, uow, rows))
