"""Backup and restore of the embedded SQLite database, through the command line, compared table by table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select, text

from profiling.catalog import load_catalog
from profiling.persistence.database import create_database_engine, session_factory, upgrade
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import demo
from profiling.settings import Settings

PROFILING = Path(sys.executable).parent / "profiling"


def every_table(url: str) -> dict[str, list[tuple]]:
    engine = create_database_engine(url)
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        content = {
            name: sorted(tuple(map(str, row)) for row in connection.execute(select(table)))
            for name, table in metadata.tables.items()
        }
    engine.dispose()
    return content


def cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PROFILING_DATABASE_URL": url}
    return subprocess.run([str(PROFILING), *args], capture_output=True, text=True, env=env, timeout=120)


def test_a_backup_taken_while_the_database_is_open_restores_every_table(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    engine = create_database_engine(url)
    upgrade(engine)
    with UnitOfWork(session_factory(engine)) as uow:
        demo.build_demo(uow, load_catalog([Settings().questionnaires_dir]))
    before = every_table(url)
    assert len(before["ratings"]) > 500

    with engine.connect() as reader:  # the app is running: an open connection reads during the backup
        reader.execute(text("SELECT count(*) FROM people")).scalar()
        result = cli(url, "backup", str(tmp_path / "backup.db"))
    assert result.returncode == 0, result.stderr
    assert "Backed up to" in result.stdout

    with engine.begin() as connection:  # life goes on after the backup
        connection.execute(text("DELETE FROM ratings"))
        connection.execute(text("UPDATE people SET name = 'Changed'"))
    engine.dispose()
    assert every_table(url) != before

    result = cli(url, "restore", str(tmp_path / "backup.db"))
    assert result.returncode == 0, result.stderr
    assert every_table(url) == before


def test_a_backup_never_overwrites_a_file_and_restore_refuses_what_is_not_a_backup(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    upgrade(create_database_engine(url))
    (tmp_path / "exists.db").write_text("keep me")
    result = cli(url, "backup", str(tmp_path / "exists.db"))
    assert result.returncode == 1 and "exists already" in result.stderr
    assert (tmp_path / "exists.db").read_text() == "keep me"
    result = cli(url, "restore", str(tmp_path / "exists.db"))
    assert result.returncode == 1 and "not a SQLite database" in result.stderr.replace("\n", " ")


def test_backup_of_postgresql_points_to_pg_dump(tmp_path):
    result = cli("postgresql+psycopg://postgres@127.0.0.1:5432/test", "backup", str(tmp_path / "x.db"))
    assert result.returncode == 1
    assert "pg_dump" in result.stderr


def test_purge_reports_what_it_did(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    result = cli(url, "purge")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Retention 180 days: anonymised 0 candidate(s)")


def test_the_first_administrator_is_created_from_the_command_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    env_result = subprocess.run(
        [str(PROFILING), "user", "create", "--email", "ada@eksempelby.example", "--name", "Ada Admin",
         "--password-env", "ADMIN_PASSWORD"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PROFILING_DATABASE_URL": url, "ADMIN_PASSWORD": "korrekt-hest-batteri-1"},
    )
    assert env_result.returncode == 0, env_result.stderr
    assert env_result.stdout.startswith("Created admin ada@eksempelby.example")
    prompted = subprocess.run(
        [str(PROFILING), "user", "create", "--email", "bo@eksempelby.example", "--name", "Bo", "--role", "admin"],
        input="korrekt-hest-batteri-2\nkorrekt-hest-batteri-2\n", capture_output=True, text=True, timeout=120,
        env={**os.environ, "PROFILING_DATABASE_URL": url},
    )
    assert prompted.returncode == 1  # an administrator exists: further users are created in the app
    assert "create further users in the app" in prompted.stderr


@pytest.mark.parametrize("password", ["kort", "password1234"])
def test_a_weak_password_is_refused_on_the_command_line(tmp_path, password):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    result = subprocess.run(
        [str(PROFILING), "user", "create", "--email", "ada@eksempelby.example", "--name", "Ada", "--password-env", "PW"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PROFILING_DATABASE_URL": url, "PW": password},
    )
    assert result.returncode == 1 and result.stderr.startswith("password: ")


@pytest.mark.parametrize("kind", ["random bytes", "a look-alike database", "a future revision", "damaged text"])
def test_restore_refuses_anything_but_an_intact_backup_of_a_known_revision(tmp_path, kind):
    import sqlite3

    url = f"sqlite:///{tmp_path / 'live.db'}"
    upgrade(create_database_engine(url))
    before = every_table(url)
    backup = tmp_path / "backup.db"
    if kind == "random bytes":
        backup.write_bytes(os.urandom(4096))
    elif kind == "a look-alike database":
        with sqlite3.connect(backup) as connection:
            connection.execute("CREATE TABLE alembic_version (version_num TEXT)")
            connection.execute("INSERT INTO alembic_version VALUES ('0003')")
            connection.execute("CREATE TABLE people (id INTEGER)")
    else:
        assert cli(url, "backup", str(backup)).returncode == 0
        if kind == "a future revision":
            with sqlite3.connect(backup) as connection:
                connection.execute("UPDATE alembic_version SET version_num = '0099'")
        else:  # bytes of the schema page overwritten, as a failing disk or an interrupted copy leaves them
            data = bytearray(backup.read_bytes())
            at = data.find(b"CREATE TABLE")
            data[at + 13:at + 20] = b"\xff" * 7  # a table name that is no longer text
            backup.write_bytes(bytes(data))
    result = cli(url, "restore", str(backup))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert every_table(url) == before


def test_an_interrupted_backup_leaves_no_file_under_the_chosen_name(tmp_path, monkeypatch):
    import sqlite3

    from profiling.persistence import backup as backups

    url = f"sqlite:///{tmp_path / 'live.db'}"
    upgrade(create_database_engine(url))
    real_connect = sqlite3.connect

    class DiskFullHalfway:
        """A source connection whose copy stops part of the way, as a full disk or a kill would stop it."""

        def __init__(self, *args, **kwargs):
            self.connection = real_connect(*args, **kwargs)

        def backup(self, destination, pages=-1):
            destination.execute("CREATE TABLE half (x)")
            destination.commit()
            raise sqlite3.OperationalError("database or disk is full")

        def close(self):
            self.connection.close()

    monkeypatch.setattr(backups.sqlite3, "connect", lambda *a, **k: DiskFullHalfway(*a, **k) if "mode=ro" in str(a[0]) else real_connect(*a, **k))
    target = tmp_path / "nightly.db"
    with pytest.raises(backups.BackupError):
        backups.backup(url, target)
    assert not target.exists() and list(tmp_path.glob(".nightly.db*")) == []
    monkeypatch.setattr(backups.sqlite3, "connect", real_connect)
    assert backups.backup(url, target) > 0  # the name is free for the next try
    assert oct(target.stat().st_mode & 0o777) == "0o600"


def test_restore_refuses_while_the_app_runs_on_the_database_unless_forced_and_ignores_a_stale_marker(tmp_path):
    from profiling.bootstrap import Application
    from profiling.persistence import backup as backups

    url = f"sqlite:///{tmp_path / 'live.db'}"
    app = Application(Settings(database_url=url)).start()  # the web app's start-up marks the database
    marker = backups.running_marker(tmp_path / "live.db")
    assert marker.read_text() == str(os.getpid())
    assert cli(url, "backup", str(tmp_path / "backup.db")).returncode == 0
    server = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])  # another process: the app
    try:
        marker.write_text(str(server.pid))
        refused = cli(url, "restore", str(tmp_path / "backup.db"))
        assert refused.returncode == 1
        assert f"the app is running on this database (process {server.pid}): stop it first" in refused.stderr
        assert cli(url, "restore", "--force", str(tmp_path / "backup.db")).returncode == 0
    finally:
        server.kill()
        server.wait()
    # the process is gone (killed, no clean exit): its marker is stale and no longer stops a restore
    assert cli(url, "restore", str(tmp_path / "backup.db")).returncode == 0
    app.engine.dispose()
