"""Who is using this browser tab: sign-in (local accounts or single sign-on), sessions, sign-out, first start."""

from __future__ import annotations

import functools
import json
import secrets
from urllib.parse import quote, urlencode, urlsplit

import streamlit as st

from profiling.services import account_invitations, accounts, demo, sessions, sign_in, single_sign_on
from profiling.services.actors import Actor
from profiling.services.errors import InvalidInput, ServiceError
from profiling.services.sign_in import SignInRefused
from profiling.ui import runtime
from profiling.ui.i18n import language, t
from profiling.ui.navigation import statement_link
from profiling.ui.widgets import call, error_message, escape, field_error
from profiling.web import (
    AUTH_PATH,
    COMPLETE_PATH,
    HANDOFF_COOKIE,
    HOST_PREFIX,
    SIGN_OUT_COOKIE,
    SIGN_OUT_PATH,
    read_cookie,
    split_code,
)

TOKEN_KEY = "auth_token"
ACTOR_KEY = "actor"


@functools.cache
def sso_configured() -> bool:
    """Whether single sign-on (st.login with an OpenID Connect provider) is set up in secrets.toml.

    Read once per server process (without a secrets file Streamlit would look for one on every call):
    restart the server after changing secrets.toml, as for any other setting.
    """
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all means no single sign-on
        return False


def _cookie_token() -> str | None:
    try:
        value = read_cookie(st.context.cookies, sessions.COOKIE_NAME, runtime.settings())
    except Exception:  # noqa: BLE001 - no browser connection (e.g. a bare script run)
        return None
    return sessions.read_cookie(value, runtime.settings().signing_key())


def current_actor() -> Actor | None:
    """The signed-in user of this tab, checked on every run; None if nobody is.

    A run asks the database only when the account or one of its sessions changed since the last check (a mark
    read in the run's one lookup of marks), when a visit is due to be recorded, or when the session ran out."""
    settings = runtime.settings()
    if sso_configured():
        if not st.user.get("is_logged_in"):
            return None
        with runtime.unit_of_work() as uow:
            return single_sign_on.resolve_single_sign_on(uow, st.user.to_dict(), settings.sso_role_claim)
    token = st.session_state.get(TOKEN_KEY) or _cookie_token()
    if not token:
        st.session_state.pop(TOKEN_KEY, None)
        return None
    # The session as last found good in this process - by this tab, or by another tab or a reload of the same
    # browser (the same token) - holds while its user's mark stays and no visit is due: one statement checks it.
    key = sessions.digest(token)
    found = runtime.found_sessions()
    kept: tuple[sessions.Resumed, tuple[int, ...] | None] | None = found.get(key)
    with runtime.application().unit_of_work() as uow:
        stamp = None
        if kept is not None:
            # Read before the session is (the marks first, then the data): a change in between is seen next run.
            stamp = runtime.user_marks(uow, kept[0].actor, kept[0].scope)
            if stamp == kept[1] and kept[0].holds(uow.now(), settings.session_idle_minutes):
                return kept[0].actor
        resumed = sessions.resume_session(uow, token, settings.session_idle_minutes)
        if uow.moved:  # a visit recorded, or the session ended
            runtime.forget_marks()
        if resumed is not None:  # e.g. the session's first run: the marks of the reads its other tabs built
            runtime.look_up_marks_for(uow, resumed.actor)
    if resumed is None:
        found.forget(key)
        st.session_state.pop(TOKEN_KEY, None)
        return None
    found.put(key, (resumed, stamp))
    return resumed.actor


def _location() -> str:
    """This page's path and query, to come back to after the cookie is set."""
    try:
        path = urlsplit(st.context.url or "/").path or "/"
    except Exception:  # noqa: BLE001
        path = "/"
    query = urlencode(st.query_params.to_dict())
    return path + (f"?{query}" if query else "")


# Signing out forgets the drafts of notes kept in this browser (profiling/ui/assets/page.js): the next person at
# a shared computer finds none. (Being signed out for inactivity keeps them: see end_idle_session.)
FORGET_DRAFTS = (
    "Object.keys(localStorage).filter((k) => k.startsWith('profilsamtale.draft.'))"
    ".forEach((k) => localStorage.removeItem(k));"
)


def _go(url: str, cookie: tuple[str, str], label: str, before: str = "") -> None:
    """Send the browser to one of the app's own routes (a URL we built; nothing typed by a user).

    The script first sets `cookie` (name, value: values we generated) as a short-lived SameSite=Strict
    cookie of this site; the route acts only when it arrives together with the URL (see profiling.web).
    """
    name, value = cookie
    # Over HTTPS the cookie is a __Host- one (only this host may set it, for the whole site; see profiling.web).
    plain = f"{name}={value}; Path={AUTH_PATH}; Max-Age=120; SameSite=Strict"
    hosted = f"{HOST_PREFIX}{name}={value}; Path=/; Max-Age=120; SameSite=Strict; Secure"
    script = before + (
        f"document.cookie = location.protocol === 'https:' ? {json.dumps(hosted)} : {json.dumps(plain)};"
        f"window.location.replace({json.dumps(url)});"
    )
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)
    st.caption(label)
    st.stop()


def _signed_in(token: str, code: str) -> None:
    st.session_state[TOKEN_KEY] = token
    in_url, in_cookie = split_code(code)
    _go(f"{COMPLETE_PATH}?code={quote(in_url)}&next={quote(_location())}", (HANDOFF_COOKIE, in_cookie), t("auth.redirecting"))


def sign_out() -> None:
    """End this session everywhere (tab and cookie) and clear the cookie."""
    _end_session()
    nonce = secrets.token_urlsafe(24)
    _go(f"{SIGN_OUT_PATH}?nonce={nonce}&lang={language()}", (SIGN_OUT_COOKIE, nonce), t("auth.redirecting"), before=FORGET_DRAFTS)


IDLE_ENDED = "signed_out_for_inactivity"


def end_idle_session() -> None:
    """Sign this tab out after inactivity. The drafts of notes stay in the browser, and after sign-in the
    same page (its address is kept) opens with them."""
    _end_session()
    st.session_state[IDLE_ENDED] = True


def _end_session() -> None:
    """End this tab's session on the server (tab token or cookie) and forget it in the tab."""
    token = st.session_state.get(TOKEN_KEY) or _cookie_token()
    with runtime.unit_of_work() as uow:
        sessions.sign_out(uow, token)
    if token:
        runtime.found_sessions().forget(sessions.digest(token))
    for key in (TOKEN_KEY, ACTOR_KEY):
        st.session_state.pop(key, None)


def _client() -> str:
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001
        address = None
    return sign_in.client_key(address)


def _single_sign_on_screen() -> None:
    st.title(t("auth.title"))
    if st.user.get("is_logged_in"):
        # Signed in with the provider, but the e-mail belongs to no active user here.
        st.warning(t("auth.unknown_user", email=escape(str(st.user.get("email", "")))), icon=":material/person_off:")
        if st.button(t("auth.sign_out")):
            st.logout()
        return
    st.write(t("auth.sso_body"))
    if st.button(t("auth.sso_button"), type="primary", icon=":material/login:"):
        st.login()


DEMO_LOADED = "demo_loaded"


def _first_start_screen() -> None:
    st.title(t("auth.first_start_title"))
    st.write(t("auth.first_start_body"))
    settings = runtime.settings()
    left, right = st.columns(2, gap="large")
    if settings.demo_offered:
        with left.container(border=True):
            st.subheader(t("auth.demo_title"), anchor=False)
            st.write(t("overview.empty.body"))
            if st.button(t("overview.empty.load_demo"), type="primary", icon=":material/auto_awesome:"):
                with st.spinner(t("overview.empty.loading")), runtime.unit_of_work() as uow:
                    loaded = call(lambda: demo.load_demo(None, uow, runtime.catalog()))
                if loaded is None:
                    st.stop()
                # No silent sign-in: the demo's accounts are shown on the sign-in screen, one per role.
                st.session_state[DEMO_LOADED] = True
                st.rerun()
    with right.container(border=True):
        st.subheader(t("auth.first_admin_title"), anchor=False)
        st.caption(t("auth.first_admin_body"))
        errors: dict[str, str] = st.session_state.setdefault("first_admin_errors", {})
        with st.form("first_admin"):
            name = st.text_input(t("person.name"), max_chars=120)
            field_error(errors, "name")
            email = st.text_input(t("person.email"), max_chars=254)
            field_error(errors, "email")
            password = st.text_input(t("auth.password"), type="password")
            repeated = st.text_input(t("auth.password_again"), type="password")
            field_error(errors, "password")
            submitted = st.form_submit_button(t("auth.create_admin"), type="primary")
        if submitted:
            errors.clear()
            if password != repeated:
                errors["password"] = t("error.password_mismatch")
                st.rerun()
            try:
                with runtime.unit_of_work() as uow:
                    created = accounts.create_user(None, uow, {"name": name, "email": email, "role": "admin", "password": password})
                with runtime.unit_of_work() as uow:
                    token, code = sign_in.sign_in_as(uow, created.email, settings.session_max_hours, "first-start")
            except InvalidInput as error:
                errors[error.field] = error_message(error)
                st.rerun()
            _signed_in(token, code)


def _set_password_screen(token: str) -> None:
    """The page an invitation's link opens: choose a password (once; the link then closes), then sign in."""
    st.title(t("auth.set_password_title"))
    with runtime.unit_of_work() as uow:
        open_link = account_invitations.link_is_open(uow, token)
    if not open_link:
        st.error(t("error.link_expired"), icon=":material/link_off:")
        return
    st.write(t("auth.set_password_body"))
    with st.form("set_password"):
        password = st.text_input(t("auth.password"), type="password", autocomplete="new-password", help=t("auth.password_rules"))
        repeated = st.text_input(t("auth.password_again"), type="password", autocomplete="new-password")
        submitted = st.form_submit_button(t("auth.set_password"), type="primary", icon=":material/key:")
    if submitted:
        if password != repeated:
            st.error(t("error.password_mismatch"))
            return
        try:
            with runtime.unit_of_work() as uow:
                email = account_invitations.set_password_with_link(uow, token, password)
        except InvalidInput as error:
            st.error(error_message(error))
            return
        del st.query_params[account_invitations.LINK_PARAMETER]  # the link is spent: not kept in the address
        st.session_state["password_set_for"] = email
        st.rerun()


def sign_in_screen() -> None:
    """Shown instead of the page when nobody is signed in; after sign-in the same page opens."""
    if token := st.query_params.get(account_invitations.LINK_PARAMETER):
        _set_password_screen(token)
        return
    if sso_configured():
        _single_sign_on_screen()
        return
    with runtime.unit_of_work() as uow:
        first = accounts.first_start_open(uow)
        shown = demo.demo_accounts(uow)
    if first:
        _first_start_screen()
        return
    st.title(t("auth.title"))
    if st.session_state.pop(IDLE_ENDED, False):
        st.info(t("auth.idle_signed_out", minutes=runtime.settings().session_idle_minutes), icon=":material/timer_off:")
    if st.session_state.pop(DEMO_LOADED, False):
        st.success(t("auth.demo_loaded"), icon=":material/check_circle:")
    if email_set := st.session_state.pop("password_set_for", None):
        st.success(t("auth.password_set", email=escape(email_set)), icon=":material/check_circle:")
    left, right = st.columns([2, 3], gap="large")
    with left:
        with st.form("sign_in"):
            email = st.text_input(t("person.email"), max_chars=254, autocomplete="username")
            password = st.text_input(t("auth.password"), type="password", autocomplete="current-password")
            submitted = st.form_submit_button(t("auth.sign_in"), type="primary", icon=":material/login:")
        if submitted:
            try:
                with runtime.unit_of_work() as uow:
                    token, code = sign_in.sign_in(
                        uow, email, password, _client(), runtime.settings().session_max_hours
                    )
            except SignInRefused as refused:
                st.error(t(refused.message_key), icon=":material/lock:")
            except ServiceError as error:
                st.error(error_message(error))
            else:
                _signed_in(token, code)
        statement_link()
    if shown:
        with right.container(border=True):
            st.markdown(f"**{t('auth.demo_accounts')}**")
            st.markdown(t("auth.demo_accounts_body", password=demo.DEMO_PASSWORD))
            # A plain table: every address whole (a data grid cut the e-mail column), and read as a table by
            # screen readers.
            st.table(
                [{t("person.name"): a.name, t("auth.role"): t(f"role.{a.role.value}"), t("person.email"): a.email} for a in shown],
                hide_index=True,
            )
