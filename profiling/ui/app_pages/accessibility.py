"""The accessibility statement (tilgængelighedserklæring), in the form the Agency for Digital Government asks
for: status, what does not conform and why, how it was prepared, how to report a problem, enforcement.

Public: the sign-in screen links to it, so it needs no signed-in user.
"""

from datetime import date

import streamlit as st

from profiling import formatting
from profiling.ui import runtime
from profiling.ui.i18n import language, t
from profiling.ui.widgets import escape

# The day the statement was last prepared (reviewed with each version: docs/accessibility.md).
PREPARED = date(2026, 12, 2)

settings = runtime.settings()
lang = language()

st.title(t("a11y.title"), anchor=False)
organisation = escape(settings.organisation_name) if settings.organisation_name else t("a11y.organisation_default")
st.markdown(t("a11y.intro", organisation=organisation))
for part in ("status", "conforms", "gaps"):
    st.subheader(t(f"a11y.{part}_heading"), anchor=False)
    st.markdown(t(f"a11y.{part}"))
st.subheader(t("a11y.method_heading"), anchor=False)
st.markdown(t("a11y.method", date=formatting.day(PREPARED, lang)))
st.subheader(t("a11y.feedback_heading"), anchor=False)
contact = escape(settings.accessibility_contact) if settings.accessibility_contact else t("a11y.contact_default")
st.markdown(t("a11y.feedback", contact=contact))
st.subheader(t("a11y.enforcement_heading"), anchor=False)
st.markdown(t("a11y.enforcement"))
