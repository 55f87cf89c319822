"""What every page needs: the application (started once per process), the catalog, a unit of work, the actor."""

from __future__ import annotations

import streamlit as st

from profiling import bootstrap
from profiling.bootstrap import Application, UnitOfWork
from profiling.catalog import Catalog
from profiling.services.actors import Actor
from profiling.settings import Settings


@st.cache_resource(show_spinner="Forbereder databasen …")
def application() -> Application:
    """The application, started (migrations, preparation, retention) once per server process."""
    return bootstrap.application().start()


def settings() -> Settings:
    """The configuration, read once per process."""
    return application().settings


def catalog() -> Catalog:
    """The questionnaires, loaded once per process; a broken file is a problem, never a crash."""
    return application().catalog


READ_LOG_KEY = "audited_reads"


def unit_of_work() -> UnitOfWork:
    """A new unit of work; use it in a `with` block and let a service commit.

    It carries this browser session's record of reads already written to the audit log, so a rerun of a
    page (a click, a chart toggle) reads without writing.
    """
    return application().unit_of_work(read_log=st.session_state.setdefault(READ_LOG_KEY, set()))


def actor() -> Actor:
    """The signed-in user of this run (the shell checks the session before any page runs)."""
    current = st.session_state.get("actor")
    if current is None:  # a page run without the shell: nobody is signed in
        st.stop()
    return current
