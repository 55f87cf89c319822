"""A person's development plans."""

from __future__ import annotations

from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.query import Audited, person, query
from profiling.services import access
from profiling.services.actors import Actor
from profiling.services.plans import PlanView, plan_views


@query(depends_on=[person()], audits=lambda _, a: [Audited("plan.read", a["person_id"])])
def plans_of(actor: Actor, uow: UnitOfWork, person_id: int) -> list[PlanView]:
    """The person's development plans, newest first (the person, their manager and administrators)."""
    shown = access.require_leader_or_self(actor, uow, person_id)
    rows = uow.plans.of_person(shown.id)
    return plan_views(uow, rows)
