"""Accounts: users, their roles and passwords, as administrators manage them; at least one active administrator always."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, EmailStr, StringConstraints

from profiling.domain.people import User
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.directory import AccountView, account_view
from profiling.services import access, audit, sessions
from profiling.services.actors import Actor, Role
from profiling.services.errors import AccessDenied, InvalidInput, NotFound
from profiling.services.inputs import NAME_MAX, validate_input
from profiling.services.passwords import check_password, hash_password


class AccountInput(BaseModel):
    """What an administrator types to create a user."""

    model_config = ConfigDict(extra="forbid")

    email: EmailStr
    name: Annotated[str, StringConstraints(min_length=1, max_length=NAME_MAX)]
    role: Role
    password: str | None = None


def first_start_open(uow: UnitOfWork) -> bool:
    """Whether the database is new: no user and no person. Only then may anyone create the first administrator."""
    return not uow.users.any_exists() and uow.people.any() is False


def has_active_administrator(uow: UnitOfWork) -> bool:
    """Whether any active administrator exists."""
    return uow.users.active_administrator_exists()


def create_user(actor: Actor | None, uow: UnitOfWork, data: Mapping[str, Any]) -> AccountView:
    """A new account. Administrators create users; on a new, empty database anyone creates the first administrator."""
    if actor is None or not actor.is_admin:
        if not first_start_open(uow):
            raise AccessDenied("only administrators create users")
        if data.get("role") != Role.ADMIN:
            raise InvalidInput("role", "error.first_user_admin")
    return _new_account(actor, uow, data)


def create_administrator_by_operator(uow: UnitOfWork, data: Mapping[str, Any]) -> AccountView:
    """`profiling user create`: someone with access to the server creates an administrator when none is active
    (a new database, a large demo, or every administrator locked out or deactivated)."""
    if has_active_administrator(uow):
        raise AccessDenied("an active administrator exists: further users are created in the app")
    if data.get("role") != Role.ADMIN:
        raise InvalidInput("role", "error.first_user_admin")
    return _new_account(None, uow, data)


def _new_account(actor: Actor | None, uow: UnitOfWork, data: Mapping[str, Any]) -> AccountView:
    account = validate_input(AccountInput, {**data, "password": data.get("password") or None})
    if uow.users.by_email(account.email) is not None:
        raise InvalidInput("email", "error.email_taken")
    if account.password is not None:
        check_password(account.password, account.email, account.name)
    row = User(
        email=account.email,
        name=account.name,
        role=account.role,
        active=True,
        created_at=uow.now(),
        password_hash=hash_password(account.password) if account.password else None,
    )
    uow.users.add(row)
    uow.flush()
    audit.record(uow, actor, "user.create", subject=f"user:{row.id}", role=account.role.value)
    view = account_view(row)
    uow.commit()
    return view


def update_account(
    actor: Actor, uow: UnitOfWork, user_id: int, *, role: Role | None = None, active: bool | None = None,
    password: str | None = None,
) -> AccountView:
    """Change a user's role, deactivate or reactivate them, or set a new password (administrators only).

    Deactivating a user ends every session they have; so does a new password.
    """
    access.require_admin(actor)
    row = uow.users.get(user_id)
    if row is None:
        raise NotFound(f"user {user_id}")
    if user_id == actor.user_id and (active is False or (role is not None and role is not Role.ADMIN)):
        raise InvalidInput("role", "error.keep_own_admin")
    losing_admin = row.role == Role.ADMIN and row.active and (active is False or (role is not None and role is not Role.ADMIN))
    if losing_admin:
        lock_administrators(uow)
    changed = []
    if role is not None and role != row.role:
        row.role = role
        changed.append("role")
    if active is not None and active != row.active:
        row.active = active
        changed.append("active")
    if password is not None:
        check_password(password, row.email, row.name)
        row.password_hash = hash_password(password)
        row.failed_sign_ins, row.locked_until = 0, None
        changed.append("password")
    if "active" in changed or "role" in changed:
        row.managed_by_import = False  # an administrator's decision: no later import undoes it
    if "active" in changed or "password" in changed or "role" in changed:
        sessions.revoke_all(uow, row.id)
    if losing_admin:
        _keep_an_administrator(uow)
    audit.record(uow, actor, "user.update", subject=f"user:{row.id}", fields=changed)
    view = account_view(row)
    uow.commit()
    return view


def lock_administrators(uow: UnitOfWork) -> None:
    """Lock the active administrators' rows (PostgreSQL) so two demotions cannot both see the other one."""
    uow.users.lock_active_administrators()


def _keep_an_administrator(uow: UnitOfWork) -> None:
    """Refuse (and undo) a change that leaves no active administrator.

    Checked after the change is written, inside its transaction: on SQLite the write lock, on PostgreSQL
    the row locks of `lock_administrators`, keep a concurrent demotion from passing the same check.
    """
    uow.flush()
    if not has_active_administrator(uow):
        uow.rollback()
        raise InvalidInput("role", "error.last_admin")


def set_own_language(actor: Actor, uow: UnitOfWork, language: str) -> None:
    """The actor's choice of language, kept with their account so every tab and sign-in opens in it."""
    if language not in ("da", "en"):
        raise InvalidInput("language", "error.invalid")
    user = uow.users.get(actor.user_id)
    if user is None:
        raise NotFound(f"user {actor.user_id}")
    if user.language != language:
        user.language = language
        uow.commit()


def set_own_reminders(actor: Actor, uow: UnitOfWork, on: bool) -> None:
    """Whether the actor gets reminders by mail (a self-assessment due soon); other mails always go."""
    user = uow.users.get(actor.user_id)
    if user is None:
        raise NotFound(f"user {actor.user_id}")
    if user.reminders != on:
        user.reminders = on
        audit.record(uow, actor, "user.reminders", subject=f"user:{actor.user_id}", on=on)
        uow.commit()
