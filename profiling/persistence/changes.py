"""Change marks: each commit that changes data moves the marks of the scopes it touched.

A page caches what it read for a browser session together with the marks of the scopes it depends on
(`marks_of`); on the next run it reads those marks (one small query) and reads the data again only when
one has moved - so a rerun is cheap, and another user's save is seen on the next run.

Scopes: `person:<id>` (the person, their scorecards, ratings and plans), `team:<id>` (the team and its
members' data), `round:<id>` (the round, its panel, candidates and scorecards), `*` (anything: lists over
everything) and `!` (what every page shows: users' names and roles, teams, target profiles, settings,
content). The unit of work collects touched rows after each flush, resolves them to scopes at commit and
moves those marks in the same transaction. Bulk statements (UPDATE/DELETE without the ORM) are not seen
by the flush: the ones there are (retention, erasure) change rows of people or users that the same unit
also changes through the ORM, so their scopes move; a new one must add what it changed to `uow.changes`.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import event, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from profiling.domain.interviews import Interview, RatingEntry
from profiling.domain.people import Person, User
from profiling.domain.plans import CheckIn, Goal, Plan
from profiling.domain.records import AuditEvent, LoginSession, SignInAttempt
from profiling.domain.rounds import Candidacy, Declaration, Minutes, NoteRequest, PanelSeat, Reference, Round
from profiling.domain.theme_days import TeamAgreement, ThemeDay
from profiling.persistence import tables
from profiling.persistence.tables import ChangeMarkRow

EVERYTHING = "*"
SHARED = "!"
INFO_KEY = "change_set"

# Rows that are not shown on any page as data: the audit log and sign-in bookkeeping.
UNSHOWN = (AuditEvent, LoginSession, SignInAttempt, ChangeMarkRow)
# A user's sign-in bookkeeping changes on every sign-in; only these attributes are shown on pages.
USER_SHOWN = ("email", "name", "role", "active", "language")


def person_scope(person_id: int) -> str:
    return f"person:{person_id}"


def team_scope(team_id: int) -> str:
    return f"team:{team_id}"


def round_scope(round_id: int) -> str:
    return f"round:{round_id}"


class ChangeSet:
    """The rows a unit of work changed since its last commit, by kind."""

    def __init__(self) -> None:
        self.people: set[int] = set()
        # People whose own row changed (a name shows on the pages of every round they are a candidate in).
        self.person_rows: set[int] = set()
        self.teams: set[int] = set()
        self.rounds: set[int] = set()
        self.interviews: set[int] = set()
        self.plans: set[int] = set()
        self.goals: set[int] = set()
        self.shared = False
        self.changed = False

    def clear(self) -> None:
        self.__init__()  # type: ignore[misc]

    def collect(self, session: Session) -> None:
        """Note the rows of a flush (called after it, so new rows have their ids)."""
        for row in session.new:
            self._note(row)
        for row in session.deleted:
            self._note(row)
        for row in session.dirty:
            if session.is_modified(row, include_collections=False):
                self._note(row)

    def _note(self, row: object) -> None:
        if isinstance(row, UNSHOWN):
            return
        if isinstance(row, User):
            state = inspect(row)
            if state.pending or state.deleted or any(state.attrs[name].history.has_changes() for name in USER_SHOWN):
                self.shared = self.changed = True
            return
        self.changed = True
        match row:
            case Person():
                self.people.add(row.id)
                self.person_rows.add(row.id)
                self.teams.update(_values(row, "team_id"))
            case Interview():
                self.interviews.add(row.id)
                self.people.add(row.person_id)
                self.rounds.update(_values(row, "round_id"))
            case RatingEntry():
                self.interviews.add(row.interview_id)
            case Plan():
                self.people.add(row.person_id)
            case Goal():
                self.plans.add(row.plan_id)
            case CheckIn():
                self.goals.add(row.goal_id)
            case ThemeDay():
                self.teams.add(row.team_id)
            case TeamAgreement():
                pass  # written only together with its theme day (whose agreed_at moves)
            case Round():
                self.rounds.add(row.id)
            case PanelSeat() | Declaration() | NoteRequest() | Minutes():
                self.rounds.add(row.round_id)
            case Reference():
                self.rounds.add(row.round_id)
                self.people.add(row.person_id)
            case Candidacy():
                self.rounds.add(row.round_id)
                self.people.add(row.person_id)
            case _:  # teams, target profiles, settings, content snapshots, anything new: every page
                self.shared = True

    def scopes(self, session: Session) -> set[str]:
        """The scopes these changes touch: a person's scorecards and plans touch the person and their team,
        a round scorecard its round, and a change to the person themself every round they are a candidate
        in (a few small queries, only for what changed)."""
        if not self.changed:
            return set()
        people, rounds, teams = set(self.people), set(self.rounds), set(self.teams)
        if self.interviews:
            for person_id, round_id in session.execute(
                select(tables.interviews.c.person_id, tables.interviews.c.round_id).where(tables.interviews.c.id.in_(self.interviews))
            ):
                people.add(person_id)
                if round_id is not None:
                    rounds.add(round_id)
        plans = set(self.plans)
        if self.goals:
            plans.update(session.scalars(select(tables.plan_goals.c.plan_id).where(tables.plan_goals.c.id.in_(self.goals))))
        if plans:
            people.update(session.scalars(select(tables.development_plans.c.person_id).where(tables.development_plans.c.id.in_(plans))))
        if people:
            teams.update(t for t in session.scalars(select(tables.people.c.team_id).where(tables.people.c.id.in_(people))) if t)
        if self.person_rows:
            rounds.update(session.scalars(
                select(tables.round_candidates.c.round_id).where(tables.round_candidates.c.person_id.in_(self.person_rows))
            ))
        scopes = {EVERYTHING, *map(person_scope, people), *map(team_scope, teams), *map(round_scope, rounds)}
        if self.shared:
            scopes.add(SHARED)
        return scopes


def _values(row: object, attribute: str) -> set[int]:
    """The attribute's current value and, if it changed in this flush, its previous one (a person moved)."""
    history = inspect(row).attrs[attribute].history
    return {v for v in (*history.added, *history.unchanged, *history.deleted) if v is not None}


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context: object) -> None:
    changes = session.info.get(INFO_KEY)
    if changes is not None:
        changes.collect(session)


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
    rows = session.execute(select(ChangeMarkRow.scope, ChangeMarkRow.generation).where(ChangeMarkRow.scope.in_(ordered)))
    found = {scope: generation for scope, generation in rows}
    return tuple(found.get(scope, 0) for scope in ordered)
