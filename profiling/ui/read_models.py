"""What a page builds from its reads (a chart, a table), kept while the reads are the same objects: `runtime.read`
hands out the object it kept until the data changes, so a rerun (a click, a chart toggle, a tab) draws nothing
twice. Kept per browser session for the last few charts, and per server process for the user's other sessions
(`runtime.read` gives a user's new tab the very objects their other tab read, so its charts are not drawn again)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import streamlit as st

from profiling.reads.query import role_of
from profiling.ui import runtime
from profiling.ui.widgets import as_table

Model = TypeVar("Model")
STORE_KEY = "read_models"
KEPT = 24  # charts and tables, per browser session; the least recently used goes first
SHARED = 256  # charts and tables, per server process, for a user's other sessions


def built_from(name: Hashable, *sources: object, build: Callable[[], Model], same_for_role: bool = False) -> Model:
    """`build()` - a chart or table made from reads - or what it returned for the same `name` from these very
    `sources` objects in this browser session or another session of the same user.

    `runtime.read` returns the object it kept while the data is unchanged, so what is built from it is built
    once; a new read (another user's save) or another `name` (say, with another language in it) builds it
    again. Never shared between two users, or between one user's two roles or languages - unless
    `same_for_role`: `build` uses nothing of the actor but what `name` holds; then everyone of the actor's role
    who holds these very sources (handed to them by reads declared the same for their role) gets what it built.
    """
    actor = runtime.actor()
    key = (name, actor.user_id, actor.role)
    kept = runtime.recall(STORE_KEY, key)
    if kept is None or not _same(kept[0], sources):  # type: ignore[arg-type]
        holder = (name, role_of(actor) if same_for_role else actor)
        kept = _shared.get(holder)
        if kept is None or not _same(kept[0], sources):  # type: ignore[arg-type]
            kept = (sources, build())
            _shared.put(holder, kept)
        runtime.remember(STORE_KEY, key, kept, KEPT)
    return kept[1]  # type: ignore[return-value]


def _same(built_with: tuple[object, ...], sources: tuple[object, ...]) -> bool:
    return len(built_with) == len(sources) and all(a is b for a, b in zip(built_with, sources, strict=True))


_shared = runtime.ProcessStore(SHARED)


def table(
    name: Hashable, *sources: object, rows: Callable[[], list[dict[str, Any]]], same_for_role: bool = False, **options: Any
) -> Any:
    """`st.dataframe` of `rows()` - made from these `sources` - as an Arrow table built once for them (see
    `built_from`, also for `same_for_role`): given the rows, Streamlit would convert them to pandas and then to
    Arrow on every run. `name` holds whatever else the rows depend on (the language, a choice). Returns what
    `st.dataframe` does."""
    return st.dataframe(built_from(name, *sources, build=lambda: as_table(rows()), same_for_role=same_for_role), **options)
