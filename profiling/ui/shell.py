"""The frame around every page: page config, sidebar (language, user), navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from profiling.ui import runtime
from profiling.ui.i18n import LANGUAGE_KEY, t
from profiling.ui.navigation import ALL_PAGES, build_navigation

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
    """Render the sidebar and the current page."""
    st.set_page_config(page_title="Profilsamtale", page_icon=str(ICON), layout="wide")
    runtime.engine()
    actor = runtime.actor()
    page = build_navigation(ALL_PAGES)
    with st.sidebar:
        st.caption(t("app.signed_in_as", name=actor.name, role=t(f"role.{actor.role.value}")))
        _language_switch()
    page.run()
