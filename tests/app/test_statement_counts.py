"""Pages issue a constant number of SQL statements: the same on a database ten times larger."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import event, func, select
from streamlit.testing.v1 import AppTest

from profiling.catalog import load_catalog
from profiling.demo.large import load_large
from profiling.domain.interviews import Interview
from profiling.domain.people import Person
from profiling.persistence import tables
from profiling.persistence.database import create_database_engine, session_factory, upgrade
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import accounts
from profiling.settings import Settings
from profiling.ui import runtime
from profiling.ui.auth import TOKEN_KEY
from tests.app.conftest import APP, TEST_ADMIN, session_token


def build(path: Path, scale: int) -> str:
    url = f"sqlite:///{path}"
    engine = create_database_engine(url)
    upgrade(engine)
    with UnitOfWork(session_factory(engine)) as uow:
        load_large(
            uow,
            load_catalog([Settings().questionnaires_dir]),
            seed=7,
            teams=2 * scale,
            team_size=10,
            rounds=2 * scale,
            candidates_per_round=8,
            scorecards=None,
        )
    with UnitOfWork(session_factory(engine)) as uow:
        accounts.create_administrator_by_operator(uow, TEST_ADMIN)
    with engine.connect() as connection:
        sizes = {
            "people": connection.scalar(select(func.count()).select_from(Person)),
            "interviews": connection.scalar(select(func.count()).select_from(Interview)),
        }
    engine.dispose()
    return url, sizes


def inputs(url: str) -> dict[str, tuple[str | None, dict[str, str]]]:
    """The same kind of input on either database: the first team, round and employee."""
    engine = create_database_engine(url)
    with engine.connect() as connection:
        team = connection.scalar(select(func.min(tables.teams.c.id)))
        round_id = connection.scalar(select(func.min(tables.rounds.c.id)))
        person = connection.scalar(select(func.min(tables.people.c.id)).where(tables.people.c.team_id == team))
    engine.dispose()
    return {
        "overview": (None, {}),
        "profile": ("profile.py", {"person": str(person)}),
        "comparison": ("comparison.py", {"round": str(round_id)}),
        "team": ("team.py", {"team": str(team)}),
        "people": ("people.py", {}),
        "rounds": ("rounds.py", {"round": str(round_id)}),
        "case": ("case.py", {"round": str(round_id)}),
    }


SNAPSHOT_CONTENT = "SELECT snapshots.content "


def statement_counts(url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    monkeypatch.setenv("PROFILING_DATABASE_URL", url)
    st.cache_resource.clear()
    counted: Counter[str] = Counter()
    current = {"page": ""}
    token = session_token(url, TEST_ADMIN["email"])
    first = AppTest.from_file(APP, default_timeout=120)
    first.session_state[TOKEN_KEY] = token
    first.run()
    # A questionnaire version's content is loaded once per server process, by whichever page first shows a result
    # made with it (services/content.py): not counted - which page that is moves with the demo data's dates.
    event.listen(
        runtime.application().engine, "before_cursor_execute",
        lambda _conn, _cursor, statement, *_: None if statement.startswith(SNAPSHOT_CONTENT) else counted.update([current["page"]]),
    )
    for name, (page, query) in inputs(url).items():
        app = AppTest.from_file(APP, default_timeout=120)
        app.session_state[TOKEN_KEY] = token
        app.run()
        assert app.title and app.title[0].value != "Log ind", "signed in"
        if page:
            app.switch_page(f"profiling/ui/app_pages/{page}")
        for key, value in query.items():
            app.query_params[key] = value
        current["page"] = name
        app.run()
        current["page"] = f"{name} rerun"  # a click: the reads come from the session's copies
        app.run()
        current["page"] = ""
        assert not app.exception, (name, [e.value for e in app.exception])
        assert app.title and app.title[0].value not in ("Log ind", "Velkommen til Profilsamtale"), name
    st.cache_resource.clear()
    counted.pop("", None)  # the runs that only open the app
    return dict(counted)


def test_every_page_issues_as_many_statements_on_a_ten_times_larger_database(tmp_path, monkeypatch):
    small_url, small_sizes = build(tmp_path / "small.db", 1)
    large_url, large_sizes = build(tmp_path / "large.db", 10)
    assert large_sizes["people"] >= 9 * small_sizes["people"]
    assert large_sizes["interviews"] >= 9 * small_sizes["interviews"]
    small = statement_counts(small_url, monkeypatch)
    large = statement_counts(large_url, monkeypatch)
    pages = {"overview", "profile", "comparison", "team", "people", "rounds", "case"}
    assert set(small) == pages | {f"{page} rerun" for page in pages}
    assert small == large
    # Opening a page reads what it shows (each read opens its own short unit of work: a round the list
    # loaded is loaded again by the round's case); a rerun asks only the session token and the change marks.
    assert max(small[page] for page in pages) <= 28, small
    assert max(small[f"{page} rerun"] for page in pages) <= 2, {page: small[f"{page} rerun"] for page in pages}
