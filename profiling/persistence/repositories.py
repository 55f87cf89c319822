"""Repositories: the queries the services need, each returning rows; no business rules here."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime
from typing import Any, Generic, NamedTuple, TypeVar, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    CursorResult,
    Integer,
    Row,
    Select,
    String,
    bindparam,
    delete,
    false,
    func,
    insert,
    literal_column,
    null,
    or_,
    select,
    tuple_,
    union_all,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from profiling.domain.actors import Role
from profiling.domain.cases import Answer
from profiling.domain.interviews import QUESTION_PREFIX, Interview, RatingEntry, is_noted
from profiling.domain.mail import CLAIM, MailStatus, OutgoingMail, PasswordToken
from profiling.domain.people import Person, Team, User
from profiling.domain.plans import CheckIn, Goal, Plan
from profiling.domain.policy import Visibility
from profiling.domain.records import AuditEvent, LoginSession, SignInAttempt, Snapshot, TargetProfile
from profiling.domain.rounds import NoteRequest, Round, Seat
from profiling.domain.states import PersonKind
from profiling.domain.theme_days import ThemeDay
from profiling.persistence import tables
from profiling.persistence.changes import note_statement
from profiling.persistence.statements import run_compiled
from profiling.persistence.tables import SettingRow

RowT = TypeVar("RowT")
ShapeT = TypeVar("ShapeT")
PUBLISHING_LOCK = 0x54484D44  # "THMD": one theme-day publication at a time


def visible_people(seen: Visibility) -> ColumnElement[bool]:
    """A WHERE condition on Person selecting the people the policy lets an actor see."""
    if seen.everyone:
        return tables.people.c.id.is_not(None)
    parts: list[ColumnElement[bool]] = []
    if seen.team_ids:
        parts.append(tables.people.c.team_id.in_(seen.team_ids))
    if seen.round_ids:
        candidates = tables.round_candidates.c
        in_rounds = select(candidates.person_id).where(candidates.round_id.in_(seen.round_ids))
        if seen.round_exclusions:  # not through a round the actor is disqualified for the candidate in
            in_rounds = in_rounds.where(tuple_(candidates.round_id, candidates.person_id).not_in(list(seen.round_exclusions)))
        parts.append(tables.people.c.id.in_(in_rounds))
    if seen.person_ids:
        parts.append(tables.people.c.id.in_(seen.person_ids))
    return or_(*parts) if parts else false()


class _Repository(Generic[RowT]):
    """The queries on one kind of row; `get` by id (None if gone), `one` by id (the row must exist)."""

    row_type: type[RowT]

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, row_id: int) -> RowT | None:
        return self.session.get(self.row_type, row_id)

    def one(self, row_id: int) -> RowT:
        """The row with this id, known to exist (e.g. re-read after another writer won a race)."""
        return self.session.get_one(self.row_type, row_id)

    def add(self, row: object) -> None:
        """Add a new row to the unit of work."""
        self.session.add(row)

    def delete(self, row: object) -> None:
        """Delete a row in the unit of work."""
        self.session.delete(row)


def _relations_of() -> CompoundSelect:
    """The statement of `UserRepository.relations`, the user's id bound as user_id."""
    seats, user_id = tables.round_panel.c, bindparam("user_id", type_=Integer)
    none = sql_cast(null(), Integer)  # typed: PostgreSQL reads a bare NULL as text
    return union_all(
        select(literal_column("'team'").label("kind"), tables.teams.c.id.label("id"), none.label("other")).where(
            tables.teams.c.manager_id == user_id
        ),
        select(literal_column("'owner'"), tables.rounds.c.id, none).where(tables.rounds.c.owner_id == user_id),
        select(seats.seat, seats.round_id, none).where(seats.user_id == user_id),
        select(literal_column("'self'"), tables.people.c.id, none).where(tables.people.c.user_id == user_id),
        select(literal_column("'member'"), tables.people.c.team_id, none).where(
            tables.people.c.user_id == user_id, tables.people.c.team_id.is_not(None)
        ),
        select(literal_column("'disqualified'"), tables.round_declarations.c.round_id, tables.round_declarations.c.person_id)
        .where(tables.round_declarations.c.user_id == user_id, tables.round_declarations.c.disqualified.is_(True)),
    )


class UserRepository(_Repository[User]):
    row_type = User

    def any_exists(self) -> bool:
        return self.session.scalar(select(tables.users.c.id).limit(1)) is not None

    def active_administrator_exists(self) -> bool:
        query = select(tables.users.c.id).where(tables.users.c.role == Role.ADMIN, tables.users.c.active.is_(True)).limit(1)
        return self.session.scalar(query) is not None

    def lock_active_administrators(self) -> None:
        """Lock the active administrators' rows (PostgreSQL; SQLite's write lock does it there) for this transaction."""
        self.session.scalars(
            select(tables.users.c.id).where(tables.users.c.role == Role.ADMIN, tables.users.c.active.is_(True)).with_for_update()
        ).all()

    def count_attempt(self, user_id: int, now: datetime) -> int | None:
        """Count one more sign-in attempt on an account that is not locked, atomically; its number, or None if locked."""
        statement = (
            update(User)
            .where(tables.users.c.id == user_id, or_(tables.users.c.locked_until.is_(None), tables.users.c.locked_until <= now))
            .values(failed_sign_ins=tables.users.c.failed_sign_ins + 1)
            .returning(tables.users.c.failed_sign_ins)
            .execution_options(synchronize_session=False)
        )
        return self.session.execute(statement).scalar_one_or_none()

    def set_values(self, user_id: int, **values: Any) -> None:
        """Write columns of one user in one statement, without loading the row (sign-in bookkeeping)."""
        self.session.execute(
            update(User).where(tables.users.c.id == user_id).values(**values).execution_options(synchronize_session=False)
        )
        note_statement(self.session, tables.users.name, values, (user_id,))

    def relations(self, user_id: int) -> dict[str, set[Any]]:
        """What ties a user to the data, in one statement: the teams they lead ("team"), the rounds they own
        ("owner"), sit on the panel of ("panel") or the hiring committee of ("committee"), their own person record
        ("self") and its team ("member"), and the (round, candidate) pairs they declared themself disqualified
        for ("disqualified")."""
        # Asked by nearly every read, each in its unit of work.
        rows = run_compiled(self.session.connection(), "relations", _relations_of, {"user_id": user_id})
        found: dict[str, set[Any]] = {
            "team": set(), "owner": set(), "panel": set(), "committee": set(), "self": set(), "member": set(),
            "disqualified": set(),
        }
        for kind, row_id, other in rows:
            found[kind].add((row_id, other) if kind == "disqualified" else row_id)
        return found

    def by_email(self, email: str) -> User | None:
        return self.session.scalar(select(User).where(func.lower(tables.users.c.email) == email.lower()))

    def all(self) -> Sequence[User]:
        return self.session.scalars(select(User).order_by(tables.users.c.name)).all()

    def listed(self) -> Sequence[Row[int, str, str, str, bool, bool, datetime | None, datetime | None]]:
        """(id, e-mail, name, role, active, has a password, locked until, last sign-in) of every account, by name -
        what the accounts' table shows, without loading each user (a municipality has thousands)."""
        users = tables.users.c
        return self.session.execute(select(
            users.id, users.email, users.name, users.role, users.active, users.password_hash.is_not(None),
            users.locked_until, users.last_sign_in_at,
        ).order_by(users.name)).all()

    def by_ids(self, ids: Collection[int]) -> dict[int, User]:
        if not ids:
            return {}
        return {u.id: u for u in self.session.scalars(select(User).where(tables.users.c.id.in_(ids)))}


class TeamRepository(_Repository[Team]):
    row_type = Team

    def all(self) -> Sequence[Team]:
        return self.session.scalars(select(Team).order_by(tables.teams.c.unit, tables.teams.c.name)).all()

    def by_ids(self, ids: Collection[int]) -> dict[int, Team]:
        if not ids:
            return {}
        return {t.id: t for t in self.session.scalars(select(Team).where(tables.teams.c.id.in_(ids)))}


    def led_by(self, user_id: int) -> Sequence[Team]:
        return self.session.scalars(select(Team).where(tables.teams.c.manager_id == user_id)).all()


class PeopleRepository(_Repository[Person]):
    row_type = Person

    def unanonymised_candidates(self) -> Sequence[Person]:
        query = select(Person).where(tables.people.c.kind == PersonKind.CANDIDATE, tables.people.c.anonymised_at.is_(None))
        return self.session.scalars(query).all()

    def by_ids(self, ids: Collection[int]) -> dict[int, Person]:
        if not ids:
            return {}
        return {p.id: p for p in self.session.scalars(select(Person).where(tables.people.c.id.in_(ids)))}

    def by_email(self, email: str) -> Person | None:
        return self.session.scalar(select(Person).where(func.lower(tables.people.c.email) == email.lower()))

    def any(self) -> bool:
        """Whether any person is registered."""
        return self.session.scalar(select(tables.people.c.id).limit(1)) is not None

    def everyone(self) -> Sequence[Person]:
        """Every person (an import compares a whole HR file with them)."""
        return self.session.scalars(select(Person)).all()

    def by_user(self, user_id: int) -> Person | None:
        return self.session.scalar(select(Person).where(tables.people.c.user_id == user_id))

    def search(
        self,
        scope: Visibility,
        text: str = "",
        kind: str | None = None,
        team_id: int | None = None,
        limit: int = 200,
        include_left: bool = False,
    ) -> Sequence[Person]:
        query = select(Person).where(visible_people(scope))
        if not include_left:
            query = query.where(tables.people.c.left_on.is_(None))
        if text:
            pattern = f"%{text.lower()}%"
            query = query.where(or_(func.lower(tables.people.c.name).like(pattern), func.lower(tables.people.c.email).like(pattern)))
        if kind:
            query = query.where(tables.people.c.kind == kind)
        if team_id is not None:
            query = query.where(tables.people.c.team_id == team_id)
        return self.session.scalars(query.order_by(tables.people.c.name, tables.people.c.id).limit(limit)).all()

    def in_teams(self, team_ids: Collection[int]) -> Sequence[Person]:
        """The teams' members who are here (people who left are not counted or listed)."""
        query = select(Person).where(tables.people.c.team_id.in_(team_ids), tables.people.c.left_on.is_(None))
        return self.session.scalars(query.order_by(tables.people.c.name)).all()

    def names_of(self, person_ids: Collection[int]) -> dict[int, str]:
        """The people's names by id, without loading each person."""
        if not person_ids:
            return {}
        people = tables.people.c
        return {person_id: name for person_id, name in self.session.execute(
            select(people.id, people.name).where(people.id.in_(person_ids))
        )}


class SnapshotRepository(_Repository[Snapshot]):
    row_type = Snapshot

    def add_once(self, row: Snapshot) -> Snapshot:
        """Store a snapshot, or return the same content stored by a concurrent session a moment ago."""
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            stored = self.by_hash(row.content_hash)
            if stored is None:
                raise
            return stored
        return row

    def by_hash(self, content_hash: str) -> Snapshot | None:
        return self.session.scalar(select(Snapshot).where(tables.snapshots.c.content_hash == content_hash))

    def by_ids(self, ids: Collection[int]) -> dict[int, Snapshot]:
        if not ids:
            return {}
        return {s.id: s for s in self.session.scalars(select(Snapshot).where(tables.snapshots.c.id.in_(ids)))}


class TargetProfileRepository(_Repository[TargetProfile]):
    row_type = TargetProfile

    def by_ids(self, ids: Collection[int]) -> dict[int, TargetProfile]:
        if not ids:
            return {}
        rows = self.session.scalars(select(TargetProfile).where(tables.target_profiles.c.id.in_(ids)))
        return {t.id: t for t in rows}

    def all(self) -> Sequence[TargetProfile]:
        query = select(TargetProfile).order_by(tables.target_profiles.c.name, tables.target_profiles.c.version.desc())
        return self.session.scalars(query).all()

    def latest(self, name: str) -> TargetProfile | None:
        query = select(TargetProfile).where(tables.target_profiles.c.name == name)
        return self.session.scalar(query.order_by(tables.target_profiles.c.version.desc()).limit(1))


class RoundRepository(_Repository[Round]):
    row_type = Round

    def candidacies(self) -> dict[int, list[tuple[str, datetime | None, datetime | None]]]:
        """Per candidate (person id): the status, closing time and filing time of every round they are in."""
        rounds = tables.rounds.c
        query = select(tables.round_candidates.c.person_id, rounds.status, rounds.closed_at, rounds.journalised_at).join(
            Round, rounds.id == tables.round_candidates.c.round_id
        )
        found: dict[int, list[tuple[str, datetime | None, datetime | None]]] = {}
        for person_id, status, closed_at, journalised_at in self.session.execute(query):
            found.setdefault(person_id, []).append((status, closed_at, journalised_at))
        return found

    def owners_and_states(self, round_ids: Collection[int]) -> dict[int, tuple[int | None, str]]:
        """Per round: its owner's user id and its status - what the policy's facts of a round hold, without loading
        the rounds (and their panels and candidates)."""
        if not round_ids:
            return {}
        rounds = tables.rounds.c
        query = select(rounds.id, rounds.owner_id, rounds.status).where(rounds.id.in_(round_ids))
        return {round_id: (owner_id, status) for round_id, owner_id, status in self.session.execute(query)}

    def list(
        self, round_ids: Collection[int] | None = None, status: str | None = None, limit: int | None = None
    ) -> Sequence[Round]:
        """Rounds, newest first; `round_ids` None means every round."""
        query = select(Round)
        if round_ids is not None:
            query = query.where(tables.rounds.c.id.in_(round_ids))
        if status:
            query = query.where(tables.rounds.c.status == status)
        query = query.order_by(tables.rounds.c.created_at.desc(), tables.rounds.c.id.desc())
        return self.session.scalars(query if limit is None else query.limit(limit)).all()

    def titles(
        self, round_ids: Collection[int] | None = None, left_out: Collection[tuple[int, int]] = (),
        status: str | None = None, limit: int | None = None,
    ) -> Sequence[Row[int, str, str, datetime | None, int, int]]:
        """(id, title, status, filed at, number of candidates, number of panel members) of rounds, newest first - what
        a picker or a list of rounds shows, without loading panels or candidates; the candidacies `left_out` ((round
        id, person id) pairs) not counted."""
        rounds, candidates, seats = tables.rounds.c, tables.round_candidates.c, tables.round_panel.c
        counting = select(func.count()).where(candidates.round_id == rounds.id)
        if left_out:
            counting = counting.where(~tuple_(candidates.round_id, candidates.person_id).in_(list(left_out)))
        counted = counting.correlate(tables.rounds).scalar_subquery()
        panel = (
            select(func.count()).where(seats.round_id == rounds.id, seats.seat == Seat.PANEL.value)
            .correlate(tables.rounds).scalar_subquery()
        )
        query = select(rounds.id, rounds.title, rounds.status, rounds.journalised_at, counted, panel)
        if round_ids is not None:
            query = query.where(rounds.id.in_(round_ids))
        if status:
            query = query.where(rounds.status == status)
        query = query.order_by(rounds.created_at.desc(), rounds.id.desc())
        return self.session.execute(query if limit is None else query.limit(limit)).all()

    def with_hire_requests(self) -> Sequence[Round]:
        """The rounds with a hire waiting for confirmation."""
        waiting = select(tables.round_candidates.c.round_id).where(tables.round_candidates.c.hire_team_id.is_not(None))
        return self.session.scalars(select(Round).where(tables.rounds.c.id.in_(waiting))).all()

    def rounds_of_candidates(self, person_ids: Collection[int]) -> dict[int, frozenset[int]]:
        """For each of the people, the rounds they are a candidate in."""
        found: dict[int, set[int]] = {pid: set() for pid in person_ids}
        if person_ids:
            query = select(tables.round_candidates.c.person_id, tables.round_candidates.c.round_id).where(tables.round_candidates.c.person_id.in_(person_ids))
            for person_id, round_id in self.session.execute(query):
                found[person_id].add(round_id)
        return {pid: frozenset(rounds) for pid, rounds in found.items()}


class InterviewRepository(_Repository[Interview]):
    row_type = Interview

    def add_ratings(self, ratings: list[dict[str, Any]]) -> None:
        """Many ratings in one statement (columns as keys; bulk loading)."""
        if ratings:
            self.session.execute(insert(RatingEntry), ratings)

    def clear_notes_and_outcomes(self, person_ids: Collection[int]) -> int:
        """Empty every note, addendum and outcome of the people's interviews; how many notes there were."""
        interview_ids = select(tables.interviews.c.id).where(tables.interviews.c.person_id.in_(person_ids))
        result = cast(CursorResult[Any], self.session.execute(
            update(RatingEntry).where(tables.ratings.c.interview_id.in_(interview_ids), tables.ratings.c.note != "").values(note="")
        ))
        self.session.execute(  # an addendum is a note too (added at the round owner's request)
            update(RatingEntry).where(tables.ratings.c.interview_id.in_(interview_ids), tables.ratings.c.addendum != "")
            .values(addendum="")
        )
        self.session.execute(update(Interview).where(tables.interviews.c.person_id.in_(person_ids)).values(outcome=""))
        return result.rowcount or 0

    def erase_rater(self, user_id: int, shown_as: str) -> None:
        """The scorecards a user wrote keep their ratings but lose the rater's name and account."""
        self.session.execute(
            update(Interview).where(tables.interviews.c.rater_id == user_id).values(rater_name=shown_as, rater_id=None)
        )

    def query(
        self,
        person_ids: Collection[int] | None = None,
        round_ids: Collection[int] | None = None,
        rater_id: int | None = None,
        status: str | None = None,
        person_scope: Visibility | None = None,
        newest_first: bool = True,
        limit: int | None = None,
    ) -> Sequence[Interview]:
        """Interviews matching every given filter."""
        query = select(Interview)
        if person_ids is not None:
            query = query.where(tables.interviews.c.person_id.in_(person_ids))
        if round_ids is not None:
            query = query.where(tables.interviews.c.round_id.in_(round_ids))
        if rater_id is not None:
            query = query.where(tables.interviews.c.rater_id == rater_id)
        if status is not None:
            query = query.where(tables.interviews.c.status == status)
        if person_scope is not None and not person_scope.everyone:
            query = query.where(tables.interviews.c.person_id.in_(select(tables.people.c.id).where(visible_people(person_scope))))
        # Completed scorecards sort by completion (indexed), others by start.
        order = tables.interviews.c.completed_at if status == "completed" else tables.interviews.c.started_at
        query = query.order_by(order.desc() if newest_first else order, tables.interviews.c.id.desc() if newest_first else tables.interviews.c.id)
        if limit is not None:
            query = query.limit(limit)
        return self.session.scalars(query).all()

    def find(self, person_id: int, round_id: int | None, rater_id: int, guide_id: str, status: str) -> Interview | None:
        """An interview of this person by this rater with this guide (in this round) in a given status."""
        query = select(Interview).where(
            tables.interviews.c.person_id == person_id,
            tables.interviews.c.rater_id == rater_id,
            tables.interviews.c.guide_id == guide_id,
            tables.interviews.c.status == status,
            tables.interviews.c.round_id.is_(None) if round_id is None else tables.interviews.c.round_id == round_id,
        )
        return self.session.scalar(query.order_by(tables.interviews.c.id.desc()).limit(1))

    def ratings(self, interview_ids: Collection[int]) -> dict[int, list[RatingEntry]]:
        """Every rating of the given interviews, grouped by interview id, in one query."""
        grouped: dict[int, list[RatingEntry]] = {i: [] for i in interview_ids}
        if interview_ids:
            query = select(RatingEntry).where(tables.ratings.c.interview_id.in_(interview_ids)).order_by(tables.ratings.c.id)
            for row in self.session.scalars(query):
                grouped[row.interview_id].append(row)
        return grouped

    def every_rating(self) -> Sequence[RatingEntry]:
        """Every rating of every interview, in interview order (the bulk export)."""
        ratings = tables.ratings.c
        return self.session.scalars(select(RatingEntry).order_by(ratings.interview_id, ratings.id)).all()

    def answers(self, interview_ids: Collection[int]) -> dict[int, list[tuple[str, int | None, bool]]]:
        """(item key, value, not assessed) of every rating of the given interviews, in one light query (no ORM
        objects)."""
        ratings = tables.ratings.c
        return self._per_interview(
            interview_ids, (ratings.item_key, ratings.value, ratings.not_assessed),
            lambda item_key, value, not_assessed: (item_key, value, bool(not_assessed)),
        )

    def case_answers(self, interview_ids: Collection[int]) -> dict[int, list[tuple[str, Answer]]]:
        """Each question of the given interviews as the round's case reads it (question id -> value, not assessed,
        whether a note or an addendum says what it rests on), in one light query: no rating objects, and the notes'
        text is not kept."""
        ratings = tables.ratings.c
        return self._per_interview(
            interview_ids, (ratings.item_key, ratings.value, ratings.not_assessed, ratings.note, ratings.addendum),
            lambda item_key, value, not_assessed, note, addendum: (
                item_key.removeprefix(QUESTION_PREFIX), Answer(value, bool(not_assessed), is_noted(note, addendum))
            ),
        )

    def _per_interview(
        self, interview_ids: Collection[int], columns: Sequence[ColumnElement[Any]], shape: Callable[..., ShapeT]
    ) -> dict[int, list[ShapeT]]:
        """`columns` of every rating of the given interviews, each row made into `shape(*values)`, grouped by
        interview in the order the ratings were made (an interview without ratings: an empty list)."""
        grouped: dict[int, list[ShapeT]] = {i: [] for i in interview_ids}
        if interview_ids:
            ratings = tables.ratings.c
            query = select(ratings.interview_id, *columns).where(ratings.interview_id.in_(interview_ids)).order_by(ratings.id)
            for interview_id, *values in self.session.execute(query):
                grouped[interview_id].append(shape(*values))
        return grouped

    def note_requests(self, interview_id: int) -> Sequence[NoteRequest]:
        """The round owner's requests for a note on questions of this scorecard."""
        return self.session.scalars(select(NoteRequest).where(tables.note_requests.c.interview_id == interview_id)).all()

    def rating(self, interview_id: int, item_key: str) -> RatingEntry | None:
        query = select(RatingEntry).where(tables.ratings.c.interview_id == interview_id, tables.ratings.c.item_key == item_key)
        return self.session.scalar(query)

    def answered_counts(self, interview_ids: Collection[int]) -> dict[int, int]:
        """How many items of each interview carry a rating, in one query ("not assessed" is a choice, not an
        answer: progress counts what was rated)."""
        if not interview_ids:
            return {}
        answered = tables.ratings.c.value.is_not(None)
        query = (
            select(tables.ratings.c.interview_id, func.count())
            .where(tables.ratings.c.interview_id.in_(interview_ids), answered)
            .group_by(tables.ratings.c.interview_id)
        )
        return {interview_id: count for interview_id, count in self.session.execute(query)}


class SessionOfUser(NamedTuple):
    """A sign-in session as its check needs it, with its user's account: columns, not rows of the unit of work."""

    session_id: int
    revoked_at: datetime | None
    expires_at: datetime
    last_seen_at: datetime
    user_id: int
    name: str
    role: str
    email: str
    language: str | None
    reminders: bool
    active: bool


def _session_of_user() -> Select[Any]:
    """The statement of `LoginSessionRepository.of_token`, the token's digest bound as digest."""
    sessions, users = tables.login_sessions.c, tables.users.c
    return (
        select(sessions.id, sessions.revoked_at, sessions.expires_at, sessions.last_seen_at, users.id, users.name,
               users.role, users.email, users.language, users.reminders, users.active)
        .join_from(tables.login_sessions, tables.users, users.id == sessions.user_id)
        .where(LoginSessionRepository._token_is(bindparam("digest", type_=String)))
    )


class LoginSessionRepository(_Repository[LoginSession]):
    row_type = LoginSession

    def of_token(self, digest: str) -> SessionOfUser | None:
        """The session of a token (by its digest) and its user's account, read as columns: this runs on the first
        run of every browser tab, and on every run that checks the session again."""
        rows = run_compiled(self.session.connection(), "session of token", _session_of_user, {"digest": digest})
        return next((SessionOfUser(*row) for row in rows), None)

    def of_user(self, user_id: int) -> Sequence[LoginSession]:
        return self.session.scalars(select(LoginSession).where(tables.login_sessions.c.user_id == user_id)).all()

    def by_handoff(self, digest: str) -> LoginSession | None:
        return self.session.scalar(select(LoginSession).where(tables.login_sessions.c.handoff_hash == digest))

    def by_token(self, digest: str) -> LoginSession | None:
        """The session a tab token or a cookie token (by its digest) belongs to."""
        return self.session.scalar(select(LoginSession).where(self._token_is(digest)))

    @staticmethod
    def _token_is(digest: str | BindParameter[str]) -> ColumnElement[bool]:
        """The condition on a session that a tab token's or a cookie token's digest is `digest` (a value, or a bound
        parameter of a statement compiled once)."""
        return or_(tables.login_sessions.c.token_hash == digest, tables.login_sessions.c.cookie_hash == digest)


class SignInAttemptRepository(_Repository[SignInAttempt]):
    row_type = SignInAttempt

    def failures_since(self, client: str, since: datetime) -> int:
        query = select(func.count()).select_from(SignInAttempt).where(
            tables.sign_in_attempts.c.client == client, tables.sign_in_attempts.c.at >= since
        )
        return self.session.scalar(query) or 0

    def forget_before(self, moment: datetime) -> None:
        self.session.execute(delete(SignInAttempt).where(tables.sign_in_attempts.c.at < moment))

    def forget(self, attempt_id: int) -> None:
        """Take one recorded attempt back (it succeeded)."""
        self.session.execute(delete(SignInAttempt).where(tables.sign_in_attempts.c.id == attempt_id))


class AuditRepository(_Repository[AuditEvent]):
    row_type = AuditEvent

    def add_many(self, entries: list[dict[str, Any]]) -> None:
        """Many entries in one statement (columns as keys); the table's own insert, without the ORM's bulk path
        (each new session writes the reads it audits: a team's overview, a row per member)."""
        if entries:
            self.session.execute(insert(tables.audit_log), entries)

    def search(
        self,
        action: str | None = None,
        person_id: int | None = None,
        actor_id: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 500,
    ) -> Sequence[AuditEvent]:
        """The newest entries matching every given filter (`action` as a prefix)."""
        query = select(AuditEvent)
        if action:
            query = query.where(tables.audit_log.c.action.startswith(action))
        if person_id is not None:
            query = query.where(tables.audit_log.c.person_id == person_id)
        if actor_id is not None:
            query = query.where(tables.audit_log.c.actor_id == actor_id)
        if since is not None:
            query = query.where(tables.audit_log.c.at >= since)
        if until is not None:
            query = query.where(tables.audit_log.c.at < until)
        return self.session.scalars(query.order_by(tables.audit_log.c.at.desc(), tables.audit_log.c.id.desc()).limit(limit)).all()


class SettingRepository:
    """Settings of the installation stored in the database (retention, the demo's marker), as JSON values."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def value(self, key: str) -> dict[str, Any] | None:
        row = self.session.get(SettingRow, key)
        return None if row is None else row.value

    def store(self, key: str, value: dict[str, Any], now: datetime) -> None:
        row = self.session.get(SettingRow, key)
        if row is None:
            self.session.add(SettingRow(key=key, value=value, updated_at=now))
        else:
            row.value, row.updated_at = value, now


class PlanRepository(_Repository[Plan]):
    row_type = Plan

    def of_person(self, person_id: int) -> list[Plan]:
        """A person's plans, newest first."""
        query = select(Plan).where(tables.development_plans.c.person_id == person_id).order_by(tables.development_plans.c.created_at.desc(), tables.development_plans.c.id.desc())
        return list(self.session.scalars(query))

    def goal(self, goal_id: int) -> Goal | None:
        return self.session.get(Goal, goal_id)

    def everything(self) -> Sequence[Plan]:
        """Every plan with its goals and their check-ins (the bulk export)."""
        return self.session.scalars(select(Plan).order_by(tables.development_plans.c.id)).all()

    def check_in(self, check_in_id: int) -> CheckIn | None:
        return self.session.get(CheckIn, check_in_id)

    def newest_in_teams(self, team_ids: Collection[int] | None) -> list[Plan]:
        """The newest plan (with goals and check-ins) of each person of these teams who is still here - None: of
        every team - in two statements, without naming each person in them (an administrator reaches 2,300)."""
        plans, people = tables.development_plans.c, tables.people.c
        in_teams = people.team_id.is_not(None) if team_ids is None else people.team_id.in_(team_ids)
        members = select(people.id).where(in_teams, people.left_on.is_(None))
        newest = select(func.max(plans.id)).where(plans.person_id.in_(members)).group_by(plans.person_id)
        return list(self.session.scalars(select(Plan).where(plans.id.in_(newest.scalar_subquery()))))


class ThemeDayRepository(_Repository[ThemeDay]):
    row_type = ThemeDay

    def everything(self) -> Sequence[ThemeDay]:
        return self.session.scalars(select(ThemeDay).order_by(tables.theme_days.c.id)).all()

    def of_team(self, team_id: int) -> list[ThemeDay]:
        """A team's theme days, newest first."""
        days = tables.theme_days.c
        query = select(ThemeDay).where(days.team_id == team_id).order_by(days.held_on.desc(), days.id.desc())
        return list(self.session.scalars(query))

    def lock_publishing(self) -> None:
        """Publish one theme day at a time (PostgreSQL: a transaction-level advisory lock; SQLite has one writer),
        so two publications never both pass the check against each other."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(select(func.pg_advisory_xact_lock(PUBLISHING_LOCK)))

    def releases_near(self, framework_id: str, person_ids: Collection[int], leave_out: int) -> list[tuple[int, str, str, int, str]]:
        """(theme day id, source, competence id, person id, basis) of the published theme days of the framework
        that share members with these people - directly or through other such days - but `leave_out`."""
        releases, days = tables.theme_day_releases.c, tables.theme_days.c
        people, found_days = set(person_ids), set[int]()
        while True:
            query = select(releases.theme_day_id).distinct().join(
                tables.theme_days, days.id == releases.theme_day_id
            ).where(days.framework_id == framework_id, releases.person_id.in_(people), releases.theme_day_id != leave_out)
            new_days = set(self.session.scalars(query)) - found_days
            if not new_days:
                break
            found_days |= new_days
            people |= set(self.session.scalars(select(releases.person_id).where(releases.theme_day_id.in_(new_days))))
        if not found_days:
            return []
        query = select(releases.theme_day_id, days.source, releases.competence_id, releases.person_id, releases.basis).join(
            tables.theme_days, days.id == releases.theme_day_id
        ).where(releases.theme_day_id.in_(found_days))
        return [(day, source, competence, person, basis) for day, source, competence, person, basis in self.session.execute(query)]

    def add_releases(self, theme_day_id: int, released: Mapping[str, Collection[tuple[int, str]]]) -> None:
        """Keep which values (person, assessment) stand behind each competence a theme day published."""
        rows = [
            {"theme_day_id": theme_day_id, "competence_id": competence_id, "person_id": person_id, "basis": basis}
            for competence_id, values in released.items() for person_id, basis in values
        ]
        if rows:
            self.session.execute(insert(tables.theme_day_releases), rows)


class OutboxRepository(_Repository[OutgoingMail]):
    row_type = OutgoingMail

    def claim_next(self, now: datetime) -> OutgoingMail | None:
        """The next mail due to be sent, locked for this worker (another worker skips it on PostgreSQL)."""
        outbox = tables.outbox.c
        query = (
            select(OutgoingMail)
            .where(outbox.status == MailStatus.PENDING, outbox.next_attempt_at <= now)
            .order_by(outbox.next_attempt_at, outbox.id)
            .limit(1)
        )
        if self.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return self.session.scalar(query)

    def take(self, mail: OutgoingMail, now: datetime) -> bool:
        """Claim a pending mail for this worker, atomically: False when another worker took it first (two workers,
        or the page's "send now" beside the worker, never both send one mail - on SQLite too)."""
        outbox = tables.outbox.c
        result = cast(CursorResult[Any], self.session.execute(
            update(tables.outbox)
            .where(outbox.id == mail.id, outbox.status == MailStatus.PENDING)
            .values(status=MailStatus.SENDING, claimed_until=now + CLAIM)
        ))
        if result.rowcount != 1:
            return False
        self.session.refresh(mail)
        return True

    def abandoned(self, now: datetime) -> Sequence[OutgoingMail]:
        """Mails a worker claimed and never recorded (it stopped while sending)."""
        outbox = tables.outbox.c
        return self.session.scalars(
            select(OutgoingMail).where(outbox.status == MailStatus.SENDING, outbox.claimed_until < now)
        ).all()

    def counts(self) -> dict[str, int]:
        """Mails per status."""
        outbox = tables.outbox.c
        rows = self.session.execute(select(outbox.status, func.count()).group_by(outbox.status)).all()
        return {str(status): int(count) for status, count in rows}

    def exists(self, kind: str, about: str) -> bool:
        """Whether a mail of this kind about this was queued already (any status)."""
        outbox = tables.outbox.c
        query = select(outbox.id).where(outbox.kind == kind, outbox.about == about).limit(1)
        return self.session.scalar(query) is not None

    def forget(self, before: datetime) -> int:
        """Delete the mails dealt with (sent, failed, uncertain) before a moment: an address and a text are personal
        data, kept no longer than needed; how many."""
        outbox = tables.outbox.c
        done = (MailStatus.SENT, MailStatus.FAILED, MailStatus.UNCERTAIN)
        result = cast(CursorResult[Any], self.session.execute(
            delete(tables.outbox).where(outbox.status.in_(done), outbox.created_at < before)
        ))
        return result.rowcount or 0

    def forget_to(self, recipient: str) -> None:
        """Delete every mail to an address (a person's erasure)."""
        self.session.execute(delete(tables.outbox).where(func.lower(tables.outbox.c.recipient) == recipient.lower()))
        note_statement(self.session, tables.outbox.name, ())

    def needing_attention(self, limit: int = 200) -> Sequence[OutgoingMail]:
        """Failed and uncertain mails, newest first (for the administrator)."""
        outbox = tables.outbox.c
        query = select(OutgoingMail).where(outbox.status.in_((MailStatus.FAILED, MailStatus.UNCERTAIN)))
        return self.session.scalars(query.order_by(outbox.id.desc()).limit(limit)).all()


class PasswordTokenRepository(_Repository[PasswordToken]):
    row_type = PasswordToken

    def by_hash(self, token_hash: str) -> PasswordToken | None:
        return self.session.scalar(select(PasswordToken).where(tables.password_tokens.c.token_hash == token_hash))

    def forget_closed(self, now: datetime) -> None:
        """Delete the links that can no longer be used (used or expired)."""
        tokens = tables.password_tokens.c
        self.session.execute(delete(tables.password_tokens).where(or_(tokens.used_at.is_not(None), tokens.expires_at <= now)))

    def open_for(self, user_id: int, now: datetime) -> Sequence[PasswordToken]:
        tokens = tables.password_tokens.c
        query = select(PasswordToken).where(tokens.user_id == user_id, tokens.used_at.is_(None), tokens.expires_at > now)
        return self.session.scalars(query).all()
