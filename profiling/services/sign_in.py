"""Signing in: with e-mail and password (throttled per client, accounts locked after repeated failures), or as
a user who proved who they are elsewhere (single sign-on, the first-start screen)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

from profiling.domain.records import SignInAttempt
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import audit, passwords, sessions
from profiling.services.errors import ServiceError
from profiling.services.system import actor_of

MAX_FAILED_SIGN_INS = 5
LOCK_MINUTES = 15
CLIENT_WINDOW_MINUTES = 15
CLIENT_MAX_FAILURES = 20
# A refused sign-in answers no sooner than this after it began: a password hash made with costlier parameters
# than today's (PROFILING_PASSWORD_HASHING lowered; rehashed only as its owner signs in) takes longer to check
# than the dummy an unknown e-mail is checked against, and the time must not tell which accounts exist.
REFUSAL_SECONDS = 0.3


class SignInRefused(ServiceError):
    """A sign-in that did not succeed; `message_key` says why (never which part was wrong)."""

    def __init__(self, message_key: str) -> None:
        self.message_key = message_key
        super().__init__(message_key)


def client_key(address: str | None) -> str:
    """A client as the throttle knows it: a hash of its address (no IP addresses are stored)."""
    return sessions.digest(f"client:{address or 'unknown'}")[:32]


def sign_in(uow: UnitOfWork, email: str, password: str, client: str, max_hours: int) -> tuple[str, str]:
    """Check e-mail and password; returns (tab token, one-time handoff code for the cookie).

    One message for every refusal (wrong e-mail, wrong password, locked account) and the same argon2 work
    in each case, so neither the answer nor its timing tells whether an account exists. Five failures lock
    the account for 15 minutes: every attempt is counted atomically *before* the password is checked, so
    a burst of parallel guesses gets at most five checks. Twenty failures from one client in 15 minutes
    throttle that client, counted the same way: each attempt is recorded (and committed) before it is
    counted, so the n-th of any number of parallel attempts sees at least n - a burst gets at most twenty
    checks; a successful sign-in takes its record back. The password is hashed outside any write transaction.
    """
    began = time.monotonic()
    now = uow.now()
    window = now - timedelta(minutes=CLIENT_WINDOW_MINUTES)
    uow.sign_in_attempts.forget_before(window)
    attempt_record = SignInAttempt(client=client, at=now)
    uow.sign_in_attempts.add(attempt_record)
    uow.commit()
    if uow.sign_in_attempts.failures_since(client, window) > CLIENT_MAX_FAILURES:
        uow.rollback()
        raise SignInRefused("error.sign_in_throttled")
    user = uow.users.by_email(email.strip())
    attempt = uow.users.count_attempt(user.id, now) if user is not None and user.active and user.password_hash else None
    checkable = attempt is not None and attempt <= MAX_FAILED_SIGN_INS
    password_hash = user.password_hash if checkable and user is not None else None
    uow.commit()  # the attempt is counted; no lock is held while argon2 works
    if not passwords.verify(password_hash, password) or user is None:
        _record_failure(uow, user.id if attempt is not None and user is not None else None, attempt, now)
        time.sleep(max(0.0, began + REFUSAL_SECONDS - time.monotonic()))
        raise SignInRefused("error.sign_in_failed")
    new_hash = passwords.hash_password(password) if passwords.needs_rehash(password_hash or "") else None
    values: dict[str, Any] = {"failed_sign_ins": 0, "locked_until": None, "last_sign_in_at": now}
    if new_hash is not None:
        values["password_hash"] = new_hash
    uow.users.set_values(user.id, **values)
    uow.sign_in_attempts.forget(attempt_record.id)  # a success is no failure of the client's
    result = sessions.open_session(uow, user.id, max_hours)
    audit.record(uow, actor_of(user), "auth.sign_in", subject=f"user:{user.id}")
    uow.commit()
    return result


def _record_failure(uow: UnitOfWork, user_id: int | None, attempt: int | None, now: datetime) -> None:
    """The account's side of a failure (the client's attempt is recorded already): lock after the fifth."""
    if user_id is not None and attempt is not None:
        if attempt >= MAX_FAILED_SIGN_INS:
            uow.users.set_values(user_id, locked_until=now + timedelta(minutes=LOCK_MINUTES), failed_sign_ins=0)
            audit.record(uow, None, "auth.locked", subject=f"user:{user_id}")
        audit.record(uow, None, "auth.sign_in_failed", subject=f"user:{user_id}")
        uow.commit()


def sign_in_as(uow: UnitOfWork, email: str, max_hours: int, how: str) -> tuple[str, str]:
    """A session for a user who proved who they are elsewhere (single sign-on, the first-start screen, the
    demo's administrator): (tab token, one-time handoff code). Refused for an unknown or inactive account."""
    user = uow.users.by_email(email)
    if user is None or not user.active:
        raise SignInRefused("error.sign_in_failed")
    user.last_sign_in_at = uow.now()
    result = sessions.open_session(uow, user.id, max_hours)
    audit.record(uow, actor_of(user), "auth.sign_in", subject=f"user:{user.id}", via=how)
    uow.commit()
    return result
