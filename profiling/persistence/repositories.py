"""Repositories: the queries the services need, each returning rows; no business rules here."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Row,
    delete,
    false,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from profiling.domain.actors import Role
from profiling.domain.policy import Visibility
from profiling.domain.states import PersonKind
from profiling.persistence.rows import (
    AuditRow,
    GoalRow,
    InterviewRow,
    LoginSessionRow,
    PersonRow,
    PlanRow,
    RatingRow,
    RoundCandidateRow,
    RoundPanelRow,
    RoundRow,
    SettingRow,
    SignInAttemptRow,
    SnapshotRow,
    TargetProfileRow,
    TeamRow,
    UserRow,
)

RowT = TypeVar("RowT")


def visible_people(seen: Visibility) -> ColumnElement[bool]:
    """A WHERE condition on PersonRow selecting the people the policy lets an actor see."""
    if seen.everyone:
        return PersonRow.id.is_not(None)
    parts: list[ColumnElement[bool]] = []
    if seen.team_ids:
        parts.append(PersonRow.team_id.in_(seen.team_ids))
    if seen.round_ids:
        in_rounds = select(RoundCandidateRow.person_id).where(RoundCandidateRow.round_id.in_(seen.round_ids))
        parts.append(PersonRow.id.in_(in_rounds))
    if seen.person_ids:
        parts.append(PersonRow.id.in_(seen.person_ids))
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


class UserRepository(_Repository[UserRow]):
    row_type = UserRow

    def any_exists(self) -> bool:
        return self.session.scalar(select(UserRow.id).limit(1)) is not None

    def active_administrator_exists(self) -> bool:
        query = select(UserRow.id).where(UserRow.role == Role.ADMIN, UserRow.active.is_(True)).limit(1)
        return self.session.scalar(query) is not None

    def lock_active_administrators(self) -> None:
        """Lock the active administrators' rows (PostgreSQL; SQLite's write lock does it there) for this transaction."""
        self.session.scalars(
            select(UserRow.id).where(UserRow.role == Role.ADMIN, UserRow.active.is_(True)).with_for_update()
        ).all()

    def count_attempt(self, user_id: int, now: datetime) -> int | None:
        """Count one more sign-in attempt on an account that is not locked, atomically; its number, or None if locked."""
        statement = (
            update(UserRow)
            .where(UserRow.id == user_id, or_(UserRow.locked_until.is_(None), UserRow.locked_until <= now))
            .values(failed_sign_ins=UserRow.failed_sign_ins + 1)
            .returning(UserRow.failed_sign_ins)
            .execution_options(synchronize_session=False)
        )
        return self.session.execute(statement).scalar_one_or_none()

    def set_values(self, user_id: int, **values: Any) -> None:
        """Write columns of one user in one statement, without loading the row (sign-in bookkeeping)."""
        self.session.execute(
            update(UserRow).where(UserRow.id == user_id).values(**values).execution_options(synchronize_session=False)
        )

    def relations(self, user_id: int) -> dict[str, set[int]]:
        """What ties a user to the data, in one statement: the teams they lead ("team"), the rounds they
        own ("owner") or sit on the panel of ("panel"), and their own person record ("self")."""
        tagged = union_all(
            select(literal("team").label("kind"), TeamRow.id.label("id")).where(TeamRow.manager_id == user_id),
            select(literal("owner"), RoundRow.id).where(RoundRow.owner_id == user_id),
            select(literal("panel"), RoundPanelRow.round_id).where(RoundPanelRow.user_id == user_id),
            select(literal("self"), PersonRow.id).where(PersonRow.user_id == user_id),
        )
        found: dict[str, set[int]] = {"team": set(), "owner": set(), "panel": set(), "self": set()}
        for kind, row_id in self.session.execute(tagged):
            found[kind].add(row_id)
        return found

    def by_email(self, email: str) -> UserRow | None:
        return self.session.scalar(select(UserRow).where(func.lower(UserRow.email) == email.lower()))

    def all(self) -> Sequence[UserRow]:
        return self.session.scalars(select(UserRow).order_by(UserRow.name)).all()

    def by_ids(self, ids: Collection[int]) -> dict[int, UserRow]:
        if not ids:
            return {}
        return {u.id: u for u in self.session.scalars(select(UserRow).where(UserRow.id.in_(ids)))}


class TeamRepository(_Repository[TeamRow]):
    row_type = TeamRow

    def all(self) -> Sequence[TeamRow]:
        return self.session.scalars(select(TeamRow).order_by(TeamRow.unit, TeamRow.name)).all()

    def by_ids(self, ids: Collection[int]) -> dict[int, TeamRow]:
        if not ids:
            return {}
        return {t.id: t for t in self.session.scalars(select(TeamRow).where(TeamRow.id.in_(ids)))}


    def led_by(self, user_id: int) -> Sequence[TeamRow]:
        return self.session.scalars(select(TeamRow).where(TeamRow.manager_id == user_id)).all()


class PeopleRepository(_Repository[PersonRow]):
    row_type = PersonRow

    def unanonymised_candidates(self) -> Sequence[PersonRow]:
        query = select(PersonRow).where(PersonRow.kind == PersonKind.CANDIDATE, PersonRow.anonymised_at.is_(None))
        return self.session.scalars(query).all()

    def by_ids(self, ids: Collection[int]) -> dict[int, PersonRow]:
        if not ids:
            return {}
        return {p.id: p for p in self.session.scalars(select(PersonRow).where(PersonRow.id.in_(ids)))}

    def by_email(self, email: str) -> PersonRow | None:
        return self.session.scalar(select(PersonRow).where(func.lower(PersonRow.email) == email.lower()))

    def any(self) -> bool:
        """Whether any person is registered."""
        return self.session.scalar(select(PersonRow.id).limit(1)) is not None

    def by_user(self, user_id: int) -> PersonRow | None:
        return self.session.scalar(select(PersonRow).where(PersonRow.user_id == user_id))

    def search(
        self,
        scope: Visibility,
        text: str = "",
        kind: str | None = None,
        team_id: int | None = None,
        limit: int = 200,
    ) -> Sequence[PersonRow]:
        query = select(PersonRow).where(visible_people(scope))
        if text:
            pattern = f"%{text.lower()}%"
            query = query.where(or_(func.lower(PersonRow.name).like(pattern), func.lower(PersonRow.email).like(pattern)))
        if kind:
            query = query.where(PersonRow.kind == kind)
        if team_id is not None:
            query = query.where(PersonRow.team_id == team_id)
        return self.session.scalars(query.order_by(PersonRow.name, PersonRow.id).limit(limit)).all()

    def in_teams(self, team_ids: Collection[int]) -> Sequence[PersonRow]:
        query = select(PersonRow).where(PersonRow.team_id.in_(team_ids)).order_by(PersonRow.name)
        return self.session.scalars(query).all()


class SnapshotRepository(_Repository[SnapshotRow]):
    row_type = SnapshotRow

    def add_once(self, row: SnapshotRow) -> SnapshotRow:
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

    def by_hash(self, content_hash: str) -> SnapshotRow | None:
        return self.session.scalar(select(SnapshotRow).where(SnapshotRow.content_hash == content_hash))

    def by_ids(self, ids: Collection[int]) -> dict[int, SnapshotRow]:
        if not ids:
            return {}
        return {s.id: s for s in self.session.scalars(select(SnapshotRow).where(SnapshotRow.id.in_(ids)))}


class TargetProfileRepository(_Repository[TargetProfileRow]):
    row_type = TargetProfileRow

    def by_ids(self, ids: Collection[int]) -> dict[int, TargetProfileRow]:
        if not ids:
            return {}
        rows = self.session.scalars(select(TargetProfileRow).where(TargetProfileRow.id.in_(ids)))
        return {t.id: t for t in rows}

    def all(self) -> Sequence[TargetProfileRow]:
        query = select(TargetProfileRow).order_by(TargetProfileRow.name, TargetProfileRow.version.desc())
        return self.session.scalars(query).all()

    def latest(self, name: str) -> TargetProfileRow | None:
        query = select(TargetProfileRow).where(TargetProfileRow.name == name)
        return self.session.scalar(query.order_by(TargetProfileRow.version.desc()).limit(1))


class RoundRepository(_Repository[RoundRow]):
    row_type = RoundRow

    def candidacies(self) -> dict[int, list[tuple[str, datetime | None]]]:
        """Per candidate (person id): the status and closing time of every round they are in."""
        query = select(RoundCandidateRow.person_id, RoundRow.status, RoundRow.closed_at).join(
            RoundRow, RoundRow.id == RoundCandidateRow.round_id
        )
        found: dict[int, list[tuple[str, datetime | None]]] = {}
        for person_id, status, closed_at in self.session.execute(query):
            found.setdefault(person_id, []).append((status, closed_at))
        return found

    def list(
        self, round_ids: Collection[int] | None = None, status: str | None = None, limit: int | None = None
    ) -> Sequence[RoundRow]:
        """Rounds, newest first; `round_ids` None means every round."""
        query = select(RoundRow)
        if round_ids is not None:
            query = query.where(RoundRow.id.in_(round_ids))
        if status:
            query = query.where(RoundRow.status == status)
        query = query.order_by(RoundRow.created_at.desc(), RoundRow.id.desc())
        return self.session.scalars(query if limit is None else query.limit(limit)).all()

    def titles(self, round_ids: Collection[int] | None = None) -> Sequence[Row[int, str, str]]:
        """(id, title, status) of rounds, newest first, without loading panels or candidates."""
        query = select(RoundRow.id, RoundRow.title, RoundRow.status)
        if round_ids is not None:
            query = query.where(RoundRow.id.in_(round_ids))
        return self.session.execute(query.order_by(RoundRow.created_at.desc(), RoundRow.id.desc())).all()

    def rounds_of_candidates(self, person_ids: Collection[int]) -> dict[int, frozenset[int]]:
        """For each of the people, the rounds they are a candidate in."""
        found: dict[int, set[int]] = {pid: set() for pid in person_ids}
        if person_ids:
            query = select(RoundCandidateRow.person_id, RoundCandidateRow.round_id).where(RoundCandidateRow.person_id.in_(person_ids))
            for person_id, round_id in self.session.execute(query):
                found[person_id].add(round_id)
        return {pid: frozenset(rounds) for pid, rounds in found.items()}


class InterviewRepository(_Repository[InterviewRow]):
    row_type = InterviewRow

    def add_ratings(self, ratings: list[dict[str, Any]]) -> None:
        """Many ratings in one statement (columns as keys; bulk loading)."""
        if ratings:
            self.session.execute(insert(RatingRow), ratings)

    def clear_notes_and_outcomes(self, person_ids: Collection[int]) -> int:
        """Empty every note and outcome of the people's interviews; how many notes there were."""
        interview_ids = select(InterviewRow.id).where(InterviewRow.person_id.in_(person_ids))
        result = cast(CursorResult[Any], self.session.execute(
            update(RatingRow).where(RatingRow.interview_id.in_(interview_ids), RatingRow.note != "").values(note="")
        ))
        self.session.execute(update(InterviewRow).where(InterviewRow.person_id.in_(person_ids)).values(outcome=""))
        return result.rowcount or 0

    def erase_rater(self, user_id: int, shown_as: str) -> None:
        """The scorecards a user wrote keep their ratings but lose the rater's name and account."""
        self.session.execute(
            update(InterviewRow).where(InterviewRow.rater_id == user_id).values(rater_name=shown_as, rater_id=None)
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
    ) -> Sequence[InterviewRow]:
        """Interviews matching every given filter."""
        query = select(InterviewRow)
        if person_ids is not None:
            query = query.where(InterviewRow.person_id.in_(person_ids))
        if round_ids is not None:
            query = query.where(InterviewRow.round_id.in_(round_ids))
        if rater_id is not None:
            query = query.where(InterviewRow.rater_id == rater_id)
        if status is not None:
            query = query.where(InterviewRow.status == status)
        if person_scope is not None and not person_scope.everyone:
            query = query.where(InterviewRow.person_id.in_(select(PersonRow.id).where(visible_people(person_scope))))
        # Completed scorecards sort by completion (indexed), others by start.
        order = InterviewRow.completed_at if status == "completed" else InterviewRow.started_at
        query = query.order_by(order.desc() if newest_first else order, InterviewRow.id.desc() if newest_first else InterviewRow.id)
        if limit is not None:
            query = query.limit(limit)
        return self.session.scalars(query).all()

    def find(self, person_id: int, round_id: int | None, rater_id: int, guide_id: str, status: str) -> InterviewRow | None:
        """An interview of this person by this rater with this guide (in this round) in a given status."""
        query = select(InterviewRow).where(
            InterviewRow.person_id == person_id,
            InterviewRow.rater_id == rater_id,
            InterviewRow.guide_id == guide_id,
            InterviewRow.status == status,
            InterviewRow.round_id.is_(None) if round_id is None else InterviewRow.round_id == round_id,
        )
        return self.session.scalar(query.order_by(InterviewRow.id.desc()).limit(1))

    def ratings(self, interview_ids: Collection[int]) -> dict[int, list[RatingRow]]:
        """Every rating of the given interviews, grouped by interview id, in one query."""
        grouped: dict[int, list[RatingRow]] = {i: [] for i in interview_ids}
        if interview_ids:
            query = select(RatingRow).where(RatingRow.interview_id.in_(interview_ids)).order_by(RatingRow.id)
            for row in self.session.scalars(query):
                grouped[row.interview_id].append(row)
        return grouped

    def answers(self, interview_ids: Collection[int]) -> dict[int, list[tuple[str, int | None]]]:
        """(item key, value) of every rating of the given interviews, in one light query (no ORM objects)."""
        grouped: dict[int, list[tuple[str, int | None]]] = {i: [] for i in interview_ids}
        if interview_ids:
            query = (
                select(RatingRow.interview_id, RatingRow.item_key, RatingRow.value)
                .where(RatingRow.interview_id.in_(interview_ids))
                .order_by(RatingRow.id)
            )
            for interview_id, item_key, value in self.session.execute(query):
                grouped[interview_id].append((item_key, value))
        return grouped

    def rating(self, interview_id: int, item_key: str) -> RatingRow | None:
        query = select(RatingRow).where(RatingRow.interview_id == interview_id, RatingRow.item_key == item_key)
        return self.session.scalar(query)

    def answered_counts(self, interview_ids: Collection[int]) -> dict[int, int]:
        """How many items of each interview are rated or marked not assessed, in one query."""
        if not interview_ids:
            return {}
        answered = or_(RatingRow.value.is_not(None), RatingRow.not_assessed)
        query = (
            select(RatingRow.interview_id, func.count())
            .where(RatingRow.interview_id.in_(interview_ids), answered)
            .group_by(RatingRow.interview_id)
        )
        return {interview_id: count for interview_id, count in self.session.execute(query)}


class LoginSessionRepository(_Repository[LoginSessionRow]):
    row_type = LoginSessionRow

    def of_user(self, user_id: int) -> Sequence[LoginSessionRow]:
        return self.session.scalars(select(LoginSessionRow).where(LoginSessionRow.user_id == user_id)).all()

    def by_handoff(self, digest: str) -> LoginSessionRow | None:
        return self.session.scalar(select(LoginSessionRow).where(LoginSessionRow.handoff_hash == digest))

    def by_token(self, digest: str) -> LoginSessionRow | None:
        """The session a tab token or a cookie token (by its digest) belongs to."""
        return self.session.scalar(select(LoginSessionRow).where(self._token_is(digest)))

    def with_user(self, digest: str) -> tuple[LoginSessionRow, UserRow] | None:
        """The session of a token and its user, in one statement (this runs on every page run)."""
        found = self.session.execute(
            select(LoginSessionRow, UserRow).join(UserRow, UserRow.id == LoginSessionRow.user_id).where(self._token_is(digest))
        ).first()
        return None if found is None else (found[0], found[1])

    @staticmethod
    def _token_is(digest: str) -> ColumnElement[bool]:
        return or_(LoginSessionRow.token_hash == digest, LoginSessionRow.cookie_hash == digest)


class SignInAttemptRepository(_Repository[SignInAttemptRow]):
    row_type = SignInAttemptRow

    def failures_since(self, client: str, since: datetime) -> int:
        query = select(func.count()).select_from(SignInAttemptRow).where(
            SignInAttemptRow.client == client, SignInAttemptRow.at >= since
        )
        return self.session.scalar(query) or 0

    def forget_before(self, moment: datetime) -> None:
        self.session.execute(delete(SignInAttemptRow).where(SignInAttemptRow.at < moment))


class AuditRepository(_Repository[AuditRow]):
    row_type = AuditRow

    def add_many(self, entries: list[dict[str, Any]]) -> None:
        """Many entries in one statement (columns as keys)."""
        if entries:
            self.session.execute(insert(AuditRow), entries)

    def search(
        self,
        action: str | None = None,
        person_id: int | None = None,
        actor_id: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 500,
    ) -> Sequence[AuditRow]:
        """The newest entries matching every given filter (`action` as a prefix)."""
        query = select(AuditRow)
        if action:
            query = query.where(AuditRow.action.startswith(action))
        if person_id is not None:
            query = query.where(AuditRow.person_id == person_id)
        if actor_id is not None:
            query = query.where(AuditRow.actor_id == actor_id)
        if since is not None:
            query = query.where(AuditRow.at >= since)
        if until is not None:
            query = query.where(AuditRow.at < until)
        return self.session.scalars(query.order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit)).all()


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


class PlanRepository(_Repository[PlanRow]):
    row_type = PlanRow

    def of_person(self, person_id: int) -> list[PlanRow]:
        """A person's plans, newest first."""
        query = select(PlanRow).where(PlanRow.person_id == person_id).order_by(PlanRow.created_at.desc(), PlanRow.id.desc())
        return list(self.session.scalars(query))

    def goal(self, goal_id: int) -> GoalRow | None:
        return self.session.get(GoalRow, goal_id)
