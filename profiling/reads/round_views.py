"""Recruitment rounds as pages show them: their views (without the candidates the actor declared
themself disqualified for), the list, one round, who may change it, and the hire requests.
"""

from __future__ import annotations

from datetime import datetime

from profiling.domain import policy
from profiling.domain.policy import Permission, RoundFacts
from profiling.domain.rounds import Round
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.directory import person_views, user_view
from profiling.reads.interview_views import summaries
from profiling.reads.query import EVERY_ROW, PEOPLE_ROWS, ROUND_ROWS, query, round_
from profiling.reads.target_levels import target_view
from profiling.reads.views import (
    InterviewStatus,
    InterviewSummary,
    PersonView,
    RoundStatus,
    RoundView,
    View,
)
from profiling.services import access
from profiling.services.actors import Actor


def round_views(uow: UnitOfWork, rows: list[Round]) -> list[RoundView]:
    """Views of rounds with panel and candidates, in a constant number of queries."""
    user_ids = {p.user_id for r in rows for p in r.panel} | {r.owner_id for r in rows if r.owner_id}
    users = uow.users.by_ids(user_ids)
    candidates = person_views(
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
    """The rounds as the actor may see them: without the candidates they declared themself disqualified for, and
    with what the policy lets them do in each (change it; hold its interviews), so a page asks nothing itself."""
    known = access.relations(actor, uow)

    def for_actor(view: RoundView) -> RoundView:
        facts = RoundFacts(id=view.id, owner_id=view.owner_id, is_open=view.status is RoundStatus.OPEN)
        return view.model_copy(update={
            "candidates": [c for c in view.candidates if (view.id, c.id) not in known.disqualified],
            "may_change": policy.can(actor, Permission.CHANGE_ROUND, known, facts),
            "may_score": policy.can(actor, Permission.SCORE_IN_ROUND, known, facts),
        })

    return [for_actor(v) for v in views]


@query(depends_on=[ROUND_ROWS, PEOPLE_ROWS])
def list_rounds(
    actor: Actor, uow: UnitOfWork, status: RoundStatus | None = None, limit: int | None = None
) -> list[RoundView]:
    """The rounds the actor may see, newest first (at most `limit`)."""
    return _seen_by(actor, uow, round_views(uow, list(uow.rounds.list(access.visible_round_ids(actor, uow), status, limit))))


class RoundTitle(View):
    """A round as a picker or a list shows it: its title, status, filing, how many of its candidates the actor sees
    and how many sit on its panel."""

    id: int
    title: str
    status: RoundStatus
    journalised_at: datetime | None
    candidates: int
    panel: int


@query(depends_on=[ROUND_ROWS])
def round_titles(
    actor: Actor, uow: UnitOfWork, status: RoundStatus | None = None, limit: int | None = None
) -> list[RoundTitle]:
    """The rounds the actor may see (in `status`; at most `limit`), newest first, with the number of their
    candidates the actor may see (not those they declared themself disqualified for) and of their panel - one light
    query, where `list_rounds` builds each round."""
    hidden = access.relations(actor, uow).disqualified
    rows = uow.rounds.titles(access.visible_round_ids(actor, uow), hidden, status, limit)
    return [
        RoundTitle(id=round_id, title=title, status=state, journalised_at=filed, candidates=count, panel=panel)
        for round_id, title, state, filed, count, panel in rows
    ]


@query(depends_on=[round_()])
def get_round(actor: Actor, uow: UnitOfWork, round_id: int) -> RoundView:
    """One round, if the actor may see it (without the candidates they are disqualified for)."""
    return _seen_by(actor, uow, round_views(uow, [access.visible_round(actor, uow, round_id)]))[0]


def sits_on_a_committee(actor: Actor, uow: UnitOfWork) -> bool:
    """Whether the actor sits on the hiring committee of any round (their menu then has the rounds)."""
    return bool(access.relations(actor, uow).committee_round_ids)



@query(depends_on=[round_(), PEOPLE_ROWS])
def people_to_add(actor: Actor, uow: UnitOfWork, round_id: int) -> list[PersonView]:
    """The people the actor may add to this open round (see rounds.add_candidate) who are not on it yet - read
    when the round's owner asks to add one: building it costs as much as the rest of the round's case."""
    row = access.visible_round(actor, uow, round_id)
    access.require_round_manager(actor, row)
    row.require_open()
    seen = [p for p in uow.people.search(access.person_scope(actor, uow), limit=2000) if p.id not in row.candidate_ids]
    return person_views(uow, access.addable_to_round(actor, uow, row.id, seen))


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
    views = {v.id: v for v in person_views(uow, [people_by_id[c.person_id] for _, c in mine])}
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
