"""The idle sign-out warns first and lets the user stay (WCAG 2.2.1); when it comes, the sign-in screen says why."""

from __future__ import annotations

import time

from streamlit.testing.v1 import AppTest

from profiling.services import sessions
from tests.app.conftest import session_token, units


def watcher(token: str, minutes_idle: float) -> AppTest:
    """The idle watcher alone, in a tab whose user was last active `minutes_idle` ago (a 30-minute limit)."""

    def script(token: str, minutes_idle: float) -> None:
        import time

        import streamlit as st

        from profiling.ui import auth, idle

        if idle.ACTIVE_AT not in st.session_state:  # the first run: the tab as it stood, long untouched
            st.session_state[auth.TOKEN_KEY] = token
            st.session_state[idle.ACTIVE_AT] = st.session_state[idle.TOUCHED_AT] = time.time() - minutes_idle * 60
        if auth.IDLE_ENDED not in st.session_state:  # signed out: the app would show the sign-in screen now
            idle.watch(30)

    return AppTest.from_function(script, args=(token, minutes_idle), default_timeout=30)


def test_a_user_active_a_minute_ago_sees_no_warning(demo_database):
    app = watcher(session_token(demo_database, "mette.soerensen@eksempelby.example"), 1).run()
    assert not app.exception
    assert not app.warning and not app.button


def test_five_minutes_before_the_idle_sign_out_a_warning_offers_to_stay_signed_in(demo_database):
    app = watcher(session_token(demo_database, "mette.soerensen@eksempelby.example"), 26).run()
    assert not app.exception
    assert app.warning[0].value.startswith("Du bliver logget ud om ca. 3 minutter")
    assert [b.label for b in app.button] == ["Bliv logget ind"]


def test_when_the_time_is_up_the_session_ends_on_the_server_and_the_sign_in_screen_will_say_why(demo_database):
    token = session_token(demo_database, "mette.soerensen@eksempelby.example")
    app = watcher(token, 29.5).run()
    assert not app.exception
    with units(demo_database)() as uow:
        assert sessions.resume(uow, token, 30) is None  # revoked, not merely left to run out
    assert app.session_state["signed_out_for_inactivity"] is True


def test_the_warning_counts_on_the_safe_side_of_the_servers_once_a_minute_clock():
    from profiling.ui import idle

    now = time.time()
    assert idle.seconds_left(now, now, 30) == 30 * 60 - 60
    assert idle.seconds_left(now, now - 29 * 60, 30) == 0
