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

Over HTTPS every cookie carries the `__Host-` prefix (and Secure, Path=/): a browser takes such a cookie only
from this very host, so a sibling subdomain of the municipality cannot plant a handoff part, a sign-out value
or a session of its own - which a browser that sends no Sec-Fetch-Site would otherwise let through. When the
app is set to be served over HTTPS (`secure_cookie`), cookies without the prefix are not read at all.
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Mapping
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
HOST_PREFIX = "__Host-"  # a cookie only this host sets, over HTTPS, for the whole site


def is_secure(settings: Settings, scheme: str) -> bool:
    """Whether the app is served over HTTPS: set so (behind a proxy that ends TLS), or seen so."""
    return settings.secure_cookie or scheme == "https"


def cookie_name(name: str, secure: bool) -> str:
    """The name a cookie is set under: with the __Host- prefix over HTTPS."""
    return HOST_PREFIX + name if secure else name


def read_cookie(cookies: Mapping[str, str], name: str, settings: Settings) -> str | None:
    """A cookie of ours: the __Host- one if the browser sent it; the plain one only where the app is not set to
    be served over HTTPS (there, a plain one may come from a sibling subdomain)."""
    value = cookies.get(HOST_PREFIX + name)
    if value is None and not settings.secure_cookie:
        value = cookies.get(name)
    return value


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
        response.delete_cookie(HOST_PREFIX + name, path="/", secure=True)
    response.headers["Cache-Control"] = "no-store"
    return response


async def complete_sign_in(request: Request) -> Response:
    """Swap a one-time code for the sign-in cookie, then go back to the page the user was on."""
    settings = _settings()
    response = _redirect(safe_next(request.query_params.get("next")), HANDOFF_COOKIE)
    rest = read_cookie(request.cookies, HANDOFF_COOKIE, settings) or ""
    if not (_same_origin(request) and rest):
        return response
    token = await run_in_threadpool(_exchange, request.query_params.get("code", "") + rest)
    if token is not None:
        secure = is_secure(settings, request.url.scheme)
        response.set_cookie(
            cookie_name(sessions.COOKIE_NAME, secure),
            sessions.sign_cookie(token, settings.signing_key()),
            max_age=settings.session_max_hours * 3600,
            httponly=True,
            samesite="lax",
            secure=secure,
            path="/",
        )
    return response


async def sign_out(request: Request) -> Response:
    """End the cookie's session on the server and remove the cookie: only when the app's own page asked."""
    settings = _settings()
    # The sign-in screen that follows speaks the language the user had chosen.
    response = _redirect("/?lang=en" if request.query_params.get("lang") == "en" else "/", SIGN_OUT_COOKIE)
    nonce, expected = request.query_params.get("nonce", ""), read_cookie(request.cookies, SIGN_OUT_COOKIE, settings) or ""
    if not (_same_origin(request) and nonce and expected and nonce.isascii() and expected.isascii()
            and hmac.compare_digest(nonce, expected)):
        return response
    token = sessions.read_cookie(read_cookie(request.cookies, sessions.COOKIE_NAME, settings), settings.signing_key())
    await run_in_threadpool(_sign_out, token)
    response.delete_cookie(sessions.COOKIE_NAME, path="/")
    response.delete_cookie(HOST_PREFIX + sessions.COOKIE_NAME, path="/", secure=True)
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


def build_the_theme_once() -> None:
    """Streamlit's event loop builds a new-session message on every run of every session, with the [theme] options
    of six config sections, each section read under the global config lock; every message a script run sends reads
    a config option under that same lock. Under load the script threads queue for the lock (py-spy: 14 % of the
    profile page's script time at 20 sessions) and the event loop spends its time on the theme (about 8 %).

    The theme does not change while the server runs: each section's part of the message is built once per parsed
    configuration (Streamlit's own function, so the content is the same) and copied from then on. A newly parsed
    configuration (its options are a new object) builds them again. A Streamlit without that function is left as
    it is."""
    from streamlit import config
    from streamlit.runtime import app_session

    build = getattr(app_session, "_populate_theme_msg", None)
    if build is None or getattr(build, "built_once", False):  # another Streamlit (tests/app/test_server_theme.py)
        return
    parsed: list[object] = [None]  # the configuration the parts were built from
    built: dict[str, bytes] = {}

    def copy_theme(msg, section: str = "theme") -> None:  # type: ignore[no-untyped-def]
        options = config.get_config_options()
        if options is not parsed[0]:
            parsed[0] = options
            built.clear()
        if section not in built:
            fresh = type(msg)()
            build(fresh, section)
            built[section] = fresh.SerializeToString()
        if built[section]:  # merging nothing would still mark an unset section as present, unlike Streamlit
            msg.MergeFromString(built[section])

    copy_theme.built_once = True  # type: ignore[attr-defined]
    app_session._populate_theme_msg = copy_theme


def keep_compiled_pages_while_running() -> None:
    """Streamlit forgets every compiled page script whenever the last session disconnects, so the next sessions
    compile the app and the page again - under a lock every opening session waits for (py-spy, 20 sessions
    opening the administration page after all had left: 6 % of the server's time at that lock). That is the
    first minutes of every working day, when everyone opens the app after a night without sessions.

    The served app does not watch its files (`server.fileWatcherType = "none"`: restart after an update), so a
    compiled page stays right while the server runs: with that setting the scripts are kept. With a file watcher
    (development), Streamlit's own behaviour stays. A Streamlit without its script cache is left as it is."""
    from streamlit import config
    from streamlit.runtime.scriptrunner import script_cache

    cache = getattr(script_cache, "ScriptCache", None)
    forget = getattr(cache, "clear", None)
    if forget is None or getattr(forget, "kept_while_running", False):
        return

    def clear(self) -> None:  # type: ignore[no-untyped-def]
        if config.get_option("server.fileWatcherType") != "none":
            forget(self)

    clear.kept_while_running = True  # type: ignore[attr-defined]
    cache.clear = clear  # type: ignore[union-attr]


def hand_over_script_events_in_batches() -> None:
    """A script run hands each message it sends (and each of its other events) from its thread to the server's event
    loop: Streamlit schedules one event-loop callback per event, each waking the loop through its self-pipe and
    handing the interpreter's lock back and forth. A page of 40 elements paid that 40 times a run; with 20 sessions
    at once the loop's wake-ups crowd out the work (A/B on the rounds page, 20 sessions, 6 alternating runs: 16 %
    more reruns a second and a fifth less time to open, with the batches).

    Here a session's events queue up and one callback hands over all that are waiting, in the order they were sent;
    an event that fails is reported as Streamlit's loop reports a failed callback, and the others still go. A
    Streamlit without these methods is left as it is."""
    from streamlit.runtime.app_session import AppSession

    original = getattr(AppSession, "_on_scriptrunner_event", None)
    if original is None or getattr(original, "batched", False) or not all(
        hasattr(AppSession, name) for name in ("_handle_scriptrunner_event_on_event_loop", "_call_soon_on_event_loop")
    ):
        return

    def on_scriptrunner_event(self, sender, event, **details) -> None:  # type: ignore[no-untyped-def]
        batch: ScriptEvents = self.__dict__.setdefault("_profiling_script_events", ScriptEvents())
        if batch.add((sender, event, details)):
            self._call_soon_on_event_loop(lambda: batch.hand_over(self))

    on_scriptrunner_event.batched = True  # type: ignore[attr-defined]
    # Streamlit connects a session to its runs' events through a weak reference to the method's function: the
    # original stays referenced here, for a connection made before this runs.
    on_scriptrunner_event.original = original  # type: ignore[attr-defined]
    AppSession._on_scriptrunner_event = on_scriptrunner_event  # type: ignore[method-assign, assignment]


class ScriptEvents:
    """One session's script-run events waiting for the event loop, and whether a hand-over is already scheduled."""

    def __init__(self) -> None:
        self._waiting: list[tuple[object, object, dict[str, object]]] = []
        self._scheduled = False
        self._guard = threading.Lock()

    def add(self, event: tuple[object, object, dict[str, object]]) -> bool:
        """Queue an event; True when the caller is to schedule a hand-over (none is waiting to run)."""
        with self._guard:
            self._waiting.append(event)
            schedule, self._scheduled = not self._scheduled, True
        return schedule

    def hand_over(self, session) -> None:  # type: ignore[no-untyped-def]
        """On the event loop: handle the events waiting now, in order; those sent meanwhile in a next callback (the
        loop serves the other sessions in between)."""
        with self._guard:
            taken, self._waiting = self._waiting, []
        for sender, event, details in taken:
            try:
                session._handle_scriptrunner_event_on_event_loop(sender, event, **details)
            except Exception as error:  # noqa: BLE001 - as the loop reports a failed callback, and goes on
                session._event_loop.call_exception_handler(
                    {"message": "Exception in a script run's event", "exception": error}
                )
        with self._guard:
            more = bool(self._waiting)
            self._scheduled = more
        if more:
            session._call_soon_on_event_loop(lambda: self.hand_over(session))
