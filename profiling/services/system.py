"""Start-up and housekeeping: default target profiles, the empty-database check, actors of user rows."""

from __future__ import annotations

from profiling.catalog import Catalog
from profiling.domain.people import User
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services.actors import Actor, Role
from profiling.services.targets import ensure_default_targets


def actor_of(row: User) -> Actor:
    """The actor a user row acts as."""
    return account_actor(row.id, row.name, row.role, row.email, row.language, row.reminders)


def account_actor(user_id: int, name: str, role: str, email: str, language: str | None, reminders: bool) -> Actor:
    """The actor of an account's columns (read without its row)."""
    return Actor(user_id=user_id, name=name, role=Role(role), email=email, language=language or "da", reminders=reminders)


def prepare(uow: UnitOfWork, catalog: Catalog) -> None:
    """Everything a fresh database needs besides its schema: default target profiles."""
    ensure_default_targets(uow, catalog)


