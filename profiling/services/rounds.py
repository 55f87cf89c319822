"""Recruitment rounds: a position, one guide for every candidate, a panel, the candidates."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from profiling.catalog import Catalog, UnknownGuide
from profiling.domain import policy
from profiling.domain.agreement import DEFAULT_MIN_COVERAGE
from profiling.domain.guide import GuideMode
from profiling.domain.policy import Hiring, Permission, RoundFacts
from profiling.domain.rounds import Round, Seat
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.query import EVERY_ROW, PEOPLE_ROWS, ROUND_ROWS, query, round_
from profiling.services import access, audit, notifications, people
from profiling.services.actors import Actor, Role
from profiling.services.errors import EditConflict, InvalidInput, NotAllowedNow, NotFound, committed, conflict_reported
from profiling.services.inputs import NOTE_MAX, TITLE_MAX, clean_text, validate_input
from profiling.services.interviews import summaries
from profiling.services.people import user_view
from profiling.services.targets import target_view
from profiling.services.views import (
    InterviewStatus,
    InterviewSummary,
    PersonKind,
    PersonView,
    RoundStatus,
    RoundView,
    View,
)


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
            panel=sorted((user_view(users[u]) for u in r.panel_ids), key=lambda u: u.name),
            committee=sorted((user_view(users[u]) for u in r.committee_ids), key=lambda u: u.name),
            criteria=r.criteria,
            candidates=sorted((by_id[c.person_id] for c in r.candidates), key=lambda p: p.name),
            created_at=r.created_at,
            closed_at=r.closed_at,
            min_coverage=r.min_coverage,
            version=r.version,
            pending_hires={c.person_id: c.hire_team_id for c in r.candidates if c.hire_team_id is not None},
            last_closed_at=r.last_closed_at,
            unscorable={
                c.person_id for c in r.candidates if r.last_closed_at is not None and c.added_at <= r.last_closed_at
            },
            journalised_at=r.journalised_at,
            case_number=r.case_number,
        )
        for r in rows
    ]


def _seen_by(actor: Actor, uow: UnitOfWork, views: list[RoundView]) -> list[RoundView]:
    """The rounds as the actor may see them: without the candidates they declared themself disqualified for."""
    hidden = access.relations(actor, uow).disqualified
    if not hidden:
        return views
    return [
        v.model_copy(update={"candidates": [c for c in v.candidates if (v.id, c.id) not in hidden]}) for v in views
    ]


@query(depends_on=[ROUND_ROWS, PEOPLE_ROWS])
def list_rounds(
    actor: Actor, uow: UnitOfWork, status: RoundStatus | None = None, limit: int | None = None
) -> list[RoundView]:
    """The rounds the actor may see, newest first (at most `limit`)."""
    return _seen_by(actor, uow, round_views(uow, list(uow.rounds.list(access.visible_round_ids(actor, uow), status, limit))))


class RoundTitle(View):
    """A round as a picker shows it."""

    id: int
    title: str
    status: RoundStatus


@query(depends_on=[ROUND_ROWS])
def round_titles(actor: Actor, uow: UnitOfWork) -> list[RoundTitle]:
    """Id, title and status of every round the actor may see, newest first (one light query)."""
    return [
        RoundTitle(id=row.id, title=row.title, status=row.status)
        for row in uow.rounds.titles(access.visible_round_ids(actor, uow))
    ]


@query(depends_on=[round_()])
def get_round(actor: Actor, uow: UnitOfWork, round_id: int) -> RoundView:
    """One round, if the actor may see it (without the candidates they are disqualified for)."""
    return _seen_by(actor, uow, round_views(uow, [access.visible_round(actor, uow, round_id)]))[0]


def sits_on_a_committee(actor: Actor, uow: UnitOfWork) -> bool:
    """Whether the actor sits on the hiring committee of any round (their menu then has the rounds)."""
    return bool(access.relations(actor, uow).committee_round_ids)


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


def addable_people(actor: Actor, uow: UnitOfWork, round_id: int) -> list[PersonView]:
    """The people the actor may add to this open round (see add_candidate) who are not on it yet."""
    return candidates_to_add(actor, uow, _open_round_to_change(actor, uow, round_id))


def candidates_to_add(actor: Actor, uow: UnitOfWork, row: Round) -> list[PersonView]:
    """Of the people the actor sees, those they may add to the round (already checked to be theirs to change)."""
    seen = [p for p in uow.people.search(access.person_scope(actor, uow), limit=2000) if p.id not in row.candidate_ids]
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


class HireRequest(View):
    """A hire of an internal applicant waiting for her manager's answer."""

    round_id: int
    round_title: str
    person: PersonView
    team_id: int
    team_name: str
    requested_by: str | None
    requested_at: datetime | None


@query(depends_on=[EVERY_ROW])
def hire_requests(actor: Actor, uow: UnitOfWork) -> list[HireRequest]:
    """The hires waiting for the actor's answer: of people in the teams they lead (an administrator: all)."""
    known = access.relations(actor, uow)
    waiting = [(r, c) for r in uow.rounds.with_hire_requests() for c in r.candidates if c.hire_pending]
    people_by_id = uow.people.by_ids({c.person_id for _, c in waiting})
    mine = [
        (r, c) for r, c in waiting
        if c.person_id in people_by_id
        and policy.can(actor, Permission.CONFIRM_HIRE, known, access.person_facts(people_by_id[c.person_id]))
    ]
    views = {v.id: v for v in people.person_views(uow, [people_by_id[c.person_id] for _, c in mine])}
    teams = uow.teams.by_ids({c.hire_team_id for _, c in mine if c.hire_team_id is not None})
    users = uow.users.by_ids({c.hire_requested_by_id for _, c in mine if c.hire_requested_by_id is not None})
    return [
        HireRequest(
            round_id=r.id, round_title=r.title, person=views[c.person_id], team_id=c.hire_team_id or 0,
            team_name=teams[c.hire_team_id].name if c.hire_team_id in teams else "",
            requested_by=users[c.hire_requested_by_id].name if c.hire_requested_by_id in users else None,
            requested_at=c.hire_requested_at,
        )
        for r, c in mine
    ]


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


class RoundScoring(View):
    """A round's scorecards the actor may see, and how many of all its scorecards are still unfinished (closing
    the round closes those as incomplete)."""

    scorecards: list[InterviewSummary]
    unfinished: int


def round_scorecards(actor: Actor, uow: UnitOfWork, round_id: int) -> RoundScoring:
    """The round's scorecards the actor may see (blind scoring hides others' until one's own is done)."""
    row = access.visible_round(actor, uow, round_id)
    rows = uow.interviews.query(round_ids=[row.id], newest_first=False)
    return RoundScoring(
        scorecards=summaries(uow, access.visible_scorecards(actor, uow, rows)),
        unfinished=sum(1 for r in rows if r.status == InterviewStatus.DRAFT),
    )
