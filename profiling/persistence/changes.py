"""Change marks: each commit that changes data moves the marks of the scopes it touched.

A read declares the data it depends on (profiling/reads/query.py); the UI keeps what it read for a browser
session together with the marks of those scopes, and on the next run reads the marks (one small query) and
builds the read again only when one has moved - so a rerun is cheap, and another user's save is seen on the
next run.

Scopes: `person:<id>` (the person, their scorecards, ratings and plans), `record:<id>` (the same, less the
ratings of a conversation still being held: a MUS preparation does not move while its rater rates), `team:<id>` (the team and its
members' data), `round:<id>` (the round, its panel, candidates and scorecards), `*` (anything: lists over
everything), `!` (what every page shows: users' names and roles, teams, target profiles, settings, content),
and one scope per list: `people` (any person's own row), `rounds` (any round, its panel or candidates),
`mail` (the outbox) and `accounts` (any change to a user, sign-in bookkeeping included); and `user:<id>`, a user's
own: any change to their account or to one of their sign-in sessions (a visit recorded, a sign-out), which moves
nothing else - a signed-in tab holds on to its user while it stays. What a changed row touches is declared per table below (`TOUCHES`): the kind of
scope and the column naming it; a kind that is not a scope itself (a scorecard, a plan, a goal, a person's
candidacies) is resolved at commit through `LEADS_TO`, a few small queries only for what changed. A table in
`SHARED_TABLES` (or one not declared at all: tests/unit/test_import_contracts.py names it) touches the shared
scope. The unit of work collects touched rows after each flush and moves the
marks in the same transaction. Bulk statements (UPDATE/DELETE without the ORM) are not seen by the flush: a
repository that issues one calls `note_statement` (a user's sign-in bookkeeping, an erased person's mail);
retention and erasure change rows of people that the same unit also changes through the ORM, so their
scopes move.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import NamedTuple

from sqlalchemy import ColumnElement, Select, Table, bindparam, event, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from profiling.persistence import tables
from profiling.persistence.statements import run_compiled
from profiling.persistence.tables import ChangeMarkRow

EVERYTHING = "*"
SHARED = "!"
INFO_KEY = "change_set"
SCOPE_KINDS = ("person", "record", "team", "round")

# What a change to a row of each table touches: (kind, the column holding its id; "": the list scope `kind`).
TOUCHES: dict[str, tuple[tuple[str, str], ...]] = {
    "people": (("person", "id"), ("record", "id"), ("team", "team_id"), ("candidacies", "id"), ("people", "")),
    "interviews": (("interview", "id"), ("person", "person_id"), ("record", "person_id"), ("round", "round_id")),
    "ratings": (("interview", "interview_id"), ("scored", "interview_id")),
    "development_plans": (("person", "person_id"), ("record", "person_id")),
    "plan_goals": (("plan", "plan_id"),),
    "goal_check_ins": (("goal", "goal_id"),),
    "theme_days": (("team", "team_id"),),
    "team_agreements": (),  # written only together with its theme day (whose agreed_at moves)
    "theme_day_releases": (),  # written by one statement when its theme day is published (whose row changes)
    "rounds": (("round", "id"), ("rounds", "")),
    "round_panel": (("round", "round_id"), ("rounds", "")),
    "round_declarations": (("round", "round_id"), ("rounds", "")),  # a declared disqualification hides a candidate in lists
    "note_requests": (("round", "round_id"),),
    "round_minutes": (("round", "round_id"),),
    "round_references": (("round", "round_id"), ("person", "person_id"), ("record", "person_id")),
    "round_candidates": (("round", "round_id"), ("person", "person_id"), ("record", "person_id"), ("rounds", "")),
    "outbox": (("mail", ""),),
    # Not shown on any page as data: the audit log and sign-in bookkeeping.
    "audit_log": (), "login_sessions": (), "sign_in_attempts": (), "password_tokens": (), "change_marks": (),
}
# Tables every page shows from: a change to them touches the shared scope.
SHARED_TABLES = ("users", "teams", "target_profiles", "snapshots", "settings")
# Tables whose every change moves a scope of the row's user only, `user:<id>` (the column holding the id), besides
# what they touch above: a tab keeps its signed-in user while this stays.
ACCOUNT_SCOPE: dict[str, str] = {"users": "id", "login_sessions": "user_id"}
# Tables whose rows touch their scopes only when one of these columns changed (or the row is new or gone):
# a user's sign-in bookkeeping changes on every sign-in, but only these are shown on pages.
SHOWN_COLUMNS: dict[str, tuple[str, ...]] = {"users": ("email", "name", "role", "active", "language")}
# Tables any change of whose rows - shown elsewhere or not - moves a list scope of its own: the administrator's
# list of accounts shows the sign-in bookkeeping too (and nothing else moves with it).
BOOKKEEPING: dict[str, str] = {"users": "accounts"}


class Lead(NamedTuple):
    """How a kind leads to others: the table its ids are in and the column holding them, {kind: column}, and
    which of the table's rows lead (all, when None)."""

    table: Table
    key: str
    leads: dict[str, str]
    where: ColumnElement[bool] | None = None


LEADS_TO: dict[str, Lead] = {
    "goal": Lead(tables.plan_goals, "id", {"plan": "plan_id"}),
    "plan": Lead(tables.development_plans, "id", {"person": "person_id", "record": "person_id"}),
    "interview": Lead(tables.interviews, "id", {"person": "person_id", "round": "round_id"}),
    # A rating moves the person's record only once its conversation is no longer a draft.
    "scored": Lead(tables.interviews, "id", {"record": "person_id"}, tables.interviews.c.status != "draft"),
    "candidacies": Lead(tables.round_candidates, "person_id", {"round": "round_id"}),  # a name shows in their rounds
    "person": Lead(tables.people, "id", {"team": "team_id"}),  # a person's data shows in their team's
}


def person_scope(person_id: int) -> str:
    return f"person:{person_id}"


def record_scope(person_id: int) -> str:
    return f"record:{person_id}"


def team_scope(team_id: int) -> str:
    return f"team:{team_id}"


def round_scope(round_id: int) -> str:
    return f"round:{round_id}"


def user_scope(user_id: int) -> str:
    return f"user:{user_id}"


class ChangeSet:
    """The rows a unit of work changed since its last commit: ids by kind, and whether shared data changed."""

    def __init__(self) -> None:
        self.ids: defaultdict[str, set[int]] = defaultdict(set)
        self.lists: set[str] = set()
        self.shared = False
        self.changed = False

    def clear(self) -> None:
        self.__init__()  # type: ignore[misc]

    def collect(self, session: Session) -> None:
        """Note the rows of a flush (called after it, so new rows have their ids)."""
        for row in session.new:
            self._note(row, whole=True)
        for row in session.deleted:
            self._note(row, whole=True)
        for row in session.dirty:
            if session.is_modified(row, include_collections=False):
                self._note(row, whole=False)

    def _note(self, row: object, *, whole: bool) -> None:
        state = inspect(row)
        self._touch(
            state.mapper.local_table.name,
            wrote=lambda column: whole or state.attrs[column].history.has_changes(),
            ids_of=lambda column: _values(state, column),
        )

    def note_columns(self, table: str, columns: Iterable[str], row_ids: Iterable[int]) -> None:
        """Note an UPDATE statement the flush does not see: which columns of which rows (by id) of which table it
        wrote (lists over everything move, and the rows' own users)."""
        if ACCOUNT_SCOPE.get(table) == "id":  # the rows are users
            self.lists.update(user_scope(i) for i in row_ids)
        self._touch(table, wrote=set(columns).__contains__, ids_of=None)

    def _touch(self, table: str, *, wrote: Callable[[str], bool], ids_of: Callable[[str], set[int]] | None) -> None:
        """What a write to `table` touches, as the declarations above say; `wrote(column)`: whether that column
        was written, `ids_of(column)`: the ids the written rows hold in it (None: not known)."""
        if table in BOOKKEEPING:
            self.lists.add(BOOKKEEPING[table])
        if table in ACCOUNT_SCOPE and ids_of is not None:
            self.lists.update(user_scope(i) for i in ids_of(ACCOUNT_SCOPE[table]))
        shown = SHOWN_COLUMNS.get(table)
        if shown is not None and not any(wrote(column) for column in shown):
            return
        touches = TOUCHES.get(table)
        if touches is None:  # SHARED_TABLES (and a table not declared)
            self.shared = self.changed = True
            return
        for kind, column in touches:
            if not column:
                self.lists.add(kind)
            elif ids_of is not None:
                self.ids[kind].update(ids_of(column))
            self.changed = True

    def scopes(self, session: Session) -> set[str]:
        """The scopes these changes touch, each kind led to the scopes it shows in (`LEADS_TO`)."""
        scopes = set(self.lists) | ({SHARED} if self.shared else set())
        if not self.changed:
            return scopes
        ids = {kind: set(found) for kind, found in self.ids.items()}
        for kind, (table, key, leads, where) in LEADS_TO.items():  # in order: a goal leads to a plan, a plan to a person
            wanted = ids.get(kind)
            if not wanted:
                continue
            columns = [table.c[column] for column in leads.values()]
            statement = select(*columns).where(table.c[key].in_(wanted))
            for row in session.execute(statement if where is None else statement.where(where)):
                for target, value in zip(leads, row, strict=True):
                    if value is not None:
                        ids.setdefault(target, set()).add(value)
        return scopes | {EVERYTHING} | {f"{kind}:{i}" for kind in SCOPE_KINDS for i in ids.get(kind, ())}


def _values(state: object, attribute: str) -> set[int]:
    """The attribute's current value and, if it changed in this flush, its previous one (a person moved)."""
    history = state.attrs[attribute].history  # type: ignore[attr-defined]
    return {v for v in (*history.added, *history.unchanged, *history.deleted) if v is not None}


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context: object) -> None:
    changes = session.info.get(INFO_KEY)
    if changes is not None:
        changes.collect(session)


def note_statement(session: Session, table: str, columns: Iterable[str], row_ids: Iterable[int] = ()) -> None:
    """Tell the unit of work what an UPDATE statement wrote, to which rows (a flush sees only the ORM's own changes)."""
    changes = session.info.get(INFO_KEY)
    if changes is not None:
        changes.note_columns(table, columns, row_ids)


def move_marks(session: Session, scopes: Iterable[str]) -> None:
    """Move the marks of `scopes` by one (in sorted order, so concurrent commits never deadlock)."""
    ordered = sorted(scopes)
    if not ordered:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(ChangeMarkRow).values([{"scope": scope, "generation": 1} for scope in ordered])
    session.execute(statement.on_conflict_do_update(
        index_elements=[ChangeMarkRow.scope], set_={"generation": ChangeMarkRow.generation + 1}
    ))


def marks_of(session: Session, scopes: Iterable[str]) -> tuple[int, ...]:
    """The current marks of `scopes` (0 for a scope never changed), in sorted scope order."""
    ordered = sorted(set(scopes))
    if not ordered:
        return ()
    # On the session's connection (in its transaction), on every page run.
    rows = run_compiled(session.connection(), ("marks", len(ordered)), lambda: _marks_of(len(ordered)),
                        {f"scope_{i}": scope for i, scope in enumerate(ordered)})
    found: dict[str, int] = {scope: generation for scope, generation in rows}
    return tuple(found.get(scope, 0) for scope in ordered)


def _marks_of(count: int) -> Select[tuple[str, int]]:
    """The marks' query for `count` scopes (bound as scope_0, scope_1, ...)."""
    marks = ChangeMarkRow.__table__.c
    return select(marks.scope, marks.generation).where(marks.scope.in_([bindparam(f"scope_{i}") for i in range(count)]))
