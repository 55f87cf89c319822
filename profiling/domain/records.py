"""What the tool keeps beside the assessments: sign-in sessions and attempts, the audit log, the content
snapshots conversations were run with, and the target profiles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(eq=False, kw_only=True)
class LoginSession:
    """A signed-in browser: the cookie carries the token, the database only its hash."""

    id: int = field(init=False)
    user_id: int
    # The token the signed-in browser tab holds, and the one in its HttpOnly cookie (which survives a reload).
    token_hash: str | None = None
    cookie_hash: str | None = None
    # A one-time code that the browser exchanges for the session cookie right after sign-in.
    handoff_hash: str | None = None
    handoff_expires_at: datetime | None = None
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None


@dataclass(eq=False, kw_only=True)
class SignInAttempt:
    """A failed sign-in, kept briefly to throttle guessing per client."""

    id: int = field(init=False)
    client: str
    at: datetime


@dataclass(eq=False, kw_only=True)
class AuditEvent:
    """Who did or read what, when, about which person. Append-only; holds no names or notes."""

    id: int = field(init=False)
    at: datetime
    actor_id: int | None = None
    actor_role: str
    action: str
    person_id: int | None = None
    subject: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(eq=False, kw_only=True)
class Snapshot:
    """The exact content of a framework or guide an interview was run with, stored once per content hash."""

    id: int = field(init=False)
    kind: str
    object_id: str
    version: str = ""
    content_hash: str
    content: dict[str, Any]
    created_at: datetime


@dataclass(eq=False, kw_only=True)
class TargetProfile:
    """A named, versioned target profile: target level and weight per competence of one framework."""

    id: int = field(init=False)
    name: str
    version: int = 1
    framework_id: str
    levels: dict[str, Any]
    created_at: datetime
