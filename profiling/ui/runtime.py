"""What every page needs: the engine (migrated once per process), the catalog, a unit of work, the actor."""

from __future__ import annotations

import gc
import logging

import streamlit as st
from sqlalchemy import Engine

from profiling.catalog import Catalog, load_catalog
from profiling.persistence.database import create_database_engine, session_factory, upgrade
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import privacy, system
from profiling.services.actors import Actor
from profiling.settings import Settings

log = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    """The configuration, read once per process."""
    return Settings()


@st.cache_resource(show_spinner=False)
def catalog() -> Catalog:
    """The questionnaires, loaded once per process; a broken file is a problem, never a crash."""
    return load_catalog([settings().questionnaires_dir])


@st.cache_resource(show_spinner="Forbereder databasen …")
def engine() -> Engine:
    """The database engine; migrations run here, once per server process, not on every rerun."""
    made = create_database_engine(settings().effective_database_url)
    upgrade(made)
    with UnitOfWork(session_factory(made)) as uow:
        system.prepare(uow, catalog())
    with UnitOfWork(session_factory(made)) as uow:
        report = privacy.run_retention(uow, None)
    log.info("database ready; retention anonymised %d candidate(s)", len(report.anonymised_person_ids))
    # Everything loaded so far (imports, catalog, engine) lives as long as the process: move it out of the
    # collector's sight, so later collections only walk what page runs create.
    gc.collect()
    gc.freeze()
    return made


@st.cache_resource(show_spinner=False)
def _sessions():  # type: ignore[no-untyped-def]
    return session_factory(engine())


READ_LOG_KEY = "audited_reads"


def unit_of_work() -> UnitOfWork:
    """A new unit of work; use it in a `with` block and let a service commit.

    It carries this browser session's record of reads already written to the audit log, so a rerun of a
    page (a click, a chart toggle) reads without writing.
    """
    return UnitOfWork(_sessions(), read_log=st.session_state.setdefault(READ_LOG_KEY, set()))


def actor() -> Actor:
    """The signed-in user of this run (the shell checks the session before any page runs)."""
    current = st.session_state.get("actor")
    if current is None:  # a page run without the shell: nobody is signed in
        st.stop()
    return current
