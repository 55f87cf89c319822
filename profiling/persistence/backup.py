"""Consistent online backup and restore of the embedded SQLite database (SQLite's backup API)."""

from __future__ import annotations

import atexit
import os
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
    """Copy the live database to `target` page by page while the app keeps running; returns its size in bytes.

    The copy is written to a hidden file beside `target` (readable by the owner only) and renamed when
    complete, so an interrupted backup never leaves a half file under the chosen name.
    """
    source_path = sqlite_path(url)
    if not source_path.is_file():
        raise BackupError(f"no database at {source_path}")
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"cannot create the folder {target.parent}: {error.strerror or error}") from None
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        partial.touch(mode=0o600)
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
        destination = sqlite3.connect(partial)
        try:
            with destination:
                source.backup(destination, pages=256)
        finally:
            destination.close()
            source.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        raise BackupError(f"the backup could not be written: {error}") from None
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size


SQLITE_HEADER = b"SQLite format 3\x00"
REQUIRED_TABLES = {"alembic_version", "users", "teams", "people", "rounds", "interviews", "ratings"}


def _check_backup(path: Path) -> None:
    """Refuse anything but an intact Profilsamtale database of a revision this version knows."""
    from profiling.persistence.database import known_revisions

    try:
        with path.open("rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
    except OSError as error:
        raise BackupError(f"cannot read {path}: {error.strerror or error}") from None
    if header != SQLITE_HEADER:
        raise BackupError(f"{path} is not a SQLite database")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            problem = connection.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revisions = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")] if (
                "alembic_version" in tables) else []
        finally:
            connection.close()
    except (sqlite3.Error, UnicodeDecodeError) as error:
        raise BackupError(f"{path} is damaged or not a database: {error}") from None
    if problem != "ok":
        raise BackupError(f"{path} is damaged: {problem}")
    if not REQUIRED_TABLES <= tables or len(revisions) != 1:
        raise BackupError(f"{path} is not a Profilsamtale backup")
    if revisions[0] not in known_revisions():
        raise BackupError(
            f"{path} is at database revision {revisions[0]}, which this version does not know (made by a newer version?)"
        )


def running_marker(database: Path) -> Path:
    """The file a running app keeps beside its SQLite database, holding its process id."""
    return database.with_name(database.name + ".running")


def mark_running(url: str) -> None:
    """Say that an app process runs on this SQLite database (removed when the process ends; a marker left by a
    killed process is recognised as stale). Nothing for other databases."""
    try:
        database = sqlite_path(url)
    except BackupError:
        return
    marker = running_marker(database)
    try:
        marker.write_text(str(os.getpid()), encoding="utf-8")
    except OSError:
        return
    atexit.register(lambda: marker.unlink(missing_ok=True) if _marker_pid(marker) == os.getpid() else None)


def _marker_pid(marker: Path) -> int | None:
    try:
        return int(marker.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None


def running_app(url: str) -> int | None:
    """The process id of an app running on this SQLite database, if one is (its marker and a live process)."""
    pid = _marker_pid(running_marker(sqlite_path(url)))
    if pid is None or pid == os.getpid():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None  # stale: the process is gone
    except PermissionError:
        return pid  # alive, another user's
    return pid


def restore(url: str, source: Path, force: bool = False) -> None:
    """Replace the database with a backup. The backup is checked before anything changes; refused while the app
    runs on the database (its sessions would write into the restored file) unless `force`."""
    target_path = sqlite_path(url)
    if not source.is_file():
        raise BackupError(f"no backup at {source}")
    if not force and (pid := running_app(url)) is not None:
        raise BackupError(
            f"the app is running on this database (process {pid}): stop it first, or restore with --force"
        )
    _check_backup(source)
    try:
        target_path.parent.mkdir(parents=True, exist_ok=True)
        backup_connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        target = sqlite3.connect(target_path)
        try:
            with target:
                backup_connection.backup(target)
        finally:
            target.close()
            backup_connection.close()
        target_path.chmod(0o600)
    except (OSError, sqlite3.Error) as error:
        raise BackupError(f"the restore could not be written: {error}") from None
