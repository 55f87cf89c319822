"""Start-up and housekeeping: default target profiles, the empty-database check, actors of user rows."""

from __future__ import annotations

from profiling.catalog import Catalog
from profiling.domain.people import User
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services.actors import Actor, Role
from profiling.services.targets import ensure_default_targets


def actor_of(row: User) -> Actor:
    """The actor a user row acts as."""
    return Actor(user_id=row.id, name=row.name, role=Role(row.role), email=row.email, language=row.language or "da",
                 reminders=row.reminders)


def prepare(uow: UnitOfWork, catalog: Catalog) -> None:
    """Everything a fresh database needs besides its schema: default target profiles."""
    ensure_default_targets(uow, catalog)


