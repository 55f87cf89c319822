"""Migrations: from empty to head and back, and the models match the migrations."""

from __future__ import annotations

import json

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from profiling.persistence.database import current_revision, downgrade, head_revision, is_up_to_date, upgrade
from profiling.persistence.tables import Base


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
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT action FROM audit_log")).scalars().all() == ["test"]


def test_upgrading_keeps_every_row_of_the_first_revision(backend, empty_engine_factory):
    from sqlalchemy import text

    engine = empty_engine_factory(backend)
    upgrade(engine, "0001")
    at = {"at": "2026-11-22 10:00:00+00:00"}
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO users (id, email, name, role, active, created_at) VALUES (1, 'a@x.example', 'A', 'admin', true, :at)",
            "INSERT INTO teams (id, name, unit, manager_id) VALUES (1, 'Nord', 'Borgerservice', 1)",
            ("INSERT INTO people (id, kind, name, team_id, created_at, updated_at, version) "
            "VALUES (1, 'employee', 'Anne', 1, :at, :at, 1)"),
            ("INSERT INTO snapshots (id, kind, object_id, version, content_hash, content, created_at) "
            "VALUES (1, 'guide', 'g', '', 'h1', '{}', :at)"),
            ("INSERT INTO interviews (id, person_id, guide_id, guide_snapshot_id, framework_id, framework_version, "
            "framework_snapshot_id, rater_id, rater_name, rater_role, mode, status, position, started_at, outcome, version) "
            "VALUES (1, 1, 'g', 1, 'f', '1', 1, 1, 'A', 'manager', 'development', 'draft', 0, :at, '', 1)"),
            ("INSERT INTO ratings (id, interview_id, item_key, value, not_assessed, note, private, updated_at, version) "
            "VALUES (1, 1, 'q:x', 4, false, 'note', false, :at, 1)"),
        ):
            connection.execute(text(statement), at)
    upgrade(engine)
    with engine.connect() as connection:
        user = connection.execute(text("SELECT name, failed_sign_ins, language FROM users")).one()
        rating = connection.execute(text("SELECT value, note FROM ratings")).one()
        interview = connection.execute(text("SELECT rater_name, invited_by_id FROM interviews")).one()
        team = connection.execute(text("SELECT name, target_profile_id FROM teams")).one()
    assert tuple(user) == ("A", 0, "da")
    assert tuple(rating) == (4, "note")
    assert tuple(interview) == ("A", None)
    assert tuple(team) == ("Nord", None)


def test_private_notes_on_round_scorecards_become_case_documents_and_the_log_says_how_many(backend, empty_engine_factory):
    from sqlalchemy import text

    engine = empty_engine_factory(backend)
    upgrade(engine, "0008")
    at = {"at": "2026-11-22 10:00:00+00:00"}
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO users (id, email, name, role, active, created_at) VALUES (1, 'a@x.example', 'A', 'admin', true, :at)",
            ("INSERT INTO people (id, kind, name, created_at, updated_at, version) "
             "VALUES (1, 'candidate', 'Kim', :at, :at, 1)"),
            ("INSERT INTO rounds (id, title, framework_id, guide_id, owner_id, status, created_at, version) "
             "VALUES (1, 'R', 'f', 'g', 1, 'open', :at, 1)"),
            ("INSERT INTO snapshots (id, kind, object_id, version, content_hash, content, created_at) "
             "VALUES (1, 'guide', 'g', '', 'h1', '{}', :at)"),
            ("INSERT INTO interviews (id, person_id, round_id, guide_id, guide_snapshot_id, framework_id, framework_version, "
             "framework_snapshot_id, rater_id, rater_name, rater_role, mode, status, position, started_at, outcome, version) "
             "VALUES (1, 1, 1, 'g', 1, 'f', '1', 1, 1, 'A', 'panel', 'recruitment', 'completed', 0, :at, '', 1)"),
            ("INSERT INTO interviews (id, person_id, guide_id, guide_snapshot_id, framework_id, framework_version, "
             "framework_snapshot_id, rater_id, rater_name, rater_role, mode, status, position, started_at, outcome, version) "
             "VALUES (2, 1, 'g', 1, 'f', '1', 1, 1, 'A', 'manager', 'development', 'completed', 0, :at, '', 1)"),
            ("INSERT INTO ratings (id, interview_id, item_key, value, not_assessed, note, private, updated_at, version) "
             "VALUES (1, 1, 'q:x', 2, false, 'privat i runden', true, :at, 1)"),
            ("INSERT INTO ratings (id, interview_id, item_key, value, not_assessed, note, private, updated_at, version) "
             "VALUES (2, 2, 'q:x', 3, false, 'privat i MUS', true, :at, 1)"),
        ):
            connection.execute(text(statement), at)
    upgrade(engine)
    with engine.connect() as connection:
        private = dict(connection.execute(text("SELECT note, private FROM ratings")).all())
        logged = connection.execute(text("SELECT action, detail FROM audit_log")).all()
    assert {note: bool(flag) for note, flag in private.items()} == {"privat i runden": False, "privat i MUS": True}
    (action, detail), = logged
    assert action == "migration.round_notes_opened"
    assert (detail if isinstance(detail, dict) else json.loads(detail)) == {"notes": 1}  # SQLite hands back text


def test_a_round_closed_before_case_handling_is_not_taken_for_filed_so_retention_keeps_its_applicants(
    backend, empty_engine_factory
):
    from sqlalchemy import text

    from profiling.persistence.database import session_factory
    from profiling.persistence.unit_of_work import UnitOfWork
    from profiling.services import privacy

    engine = empty_engine_factory(backend)
    upgrade(engine, "0009")
    at = {"at": "2024-01-10 10:00:00+00:00"}  # closed years ago, far past any retention period
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO users (id, email, name, role, active, created_at) VALUES (1, 'a@x.example', 'A', 'admin', true, :at)",
            ("INSERT INTO people (id, kind, name, created_at, updated_at, version) "
             "VALUES (1, 'candidate', 'Kim', :at, :at, 1)"),
            ("INSERT INTO rounds (id, title, framework_id, guide_id, owner_id, status, created_at, closed_at, version) "
             "VALUES (1, 'R', 'f', 'g', 1, 'closed', :at, :at, 1)"),
            "INSERT INTO round_candidates (round_id, person_id, added_at) VALUES (1, 1, :at)",
        ):
            connection.execute(text(statement), at)
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT journalised_at, case_number FROM rounds")).one() == (None, "")
    with UnitOfWork(session_factory(engine)) as uow:
        report = privacy.run_retention(uow, None)
    assert (report.anonymised_person_ids, report.waiting_for_filing) == ([], 1)
