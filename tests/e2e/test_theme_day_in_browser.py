"""In a real browser: a theme day's anonymous team profile says "too few" at 4 contributors, appears at 5 in the
manager's preview, and is published for the team with one click."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from profiling.catalog import Catalog, load_catalog
from profiling.persistence.database import create_database_engine, session_factory, upgrade
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import accounts, people, theme_days
from profiling.services.actors import Actor, Role
from profiling.services.system import actor_of
from profiling.settings import Settings
from tests.e2e.conftest import PAGE_TIMEOUT_MS, wait_for_app
from tests.integration.helpers import complete_scorecard, make_team
from tests.servers import AppServer

pytestmark = pytest.mark.e2e

PASSWORD = "en-lang-test-adgangskode"
MANAGER = "mette.leder@eksempelby.example"


@pytest.fixture
def team_of_five(tmp_path: Path) -> Iterator[tuple[str, object, Catalog, Actor, list[int]]]:
    """A team of five with a planned theme day; four of them have had their MUS."""
    url = f"sqlite:///{tmp_path / 'theme.db'}"
    engine = create_database_engine(url)
    upgrade(engine)
    factory = session_factory(engine)
    catalog = load_catalog([Settings().questionnaires_dir])
    with UnitOfWork(factory) as uow:
        accounts.create_administrator_by_operator(
            uow, {"name": "Admin", "email": "admin@eksempelby.example", "role": Role.ADMIN, "password": PASSWORD}
        )
    with UnitOfWork(factory) as uow:
        admin = actor_of(uow.users.by_email("admin@eksempelby.example"))
        accounts.create_user(admin, uow, {"name": "Mette Leder", "email": MANAGER, "role": Role.MANAGER, "password": PASSWORD})
    with UnitOfWork(factory) as uow:
        manager = actor_of(uow.users.by_email(MANAGER))
        team_id = make_team(uow, "Nord", manager)
    members = []
    for name in ("Anne", "Bo", "Cai", "Dorte", "Eva"):
        with UnitOfWork(factory) as uow:
            members.append(people.create_person(manager, uow, {"kind": "employee", "name": f"{name} Ansat", "team_id": team_id}).id)
    for person_id in members[:4]:
        complete_scorecard(lambda: UnitOfWork(factory), catalog, manager, person_id, "udviklingssamtale")
    with UnitOfWork(factory) as uow:
        theme_days.plan_theme_day(manager, uow, catalog, team_id, {
            "title": "Temadag", "held_on": date(2026, 12, 1), "framework_id": "specialist-i-borgerkontakt",
        })
    yield url, factory, catalog, manager, members
    engine.dispose()


def test_the_team_profile_stays_hidden_at_four_contributors_shows_at_five_and_is_published(team_of_five, browser):
    url, factory, catalog, manager, members = team_of_five
    app = AppServer(url).start()
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        # Sign in on the page itself and come back to it (going there after sign-in could race the
        # cookie hand-off's redirect back to the start page).
        page.goto(f"{app.url}/temadag")
        wait_for_app(page)
        page.get_by_label("E-mail").fill(MANAGER)
        page.get_by_label("Adgangskode").fill(PASSWORD)
        page.get_by_role("button", name="Log ind").click()
        page.wait_for_url("**/temadag")
        wait_for_app(page)
        page.get_by_text("For få til at vurdere").wait_for()
        assert page.get_by_text("nu bidrager 4").count() == 1
        assert page.locator("[data-testid='stPlotlyChart']").count() == 0
        assert page.locator("[data-testid='stDataFrame']").count() == 0
        complete_scorecard(lambda: UnitOfWork(factory), catalog, manager, members[4], "udviklingssamtale")
        page.reload()
        wait_for_app(page)
        page.wait_for_selector("[data-testid='stPlotlyChart'] .main-svg", timeout=60_000)
        assert page.get_by_text("For få til at vurdere").count() == 0
        assert page.get_by_text("Bygget på lederens seneste vurderinger · 5 bidrager").count() == 1
        assert page.get_by_text("Forhåndsvisning").count() == 1  # the team sees nothing until it is published
        page.get_by_role("button", name="Offentliggør teamprofilen").click()
        page.get_by_text("Offentliggjort").first.wait_for(timeout=PAGE_TIMEOUT_MS)
        wait_for_app(page)
        page.wait_for_selector("[data-testid='stPlotlyChart'] .main-svg", timeout=60_000)
        assert page.get_by_text("Forhåndsvisning").count() == 0
        page.screenshot(path=str(Path(url.removeprefix("sqlite:///")).parent / "theme-day.png"), full_page=True)
    finally:
        app.stop()
