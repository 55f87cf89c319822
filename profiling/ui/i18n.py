"""The session's language and `t(key)`: every user-facing string goes through here."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

import streamlit as st

from profiling.domain.text import Language, LocalizedText
from profiling.i18n import translate

LANGUAGE_KEY = "language"

# The language of the script run on this thread, read from the session state once per run: a page asks
# for it in every `t()` (hundreds of times a run), and every session state lookup takes a lock.
_run_language: ContextVar[Language | None] = ContextVar("run_language", default=None)


def start_run() -> None:
    """Forget the language of the last run on this thread (the shell calls it first in every run)."""
    _run_language.set(None)


def language() -> Language:
    """The language this session shows: Danish unless the user switched."""
    current = _run_language.get()
    if current is None:
        current = st.session_state.get(LANGUAGE_KEY, "da")
        _run_language.set(current)
    return current


def t(key: str, **values: Any) -> str:
    """The message `key` in the session's language, with `values` filled in."""
    return translate(key, language(), **values)


def local(text: LocalizedText | None) -> str:
    """Questionnaire text in the session's language."""
    return "" if text is None else text.in_language(language())
