"""The frame around every page: page config, who is signed in, the menu for their role, the sidebar."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from profiling.ui import auth, runtime
from profiling.ui.i18n import LANGUAGE_KEY, t
from profiling.ui.navigation import ALL_PAGES, PAGES_BY_ROLE, build_navigation

# A local icon: a material-symbol icon would make every browser fetch it from Google.
ICON = Path(__file__).parent / "assets" / "icon.png"


def _language_switch() -> None:
    st.session_state.setdefault(LANGUAGE_KEY, "da")
    st.segmented_control(
        t("app.language"),
        options=["da", "en"],
        format_func=lambda code: {"da": "Dansk", "en": "English"}[code],
        key=LANGUAGE_KEY,
        required=True,
    )


def run() -> None:
    """Check who is signed in on every run; show the sign-in screen or the requested page."""
    st.set_page_config(page_title="Profilsamtale", page_icon=str(ICON), layout="wide")
    runtime.engine()
    actor = auth.current_actor()
    st.session_state[auth.ACTOR_KEY] = actor
    if actor is None:
        # Every page stays addressable, so the URL (page and ids) is still there after sign-in.
        build_navigation(ALL_PAGES, hidden=True)
        with st.sidebar:
            _language_switch()
        auth.sign_in_screen()
        return
    page = build_navigation(PAGES_BY_ROLE[actor.role])
    with st.sidebar:
        st.caption(t("app.signed_in_as", name=actor.name, role=t(f"role.{actor.role.value}")))
        if not auth.sso_configured() and st.button(t("auth.sign_out"), icon=":material/logout:"):
            auth.sign_out()
        elif auth.sso_configured() and st.button(t("auth.sign_out"), icon=":material/logout:"):
            st.logout()
        _language_switch()
    page.run()
