"""The frame around every page: page config, who is signed in, the menu for their role, the sidebar."""

from __future__ import annotations

import base64
import json
import logging
import secrets
import traceback
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from pydantic import ValidationError

from profiling.bootstrap import is_database_fault
from profiling.reads import round_views
from profiling.services import accounts
from profiling.services.actors import Actor, Role
from profiling.ui import auth, idle, runtime
from profiling.ui.i18n import LANGUAGE_KEY, language, start_run, t
from profiling.ui.navigation import (
    ACCESSIBILITY,
    ALL_PAGES,
    COMMITTEE_PAGES,
    PAGES_BY_ROLE,
    PageSpec,
    build_navigation,
    in_menu,
    is_start,
    open_overview,
)
from profiling.ui.widgets import escape

# A local icon: a material-symbol icon would make every browser fetch it from Google.
ICON = Path(__file__).parent / "assets" / "icon.png"
# As a data URL, made once per process: given a file, Streamlit opens and registers it on every run.
ICON_URL = "data:image/png;base64," + base64.b64encode(ICON.read_bytes()).decode("ascii")
PAGE_HELPER = (Path(__file__).parent / "assets" / "page.js").read_text(encoding="utf-8")
PAGE_STYLE = (Path(__file__).parent / "assets" / "page.css").read_text(encoding="utf-8")
NO_MARKUP = str.maketrans({"<": "\\u003c"})  # a "<" in a JSON string, written so that no "<" is in the script
# The text areas that keep a draft in the browser while typed: those the app saves as they change.
DRAFTED_KEYS = r"^conv_\d+_.+_note$|^conv_outcome_\d+$"

log = logging.getLogger(__name__)


def _guarded(step: Callable[[], None]) -> None:
    """Run a step of the page; an unexpected error becomes one clear message and a server-side log line.

    The log names the error's type, an incident number and the code's stack, never the error's message
    or values (they may hold what a user typed). Streamlit's own stop and rerun pass through (they are
    not Exceptions).
    """
    try:
        step()
    except ValidationError as error:  # settings read at start-up: name the settings, not their values
        fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in error.errors())
        log.error("invalid configuration: %s", fields)
        st.error(t("error.configuration", fields=fields), icon=":material/settings_alert:")
    except Exception as error:  # noqa: BLE001 - the last line of defence before a traceback reaches the user
        incident = secrets.token_hex(4)
        stack = "".join(traceback.format_tb(error.__traceback__))
        log.error("unexpected %s (incident %s)\n%s", type(error).__name__, incident, stack)
        key = "error.database_unavailable" if is_database_fault(error) else "error.unexpected_incident"
        st.error(t(key, incident=incident), icon=":material/error:")


LANGUAGE_CHOICE = "language_choice"


def _language_switch(actor: Actor | None) -> None:
    """Dansk / English. The choice lives in a plain session key (a widget's own key is dropped in a run that
    does not draw it, e.g. one that switches page) and, for a signed-in user, with their account."""
    st.session_state.setdefault(LANGUAGE_CHOICE, language())
    st.segmented_control(
        t("app.language"),
        options=["da", "en"],
        format_func=lambda code: {"da": "Dansk", "en": "English"}[code],
        key=LANGUAGE_CHOICE,
        required=True,
        on_change=_language_chosen,
        args=(actor,),
    )


def _language_chosen(actor: Actor | None) -> None:
    chosen = st.session_state.get(LANGUAGE_CHOICE) or "da"
    st.session_state[LANGUAGE_KEY] = chosen
    start_run()  # the rest of this run speaks the new language
    if actor is None:  # before sign-in the address keeps it, so a reload does too
        st.query_params["lang"] = chosen
        return
    with runtime.unit_of_work() as uow:
        accounts.set_own_language(actor, uow, chosen)


def _settle_language(actor: Actor | None) -> None:
    """A new session starts in the user's own language, or before sign-in in the address's (?lang=en).

    A language chosen on the sign-in screen (in the address) comes along through the sign-in and becomes the
    user's own; the address then forgets it, so the account's choice rules from there on."""
    if LANGUAGE_KEY in st.session_state:
        return
    in_address = st.query_params.get("lang")
    wanted = in_address if actor is None else actor.language
    if actor is not None and in_address in ("da", "en"):
        del st.query_params["lang"]
        if in_address != actor.language:
            wanted = in_address
            with runtime.unit_of_work() as uow:
                accounts.set_own_language(actor, uow, in_address)
    st.session_state[LANGUAGE_KEY] = wanted if wanted in ("da", "en") else "da"
    start_run()


REFUSED = "refused_page"


def _say_why_not_here() -> None:
    """A page outside the user's role, opened by its address, lands on the overview: say why."""
    if st.session_state.pop(REFUSED, False):
        st.warning(t("error.page_not_yours"), icon=":material/block:")


def pages_for(actor: Actor) -> list[PageSpec]:
    """The menu of the actor's role; an employee on a round's hiring committee also has the rounds and the
    comparison (what they may see there is the policy's)."""
    pages = PAGES_BY_ROLE[actor.role]
    if actor.role is not Role.EMPLOYEE:
        return pages
    with runtime.unit_of_work() as uow:
        if not round_views.sits_on_a_committee(actor, uow):
            return pages
    wanted = {*pages, *COMMITTEE_PAGES}
    return [spec for spec in ALL_PAGES if spec in wanted]


def run() -> None:
    """Check who is signed in on every run; show the sign-in screen or the requested page."""
    start_run()
    st.set_page_config(page_title="Profilsamtale", page_icon=ICON_URL, layout="wide")
    _guarded(_run)


def _page_helper(actor: Actor | None) -> None:
    """The browser side of the page, one element: its language and the drafts of notes being typed
    (assets/page.js), and a visible keyboard focus (assets/page.css, which the script puts in the page's head).

    The one place the app runs its own script and style: Streamlit has no way to set <html lang>, to keep a
    draft across a reload or to draw a focus ring. Unchanged settings do not run the script again. The script may
    hold no "<" (Streamlit's sanitiser drops a script whose text looks like markup): the settings' is escaped.
    """
    with st.sidebar:
        st.html(_page_helper_markup(language(), actor.user_id if actor else None), unsafe_allow_javascript=True)


class _Markup(str):
    """Markup for st.html as it is: given a plain string, Streamlit dedents it on every call (the page helper's
    7 KB cost every run of every page 0.1 ms for that); an object's `_repr_html_` is taken as written."""

    def _repr_html_(self) -> str:
        return str(self)


def _page_helper_markup(lang: str, user_id: int | None) -> _Markup:
    """The page helper's element for a language and a user."""
    settings = {"lang": lang, "user": user_id, "drafts": DRAFTED_KEYS, "style": PAGE_STYLE}
    return _Markup(f"<script>window.profilsamtaleSettings = {json.dumps(settings).translate(NO_MARKUP)};\n{PAGE_HELPER}</script>")


def _run() -> None:
    runtime.application().refresh_statistics_if_due()
    actor = auth.current_actor()
    st.session_state[auth.ACTOR_KEY] = actor
    _settle_language(actor)
    _page_helper(actor)
    # Every page is addressable, signed in or not (so the URL, page and ids, is still there after sign-in).
    menu = pages_for(actor) if actor is not None else None
    page = build_navigation(menu)
    if actor is None:  # the sign-in screen, or the accessibility statement, which is public
        with st.sidebar:
            _language_switch(None)
        if page.url_path == ACCESSIBILITY.url_path:
            page.run()
        else:
            auth.sign_in_screen()
        return
    idle.note_activity(heard_by_server=True)
    if not in_menu(page) and not is_start(page):
        st.session_state[REFUSED] = True
        open_overview()
    _say_why_not_here()
    with st.sidebar:
        _account_menu(actor)
    if not auth.sso_configured():  # with single sign-on the provider's session decides
        idle.watch(runtime.settings().session_idle_minutes)
    page.run()


ACCOUNT_MENU = "account_menu"


def _account_menu(actor: Actor) -> None:
    """The signed-in user, as a menu in the sidebar: sign-out, the language and the mail reminders. Its content is
    drawn only once it is opened: four controls drawn on every run of every page cost a small page a sixth of
    its time."""
    menu = st.popover(f"{escape(actor.name)} ({t(f'role.{actor.role.value}')})", icon=":material/account_circle:",
                      key=ACCOUNT_MENU, on_change="rerun", width="stretch", help=t("app.account_menu"))
    if not menu.open:
        return
    with menu:
        leaving = st.button(t("auth.sign_out"), icon=":material/logout:")
        _language_switch(actor)
        st.toggle(t("app.reminders"), value=actor.reminders, key="reminders_choice", help=t("app.reminders_help"),
                  on_change=_reminders_chosen, args=(actor,))
    if leaving and auth.sso_configured():
        st.logout()
    elif leaving:
        auth.sign_out()  # its hand-over to the sign-out route is drawn in the sidebar, outside the menu


def _reminders_chosen(actor: Actor) -> None:
    with runtime.unit_of_work() as uow:
        accounts.set_own_reminders(actor, uow, bool(st.session_state.get("reminders_choice")))
