"""Shared fixtures: the real catalog, and databases (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import settings
from sqlalchemy import Engine, text

from profiling.catalog import Catalog, load_catalog
from profiling.persistence.database import create_database_engine, session_factory
from profiling.persistence.tables import Base
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.settings import Settings

POSTGRES_URL = os.environ.get("PROFILING_TEST_DATABASE_URL")
# An unknown message key fails a test (in use it would show the key): here and in the servers tests start.
os.environ["PROFILING_STRICT_MESSAGES"] = "1"
BACKENDS = ["sqlite", "postgresql"]
# Property tests never depend on timing: the machines are shared and noisy.
settings.register_profile("profilsamtale", deadline=None)
settings.load_profile("profilsamtale")


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped questionnaires."""
    loaded = load_catalog([Settings().questionnaires_dir])
    assert not loaded.problems, loaded.problems
    return loaded


def _postgres_engine(schema: str) -> Engine:
    assert POSTGRES_URL is not None
    base = create_database_engine(POSTGRES_URL)
    with base.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    base.dispose()
    return create_database_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})


def _drop_postgres_schema(schema: str) -> None:
    assert POSTGRES_URL is not None
    base = create_database_engine(POSTGRES_URL)
    with base.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    base.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each database engine the tests run against."""
    if request.param == "postgresql" and not POSTGRES_URL:
        pytest.skip("PostgreSQL tests need PROFILING_TEST_DATABASE_URL (set by .ci/run)")
    return request.param


@pytest.fixture(scope="session")
def empty_engine_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Engine]]:
    """Makes engines on fresh, empty databases of a backend; cleans them up at the end."""
    schemas: list[str] = []
    engines: list[Engine] = []

    def make(kind: str) -> Engine:
        if kind == "sqlite":
            path = tmp_path_factory.mktemp("db") / "profilsamtale.db"
            engine = create_database_engine(f"sqlite:///{path}")
        else:
            schema = f"t_{uuid.uuid4().hex[:12]}"
            schemas.append(schema)
            engine = _postgres_engine(schema)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()
    for schema in schemas:
        _drop_postgres_schema(schema)


@pytest.fixture(scope="session")
def engine(backend: str, empty_engine_factory: Callable[[str], Engine]) -> Engine:
    """A database with the current schema (created directly; migrations have their own tests)."""
    made = empty_engine_factory(backend)
    Base.metadata.create_all(made)
    return made


class FrozenClock:
    """A clock tests can set and move."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 11, 22, 9, 30, tzinfo=UTC))


@pytest.fixture
def uow_factory(engine: Engine, clock: FrozenClock) -> Iterator[Callable[[], UnitOfWork]]:
    """Fresh units of work on an emptied database."""
    factory = session_factory(engine)
    yield lambda: UnitOfWork(factory, clock)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
