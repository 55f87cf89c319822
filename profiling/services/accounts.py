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
from functools import lru_cache
from typing import Annotated, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, ConfigDict, EmailStr, StringConstraints
from sqlalchemy import delete, func, or_, select, update
from zxcvbn import zxcvbn

from profiling.persistence.rows import LoginSessionRow, SignInAttemptRow, UserRow
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import access, audit
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

# Words a Danish municipal user is likely to build a password on; zxcvbn knows English words, names and
# keyboard patterns, these add what it does not (it also gets the user's own name and e-mail).
DANISH_PASSWORD_WORDS = (
    "velkommen", "kodeord", "adgangskode", "password", "sommer", "vinter", "foraar", "efteraar", "januar",
    "december", "kommune", "borgerservice", "borger", "profilsamtale", "profil", "samtale", "eksempelby", "demo",
    "danmark", "dansk", "kobenhavn", "koebenhavn", "aarhus", "odense", "aalborg", "tonder", "hejmeddig", "hejsa",
    "kaerlighed", "elskerdig", "fodbold", "sommerfugl", "hest", "hund", "kat", "mormor", "farfar", "medarbejder",
    "leder", "admin", "administrator", "rekruttering", "hemmelig", "hemmeligt", "skole", "julemand", "jul",
    "paaske", "rodgrod", "flode", "hygge", "mandag", "fredag", "weekend",
)
PASSWORD_MIN_SCORE = 3  # zxcvbn 0-4: 3 is "safely unguessable" (about 10^8 guesses and more)
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
    """InvalidInput (field 'password') unless the password is long enough and hard to guess.

    Strength is estimated with zxcvbn (dictionaries, names, keyboard patterns, repeats, dates), given
    Danish password words and the person's own name and e-mail.
    """
    if len(password) < PASSWORD_MIN:
        raise InvalidInput("password", "error.password_short", min=PASSWORD_MIN)
    personal = [email, email.split("@")[0], *email.split("@")[0].replace(".", " ").split(), *name.split()]
    estimate = zxcvbn(password[:100], user_inputs=[*DANISH_PASSWORD_WORDS, *(p for p in personal if p)])
    if estimate["score"] < PASSWORD_MIN_SCORE:
        raise InvalidInput("password", "error.password_common")


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def _verify(password_hash: str | None, password: str) -> bool:
    """Check a password; without a hash, the same argon2 work against a dummy, so timing tells nothing."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def account_view(row: UserRow) -> AccountView:
    return AccountView(
        id=row.id, email=row.email, name=row.name, role=Role(row.role), active=row.active,
        has_password=row.password_hash is not None, locked_until=row.locked_until, last_sign_in_at=row.last_sign_in_at,
    )


def first_start_open(uow: UnitOfWork) -> bool:
    """Whether the database is new: no user and no person. Only then may anyone create the first administrator."""
    return uow.session.scalar(select(UserRow.id).limit(1)) is None and uow.people.any() is False


def has_active_administrator(uow: UnitOfWork) -> bool:
    """Whether any active administrator exists."""
    query = select(UserRow.id).where(UserRow.role == Role.ADMIN, UserRow.active.is_(True)).limit(1)
    return uow.session.scalar(query) is not None


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
    access.require_admin(actor)
    return [account_view(u) for u in uow.users.all()]


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
        _lock_administrators(uow)
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
    if losing_admin:
        _keep_an_administrator(uow)
    audit.record(uow, actor, "user.update", subject=f"user:{row.id}", fields=changed)
    view = account_view(row)
    uow.commit()
    return view


def _lock_administrators(uow: UnitOfWork) -> None:
    """Lock the active administrators' rows (PostgreSQL) so two demotions cannot both see the other one."""
    uow.session.scalars(
        select(UserRow.id).where(UserRow.role == Role.ADMIN, UserRow.active.is_(True)).with_for_update()
    ).all()


def _keep_an_administrator(uow: UnitOfWork) -> None:
    """Refuse (and undo) a change that leaves no active administrator.

    Checked after the change is written, inside its transaction: on SQLite the write lock, on PostgreSQL
    the row locks of `_lock_administrators`, keep a concurrent demotion from passing the same check.
    """
    uow.flush()
    if not has_active_administrator(uow):
        uow.rollback()
        raise InvalidInput("role", "error.last_admin")


def _revoke_all(uow: UnitOfWork, user_id: int) -> None:
    for session in uow.session.scalars(select(LoginSessionRow).where(LoginSessionRow.user_id == user_id)):
        if session.revoked_at is None:
            session.revoked_at = uow.now()


def sign_in(uow: UnitOfWork, email: str, password: str, client: str, max_hours: int) -> tuple[str, str]:
    """Check e-mail and password; returns (tab token, one-time handoff code for the cookie).

    One message for every refusal (wrong e-mail, wrong password, locked account) and the same argon2 work
    in each case, so neither the answer nor its timing tells whether an account exists. Five failures lock
    the account for 15 minutes: every attempt is counted atomically *before* the password is checked, so
    a burst of parallel guesses gets at most five checks. Twenty failures from one client in 15 minutes
    throttle that client. The password is hashed outside any write transaction.
    """
    now = uow.now()
    window = now - timedelta(minutes=CLIENT_WINDOW_MINUTES)
    failures = uow.session.scalar(
        select(func.count()).select_from(SignInAttemptRow).where(
            SignInAttemptRow.client == client, SignInAttemptRow.at >= window
        )
    )
    if failures >= CLIENT_MAX_FAILURES:
        uow.rollback()
        raise SignInRefused("error.sign_in_throttled")
    user = uow.users.by_email(email.strip())
    attempt = _count_attempt(uow, user.id, now) if user is not None and user.active and user.password_hash else None
    checkable = attempt is not None and attempt <= MAX_FAILED_SIGN_INS
    password_hash = user.password_hash if checkable and user is not None else None
    uow.commit()  # the attempt is counted; no lock is held while argon2 works
    if not _verify(password_hash, password) or user is None:
        _record_failure(uow, client, now, window, user.id if attempt is not None and user is not None else None, attempt)
        raise SignInRefused("error.sign_in_failed")
    new_hash = hash_password(password) if _hasher.check_needs_rehash(password_hash or "") else None
    values: dict[str, Any] = {"failed_sign_ins": 0, "locked_until": None, "last_sign_in_at": now}
    if new_hash is not None:
        values["password_hash"] = new_hash
    uow.session.execute(
        update(UserRow).where(UserRow.id == user.id).values(**values).execution_options(synchronize_session=False)
    )
    result = _open_session(uow, user, max_hours)
    audit.record(uow, actor_of(user), "auth.sign_in", subject=f"user:{user.id}")
    uow.commit()
    return result


def _count_attempt(uow: UnitOfWork, user_id: int, now: datetime) -> int | None:
    """Count one more attempt on an account that is not locked, atomically; its number, or None if locked."""
    statement = (
        update(UserRow)
        .where(UserRow.id == user_id, or_(UserRow.locked_until.is_(None), UserRow.locked_until <= now))
        .values(failed_sign_ins=UserRow.failed_sign_ins + 1)
        .returning(UserRow.failed_sign_ins)
        .execution_options(synchronize_session=False)
    )
    return uow.session.execute(statement).scalar_one_or_none()


def _record_failure(
    uow: UnitOfWork, client: str, now: datetime, window: datetime, user_id: int | None, attempt: int | None
) -> None:
    uow.session.execute(delete(SignInAttemptRow).where(SignInAttemptRow.at < window))
    uow.session.add(SignInAttemptRow(client=client, at=now))
    if user_id is not None and attempt is not None:
        if attempt >= MAX_FAILED_SIGN_INS:
            uow.session.execute(
                update(UserRow)
                .where(UserRow.id == user_id)
                .values(locked_until=now + timedelta(minutes=LOCK_MINUTES), failed_sign_ins=0)
                .execution_options(synchronize_session=False)
            )
            audit.record(uow, None, "auth.locked", subject=f"user:{user_id}")
        audit.record(uow, None, "auth.sign_in_failed", subject=f"user:{user_id}")
    uow.commit()


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
    found = uow.session.execute(  # the session and its user in one statement: this runs on every page run
        select(LoginSessionRow, UserRow)
        .join(UserRow, UserRow.id == LoginSessionRow.user_id)
        .where(or_(LoginSessionRow.token_hash == digest, LoginSessionRow.cookie_hash == digest))
    ).first()
    now = uow.now()
    if found is None or found[0].revoked_at is not None:
        return None
    session, user = found
    if _aware(session.expires_at) <= now or _aware(session.last_seen_at) + timedelta(minutes=idle_minutes) <= now:
        session.revoked_at = now
        uow.commit()
        return None
    if not user.active:
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
    if not value or "." not in value or not value.isascii():  # ours are ASCII; anything else is simply not ours
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
            demoted_admin = user.role == Role.ADMIN
            if demoted_admin:
                _lock_administrators(uow)
            user.role = strongest
            if demoted_admin:
                uow.flush()
                if not has_active_administrator(uow):  # the provider never removes the last administrator
                    uow.rollback()
                    user = uow.users.get(user.id)
                    assert user is not None
                    return actor_of(user)
            audit.record(uow, None, "user.role_from_provider", subject=f"user:{user.id}", role=strongest.value)
    uow.commit()
    return actor_of(user)


def _aware(value: datetime | None) -> datetime:
    assert value is not None  # stored times come back aware (UtcDateTime)
    return value
