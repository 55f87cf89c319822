"""One start-up for every way in - the pages, the web routes beside them and the command line: the
settings, the catalog, the database (migrated and prepared once per process) and units of work.

The composition root: the only module outside `persistence` that knows which engine and session
factory the services' units of work run on, so the UI never imports persistence.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from profiling import logs
from profiling.catalog import Catalog, load_catalog
from profiling.persistence import backup
from profiling.persistence.database import create_database_engine, refresh_statistics, session_factory, upgrade
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import privacy, system
from profiling.settings import Settings

__all__ = ["Application", "UnitOfWork", "application", "is_database_fault"]

log = logging.getLogger(__name__)


STATISTICS_EVERY = 3600.0  # seconds between refreshes of the query planner's statistics (50 ms on a large database)


class Application:
    """What the app runs on, built from one set of settings."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        logs.configure(settings)
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self._sessions: Any = None
        self._catalog: Catalog | None = None
        self._started = False
        self._statistics_at = 0.0  # time.monotonic() of the last refresh of the planner's statistics
        self._refreshing = threading.Lock()

    @property
    def catalog(self) -> Catalog:
        """The questionnaires, loaded once; a broken file is a problem, never a crash."""
        if self._catalog is None:
            self._catalog = load_catalog([self.settings.questionnaires_dir])
        return self._catalog

    @property
    def engine(self) -> Engine:
        """The database engine (made on first use, not migrated: see `start`)."""
        with self._lock:
            if self._engine is None:
                self._engine = create_database_engine(self.settings.effective_database_url)
                self._sessions = session_factory(self._engine)
        return self._engine

    def migrate(self) -> Application:
        """The database schema brought to the newest revision (nothing else: the command line's start)."""
        upgrade(self.engine)
        return self

    def start(self) -> Application:
        """The start-up work, once per process however many ask: migrations, default target profiles,
        the retention run. Then the start-up heap is frozen, so later collections only walk what page
        runs create (Streamlit's collection after every run is off: see .streamlit/config.toml)."""
        engine = self.engine
        with self._lock:
            if self._started:
                return self
            upgrade(engine)
            refresh_statistics(engine)
            self._statistics_at = time.monotonic()
            with self.unit_of_work() as uow:
                system.prepare(uow, self.catalog)
            with self.unit_of_work() as uow:
                report = privacy.run_retention(uow, None)
            log.info("database ready; retention anonymised %d candidate(s)", len(report.anonymised_person_ids))
            backup.mark_running(self.settings.effective_database_url)  # `profiling restore` refuses while it runs
            gc.collect()
            gc.freeze()
            self._started = True
        return self

    def refresh_statistics_if_due(self, now: float | None = None) -> bool:
        """Refresh the query planner's statistics when STATISTICS_EVERY has passed since the last refresh (a
        database grows from empty - an HR import, then months of scorecards - while the server runs); one caller
        refreshes, the others go on. True when this call refreshed."""
        now = time.monotonic() if now is None else now
        if now - self._statistics_at < STATISTICS_EVERY or not self._refreshing.acquire(blocking=False):
            return False
        try:
            if now - self._statistics_at < STATISTICS_EVERY:  # another caller has just done it
                return False
            refresh_statistics(self.engine)
            self._statistics_at = now
            return True
        finally:
            self._refreshing.release()

    def unit_of_work(self) -> UnitOfWork:
        """A new unit of work on this application's database."""
        if self._sessions is None:
            _ = self.engine
        return UnitOfWork(self._sessions)


_applications: dict[tuple[str, str], Application] = {}
_applications_lock = threading.Lock()


def application() -> Application:
    """The process's application for the settings in the environment (one per database and catalog):
    the pages, the web routes and the command line share it."""
    settings = Settings()
    key = (settings.effective_database_url, str(settings.questionnaires_dir))
    with _applications_lock:
        if key not in _applications:
            _applications[key] = Application(settings)
        return _applications[key]


def is_database_fault(error: BaseException) -> bool:
    """Whether an error means the database is unreachable or misconfigured (not a bug of ours)."""
    return isinstance(error, (OperationalError, ArgumentError, NoSuchModuleError))
