"""The session's language and `t(key)`: every user-facing string goes through here."""

from __future__ import annotations

from typing import Any

import streamlit as st

from profiling.domain.text import Language, LocalizedText
from profiling.i18n import translate

LANGUAGE_KEY = "language"


def language() -> Language:
    """The language this session shows: Danish unless the user switched."""
    return st.session_state.get(LANGUAGE_KEY, "da")


def t(key: str, **values: Any) -> str:
    """The message `key` in the session's language, with `values` filled in."""
    return translate(key, language(), **values)


def local(text: LocalizedText | None) -> str:
    """Questionnaire text in the session's language."""
    return "" if text is None else text.in_language(language())
