"""HTTP routes beside the Streamlit app: they set and clear the HttpOnly sign-in cookie.

Streamlit's own pages cannot set cookies, so right after a sign-in the page sends the browser to
/auth/complete with a one-time code; this route swaps the code for a session cookie (signed, HttpOnly,
SameSite=Lax, expiring) and sends the browser back to where it was.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from profiling.persistence.database import create_database_engine, session_factory
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import accounts
from profiling.settings import Settings

COMPLETE_PATH = "/auth/complete"
SIGN_OUT_PATH = "/auth/signout"


@lru_cache(maxsize=1)
def _settings() -> Settings:
    return Settings()


@lru_cache(maxsize=1)
def _sessions() -> sessionmaker[Session]:
    # One engine per server process for these routes (the pages have their own, cached by Streamlit).
    return session_factory(create_database_engine(_settings().effective_database_url))


def safe_next(value: str | None) -> str:
    """A place in this app to return to: a local path (with its query), never another site."""
    if not value:
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def _exchange(code: str) -> str | None:
    with UnitOfWork(_sessions()) as uow:
        return accounts.exchange_handoff(uow, code)


def _sign_out(token: str | None) -> None:
    with UnitOfWork(_sessions()) as uow:
        accounts.sign_out(uow, token)


async def complete_sign_in(request: Request) -> Response:
    """Swap a one-time code for the sign-in cookie, then go back to the page the user was on."""
    settings = _settings()
    token = await run_in_threadpool(_exchange, request.query_params.get("code", ""))
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    if token is not None:
        response.set_cookie(
            accounts.COOKIE_NAME,
            accounts.sign_cookie(token, settings.signing_key()),
            max_age=settings.session_max_hours * 3600,
            httponly=True,
            samesite="lax",
            secure=settings.secure_cookie or request.url.scheme == "https",
            path="/",
        )
    response.headers["Cache-Control"] = "no-store"
    return response


async def sign_out(request: Request) -> Response:
    """End the cookie's session on the server and remove the cookie."""
    token = accounts.read_cookie(request.cookies.get(accounts.COOKIE_NAME), _settings().signing_key())
    await run_in_threadpool(_sign_out, token)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(accounts.COOKIE_NAME, path="/")
    response.headers["Cache-Control"] = "no-store"
    return response


def routes() -> list[BaseRoute]:
    """The routes to mount beside Streamlit."""
    return [Route(COMPLETE_PATH, complete_sign_in), Route(SIGN_OUT_PATH, sign_out)]
