"""In a real browser: a name is never a link, typed text is not lost without a question, sign-out sticks."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from profiling.catalog import load_catalog
from profiling.persistence.database import create_database_engine, session_factory
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads import directory
from profiling.services import demo, interviews, people
from profiling.services.system import actor_of
from profiling.settings import Settings
from tests.e2e.conftest import PAGE_TIMEOUT_MS, next_step, open_account_menu, sign_in, wait_for_app

pytestmark = pytest.mark.e2e

LINK_NAME = "Emil https://evil.example www.phish.example"


def interview_with_a_link_in_the_name(database_url: str) -> int:
    engine = create_database_engine(database_url)
    catalog = load_catalog([Settings().questionnaires_dir])
    with UnitOfWork(session_factory(engine)) as uow:
        admin = actor_of(uow.users.by_email(demo.demo_accounts(uow)[0].email))
        person = directory.list_people(admin, uow, "Emil Thorsen")[0]
    with UnitOfWork(session_factory(engine)) as uow:
        people.update_person(admin, uow, person.id, {"kind": "employee", "name": LINK_NAME, "team_id": person.team_id},
                             person.version)
    with UnitOfWork(session_factory(engine)) as uow:
        interview_id = interviews.start_interview(admin, uow, catalog, person_id=person.id, guide_id="udviklingssamtale")
    engine.dispose()
    return interview_id


def test_names_are_text_typed_notes_are_guarded_and_sign_out_sticks(running_app, browser, tmp_path):
    interview_id = interview_with_a_link_in_the_name(running_app.database_url)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{running_app.url}/samtale?interview={interview_id}")
    wait_for_app(page)
    sign_in(page, "anders.andersen@eksempelby.example")
    page.wait_for_url(f"**/samtale?interview={interview_id}")
    wait_for_app(page)
    heading = page.locator("h1").filter(has_text="evil.example").first
    heading.wait_for()
    assert page.locator("a[href*='evil.example'], a[href*='phish.example']").count() == 0  # shown, never a link
    assert "https://" in heading.inner_text().replace("\u2060", "")

    next_step(page, "Kompetence 1 af 10")
    note = page.get_by_role("textbox", name="Noter (evidens)").first
    note.click()
    note.type("Ikke gemt endnu")  # still in the field: not saved
    dialogs: list[str] = []

    def answer(dialog):  # type: ignore[no-untyped-def]
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    page.screenshot(path=str(tmp_path / "typed.png"))
    page.reload()
    wait_for_app(page)
    assert dialogs == ["beforeunload"]
    # The reloaded page puts the note back (page.js) and saves it; signing out waits until it has, so the sign-out's
    # run never crosses the note's.
    expect(page.get_by_role("textbox", name="Noter (evidens)").first).to_have_value("Ikke gemt endnu", timeout=PAGE_TIMEOUT_MS)
    page.wait_for_function(  # page.js forgets the draft once the app has run after the note was sent
        "!Object.keys(localStorage).some((key) => key.startsWith('profilsamtale.draft.'))", timeout=PAGE_TIMEOUT_MS
    )
    wait_for_app(page)

    open_account_menu(page)
    page.get_by_role("button", name="Log ud").click()
    page.get_by_role("heading", name="Log ind").wait_for(timeout=PAGE_TIMEOUT_MS)
    page.reload()  # the cookie went with the sign-out
    wait_for_app(page)
    page.get_by_role("heading", name="Log ind").wait_for()


def test_an_employee_opening_a_page_outside_her_role_is_told_why(running_app, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{running_app.url}/runder")  # signed in there, brought back to it, and sent on to the overview
    wait_for_app(page)
    sign_in(page, "anne.moelgaard@eksempelby.example")
    page.get_by_text("Den side hører ikke til din rolle").wait_for()
    page.wait_for_url("**/oversigt")
    overview = page.get_by_role("heading", name="Overblik")
    overview.wait_for()  # drawn in the same run as the message, just after it (under load, a moment later)
    assert overview.count() == 1
