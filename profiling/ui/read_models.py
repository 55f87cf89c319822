"""What a page read, kept for this browser session until the data it shows changes.

A rerun (a click, a chart toggle, a tab) reads the version of the page's data - the change marks of the
person, team or round it shows, one small query - and uses the read model it kept when the version is
the same; another user's save moves the mark, so it is seen on the next run. Kept per signed-in user
and role, for the last few things this session looked at.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import streamlit as st

from profiling.services import versions
from profiling.services.versions import Version
from profiling.ui import runtime
from profiling.ui.widgets import call

Model = TypeVar("Model")
STORE_KEY = "read_models"
KEPT = 24  # read models and what was built from them, per browser session; the oldest goes first


def version_of_shared() -> Version:
    """The version of what every page shows (users, teams, target profiles, settings)."""
    with runtime.unit_of_work() as uow:
        return versions.of_shared(uow)


def version_of(person: int | None = None, team: int | None = None, round_: int | None = None, *,
               everything: bool = False) -> Version:
    """The version of the data of one person, team or round (or of everything)."""
    with runtime.unit_of_work() as uow:
        if person is not None:
            return versions.of_person(uow, person)
        if round_ is not None:
            return versions.of_round(uow, round_)
        if everything:
            return versions.of_everything(uow)
        return versions.of_team(uow, team)


def read(name: Hashable, version: Version, service: Callable[[Any], Model]) -> Model | None:
    """`service(uow)` in a unit of work of its own (a refusal shown as a message and None), or what it
    returned for the same `name` and `version` in this browser session.

    None is never kept, so a refusal's message shows on every run.
    """
    def run_service() -> Model | None:
        with runtime.unit_of_work() as uow:
            return call(lambda: service(uow))

    return _kept_or_made(name, lambda kept: kept == version, version, run_service)


def built_from(name: Hashable, *sources: object, build: Callable[[], Model]) -> Model:
    """`build()` - a chart or table made from read models - or what it returned for the same `name`
    from these very `sources` objects in this browser session.

    `read` returns the object it kept while the data is unchanged, so what is built from it is built
    once; a new read model (another user's save) or another `name` (say, with another language in it)
    builds it again.
    """

    def same(kept: tuple[object, ...]) -> bool:
        return len(kept) == len(sources) and all(a is b for a, b in zip(kept, sources, strict=True))

    return _kept_or_made(name, same, sources, build)  # type: ignore[return-value]


def _kept_or_made(name: Hashable, same: Callable[[Any], bool], stamp: object, make: Callable[[], Model | None]) -> Model | None:
    actor = runtime.actor()
    store: dict[Hashable, tuple[object, object]] = st.session_state.setdefault(STORE_KEY, {})
    key = (name, actor.user_id, actor.role)
    kept = store.pop(key, None)
    if kept is not None and same(kept[0]):
        store[key] = kept  # the most recently used goes last
        return kept[1]  # type: ignore[return-value]
    value = make()
    if value is not None:
        store[key] = (stamp, value)
        while len(store) > KEPT:
            store.pop(next(iter(store)))
    return value
