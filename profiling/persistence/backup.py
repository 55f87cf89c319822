"""Consistent online backup and restore of the embedded SQLite database (SQLite's backup API)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


def sqlite_path(url: str) -> Path:
    """The database file of a SQLite URL; BackupError for any other database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise BackupError(
            "backup and restore work on the embedded SQLite database; back up PostgreSQL with pg_dump / pg_restore"
        )
    return Path(parsed.database).expanduser()


def backup(url: str, target: Path) -> int:
    """Copy the live database to `target` page by page while the app keeps running; returns its size in bytes."""
    source_path = sqlite_path(url)
    if not source_path.exists():
        raise BackupError(f"no database at {source_path}")
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    destination = sqlite3.connect(target)
    try:
        with destination:
            source.backup(destination, pages=256)
    finally:
        destination.close()
        source.close()
    return target.stat().st_size


def _check_backup(path: Path) -> None:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            problem = connection.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database: {error}") from None
    if "alembic_version" not in tables or "people" not in tables:
        raise BackupError(f"{path} is not a Profilsamtale backup")
    if problem != "ok":
        raise BackupError(f"{path} is damaged: {problem}")


def restore(url: str, source: Path) -> None:
    """Replace the database with a backup (stop the app first). The backup is checked before anything changes."""
    target_path = sqlite_path(url)
    if not source.exists():
        raise BackupError(f"no backup at {source}")
    _check_backup(source)
    target_path.parent.mkdir(parents=True, exist_ok=True)
    backup_connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target = sqlite3.connect(target_path)
    try:
        with target:
            backup_connection.backup(target)
    finally:
        target.close()
        backup_connection.close()
