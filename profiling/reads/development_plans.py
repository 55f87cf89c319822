"""A person's development plans: the views of plans, goals and practice notes, and the read of them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from pydantic import Field

from profiling.domain.people import User
from profiling.domain.plans import CheckIn, GoalStatus, Plan
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.query import Audited, person, query
from profiling.reads.views import View
from profiling.services import access
from profiling.services.actors import Actor


@query(depends_on=[person()], audits=lambda _, a: [Audited("plan.read", a["person_id"])])
def plans_of(actor: Actor, uow: UnitOfWork, person_id: int) -> list[PlanView]:
    """The person's development plans, newest first (the person, their manager and administrators)."""
    shown = access.require_leader_or_self(actor, uow, person_id)
    rows = uow.plans.of_person(shown.id)
    return plan_views(uow, rows)


class CheckInView(View):
    """A practice note on a goal and the manager's response."""

    id: int
    written_at: datetime
    author_name: str | None
    note: str
    response: str
    responded_at: datetime | None
    responder_name: str | None
    version: int


class GoalView(View):
    """A goal of a plan, with its practice notes."""

    id: int
    competence_id: str
    goal: str
    actions: str
    support: str
    deadline: date | None
    status: GoalStatus
    check_ins: list[CheckInView] = Field(default_factory=list)

    @property
    def last_practised(self) -> datetime | None:
        return max((c.written_at for c in self.check_ins), default=None)


class PlanView(View):
    id: int
    person_id: int
    interview_id: int | None
    framework_id: str
    title: str
    created_at: datetime
    created_by_name: str | None
    manager_agreed_at: datetime | None
    employee_agreed_at: datetime | None
    goals: list[GoalView]
    version: int

    @property
    def agreed(self) -> bool:
        """Agreed and dated by both the manager and the employee."""
        return self.manager_agreed_at is not None and self.employee_agreed_at is not None


def check_in_view(entry: CheckIn, users: Mapping[int, User]) -> CheckInView:
    author = users.get(entry.author_id) if entry.author_id is not None else None
    responder = users.get(entry.responded_by_id) if entry.responded_by_id is not None else None
    return CheckInView(
        id=entry.id, written_at=entry.written_at, note=entry.note, response=entry.response,
        author_name=author.name if author else None,
        responded_at=entry.responded_at,
        responder_name=responder.name if responder else None,
        version=entry.version,
    )


def plan_views(uow: UnitOfWork, rows: list[Plan]) -> list[PlanView]:
    entries = [c for r in rows for g in r.goals for c in g.check_ins]
    creators = uow.users.by_ids(
        {r.created_by_id for r in rows if r.created_by_id}
        | {c.author_id for c in entries if c.author_id}
        | {c.responded_by_id for c in entries if c.responded_by_id}
    )
    return [
        PlanView(
            id=r.id, person_id=r.person_id, interview_id=r.interview_id, framework_id=r.framework_id, title=r.title,
            created_at=r.created_at,
            created_by_name=creators[r.created_by_id].name if r.created_by_id in creators else None,
            manager_agreed_at=r.manager_agreed_at, employee_agreed_at=r.employee_agreed_at,
            goals=[
                GoalView(
                    id=g.id, competence_id=g.competence_id, goal=g.goal, actions=g.actions, support=g.support,
                    deadline=g.deadline, status=g.status, check_ins=[check_in_view(c, creators) for c in g.check_ins],
                )
                for g in r.goals
            ],
            version=r.version,
        )
        for r in rows
    ]
