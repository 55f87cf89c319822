"""Start-up and housekeeping: default target profiles, the empty-database check, actors of user rows."""

from __future__ import annotations

from profiling.catalog import Catalog
from profiling.domain.people import User
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.query import EVERY_ROW, query
from profiling.services.actors import Actor, Role
from profiling.services.targets import ensure_default_targets


def actor_of(row: User) -> Actor:
    """The actor a user row acts as."""
    return Actor(user_id=row.id, name=row.name, role=Role(row.role), email=row.email, language=row.language or "da",
                 reminders=row.reminders)


def prepare(uow: UnitOfWork, catalog: Catalog) -> None:
    """Everything a fresh database needs besides its schema: default target profiles."""
    ensure_default_targets(uow, catalog)


@query(depends_on=[EVERY_ROW])
def nothing_stored(actor: Actor, uow: UnitOfWork) -> bool:
    """Whether nobody has been registered yet (the first start), as a page reads it."""
    return is_empty(uow)


def is_empty(uow: UnitOfWork) -> bool:
    """Whether nobody has been registered yet (the first screen then offers the demo)."""
    return not uow.people.any()
