"""Engines and migrations: SQLite (embedded default, WAL + foreign keys) or PostgreSQL."""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = "profiling.persistence:migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Deleted content is overwritten with zeros, so an erased person is not left in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
    # SQLite's own lower() folds only A-Z: "Åse" and "ÆRØ" would never match a search. Python's folds every
    # letter, as PostgreSQL's lower() does.
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


# SQLite lets one connection write at a time; a connection that finds the database locked sleeps and tries
# again (1, 2, 5 ... 100 ms), so under load a writer can lose its turn over and over (seen: a rating's save
# waited up to 2 s while twenty raters rated). The writers of this process queue for their turn instead: a
# connection takes the lock at its first write statement and gives it back when its transaction ends. After
# WRITER_PATIENCE seconds it writes anyway (SQLite's own waiting, as before): a queue, never a deadlock.
_writer = threading.RLock()
WRITER_PATIENCE = 5.0
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _queue_writer(connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    if "writer" not in connection.info and statement.lstrip()[:7].upper().startswith(_WRITES):
        connection.info["writer"] = _writer.acquire(timeout=WRITER_PATIENCE)


def _release_writer(connection: Any, *_args: Any) -> None:
    if connection.info.pop("writer", False):
        _writer.release()


def _release_on_checkin(_dbapi_connection: Any, record: Any) -> None:
    """A connection back in the pool holds no turn, however its transaction ended."""
    if record is not None and record.info.pop("writer", False):
        try:
            _writer.release()
        except RuntimeError:  # given back by another thread than the writer's (a connection collected as garbage)
            pass


def _private_file(path: Path) -> None:
    """Create the database file (and its folder) readable by the owner only: it holds personal data.

    SQLite gives its -wal and -shm files the permissions of the database file.
    """
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    if not path.exists():
        path.touch(mode=0o600)
    path.chmod(0o600)


# Connections kept open for the sessions running at once (every page read takes one for a moment). With
# SQLAlchemy's default of 5, twenty busy sessions opened and closed a connection - with its pragmas - for
# almost every read (seen in py-spy: a tenth of the server's time).
POOL = {"pool_size": 20, "max_overflow": 20}


def create_database_engine(url: str, **options: Any) -> Engine:
    """An engine for `url`; a SQLite file's folder is created and every connection gets its pragmas.

    `hide_parameters`: a database error's message never carries the values (names, notes) of its statement."""
    parsed = make_url(url)
    pool = {} if "poolclass" in options else POOL
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        in_memory = database in ("", ":memory:") or "mode=memory" in str(parsed)
        if not in_memory and not database.startswith("file:"):
            _private_file(Path(database).expanduser())
        engine = create_engine(
            url, connect_args={"check_same_thread": False}, hide_parameters=True,
            **{**({} if in_memory else pool), **options},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "before_cursor_execute", _queue_writer)
        for ended in ("commit", "rollback"):
            event.listen(engine, ended, _release_writer)
        event.listen(engine, "checkin", _release_on_checkin)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, **{**pool, **options})


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit (services return views built after commit)."""
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic configuration over the migrations in this package, bound to `engine` if given."""
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    if engine is not None:
        config.attributes["engine"] = engine
    return config


# Several app processes may start at once on one PostgreSQL database: a session-level advisory lock lets
# one of them migrate while the others wait, then find the database up to date.
MIGRATION_LOCK = 0x50524F46  # "PROF"
_migrating = threading.Lock()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to `revision` (head by default); once, when several processes start together."""
    if revision == "head" and is_up_to_date(engine):
        return
    with _migrating:
        if engine.dialect.name != "postgresql":
            command.upgrade(alembic_config(engine), revision)
            return
        with engine.connect() as connection:
            connection.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK})")
            try:
                command.upgrade(alembic_config(engine), revision)
            finally:
                connection.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK})")


def refresh_statistics(engine: Engine) -> None:
    """Let SQLite's query planner know the data (ANALYZE: 50 ms for the large synthetic municipality).

    Without statistics SQLite takes an index on an equality over one that narrows far more: the scorecards of a
    manager's people were found by their status (every completed one, 10,000, then filtered and sorted: 4 ms on
    each overview) instead of by person (0.1 ms). PostgreSQL keeps its own statistics (autovacuum)."""
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")


def downgrade(engine: Engine, revision: str) -> None:
    """Revert migrations down to `revision` ('base' for an empty database)."""
    command.downgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@functools.cache
def head_revision() -> str | None:
    """The newest revision shipped with the code (read once per process: the scripts do not change under it)."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def is_up_to_date(engine: Engine) -> bool:
    """Whether the database is at the newest revision."""
    return current_revision(engine) == head_revision()


def known_revisions() -> set[str]:
    """Every migration revision shipped with the code."""
    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


# What each revision brings, said before a downgrade takes it away.
LOST_BY_DOWNGRADE = {
    "0014": "people's job titles from the payroll system",
    "0013": "the outbox (mails not yet sent are lost, sent ones forgotten), open links to set a password, and who "
            "turned reminders off",
    "0012": "the days people left (they would show in team lists again)",
    "0011": "when a manager chose to see the self-assessment before completing their own MUS rating",
    "0010": "the rounds' minutes, reference checks and hearings, applicants' access requests and the answers they were "
            "sent, and when rounds were filed in the case system",
    "0009": "the hiring committees' seats, the rounds' advertised criteria, the declarations of disqualification, "
            "the requests for notes and the notes added to completed scorecards",
    "0008": "the published theme-day snapshots and the record behind them, hires waiting for confirmation, "
            "when rounds were last closed, and which accounts the HR import manages",
    "0007": "the employee numbers people were imported by, and which interviews were entered from paper (and when held)",
    "0006": "theme days and the teams' agreements, practice check-ins on plan goals, who was hired from which round",
    "0005": "the change marks pages use to cache what they read (nothing of anyone's data)",
    "0004": "each round's minimum coverage for ranking (back to 80 %)",
    "0003": "self-assessment invitations, development plans and their goals, team target profiles, interview outcomes",
    "0002": "user accounts, sign-in sessions, the audit log, retention settings and consent",
    "0001": "every person, team, round, interview and rating",
}


def losses_of_downgrade(engine: Engine, revision: str) -> list[str]:
    """What going down to `revision` removes, newest first (empty when nothing is reverted)."""
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
    if current is None:
        return []
    lost = []
    for step in script.iterate_revisions(current, "base" if revision == "base" else revision):
        if step.revision != revision:
            lost.append(LOST_BY_DOWNGRADE.get(step.revision[:4], f"what revision {step.revision} added"))
    return lost
