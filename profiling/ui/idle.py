"""Signing out after inactivity, with a warning first (WCAG 2.2.1 Timing Adjustable).

The server ends a session after `session_idle_minutes` without a page run (profiling.services.sessions).
A small fragment checks every half minute: five minutes before the end it says so and offers to stay
signed in; at the end it signs the tab out, and the sign-in screen says why. Nothing typed is lost either
way: notes being typed are kept as drafts in the browser (assets/page.js) and come back after sign-in.
"""

from __future__ import annotations

import math
import time

import streamlit as st

from profiling.services.sessions import LAST_SEEN_RESOLUTION
from profiling.ui import auth
from profiling.ui.i18n import t

ACTIVE_AT = "idle_active_at"  # when the user last did something (a page run or a saved answer)
TOUCHED_AT = "idle_touched_at"  # when the server last heard of it (a full page run)
CHECK_SECONDS = 30
WARN_SECONDS = 5 * 60


def seconds_left(now: float, active_at: float, idle_minutes: int) -> float:
    """Seconds until the server ends the session, on the safe side: the server records activity at most
    once per LAST_SEEN_RESOLUTION, so its clock may have started that much earlier than ours."""
    return idle_minutes * 60 - (now - active_at) - LAST_SEEN_RESOLUTION.total_seconds()


def note_activity(*, heard_by_server: bool = False) -> None:
    """The user did something: a full page run (which the server records), or an answer saved in a fragment."""
    now = time.time()
    st.session_state[ACTIVE_AT] = now
    if heard_by_server:
        st.session_state[TOUCHED_AT] = now


@st.fragment(run_every=CHECK_SECONDS)
def watch(idle_minutes: int) -> None:
    """Warn before the idle sign-out and offer to stay; sign out when the time is up."""
    active_at = st.session_state.get(ACTIVE_AT)
    if active_at is None:
        return
    if active_at - st.session_state.get(TOUCHED_AT, 0.0) >= LAST_SEEN_RESOLUTION.total_seconds():
        # Work done only in fragments (rating question after question) never reached the server's clock.
        auth.current_actor()
        st.session_state[TOUCHED_AT] = active_at
    left = seconds_left(time.time(), active_at, idle_minutes)
    if left <= 0:
        auth.end_idle_session()
        st.rerun(scope="app")
    if left <= WARN_SECONDS:
        st.warning(t("auth.idle_warning", count=max(1, math.ceil(left / 60))), icon=":material/timer:")
        if st.button(t("auth.stay_signed_in"), icon=":material/more_time:", type="primary", key="idle_stay"):
            st.rerun(scope="app")  # a full run: the server records the activity
