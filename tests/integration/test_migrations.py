"""Migrations: from empty to head and back, and the models match the migrations."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from profiling.persistence.database import current_revision, downgrade, head_revision, is_up_to_date, upgrade
from profiling.persistence.rows import Base


def test_upgrade_from_empty_to_head_and_back_to_base(backend, empty_engine_factory):
    engine = empty_engine_factory(backend)
    assert current_revision(engine) is None
    upgrade(engine)
    assert is_up_to_date(engine)
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    downgrade(engine, "base")
    assert current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert current_revision(engine) == head_revision()


def test_the_models_match_the_migrations(backend, empty_engine_factory):
    engine = empty_engine_factory(backend)
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == [], "the models changed: generate a migration (see docs/development.md)"


def test_upgrading_twice_is_harmless(backend, empty_engine_factory):
    engine = empty_engine_factory(backend)
    upgrade(engine)
    upgrade(engine)
    assert is_up_to_date(engine)


def test_the_audit_log_is_append_only_in_the_database(backend, empty_engine_factory):
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    engine = empty_engine_factory(backend)
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO audit_log (at, actor_role, action, subject, detail) VALUES (:at, 'admin', 'test', '', '{}')"),
            {"at": "2026-11-22 10:00:00+00:00"},
        )
    for statement in ("UPDATE audit_log SET action = 'changed'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            with engine.begin() as connection:
                connection.execute(text(statement))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT action FROM audit_log")).scalars().all() == ["test"]


def test_upgrading_keeps_the_data_of_the_previous_revision(backend, empty_engine_factory):
    from sqlalchemy import text

    engine = empty_engine_factory(backend)
    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO users (email, name, role, active, created_at) VALUES ('a@x.example', 'A', 'admin', true, :at)"),
            {"at": "2026-11-22 10:00:00+00:00"},
        )
    upgrade(engine)
    with engine.connect() as connection:
        row = connection.execute(text("SELECT name, failed_sign_ins, language FROM users")).one()
    assert tuple(row) == ("A", 0, "da")
