"""Signing up by mail: an administrator invites accounts (after an import, a team, everyone without a password) and
each gets a mail - a one-time link to set their password, or, with single sign-on, how to sign in.

The link's token is random (32 bytes), stored only as its SHA-256, single use, and expires after LINK_DAYS; a new
invitation closes the earlier links. The mail holds no assessment data.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection
from datetime import timedelta

from profiling.domain.mail import PasswordToken
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import access, audit, notifications
from profiling.services.actors import Actor
from profiling.services.errors import InvalidInput
from profiling.services.passwords import check_password, hash_password
from profiling.services.sessions import digest, revoke_all

LINK_DAYS = 7
LINK_PARAMETER = "set_password"


def invite_accounts(
    actor: Actor, uow: UnitOfWork, user_ids: Collection[int], base_url: str, single_sign_on: bool = False,
) -> int:
    """Queue an invitation mail to each active account among `user_ids` (one transaction: all or none); how many.
    Without single sign-on each mail carries a new one-time link to set the password (earlier links close)."""
    access.require_admin(actor)
    now = uow.now()
    users = [u for u in uow.users.all() if u.id in set(user_ids) and u.active]
    for user in users:
        if single_sign_on:
            notifications.notify(uow, user, "account_invitation", "", body="body_sso", url=base_url)
            continue
        for earlier in uow.password_tokens.open_for(user.id, now):
            earlier.used_at = now
        token = secrets.token_urlsafe(32)
        uow.password_tokens.add(PasswordToken(
            user_id=user.id, token_hash=digest(token), created_at=now, expires_at=now + timedelta(days=LINK_DAYS),
        ))
        notifications.notify(uow, user, "account_invitation", "",
                             link=f"{base_url.rstrip('/')}/?{LINK_PARAMETER}={token}", days=LINK_DAYS)
    audit.record(uow, actor, "account.invite", count=len(users), single_sign_on=single_sign_on)
    uow.commit()
    return len(users)


def link_is_open(uow: UnitOfWork, token: str) -> bool:
    """Whether a set-password link can still be used (the page shows the form, or says it has expired)."""
    row = uow.password_tokens.by_hash(digest(token))
    return row is not None and row.usable(uow.now())


def set_password_with_link(uow: UnitOfWork, token: str, password: str) -> str:
    """Set the password of the link's account (once; the link then closes, the account's other sessions end);
    the account's e-mail, to sign in with. InvalidInput when the link is unknown, used or expired, or the
    password is too weak."""
    now = uow.now()
    row = uow.password_tokens.by_hash(digest(token))
    user = uow.users.get(row.user_id) if row is not None else None
    if row is None or user is None or not row.usable(now) or not user.active:
        raise InvalidInput("link", "error.link_expired")
    check_password(password, user.email, user.name)
    user.password_hash = hash_password(password)
    user.failed_sign_ins, user.locked_until = 0, None
    row.used_at = now
    revoke_all(uow, user.id)
    audit.record(uow, None, "account.password_set_by_link", subject=f"user:{user.id}")
    uow.commit()
    return user.email
