"""What every page needs: the application (started once per process), the catalog, the actor, a unit of
work for a command, and `read` - the one runner of the pages' reads (profiling/reads)."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, ParamSpec, TypeVar, cast

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from profiling import bootstrap
from profiling.bootstrap import Application, UnitOfWork
from profiling.catalog import Catalog
from profiling.reads import runner
from profiling.reads.query import Query, cache_key, role_of
from profiling.services.actors import Actor
from profiling.services.errors import ServiceError
from profiling.settings import Settings
from profiling.ui.widgets import error_message

P = ParamSpec("P")
Model = TypeVar("Model")
Version = tuple[int, ...]  # the change marks of what a read depends on


@st.cache_resource(show_spinner="Forbereder databasen …")
def application() -> Application:
    """The application, started (migrations, preparation, retention) once per server process."""
    return bootstrap.application().start()


def settings() -> Settings:
    """The configuration, read once per process."""
    return application().settings


def catalog() -> Catalog:
    """The questionnaires, loaded once per process; a broken file is a problem, never a crash."""
    return application().catalog


def unit_of_work() -> UnitOfWork:
    """A new unit of work for a command; use it in a `with` block and let the service commit.

    What reads learnt of the data's change marks this run is forgotten, so a read after the command sees it.
    """
    forget_marks()
    return application().unit_of_work()


def actor() -> Actor:
    """The signed-in user of this run (the shell checks the session before any page runs)."""
    current = st.session_state.get("actor")
    if current is None:  # a page run without the shell: nobody is signed in
        st.stop()
    return current


# ---------------------------------------------------------------------------------------------------------
# Reading: one runner for the pages' reads
# ---------------------------------------------------------------------------------------------------------

KEPT_KEY = "kept_reads"
AUDITED_KEY = "audited_reads"
MARKS_KEY = "marks_this_run"
KEPT = 32  # reads kept per browser session; the least recently used goes first
SHARED = 256  # reads kept per server process, for a user's other sessions (another tab, a reload)
Entry = tuple[tuple[tuple[str, ...], Version], object]  # (the scopes a read depends on, their marks), the read


class ProcessStore:
    """What one session built, kept per server process for the others: the last `size` entries, the least recently
    stored going first."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: dict[Hashable, Any] = {}
        self._guard = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._guard:
            return self._entries.get(key)

    def put(self, key: Hashable, entry: object) -> None:
        with self._guard:
            self._entries.pop(key, None)
            self._entries[key] = entry
            while len(self._entries) > self._size:
                self._entries.pop(next(iter(self._entries)))

    def values_where(self, wanted: Callable[[Hashable], bool]) -> list[Any]:
        """The entries whose key is `wanted`."""
        with self._guard:
            return [entry for key, entry in self._entries.items() if wanted(key)]

    def forget(self, key: Hashable) -> None:
        with self._guard:
            self._entries.pop(key, None)


class SharedReads(ProcessStore):
    """The reads built in this process, for the same user's next session: a reload or another tab opens a page
    with the reads already built, while their change marks stay. Keyed by the read's holder - the whole actor (who
    they are, their role, their language), or for a read declared the same for a role, that role - and its
    arguments: never shared between two users otherwise. Two sessions asking for the same read at once build it
    once: the second waits for the first (one lock per stripe of keys)."""

    def __init__(self) -> None:
        super().__init__(SHARED)
        self._building = [threading.Lock() for _ in range(32)]

    def building(self, key: Hashable) -> threading.Lock:
        """The lock held while `key` is built."""
        return self._building[hash(key) % len(self._building)]

    def get(self, key: Hashable) -> Entry | None:
        return cast(Entry | None, super().get(key))

    def scopes_of(self, user: Actor) -> set[str]:
        """The scopes of the reads built for `user` or for their role (keys are (query, holder, arguments))."""
        holders = (user, role_of(user))
        entries = self.values_where(lambda key: isinstance(key, tuple) and key[1] in holders)
        return set().union(*(entry[0][0] for entry in entries))


FOUND_SESSIONS = 4096  # sign-in sessions found good, kept per server process for their browser's other tabs

_stores: weakref.WeakKeyDictionary[Application, dict[str, ProcessStore]] = weakref.WeakKeyDictionary()
_stores_guard = threading.Lock()


def _process_store(name: str, make: Callable[[], ProcessStore]) -> Any:
    """This application's store `name` (a new application - a new database - starts with none)."""
    app = application()
    found = _stores.get(app, {}).get(name)  # on every read: made (with its locks) once per application, not per call
    if found is not None:
        return found
    with _stores_guard:
        return _stores.setdefault(app, {}).setdefault(name, make())


def shared_reads() -> SharedReads:
    """The reads shared by the sessions of this application."""
    return cast(SharedReads, _process_store("reads", SharedReads))


def found_sessions() -> ProcessStore:
    """The sign-in sessions found good in this process, by their token's digest: (the session as found, the mark of
    its user's scope read before it)."""
    return cast(ProcessStore, _process_store("sessions", lambda: ProcessStore(FOUND_SESSIONS)))


def read(query: Query[P, Model], *args: P.args, **kwargs: P.kwargs) -> Model | None:
    """What `query` builds for the signed-in user; a refusal is shown as the page's message (and None).

    The session's copy is served while the change marks of the data the query declares it depends on stay
    the same (read at most once per script run; a command in between reads them again). The reads it
    audits are written once per browser session, in a short transaction of their own.
    """
    return _read(query, True, *args, **kwargs)


def read_if_allowed(query: Query[P, Model], *args: P.args, **kwargs: P.kwargs) -> Model | None:
    """As `read`, but a refusal is None without a message (a part of a page shown only to those who may)."""
    return _read(query, False, *args, **kwargs)


def read_now(user: Actor, query: Query[P, Model], *args: P.args, **kwargs: P.kwargs) -> Model:
    """Build and audit a read without the session's copy - for what is built when a button is clicked
    (a download), outside the page's run; a refusal raises."""
    return runner.run(query, user, application().unit_of_work, *args, **kwargs)


def _read(query: Query[P, Model], show_refusal: bool, *args: P.args, **kwargs: P.kwargs) -> Model | None:
    user = actor()
    arguments = query.arguments(*args, **kwargs)
    key = _kept_key(query, user, arguments)
    kept = recall(KEPT_KEY, key)
    # A kept read keeps the scopes it was built for; their marks are mostly known already this run (the shell's
    # check of the session asked for those of every kept read, and on a session's first run for those of every
    # read the user's other sessions built): then no unit of work is opened.
    if kept is not None and _known_fresh(cast(Entry, kept)):
        return cast(Model, kept[1])
    shared = shared_reads()
    entry = shared.get(key)
    if entry is None or not _known_fresh(entry):
        entry = _build(query, show_refusal, user, key, cast(Entry | None, kept), arguments, *args, **kwargs)
        if entry is None:
            return None
    remember(KEPT_KEY, key, entry, KEPT)
    found = cast(Model, entry[1])
    audited: set[Hashable] = st.session_state.setdefault(AUDITED_KEY, set())
    new = [read for read in dict.fromkeys(query.audited(found, arguments)) if (user.user_id, read) not in audited]
    if new:
        runner.write_audited(user, application().unit_of_work, new)
        audited.update((user.user_id, read) for read in new)
    return found


def _build(
    query: Query[P, Model], show_refusal: bool, user: Actor, key: Hashable, kept: Entry | None,
    arguments: dict[str, object], *args: P.args, **kwargs: P.kwargs,
) -> Entry | None:
    """The session's copy if still fresh, else the shared one, else the read built now (and shared); None for a
    refusal (its message shown when `show_refusal`) or nothing to show."""
    with application().unit_of_work() as uow:
        if kept is not None and _fresh(uow, kept):
            return kept
        shared = shared_reads()
        with shared.building(key):
            entry = shared.get(key)
            if entry is None or not _fresh(uow, entry):
                scopes = _scopes(uow, query, arguments)
                stamp = marks(uow, scopes)
                try:
                    value = query(user, uow, *args, **kwargs)
                except ServiceError as error:
                    if show_refusal:
                        st.error(error_message(error), icon=":material/error:")
                    return None  # a refusal is never kept, so its message shows on every run
                if value is None:
                    return None
                entry = ((scopes, stamp), value)
                shared.put(key, entry)
    return entry


def _kept_key(query: Query[P, Model], user: Actor, arguments: dict[str, object]) -> Hashable:
    """Under what a read is kept for this user (and shared with their other sessions, or everyone of their role)."""
    return (query.name, query.holder(user), cache_key(arguments))


def refresh_kept(
    uow: UnitOfWork, change: Callable[[Model], Model | None], query: Query[P, Model], *args: P.args, **kwargs: P.kwargs
) -> None:
    """After a command committed in `uow`: the session's kept copy of `query`, changed as the command changed its
    data, so the next run serves it instead of building the read again (a rating is saved many times a minute).

    Only when the command's commit was the one change since the copy was built - the marks of the read's scopes
    are those it was built at, each the command moved one further - and `change` knows how (None: it does not);
    otherwise the copy is dropped and built again as after any change.
    """
    key = _kept_key(query, actor(), query.arguments(*args, **kwargs))
    store: dict[Hashable, Entry] = st.session_state.setdefault(KEPT_KEY, {})
    kept = store.get(key)
    if kept is None:
        return
    (scopes, stamp), value = kept
    now = marks(uow, scopes)  # and of every kept read: the run that follows the command asks the database no more
    changed = change(cast(Model, value)) if now == tuple(
        mark + 1 if scope in uow.moved else mark for scope, mark in zip(scopes, stamp, strict=True)
    ) else None
    if changed is None:
        store.pop(key, None)
    else:
        store[key] = ((scopes, now), changed)


def _fresh(uow: UnitOfWork, entry: Entry) -> bool:
    """Whether the marks of what `entry` depends on are still those it was built at."""
    (scopes, stamp), _value = entry
    return marks(uow, scopes) == stamp


def _known_fresh(entry: Entry) -> bool:
    """Whether the marks of what `entry` depends on, as already read this run, are those it was built at (False
    when one has not been read this run)."""
    (scopes, stamp), _value = entry
    known = _this_run()[0]
    return all(scope in known for scope in scopes) and tuple(known[scope] for scope in scopes) == stamp


def forget_marks() -> None:
    """After a commit: what this run learnt of the change marks is forgotten, so a read after it sees the change."""
    st.session_state.pop(MARKS_KEY, None)


def recall(store_key: str, key: Hashable) -> tuple[object, object] | None:
    """What this browser session kept under `key` in the store `store_key` (then the most recently used)."""
    store: dict[Hashable, tuple[object, object]] = st.session_state.setdefault(store_key, {})
    kept = store.pop(key, None)
    if kept is not None:
        store[key] = kept
    return kept


def remember(store_key: str, key: Hashable, entry: tuple[object, object], limit: int) -> None:
    """Keep `entry` under `key` for this browser session; beyond `limit` entries the least recently used goes."""
    store: dict[Hashable, tuple[object, object]] = st.session_state.setdefault(store_key, {})
    store[key] = entry
    while len(store) > limit:
        store.pop(next(iter(store)))


def _this_run() -> tuple[dict[str, int], dict[Hashable, set[str]]]:
    """The marks and the resolved dependencies looked up in this script run (a command clears them)."""
    context = get_script_run_ctx()
    this_run = context.cursors if context is not None else None  # a new object on every script run
    memo = st.session_state.get(MARKS_KEY)
    if memo is None or memo[0] is not this_run:
        memo = (this_run, {}, {})
        st.session_state[MARKS_KEY] = memo
    return memo[1], memo[2]


def _scopes(uow: UnitOfWork, query: Query[P, Model], arguments: dict[str, object]) -> tuple[str, ...]:
    """The scopes `query` depends on, sorted; each dependency resolved at most once per script run."""
    return tuple(sorted(query.scopes(uow, arguments, known=_this_run()[1])))


def marks(uow: UnitOfWork, scopes: tuple[str, ...]) -> Version:
    """The marks of `scopes`; each looked up at most once per script run. The first lookup of a run asks for
    the marks of every read the session keeps too, so a page of several reads asks the database once (the
    shell's check of the session, the run's first, asks for them all)."""
    marks = _this_run()[0]
    if any(scope not in marks for scope in scopes):
        kept = cast(dict[Hashable, Entry], st.session_state.get(KEPT_KEY, {}))
        _look_up(uow, set(scopes).union(*(entry[0][0] for entry in kept.values())))
    return tuple(marks[scope] for scope in scopes)


def user_marks(uow: UnitOfWork, user: Actor, scope: str) -> Version:
    """The mark of the user's own `scope`, for the check of their session; on a session's first run (it keeps no
    reads yet) asked together with the marks of every read the user's other sessions built: one statement."""
    if not st.session_state.get(KEPT_KEY):
        _look_up(uow, shared_reads().scopes_of(user) | {scope})
    return marks(uow, (scope,))


def look_up_marks_for(uow: UnitOfWork, user: Actor) -> None:
    """Whenever the session has just been checked against the database (its first run, a visit recorded, a change
    to the account): the marks of every read the user's sessions built (another tab, a reload, a municipality's
    Monday morning), so this run serves those without opening a unit of work each."""
    _look_up(uow, shared_reads().scopes_of(user))


def _look_up(uow: UnitOfWork, wanted: set[str]) -> None:
    marks = _this_run()[0]
    missing = sorted(wanted - marks.keys())
    if missing:
        marks.update(zip(missing, uow.marks(missing), strict=True))
