"""In a real browser: part of an interview, a reload that loses nothing, finishing to the radar."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from profiling.catalog import load_catalog
from profiling.persistence.database import create_database_engine, session_factory
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads import directory
from profiling.services import demo, interviews
from profiling.services.system import actor_of
from profiling.settings import Settings
from tests.e2e.conftest import next_step, sign_in, wait_for_app, walk_to_finish

pytestmark = pytest.mark.e2e


def start_interview(database_url: str) -> tuple[int, str]:
    engine = create_database_engine(database_url)
    catalog = load_catalog([Settings().questionnaires_dir])
    with UnitOfWork(session_factory(engine)) as uow:
        admin = actor_of(uow.users.by_email(demo.demo_accounts(uow)[0].email))
        person = directory.list_people(admin, uow, "Emil Thorsen")[0]
        interview_id = interviews.start_interview(admin, uow, catalog, person_id=person.id, guide_id="udviklingssamtale")
    engine.dispose()
    return interview_id, person.name


def test_a_reload_mid_conversation_loses_nothing_and_finishing_shows_the_radar(running_app, browser, tmp_path):
    interview_id, name = start_interview(running_app.database_url)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(f"{running_app.url}/samtale?interview={interview_id}")
    wait_for_app(page)
    page.get_by_role("heading", name="Log ind").wait_for()
    sign_in(page, "anders.andersen@eksempelby.example")
    page.wait_for_url(f"**/samtale?interview={interview_id}")
    wait_for_app(page)
    page.get_by_role("heading", name=name).wait_for()  # back where the user wanted to go
    next_step(page, "Kompetence 1 af 10")

    # The first question's rating: options 1-5 then "not assessed"; the fourth is level 4.
    page.locator("[data-testid='stRadio']").first.locator("[data-testid='stRadioOption']").nth(3).click()
    wait_for_app(page)
    # The first answer moves the progress above (the conversation's fragment reruns, not the page).
    page.get_by_text(re.compile(r"^1 af \d+ spørgsmål vurderet")).wait_for()
    note = page.get_by_role("textbox", name="Noter (evidens)").first
    note.fill("Lader borgeren selv styre musen")
    note.press("Tab")  # a note is saved when the field is left
    wait_for_app(page)
    page.get_by_text("✓ Gemt").first.wait_for()

    page.reload()  # the sign-in survives (HttpOnly cookie), and so does every rating and note
    wait_for_app(page)
    page.get_by_role("heading", name=name).wait_for()
    assert page.get_by_role("textbox", name="Noter (evidens)").first.input_value() == "Lader borgeren selv styre musen"
    assert page.locator("[data-testid='stRadio']").first.locator("input[type=radio]").nth(3).is_checked()
    walk_to_finish(page, 10)
    page.get_by_role("button", name="Afslut samtalen og se resultatet").click()
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stPlotlyChart'] .main-svg", timeout=60_000)
    page.get_by_text("Match med målprofil").wait_for()
    page.screenshot(path=str(tmp_path / "result.png"), full_page=True)

    own = urlparse(running_app.url).netloc
    assert {urlparse(url).netloc for url in requests if url.startswith("http")} == {own}, "nothing leaves the app's server"

