"""Practice between conversations: the employee's check-ins on their plan goals ("what I tried, what
happened"), the manager's response, and the goals nobody has practised for a while."""

from __future__ import annotations

from profiling.domain.plans import Goal, Plan
from profiling.domain.policy import Permission
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.development_plans import CheckInView, check_in_view
from profiling.services import access, audit, notifications
from profiling.services.actors import Actor
from profiling.services.errors import EditConflict, InvalidInput, NotFound, committed
from profiling.services.inputs import NOTE_MAX, clean_text


def _goal_and_plan(uow: UnitOfWork, goal_id: int) -> tuple[Goal, Plan]:
    goal = uow.plans.goal(goal_id)
    if goal is None:
        raise NotFound(f"goal {goal_id}")
    return goal, uow.plans.one(goal.plan_id)


def _checked_text(text: str, field: str, required: bool) -> str:
    text = clean_text(text)
    if required and not text:
        raise InvalidInput(field, "error.required")
    if len(text) > NOTE_MAX:
        raise InvalidInput(field, "error.too_long", max=NOTE_MAX)
    return text


def check_in(actor: Actor, uow: UnitOfWork, goal_id: int, note: str) -> CheckInView:
    """The employee notes what they tried and what happened, on a goal of their own plan."""
    goal, plan = _goal_and_plan(uow, goal_id)
    person = access.visible_person(actor, uow, plan.person_id)
    access.require(actor, Permission.PRACTISE_GOAL, subject=access.person_facts(person))
    entry = goal.check_in(_checked_text(note, "note", required=True), actor.user_id, uow.now())
    audit.record(uow, actor, "plan.check_in", person_id=person.id, subject=f"plan:{plan.id}")
    uow.flush()
    users = uow.users.by_ids({actor.user_id})
    return committed(uow, lambda: check_in_view(entry, users), lambda: None)


def respond(actor: Actor, uow: UnitOfWork, check_in_id: int, text: str, expected_version: int) -> CheckInView:
    """The manager's response to a check-in (an empty text withdraws it)."""
    entry = uow.plans.check_in(check_in_id)
    if entry is None:
        raise NotFound(f"check-in {check_in_id}")
    _, plan = _goal_and_plan(uow, entry.goal_id)
    person = access.visible_person(actor, uow, plan.person_id)
    access.require(actor, Permission.RESPOND_TO_PRACTICE, access.relations(actor, uow), access.person_facts(person))
    users = uow.users.by_ids({u for u in (entry.author_id, actor.user_id) if u is not None})
    if entry.version != expected_version:
        raise EditConflict(check_in_view(entry, users))
    answer = _checked_text(text, "response", required=False)
    entry.respond(answer, actor.user_id, uow.now())
    audit.record(uow, actor, "plan.check_in_response", person_id=person.id, subject=f"plan:{plan.id}")
    employee = uow.users.get(person.user_id) if person.user_id is not None else None
    if answer and employee is not None and employee.id != actor.user_id:
        notifications.check_in_answered(uow, employee, actor.name, plan.id)
    return committed(
        uow, lambda: check_in_view(entry, users), lambda: check_in_view(uow.plans.check_in(check_in_id) or entry, users)
    )


