"""SQLite plans a query by its statistics, which the start-up refreshes: without them it takes an index on an
equality over one that narrows far more (a manager's scorecards found through every completed one)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, event, insert

from profiling.domain.policy import Visibility
from profiling.persistence import tables
from profiling.persistence.database import create_database_engine, refresh_statistics, session_factory, upgrade
from profiling.persistence.unit_of_work import UnitOfWork

TEAMS, PEOPLE, SCORECARDS = 10, 200, 1_000


@pytest.fixture
def municipality(tmp_path) -> Engine:  # type: ignore[no-untyped-def]
    """Ten teams of twenty people, each person with five completed scorecards (migrated, as the app's database)."""
    engine = create_database_engine(f"sqlite:///{tmp_path / 'plans.db'}")
    upgrade(engine)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(insert(tables.snapshots), [
            {"kind": "guide", "object_id": "g", "content_hash": "h", "content": {}, "created_at": now},
        ])
        connection.execute(insert(tables.teams), [{"name": f"Team {i}"} for i in range(TEAMS)])
        connection.execute(insert(tables.people), [
            {"kind": "employee", "name": f"Person {i}", "team_id": 1 + i % TEAMS, "created_at": now, "updated_at": now}
            for i in range(PEOPLE)
        ])
        connection.execute(insert(tables.interviews), [
            {"person_id": 1 + i % PEOPLE, "guide_id": "g", "guide_snapshot_id": 1, "framework_id": "f",
             "framework_version": "1", "framework_snapshot_id": 1, "rater_name": "R", "rater_role": "manager",
             "mode": "live", "status": "completed", "started_at": now, "completed_at": now}
            for i in range(SCORECARDS)
        ])
    yield engine
    engine.dispose()


def plan_of_newest_scorecards(engine: Engine, seen: Visibility) -> str:
    """SQLite's plan of the overview's query for the newest completed scorecards `seen` lets an actor see."""
    statements: list[tuple[str, object]] = []

    def keep(_connection, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    with UnitOfWork(session_factory(engine)) as uow:
        found = uow.interviews.query(status="completed", person_scope=seen, limit=24)
    event.remove(engine, "before_cursor_execute", keep)
    assert len(found) == 24
    statement, parameters = next(s for s in statements if "FROM interviews" in s[0])
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()  # type: ignore[arg-type]
    return " | ".join(row[-1] for row in rows)


def test_after_the_statistics_are_refreshed_a_managers_scorecards_are_found_by_person_not_by_status(municipality):
    refresh_statistics(municipality)
    plan = plan_of_newest_scorecards(municipality, Visibility(team_ids=frozenset({1})))
    assert "ix_interviews_person_id" in plan and "ix_interviews_status" not in plan


def test_after_the_statistics_are_refreshed_everyones_newest_scorecards_are_read_from_the_completion_index(municipality):
    refresh_statistics(municipality)
    plan = plan_of_newest_scorecards(municipality, Visibility(everyone=True))
    assert "ix_interviews_completed_at" in plan and "TEMP B-TREE" not in plan


def test_the_application_refreshes_the_statistics_when_it_starts(municipality, monkeypatch):
    from profiling import bootstrap
    from profiling.settings import Settings

    monkeypatch.setenv("PROFILING_DATABASE_URL", str(municipality.url))
    application = bootstrap.Application(Settings())
    application.start()
    assert {"interviews", "people"} <= analysed_tables(municipality)


def test_a_running_application_refreshes_the_statistics_once_an_hour_as_the_database_grows(tmp_path, monkeypatch):
    from profiling import bootstrap
    from profiling.settings import Settings

    url = f"sqlite:///{tmp_path / 'growing.db'}"
    monkeypatch.setenv("PROFILING_DATABASE_URL", url)
    application = bootstrap.Application(Settings()).start()  # an empty database: nothing to know yet
    engine = application.engine
    now = time.monotonic()
    with engine.begin() as connection:  # the municipality's people arrive while the server runs
        connection.execute(insert(tables.teams), [{"name": "Nord"}])
        connection.execute(insert(tables.people), [
            {"kind": "employee", "name": f"Person {i}", "team_id": 1, "created_at": datetime.now(UTC),
             "updated_at": datetime.now(UTC)} for i in range(20)
        ])
    assert not application.refresh_statistics_if_due(now + 60)  # within the hour: not yet
    assert "people" not in analysed_tables(engine)
    assert application.refresh_statistics_if_due(now + bootstrap.STATISTICS_EVERY + 1)
    assert "people" in analysed_tables(engine)
    assert not application.refresh_statistics_if_due(now + bootstrap.STATISTICS_EVERY + 2)  # once, not every run


def analysed_tables(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        if not connection.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
            return set()
        return {table for (table,) in connection.exec_driver_sql("SELECT tbl FROM sqlite_stat1")}
