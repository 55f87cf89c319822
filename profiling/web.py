"""HTTP routes beside the Streamlit app: they set and clear the HttpOnly sign-in cookie.

Streamlit's own pages cannot set cookies, so right after a sign-in the page sends the browser to
/auth/complete with a one-time code; this route swaps the code for a session cookie (signed, HttpOnly,
SameSite=Lax, expiring) and sends the browser back to where it was.

Neither route acts on a request another site made (login and logout CSRF). The one-time code is split:
the URL carries its first part, and the page's own script puts the rest in a short-lived SameSite=Strict
cookie of this site just before it navigates. Another site can link to /auth/complete with its own
code's first part, but cannot put the rest into the victim's browser, so the code is incomplete there.
Sign-out works the same way with a one-time value the page sets as a cookie and sends in the URL.
Browsers that say where a request comes from (Sec-Fetch-Site) must say "same-origin".
"""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from profiling import bootstrap
from profiling.services import sessions
from profiling.settings import Settings

COMPLETE_PATH = "/auth/complete"
SIGN_OUT_PATH = "/auth/signout"
AUTH_PATH = "/auth"
HANDOFF_COOKIE = "profilsamtale_handoff"  # the second part of a one-time code, set by the page's script
SIGN_OUT_COOKIE = "profilsamtale_signout"  # a one-time value for sign-out, set by the page's script
URL_PART = 22  # characters of a one-time code that travel in the URL


def _settings() -> Settings:
    return bootstrap.application().settings


def safe_next(value: str | None) -> str:
    """A place in this app to return to: a local path (with its query), never another site."""
    if not value:
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def _exchange(code: str) -> str | None:
    with bootstrap.application().unit_of_work() as uow:
        return sessions.exchange_handoff(uow, code)


def _sign_out(token: str | None) -> None:
    with bootstrap.application().unit_of_work() as uow:
        sessions.sign_out(uow, token)


def split_code(code: str) -> tuple[str, str]:
    """(the part for the URL, the part for the page's SameSite=Strict cookie) of a one-time code."""
    return code[:URL_PART], code[URL_PART:]


def _same_origin(request: Request) -> bool:
    """False for a request the browser says another site made; True where it says nothing (older browsers)."""
    return request.headers.get("sec-fetch-site", "same-origin") == "same-origin"


def _redirect(to: str, *cookies: str) -> RedirectResponse:
    response = RedirectResponse(to, status_code=303)
    for name in cookies:
        response.delete_cookie(name, path=AUTH_PATH)
    response.headers["Cache-Control"] = "no-store"
    return response


async def complete_sign_in(request: Request) -> Response:
    """Swap a one-time code for the sign-in cookie, then go back to the page the user was on."""
    settings = _settings()
    response = _redirect(safe_next(request.query_params.get("next")), HANDOFF_COOKIE)
    rest = request.cookies.get(HANDOFF_COOKIE, "")
    if not (_same_origin(request) and rest):
        return response
    token = await run_in_threadpool(_exchange, request.query_params.get("code", "") + rest)
    if token is not None:
        response.set_cookie(
            sessions.COOKIE_NAME,
            sessions.sign_cookie(token, settings.signing_key()),
            max_age=settings.session_max_hours * 3600,
            httponly=True,
            samesite="lax",
            secure=settings.secure_cookie or request.url.scheme == "https",
            path="/",
        )
    return response


async def sign_out(request: Request) -> Response:
    """End the cookie's session on the server and remove the cookie: only when the app's own page asked."""
    response = _redirect("/", SIGN_OUT_COOKIE)
    nonce, expected = request.query_params.get("nonce", ""), request.cookies.get(SIGN_OUT_COOKIE, "")
    if not (_same_origin(request) and nonce and expected and nonce.isascii() and expected.isascii()
            and hmac.compare_digest(nonce, expected)):
        return response
    token = sessions.read_cookie(request.cookies.get(sessions.COOKIE_NAME), _settings().signing_key())
    await run_in_threadpool(_sign_out, token)
    response.delete_cookie(sessions.COOKIE_NAME, path="/")
    return response


def routes() -> list[BaseRoute]:
    """The routes to mount beside Streamlit."""
    return [Route(COMPLETE_PATH, complete_sign_in), Route(SIGN_OUT_PATH, sign_out)]


def keep_the_server_offline() -> None:
    """A tool holding personal data asks no outside host anything: Streamlit would ask Amazon's checkip service
    for the machine's external address at start (for a printed "External URL") and when a page is opened from
    an address it does not know (a fallback of its origin check). The answer is: there is none. Deployments name
    their address with `browser.serverAddress` or `server.corsAllowedOrigins` (docs/privacy.md)."""
    from streamlit import net_util

    net_util.get_external_ip = lambda: None  # replaced before the server first asks
