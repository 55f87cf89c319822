"""Development plans agreed in a MUS: goals for the coming year, dated by both parties, followed up during
the year. Any change asks both parties to agree again (Plan.revise)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from profiling.catalog import Catalog
from profiling.domain.framework import Framework
from profiling.domain.plans import Goal, GoalStatus, Plan
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.development_plans import PlanView, plan_views
from profiling.services import access, audit
from profiling.services.actors import Actor
from profiling.services.errors import AccessDenied, EditConflict, InvalidInput, NotFound, committed, conflict_reported
from profiling.services.inputs import NOTE_MAX, TITLE_MAX, clean_text


class GoalInput(BaseModel):
    """One goal as typed in the plan editor."""

    model_config = ConfigDict(extra="forbid")

    competence_id: str
    goal: Annotated[str, StringConstraints(min_length=1, max_length=NOTE_MAX)]
    actions: Annotated[str, StringConstraints(max_length=NOTE_MAX)] = ""
    support: Annotated[str, StringConstraints(max_length=NOTE_MAX)] = ""
    deadline: date | None = None
    status: GoalStatus = GoalStatus.PLANNED


def _checked_goals(framework: Framework, goals: list[dict[str, object]]) -> list[GoalInput]:
    known = {c.id for c in framework.competences}
    checked = []
    for i, data in enumerate(goals):
        cleaned = {k: clean_text(v) if isinstance(v, str) else v for k, v in data.items()}
        try:
            goal = GoalInput.model_validate(cleaned)
        except ValueError:
            raise InvalidInput(f"goals[{i}]", "error.goal_incomplete") from None
        if goal.competence_id not in known:
            raise InvalidInput(f"goals[{i}]", "error.invalid")
        checked.append(goal)
    if not checked:
        raise InvalidInput("goals", "error.plan_needs_goal")
    return checked


def save_plan(
    actor: Actor,
    uow: UnitOfWork,
    catalog: Catalog,
    person_id: int,
    title: str,
    goals: list[dict[str, object]],
    *,
    plan_id: int | None = None,
    expected_version: int | None = None,
    interview_id: int | None = None,
    framework_id: str = "specialist-i-borgerkontakt",
) -> PlanView:
    """Create or change a plan (the manager). A change to an agreed plan asks both parties to agree again
    (Plan.revise)."""
    person = access.require_leader(actor, uow, person_id)
    title = clean_text(title)
    if not title or len(title) > TITLE_MAX:
        raise InvalidInput("title", "error.required" if not title else "error.too_long", max=TITLE_MAX)
    if plan_id is None:
        framework = catalog.framework(framework_id)
        team = uow.teams.get(person.team_id) if person.team_id else None
        row = Plan(
            person_id=person.id, interview_id=interview_id, framework_id=framework.id,
            target_profile_id=team.target_profile_id if team else None, title=title,
            created_by_id=actor.user_id, created_at=uow.now(),
        )
        uow.plans.add(row)
    else:
        stored = uow.plans.get(plan_id)
        if stored is None or stored.person_id != person.id:
            raise NotFound(f"plan {plan_id}")
        row = stored
        if expected_version is not None and row.version != expected_version:
            raise EditConflict(plan_views(uow, [row])[0])
        framework = catalog.framework(row.framework_id)
    checked = _checked_goals(framework, goals)
    row.revise(title, (
        Goal(
            competence_id=g.competence_id, goal=g.goal, actions=g.actions, support=g.support, deadline=g.deadline,
            status=g.status,
        )
        for g in checked
    ))
    with conflict_reported(uow, lambda: _stored_plan(uow, plan_id)):
        uow.flush()
    audit.record(uow, actor, "plan.save", person_id=person.id, subject=f"plan:{row.id}", goals=len(checked))
    return _committed_plan(uow, row)


def agree_plan(actor: Actor, uow: UnitOfWork, plan_id: int) -> PlanView:
    """The manager or the employee agrees to the plan; each agreement is dated."""
    row = uow.plans.get(plan_id)
    if row is None:
        raise NotFound(f"plan {plan_id}")
    person = access.visible_person(actor, uow, row.person_id)
    as_employee = person.user_id == actor.user_id
    if not (as_employee or access.leads(actor, uow, person)):
        raise AccessDenied("only the person and their manager agree to a plan")
    row.agree(as_employee=as_employee, now=uow.now())
    audit.record(uow, actor, "plan.agree", person_id=person.id, subject=f"plan:{row.id}")
    return _committed_plan(uow, row)


def set_goal_status(actor: Actor, uow: UnitOfWork, goal_id: int, status: GoalStatus) -> PlanView:
    """Follow up on a goal during the year (the employee or their manager)."""
    goal = uow.plans.goal(goal_id)
    if goal is None:
        raise NotFound(f"goal {goal_id}")
    row = uow.plans.one(goal.plan_id)
    person = access.visible_person(actor, uow, row.person_id)
    if not (person.user_id == actor.user_id or access.leads(actor, uow, person)):
        raise AccessDenied("only the person and their manager follow up on goals")
    goal.status = status
    audit.record(uow, actor, "plan.goal_status", person_id=person.id, subject=f"plan:{row.id}", status=status.value)
    return _committed_plan(uow, row)


def _stored_plan(uow: UnitOfWork, plan_id: int | None) -> PlanView | None:
    row = uow.plans.get(plan_id) if plan_id is not None else None
    return plan_views(uow, [row])[0] if row is not None else None


def _committed_plan(uow: UnitOfWork, row: Plan) -> PlanView:
    """Commit a change of a plan; EditConflict with the stored plan if someone else changed it first."""
    plan_id = row.id
    return committed(uow, lambda: plan_views(uow, [row])[0], lambda: _stored_plan(uow, plan_id))
