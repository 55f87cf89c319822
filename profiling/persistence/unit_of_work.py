"""The unit of work: one database session with its repositories; rolls back unless told to commit."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from types import TracebackType
from typing import Self

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from profiling.domain.errors import ConcurrentEdit
from profiling.persistence.changes import INFO_KEY, ChangeSet, marks_of, move_marks
from profiling.persistence.repositories import (
    AuditRepository,
    InterviewRepository,
    LoginSessionRepository,
    OutboxRepository,
    PasswordTokenRepository,
    PeopleRepository,
    PlanRepository,
    RoundRepository,
    SettingRepository,
    SignInAttemptRepository,
    SnapshotRepository,
    TargetProfileRepository,
    TeamRepository,
    ThemeDayRepository,
    UserRepository,
)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


class UnitOfWork:
    """`with UnitOfWork(factory) as uow: ...; uow.commit()` - nothing is written without commit()."""

    def __init__(self, factory: sessionmaker[Session], clock: Clock = utc_now) -> None:
        self._factory = factory
        self.clock = clock

    def __enter__(self) -> Self:
        self.session = self._factory()
        self.changes = ChangeSet()
        self.moved: frozenset[str] = frozenset()  # the scopes whose marks the last commit moved
        self.session.info[INFO_KEY] = self.changes
        self.users = UserRepository(self.session)
        self.teams = TeamRepository(self.session)
        self.people = PeopleRepository(self.session)
        self.snapshots = SnapshotRepository(self.session)
        self.targets = TargetProfileRepository(self.session)
        self.rounds = RoundRepository(self.session)
        self.interviews = InterviewRepository(self.session)
        self.plans = PlanRepository(self.session)
        self.theme_days = ThemeDayRepository(self.session)
        self.login_sessions = LoginSessionRepository(self.session)
        self.sign_in_attempts = SignInAttemptRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.settings = SettingRepository(self.session)
        self.outbox = OutboxRepository(self.session)
        self.password_tokens = PasswordTokenRepository(self.session)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.session.rollback()
        self.session.close()
        self.session.info.pop(INFO_KEY, None)

    def commit(self) -> None:
        """Write everything done in this unit; ConcurrentEdit (and nothing written) if another writer got there first."""
        self._write(self._commit)

    def _commit(self) -> None:
        self.session.flush()
        moved = frozenset(self.changes.scopes(self.session))
        move_marks(self.session, moved)
        self.session.commit()
        self.changes.clear()
        self.moved = moved

    def marks(self, scopes: Iterable[str]) -> tuple[int, ...]:
        """How often the data of `scopes` has changed (see profiling.persistence.changes)."""
        return marks_of(self.session, scopes)

    def flush(self) -> None:
        """Send pending changes to the database (ids assigned) without committing; ConcurrentEdit as for commit."""
        self._write(self.session.flush)

    def _write(self, step: Callable[[], None]) -> None:
        try:
            step()
        except (IntegrityError, StaleDataError) as error:
            self.session.rollback()
            self.changes.clear()
            raise ConcurrentEdit(type(error).__name__) from None

    def rollback(self) -> None:
        """Forget everything done in this unit since the last commit."""
        self.changes.clear()
        self.session.rollback()

    def purge_freed_space(self) -> None:
        """Make deleted data unreadable in the database files (after an erasure).

        SQLite overwrites deleted content (`secure_delete`, set on every connection) and the write-ahead
        log is checkpointed and truncated, so the old pages are gone from `-wal` and from later backups.
        PostgreSQL's dead rows are reclaimed by VACUUM (documented in docs/privacy.md).
        """
        connection = self.session.connection()
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        self.session.commit()

    def now(self) -> datetime:
        """The current time by this unit's clock (a frozen clock in tests)."""
        return self.clock()
