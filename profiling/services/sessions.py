"""Browser sessions: a tab token, a signed cookie for reloads, idle and absolute expiry, sign-out.

A sign-in creates a login session. The browser tab that signed in holds one token; a one-time handoff
code lets the browser fetch a second token as a signed, HttpOnly cookie, so a reload keeps the user
signed in. The database stores only hashes of tokens and codes. Every page run checks the session:
idle timeout, absolute expiry, revocation (sign-out) and whether the user is still active.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from profiling.domain.records import LoginSession
from profiling.persistence.changes import user_scope
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import audit
from profiling.services.actors import Actor
from profiling.services.system import account_actor, actor_of

HANDOFF_SECONDS = 120
LAST_SEEN_RESOLUTION = timedelta(seconds=60)
COOKIE_NAME = "profilsamtale_session"


def digest(value: str) -> str:
    """The stored form of a token, code or client address (SHA-256, hex)."""
    return hashlib.sha256(value.encode()).hexdigest()


def open_session(uow: UnitOfWork, user_id: int, max_hours: int) -> tuple[str, str]:
    now = uow.now()
    token, code = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    uow.login_sessions.add(
        LoginSession(
            user_id=user_id,
            token_hash=digest(token),
            handoff_hash=digest(code),
            handoff_expires_at=now + timedelta(seconds=HANDOFF_SECONDS),
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=max_hours),
        )
    )
    return token, code


def exchange_handoff(uow: UnitOfWork, code: str) -> str | None:
    """The cookie token for a one-time handoff code (used once, within two minutes); None otherwise."""
    session = uow.login_sessions.by_handoff(digest(code))
    now = uow.now()
    if session is None or session.revoked_at is not None or _aware(session.handoff_expires_at) < now:
        return None
    cookie_token = secrets.token_urlsafe(32)
    session.cookie_hash = digest(cookie_token)
    session.handoff_hash = None
    session.handoff_expires_at = None
    uow.commit()
    return cookie_token


@dataclass(frozen=True)
class Resumed:
    """A session found good: its user, and what of the session a later run can check without the database."""

    actor: Actor
    last_seen_at: datetime
    expires_at: datetime

    @property
    def scope(self) -> str:
        """What moves when the user's account or one of their sessions changes (a sign-out, a new role)."""
        return user_scope(self.actor.user_id)

    def holds(self, now: datetime, idle_minutes: int) -> bool:
        """Whether the session, as it was read, is still good at `now` with no visit to record yet - provided
        `scope`'s mark has not moved since: then a run needs no lookup of its own."""
        return now < self.expires_at and now - self.last_seen_at < min(LAST_SEEN_RESOLUTION, timedelta(minutes=idle_minutes))


def resume(uow: UnitOfWork, token: str | None, idle_minutes: int) -> Actor | None:
    """The actor of a session token (tab or cookie), if the session is still good; else None."""
    resumed = resume_session(uow, token, idle_minutes)
    return None if resumed is None else resumed.actor


def resume_session(uow: UnitOfWork, token: str | None, idle_minutes: int) -> Resumed | None:
    """The session of a token (tab or cookie), if it is still good; else None.

    Revoked, expired, idle too long or a deactivated user all end the session. A visit is recorded at most once
    per LAST_SEEN_RESOLUTION.
    """
    if not token:
        return None
    found = uow.login_sessions.of_token(digest(token))
    now = uow.now()
    if found is None or found.revoked_at is not None:
        return None
    ended = found.expires_at <= now or found.last_seen_at + timedelta(minutes=idle_minutes) <= now or not found.active
    seen = now - found.last_seen_at >= LAST_SEEN_RESOLUTION
    if ended or seen:  # a write: through the session's row, so the unit of work knows what it changed
        session = uow.login_sessions.one(found.session_id)
        if ended:
            session.revoked_at = now
        else:
            session.last_seen_at = now
        uow.commit()
        if ended:
            return None
    actor = account_actor(found.user_id, found.name, found.role, found.email, found.language, found.reminders)
    return Resumed(actor, now if seen else found.last_seen_at, found.expires_at)


def sign_out(uow: UnitOfWork, token: str | None) -> None:
    """End the session this token belongs to (tab and cookie alike)."""
    if not token:
        return
    session = uow.login_sessions.by_token(digest(token))
    if session is not None and session.revoked_at is None:
        session.revoked_at = uow.now()
        user = uow.users.get(session.user_id)
        audit.record(uow, actor_of(user) if user else None, "auth.sign_out", subject=f"user:{session.user_id}")
        uow.commit()


def revoke_all(uow: UnitOfWork, user_id: int) -> None:
    """End every session of a user (deactivated, new password, new role)."""
    for session in uow.login_sessions.of_user(user_id):
        if session.revoked_at is None:
            session.revoked_at = uow.now()


def sign_cookie(token: str, key: bytes) -> str:
    """The cookie value: the token and its HMAC, so a tampered cookie is refused before any lookup."""
    signature = base64.urlsafe_b64encode(hmac.new(key, token.encode(), hashlib.sha256).digest()).decode().rstrip("=")
    return f"{token}.{signature}"


def read_cookie(value: str | None, key: bytes) -> str | None:
    """The token in a signed cookie value, or None if it is missing or its signature does not match."""
    if not value or "." not in value or not value.isascii():  # ours are ASCII; anything else is simply not ours
        return None
    token, _, _signature = value.rpartition(".")
    return token if hmac.compare_digest(sign_cookie(token, key), value) else None


def _aware(value: datetime | None) -> datetime:
    assert value is not None  # stored times come back aware (UtcDateTime)
    return value
