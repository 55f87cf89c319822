"""What a page builds from its reads (a chart, a table), kept for this browser session while the reads are
the same objects: `runtime.read` hands out the object it kept until the data changes, so a rerun (a click,
a chart toggle, a tab) draws nothing twice. Kept per signed-in user and role, for the last few charts."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

import streamlit as st

from profiling.ui import runtime

Model = TypeVar("Model")
STORE_KEY = "read_models"
KEPT = 24  # charts and tables, per browser session; the least recently used goes first


def built_from(name: Hashable, *sources: object, build: Callable[[], Model]) -> Model:
    """`build()` - a chart or table made from reads - or what it returned for the same `name` from these very
    `sources` objects in this browser session.

    `runtime.read` returns the object it kept while the data is unchanged, so what is built from it is built
    once; a new read (another user's save) or another `name` (say, with another language in it) builds it
    again.
    """
    actor = runtime.actor()
    store: dict[Hashable, tuple[tuple[object, ...], object]] = st.session_state.setdefault(STORE_KEY, {})
    key = (name, actor.user_id, actor.role)
    kept = store.pop(key, None)
    if kept is not None and len(kept[0]) == len(sources) and all(a is b for a, b in zip(kept[0], sources, strict=True)):
        store[key] = kept  # the most recently used goes last
        return kept[1]  # type: ignore[return-value]
    value = build()
    store[key] = (sources, value)
    while len(store) > KEPT:
        store.pop(next(iter(store)))
    return value
