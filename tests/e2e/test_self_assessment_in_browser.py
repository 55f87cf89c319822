"""In a real browser: an employee fills the self-assessment they were invited to and sees their MUS preparation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from profiling.catalog import load_catalog
from profiling.persistence.database import create_database_engine, session_factory
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads import directory
from profiling.services import invitations
from profiling.services.system import actor_of
from profiling.settings import Settings
from tests.e2e.conftest import next_step, sign_in, wait_for_app, walk_to_finish

pytestmark = pytest.mark.e2e


def invite(database_url: str, employee: str) -> None:
    engine = create_database_engine(database_url)
    catalog = load_catalog([Settings().questionnaires_dir])
    with UnitOfWork(session_factory(engine)) as uow:
        mette = actor_of(uow.users.by_email("mette.soerensen@eksempelby.example"))
        person = directory.list_people(mette, uow, employee)[0]
        invitations.invite_to_self_assessment(mette, uow, catalog, person.id, date.today() + timedelta(days=7))
    engine.dispose()


def test_an_employee_fills_the_self_assessment_and_sees_the_preparation_radar(running_app, browser):
    invite(running_app.database_url, "Bente Kjær")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(running_app.url)
    wait_for_app(page)
    sign_in(page, "bente.kjaer@eksempelby.example")
    wait_for_app(page)
    page.get_by_text("Dine opgaver").wait_for()
    page.get_by_role("link", name="Udfyld").first.click()
    wait_for_app(page)
    page.get_by_role("heading", name="Bente Kjær").wait_for()
    next_step(page, "Kompetence 1 af 10")
    page.locator("[data-testid='stRadio']").first.locator("[data-testid='stRadioOption']").nth(4).click()  # level 5
    wait_for_app(page)
    page.get_by_text("✓ Gemt").first.wait_for()
    walk_to_finish(page, 10)
    page.get_by_role("button", name="Afslut samtalen og se resultatet").click()
    wait_for_app(page)
    page.get_by_role("heading", name="MUS og udvikling").wait_for()
    page.wait_for_selector("[data-testid='stPlotlyChart'] .main-svg", timeout=60_000)
    assert page.get_by_text("Selvvurdering").count() > 0
    assert page.locator("[data-testid='stPlotlyChart'] .main-svg").count() >= 1
