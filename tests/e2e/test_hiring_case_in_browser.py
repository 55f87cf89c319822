"""In a real browser: a recruitment round run as an administrative case, from seating the hiring committee to the
last applicant answered - declarations, the minutes with the human decision, closing, reasoned answers, filing.

The interviews themselves are held through the services (the conversation has a browser test of its own)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from profiling.catalog import load_catalog
from profiling.persistence.database import create_database_engine, session_factory
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads import round_views, scorecards
from profiling.services import interviews, rounds
from profiling.services.system import actor_of
from profiling.settings import Settings
from tests.e2e.conftest import PAGE_TIMEOUT_MS, sign_in, wait_for_app

pytestmark = pytest.mark.e2e

OWNER = "anders.andersen@eksempelby.example"
COMMITTEE_MEMBER = "bente.kjaer@eksempelby.example"
TITLE = "Specialist i borgerkontakt, Vest"


def hold_interviews(database_url: str, round_id: int) -> dict[str, int]:
    """The owner interviews both candidates (having declared themself not disqualified on the page): the same core
    questions, every rating 4 for Kim and 3 for Lea. The candidates' ids by name."""
    engine = create_database_engine(database_url)
    catalog = load_catalog([Settings().questionnaires_dir])
    factory = session_factory(engine)
    with UnitOfWork(factory) as uow:
        owner = actor_of(uow.users.by_email(OWNER))
        candidates = {c.name: c.id for c in round_views.get_round(owner, uow, round_id).candidates}
    for name, value in (("Kim Kandidat", 4), ("Lea Ansøger", 3)):
        with UnitOfWork(factory) as uow:
            interview_id = interviews.start_interview(owner, uow, catalog, person_id=candidates[name], round_id=round_id)
            guide = scorecards.get_interview(owner, uow, interview_id).guide
        for question in guide.scored_questions():
            with UnitOfWork(factory) as uow:
                interviews.save_rating(owner, uow, interview_id, question.id, value=value, note="Eksempel givet",
                                       expected_version=0)
        with UnitOfWork(factory) as uow:
            interviews.complete_interview(owner, uow, interview_id)
    engine.dispose()
    return candidates


def choose(within, label: str, option: str) -> None:  # type: ignore[no-untyped-def]
    """Pick an option in a Streamlit multiselect, as a user would: open it, type, click the option."""
    field = within.locator("[data-testid='stMultiSelect']").filter(has_text=label).first
    field.locator("input").click()
    field.locator("input").fill(option)
    field.page.get_by_role("option", name=option).first.click()
    field.page.keyboard.press("Escape")


def tab(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("tab", name=name).click()
    wait_for_app(page)


def test_a_round_is_run_as_a_case_from_seating_the_committee_to_the_last_applicant_answered(running_app, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    page.goto(f"{running_app.url}/runder")
    wait_for_app(page)
    sign_in(page, OWNER)
    page.wait_for_url("**/runder**")
    wait_for_app(page)

    # The round, with its criteria and a hiring committee seat for the union representative.
    tab(page, "Opret runde")
    creating = page.get_by_role("tabpanel", name="Opret runde")
    creating.get_by_label("Stillingsbetegnelse").fill(TITLE)
    choose(creating, "Ansættelsesudvalg", "Bente Kjær")
    creating.get_by_role("textbox", name="Stillingens kriterier (som i opslaget)").fill("Erfaring med borgerbetjening\nDigital vejledning")
    shown_before = re.search(r"round=(\d+)", page.url)  # the list keeps the round it shows in the URL
    creating.get_by_role("button", name="Gem").click()
    # The new round's id, not the one the list showed before (waiting for any round= once raced with that).
    page.wait_for_url(lambda url: (m := re.search(r"round=(\d+)", url)) is not None
                      and (shown_before is None or m.group(1) != shown_before.group(1)))
    wait_for_app(page)
    round_id = int(re.search(r"round=(\d+)", page.url).group(1))  # type: ignore[union-attr]
    tab(page, "Runder")
    page.get_by_role("tabpanel", name="Runder").get_by_text("Bente Kjær").first.wait_for()

    # Two applicants, and the owner's declaration (forvaltningsloven § 3) before interviewing each.
    for name in ("Kim Kandidat", "Lea Ansøger"):
        adding = page.locator("details").filter(has=page.locator("summary", has_text="Tilføj kandidat"))
        if adding.get_attribute("open") is None:  # it stays open after adding one
            adding.locator("summary").click()
            wait_for_app(page)  # opening it runs the page (the form is drawn then): type into the form that stays
        form = page.locator("[data-testid='stForm']").filter(has=page.get_by_role("button", name="Opret og tilføj"))
        form.get_by_label("Navn").fill(name)
        form.get_by_role("button", name="Opret og tilføj").click()
        wait_for_app(page)
        page.get_by_text(name, exact=True).first.wait_for()
    # Both named, declared about in one step; wait for it to land (a finished run alone can be the old one).
    page.get_by_role("button", name="Jeg er habil (2 kandidater)").click()
    expect(page.get_by_role("button", name="Jeg er habil")).to_have_count(0, timeout=PAGE_TIMEOUT_MS)
    wait_for_app(page)

    hold_interviews(running_app.database_url, round_id)

    # The committee member sees the round's case, and nothing to score.
    committee = browser.new_context(viewport={"width": 1400, "height": 1000})
    member = committee.new_page()
    member.goto(f"{running_app.url}/sag?round={round_id}")
    wait_for_app(member)
    sign_in(member, COMMITTEE_MEMBER)
    member.wait_for_url(f"**/sag?round={round_id}")
    wait_for_app(member)
    member.get_by_text("Der er endnu ikke skrevet et referat").wait_for()
    assert member.get_by_role("button", name="Gem referatet").count() == 0

    # The minutes: the recommendation and the main reasons for each candidate; then the round may close.
    page.goto(f"{running_app.url}/sag?round={round_id}")
    wait_for_app(page)
    choose(page, "Indstillet (i prioriteret rækkefølge)", "Kim Kandidat")
    page.get_by_role("textbox", name="Væsentligste grunde: Kim Kandidat").fill("Stærkest på borgerbetjening og digital vejledning")
    page.get_by_role("textbox", name="Væsentligste grunde: Lea Ansøger").fill("Mindre erfaring med digital vejledning end den indstillede")
    page.get_by_role("button", name="Gem referatet").click()
    wait_for_app(page)
    page.get_by_text(re.compile("^Afgørelsen er truffet")).wait_for()

    page.get_by_role("link", name="Til runden").click()
    wait_for_app(page)
    page.get_by_role("button", name="Luk runden").click()
    wait_for_app(page)
    page.get_by_text("2 ansøgere har ikke fået svar").wait_for()  # the round page shows who is still waiting
    page.screenshot(path=str(tmp_path / "closed.png"), full_page=True)

    # Each applicant's answer: a draft from the minutes and their own results, edited, recorded as sent.
    page.get_by_role("link", name=re.compile("^Sagen")).click()
    wait_for_app(page)
    tab(page, "Ansøgerne: aktindsigt og svar")
    for answered in range(2):
        draft = page.get_by_role("textbox", name="Svar med begrundelse (ret det, før det sendes)").first
        assert "Erfaring med borgerbetjening" in draft.input_value()  # the position's criteria
        draft.fill(draft.input_value() + "\n\nMed venlig hilsen\nBorgerservice")
        draft.press("Tab")
        wait_for_app(page)
        page.get_by_role("button", name="Registrér svaret som sendt").first.click()
        page.get_by_text(re.compile(r"^Svar sendt \d")).nth(answered).wait_for()
        wait_for_app(page)
    page.screenshot(path=str(tmp_path / "answered.png"), full_page=True)
    assert page.get_by_text(re.compile(r"^Svar sendt \d")).count() == 2
    assert page.get_by_text("ikke fået svar").count() == 0

    # Filing: the case file for the case system, and its case number recorded.
    tab(page, "Journalisering")
    with page.expect_download() as download:
        page.get_by_role("button", name="Hent sagen til journalisering (zip)").click()
    assert download.value.suggested_filename == f"sag-runde-{round_id}.zip"
    page.get_by_role("textbox", name="Sagsnummer i ESDH").fill("81.03.00-A00-7-26")
    page.get_by_role("button", name="Registrér journalisering").click()
    wait_for_app(page)
    page.get_by_text(re.compile("Journaliseret.*81.03.00-A00-7-26")).wait_for()
    page.screenshot(path=str(tmp_path / "filed.png"), full_page=True)

    member.goto(f"{running_app.url}/sag?round={round_id}")  # the committee reads the decision it took part in
    wait_for_app(member)
    member.get_by_text(re.compile("^Afgørelsen er truffet")).wait_for()
    committee.close()

    page.goto(f"{running_app.url}/runder?round={round_id}")
    wait_for_app(page)
    page.get_by_role("heading", name=TITLE).wait_for()
    assert page.get_by_text("ikke fået svar").count() == 0  # the last applicant answered


def test_a_panel_member_declares_themself_disqualified_for_a_candidate_with_a_reason(running_app, browser):
    engine = create_database_engine(running_app.database_url)
    catalog = load_catalog([Settings().questionnaires_dir])
    factory = session_factory(engine)
    with UnitOfWork(factory) as uow:
        owner = actor_of(uow.users.by_email(OWNER))
    with UnitOfWork(factory) as uow:
        created = rounds.create_round(owner, uow, catalog, {"title": "Specialist, Nord", "guide_id": "rekruttering"})
    with UnitOfWork(factory) as uow:
        mads = rounds.add_new_candidate(owner, uow, created.id, {"name": "Mads Nabo", "email": None}).candidates[0].id
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(f"{running_app.url}/runder?round={created.id}")
    wait_for_app(page)
    sign_in(page, OWNER)
    wait_for_app(page)
    page.get_by_role("button", name="Jeg er inhabil").click()  # who and why are asked for once the popover opens
    reason = page.get_by_role("textbox", name="Begrundelse")
    reason.fill("Min nabo gennem ti år")
    page.get_by_role("button", name="Erklær mig inhabil").click()
    expect(page.get_by_role("button", name="Jeg er habil")).to_have_count(0, timeout=PAGE_TIMEOUT_MS)
    with UnitOfWork(factory) as uow:
        (declared,) = uow.rounds.get(created.id).declarations
        assert (declared.person_id, declared.disqualified, declared.reason) == (
            mads, True, "Min nabo gennem ti år")
    engine.dispose()
