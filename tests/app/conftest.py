"""AppTest fixtures: the real app on a fresh SQLite database, empty or with the demo loaded."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from profiling.catalog import load_catalog
from profiling.persistence.database import create_database_engine, session_factory, upgrade
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import demo
from profiling.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh SQLite database for the app under test (caches cleared so it is really used)."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("PROFILING_DATABASE_URL", url)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()


@pytest.fixture
def demo_database(database_url: str) -> str:
    """The fresh database with Eksempelby Kommune loaded."""
    engine = create_database_engine(database_url)
    upgrade(engine)
    with UnitOfWork(session_factory(engine)) as uow:
        demo.load_demo(uow, load_catalog([Settings().questionnaires_dir]))
    engine.dispose()
    return database_url


@pytest.fixture
def open_page() -> Callable[..., AppTest]:
    """Run the app on one page (a file under profiling/ui/app_pages) with query parameters."""

    def run(page: str | None = None, **query: object) -> AppTest:
        app = AppTest.from_file(APP, default_timeout=60)
        for name, value in query.items():
            app.query_params[name] = str(value)
        app.run()
        if page is not None:
            app.switch_page(f"profiling/ui/app_pages/{page}")
            for name, value in query.items():
                app.query_params[name] = str(value)
            app.run()
        return app

    return run
