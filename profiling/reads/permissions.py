"""What the actor may do where no subject is needed (administer, run recruitment, see team overviews): a page asks
this before it builds a screen whose every action the services would refuse."""

from __future__ import annotations

from profiling.domain import policy
from profiling.domain.policy import Permission
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.query import EVERY_ROLE, SHARED_ONLY, query
from profiling.services.actors import Actor

SUBJECTLESS = frozenset({Permission.ADMINISTER, Permission.MANAGE_PEOPLE, Permission.RUN_RECRUITMENT, Permission.SEE_TEAM_OVERVIEW})


@query(depends_on=[SHARED_ONLY], same_for_roles=EVERY_ROLE)
def allowed(actor: Actor, uow: UnitOfWork, permission: Permission) -> bool:
    """Whether the policy lets the actor do `permission` at all (one of SUBJECTLESS)."""
    if permission not in SUBJECTLESS:
        raise ValueError(f"{permission} needs a subject: ask the read or command that has one")
    return policy.can(actor, permission)
