"""Accounts and sign-in: argon2id passwords, throttling and lock-out, browser sessions, single sign-on mapping.

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
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Annotated, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, ConfigDict, EmailStr, StringConstraints
from sqlalchemy import delete, func, or_, select

from profiling.persistence.rows import LoginSessionRow, SignInAttemptRow, UserRow
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import audit
from profiling.services.actors import Actor, Role
from profiling.services.errors import AccessDenied, InvalidInput, NotFound, ServiceError
from profiling.services.inputs import NAME_MAX, validate_input
from profiling.services.system import actor_of
from profiling.services.views import View

PASSWORD_MIN = 12
MAX_FAILED_SIGN_INS = 5
LOCK_MINUTES = 15
CLIENT_WINDOW_MINUTES = 15
CLIENT_MAX_FAILURES = 20
HANDOFF_SECONDS = 120
LAST_SEEN_RESOLUTION = timedelta(seconds=60)
COOKIE_NAME = "profilsamtale_session"

# The most used passwords (in Danish and English) and their obvious variants; a password that is one of
# these, or built on the person's own name or e-mail, is refused.
COMMON_PASSWORDS = frozenset(
    {
        "123456789012", "1234567890123", "password1234", "password12345", "passwordpassword", "qwertyuiopas",
        "qwerty123456", "qwertyuiop123", "iloveyou1234", "welcome12345", "adminadmin12", "administrator",
        "letmein12345", "abcdefghijkl", "abc123456789", "111111111111", "000000000000", "trustno1trustno1",
        "sommerfugl123", "kodeord12345", "kodeordkodeord", "adgangskode1", "adgangskode12", "hejmeddig123",
        "velkommen123", "velkommen1234", "danmark12345", "danmark123456", "sommer202425", "vinter202425",
        "profilsamtale", "profilsamtale1", "borgerservice", "borgerservice1", "kommune12345", "medarbejder1",
        "fodbold12345", "mitpassword1", "mitkodeord123", "passw0rd1234", "p@ssw0rd1234", "changeme1234",
    }
)

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


class SignInRefused(ServiceError):
    """A sign-in that did not succeed; `message_key` says why (never which part was wrong)."""

    def __init__(self, message_key: str) -> None:
        self.message_key = message_key
        super().__init__(message_key)


class AccountView(View):
    """A user account as the administrator sees it."""

    id: int
    email: str
    name: str
    role: Role
    active: bool
    has_password: bool
    locked_until: datetime | None
    last_sign_in_at: datetime | None


class AccountInput(BaseModel):
    """What an administrator types to create a user."""

    model_config = ConfigDict(extra="forbid")

    email: EmailStr
    name: Annotated[str, StringConstraints(min_length=1, max_length=NAME_MAX)]
    role: Role
    password: str | None = None


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def client_key(address: str | None) -> str:
    """A client as the throttle knows it: a hash of its address (no IP addresses are stored)."""
    return _digest(f"client:{address or 'unknown'}")[:32]


def check_password(password: str, email: str = "", name: str = "") -> None:
    """InvalidInput (field 'password') unless the password is long enough and not a common one."""
    if len(password) < PASSWORD_MIN:
        raise InvalidInput("password", "error.password_short", min=PASSWORD_MIN)
    lowered = password.lower()
    personal = {email.lower(), email.split("@")[0].lower(), *(part.lower() for part in name.split() if len(part) > 3)}
    if lowered in COMMON_PASSWORDS or any(p and p in lowered and len(p) >= len(lowered) - 4 for p in personal):
        raise InvalidInput("password", "error.password_common")
    if len(set(lowered)) < 4:
        raise InvalidInput("password", "error.password_common")


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def _verify(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        _hasher.hash(password)  # the same work as a real check, so timing does not tell which accounts exist
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def account_view(row: UserRow) -> AccountView:
    return AccountView(
        id=row.id, email=row.email, name=row.name, role=Role(row.role), active=row.active,
        has_password=row.password_hash is not None, locked_until=row.locked_until, last_sign_in_at=row.last_sign_in_at,
    )


def needs_first_administrator(uow: UnitOfWork) -> bool:
    """Whether no active administrator exists yet (the first-start screen then asks for one)."""
    query = select(UserRow.id).where(UserRow.role == Role.ADMIN, UserRow.active.is_(True)).limit(1)
    return uow.session.scalar(query) is None


def create_user(actor: Actor | None, uow: UnitOfWork, data: Mapping[str, Any]) -> AccountView:
    """A new account. Administrators create users; with no administrator yet, anyone creates the first one."""
    first = needs_first_administrator(uow)
    if actor is None or not actor.is_admin:
        if not first:
            raise AccessDenied("only administrators create users")
    account = validate_input(AccountInput, {**data, "password": data.get("password") or None})
    if first and account.role is not Role.ADMIN and (actor is None or not actor.is_admin):
        raise InvalidInput("role", "error.first_user_admin")
    if uow.users.by_email(account.email) is not None:
        raise InvalidInput("email", "error.email_taken")
    if account.password is not None:
        check_password(account.password, account.email, account.name)
    row = UserRow(
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


def list_accounts(actor: Actor, uow: UnitOfWork) -> list[AccountView]:
    """Every account (administrators only)."""
    if not actor.is_admin:
        raise AccessDenied("only administrators manage users")
    return [account_view(u) for u in uow.users.all()]


def update_account(
    actor: Actor, uow: UnitOfWork, user_id: int, *, role: Role | None = None, active: bool | None = None,
    password: str | None = None,
) -> AccountView:
    """Change a user's role, deactivate or reactivate them, or set a new password (administrators only).

    Deactivating a user ends every session they have; so does a new password.
    """
    if not actor.is_admin:
        raise AccessDenied("only administrators manage users")
    row = uow.users.get(user_id)
    if row is None:
        raise NotFound(f"user {user_id}")
    if user_id == actor.user_id and (active is False or (role is not None and role is not Role.ADMIN)):
        raise InvalidInput("role", "error.keep_own_admin")
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
    if "active" in changed or "password" in changed or "role" in changed:
        _revoke_all(uow, row.id)
    audit.record(uow, actor, "user.update", subject=f"user:{row.id}", fields=changed)
    view = account_view(row)
    uow.commit()
    return view


def _revoke_all(uow: UnitOfWork, user_id: int) -> None:
    for session in uow.session.scalars(select(LoginSessionRow).where(LoginSessionRow.user_id == user_id)):
        if session.revoked_at is None:
            session.revoked_at = uow.now()


def sign_in(uow: UnitOfWork, email: str, password: str, client: str, max_hours: int) -> tuple[str, str]:
    """Check e-mail and password; returns (tab token, one-time handoff code for the cookie).

    Refused with the same message whether the e-mail or the password was wrong. Five failures lock the
    account for 15 minutes; twenty failures from one client in 15 minutes throttle that client.
    """
    now = uow.now()
    window = now - timedelta(minutes=CLIENT_WINDOW_MINUTES)
    uow.session.execute(delete(SignInAttemptRow).where(SignInAttemptRow.at < window))
    failures = uow.session.scalar(
        select(func.count()).select_from(SignInAttemptRow).where(SignInAttemptRow.client == client)
    )
    if failures >= CLIENT_MAX_FAILURES:
        uow.commit()
        raise SignInRefused("error.sign_in_throttled")
    user = uow.users.by_email(email.strip())
    if user is not None and user.locked_until is not None and _aware(user.locked_until) > now:
        uow.commit()
        raise SignInRefused("error.sign_in_locked")
    if user is None or not _verify(user.password_hash, password) or not user.active:
        uow.session.add(SignInAttemptRow(client=client, at=now))
        if user is not None:
            user.failed_sign_ins += 1
            if user.failed_sign_ins >= MAX_FAILED_SIGN_INS:
                user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                user.failed_sign_ins = 0
                audit.record(uow, None, "auth.locked", subject=f"user:{user.id}")
            audit.record(uow, None, "auth.sign_in_failed", subject=f"user:{user.id}")
        uow.commit()
        raise SignInRefused("error.sign_in_failed")
    if _hasher.check_needs_rehash(user.password_hash or ""):
        user.password_hash = hash_password(password)
    user.failed_sign_ins, user.locked_until, user.last_sign_in_at = 0, None, now
    result = _open_session(uow, user, max_hours)
    audit.record(uow, actor_of(user), "auth.sign_in", subject=f"user:{user.id}")
    uow.commit()
    return result


def sign_in_as(uow: UnitOfWork, user: UserRow, max_hours: int, how: str) -> tuple[str, str]:
    """A session for a user who proved who they are elsewhere (single sign-on, or the first-start screen)."""
    if not user.active:
        raise SignInRefused("error.sign_in_failed")
    user.last_sign_in_at = uow.now()
    result = _open_session(uow, user, max_hours)
    audit.record(uow, actor_of(user), "auth.sign_in", subject=f"user:{user.id}", via=how)
    uow.commit()
    return result


def _open_session(uow: UnitOfWork, user: UserRow, max_hours: int) -> tuple[str, str]:
    now = uow.now()
    token, code = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    uow.session.add(
        LoginSessionRow(
            user_id=user.id,
            token_hash=_digest(token),
            handoff_hash=_digest(code),
            handoff_expires_at=now + timedelta(seconds=HANDOFF_SECONDS),
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=max_hours),
        )
    )
    return token, code


def exchange_handoff(uow: UnitOfWork, code: str) -> str | None:
    """The cookie token for a one-time handoff code (used once, within two minutes); None otherwise."""
    session = uow.session.scalar(select(LoginSessionRow).where(LoginSessionRow.handoff_hash == _digest(code)))
    now = uow.now()
    if session is None or session.revoked_at is not None or _aware(session.handoff_expires_at) < now:
        return None
    cookie_token = secrets.token_urlsafe(32)
    session.cookie_hash = _digest(cookie_token)
    session.handoff_hash = None
    session.handoff_expires_at = None
    uow.commit()
    return cookie_token


def resume(uow: UnitOfWork, token: str | None, idle_minutes: int) -> Actor | None:
    """The actor of a session token (tab or cookie), if the session is still good; else None.

    Checked on every page run: revoked, expired, idle too long or a deactivated user all end the session.
    """
    if not token:
        return None
    digest = _digest(token)
    session = uow.session.scalar(
        select(LoginSessionRow).where(or_(LoginSessionRow.token_hash == digest, LoginSessionRow.cookie_hash == digest))
    )
    now = uow.now()
    if session is None or session.revoked_at is not None:
        return None
    if _aware(session.expires_at) <= now or _aware(session.last_seen_at) + timedelta(minutes=idle_minutes) <= now:
        session.revoked_at = now
        uow.commit()
        return None
    user = uow.users.get(session.user_id)
    if user is None or not user.active:
        session.revoked_at = now
        uow.commit()
        return None
    if now - _aware(session.last_seen_at) >= LAST_SEEN_RESOLUTION:
        session.last_seen_at = now
        uow.commit()
    return actor_of(user)


def sign_out(uow: UnitOfWork, token: str | None) -> None:
    """End the session this token belongs to (tab and cookie alike)."""
    if not token:
        return
    digest = _digest(token)
    session = uow.session.scalar(
        select(LoginSessionRow).where(or_(LoginSessionRow.token_hash == digest, LoginSessionRow.cookie_hash == digest))
    )
    if session is not None and session.revoked_at is None:
        session.revoked_at = uow.now()
        user = uow.users.get(session.user_id)
        audit.record(uow, actor_of(user) if user else None, "auth.sign_out", subject=f"user:{session.user_id}")
        uow.commit()


def sign_cookie(token: str, key: bytes) -> str:
    """The cookie value: the token and its HMAC, so a tampered cookie is refused before any lookup."""
    signature = base64.urlsafe_b64encode(hmac.new(key, token.encode(), hashlib.sha256).digest()).decode().rstrip("=")
    return f"{token}.{signature}"


def read_cookie(value: str | None, key: bytes) -> str | None:
    """The token in a signed cookie value, or None if it is missing or its signature does not match."""
    if not value or "." not in value:
        return None
    token, _, _signature = value.rpartition(".")
    return token if hmac.compare_digest(sign_cookie(token, key), value) else None


def resolve_single_sign_on(uow: UnitOfWork, claims: Mapping[str, Any], role_claim: str = "roles") -> Actor | None:
    """The actor for an identity from the OpenID Connect provider, or None for an unknown e-mail.

    The e-mail (or preferred_username / upn) must belong to an active user; an unknown e-mail never
    gets an account. Roles come from the provider's app-role claim when it names one of ours
    (Profilsamtale.Admin, .Manager, .Recruiter, .Employee - the highest wins), else from the database.
    """
    email = next((str(claims[k]) for k in ("email", "preferred_username", "upn") if claims.get(k)), None)
    if not email:
        return None
    user = uow.users.by_email(email)
    if user is None or not user.active:
        return None
    claimed = claims.get(role_claim) or []
    if isinstance(claimed, str):
        claimed = [claimed]
    mapped = [role for role in Role if f"profilsamtale.{role.value}".lower() in {str(c).lower() for c in claimed}]
    if mapped:
        strongest = min(mapped, key=list(Role).index)  # Role lists the strongest first
        if user.role != strongest:
            user.role = strongest
            audit.record(uow, None, "user.role_from_provider", subject=f"user:{user.id}", role=strongest.value)
    uow.commit()
    return actor_of(user)


def _aware(value: datetime | None) -> datetime:
    assert value is not None  # stored times come back aware (UtcDateTime)
    return value
