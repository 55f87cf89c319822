"""In a real browser: WCAG 2.1 AA as axe-core checks it, the page's language, reflow at 320 px, and notes
that survive a reload. docs/accessibility.md says what these tests cover and what a person checks."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from profiling.i18n import translate
from profiling.persistence.database import create_database_engine, session_factory, upgrade
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import accounts
from profiling.services.actors import Role
from profiling.ui.navigation import ACCESSIBILITY, OVERVIEW, PAGES_BY_ROLE, PageSpec
from tests import servers
from tests.e2e.conftest import (
    CHROMIUM_FLAGS,
    PAGE_TIMEOUT_MS,
    open_account_menu,
    sign_in,
    wait_for_app,
    wait_until_drawn,
)

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
# axe-core from npm, installed by .ci/run (`npm install --prefix .ci/axe axe-core@4.14`).
AXE = Path(os.environ.get("PROFILING_AXE_CORE", ROOT / ".ci" / "axe" / "node_modules" / "axe-core" / "axe.min.js"))
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO = {
    Role.ADMIN: "anders.andersen@eksempelby.example",
    Role.MANAGER: "mette.soerensen@eksempelby.example",
    Role.RECRUITER: "camilla.holm@eksempelby.example",
    Role.EMPLOYEE: "anne.moelgaard@eksempelby.example",
}
EMPTY_ADMIN = {"name": "Ada Admin", "email": "ada.admin@eksempelby.example", "role": "admin",
               "password": "en-lang-test-adgangskode"}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.skip(f"no axe-core at {AXE}: `npm install --prefix .ci/axe axe-core@4.14` (.ci/run does)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, patient

    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's `chromium` package to run browser tests")
    with sync_playwright() as playwright:
        launched = patient(playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS))
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.AppServer]:
    url = servers.demo_database(f"sqlite:///{tmp_path_factory.mktemp('a11y') / 'demo.db'}")
    app = servers.AppServer(url).start()
    app.full_round = eight_candidates(url)  # type: ignore[attr-defined]
    yield app
    app.stop()


def eight_candidates(url: str) -> int:
    """A round of the demo's manager with eight scored candidates (the most the comparison overlays)."""
    from profiling.catalog import load_catalog
    from profiling.services import rounds
    from profiling.services.system import actor_of
    from profiling.settings import Settings
    from tests.integration.helpers import complete_scorecard

    catalog = load_catalog([Settings().questionnaires_dir])
    engine = create_database_engine(url)
    factory = session_factory(engine)
    with UnitOfWork(factory) as uow:
        mette = actor_of(uow.users.by_email(DEMO[Role.MANAGER]))
        created = rounds.create_round(mette, uow, catalog, {"title": "Otte kandidater", "guide_id": "rekruttering"})
    for number in range(8):
        with UnitOfWork(factory) as uow:
            person = rounds.add_new_candidate(mette, uow, created.id, {"name": f"Kandidat {number + 1}"}).candidates[-1].id
        complete_scorecard(lambda: UnitOfWork(factory), catalog, mette, person, value=1 + number % 5, round_id=created.id)
    engine.dispose()
    return created.id


@pytest.fixture(scope="module")
def empty_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.AppServer]:
    app = servers.AppServer(f"sqlite:///{tmp_path_factory.mktemp('a11y') / 'empty.db'}").start()
    yield app
    app.stop()


def violations(page, axe_source: str) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page as it stands, one line each."""
    wait_for_app(page)
    return axe_violations(page, axe_source)


def axe_violations(page, axe_source: str) -> list[str]:  # type: ignore[no-untyped-def]
    if not page.evaluate("typeof axe !== 'undefined'"):  # once per document: moving by the menu keeps it
        page.add_script_tag(content=axe_source)
    return page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))
            .violations.map(v => `${v.id} (${v.impact}) on ${v.nodes.length}: ${v.nodes.slice(0, 3).map(n => n.target).join(' | ')}`)""",
        WCAG_21_AA,
    )


def signed_in(chromium, app: servers.AppServer, role: Role, width: int = 1280, height: int = 900):  # type: ignore[no-untyped-def]
    """A new page of the app, signed in as the demo user of `role`: back from the sign-in's round trip through
    /auth/complete (the page is loaded again), so the next navigation cannot cross that redirect."""
    page = chromium.new_page(viewport={"width": width, "height": height})
    page.goto(app.url)
    wait_for_app(page)
    sign_in(page, DEMO[role])
    return page


def choose_language(page, english: bool) -> None:  # type: ignore[no-untyped-def]
    """Choose the signed-in user's language in their menu (drawn over the page, outside the sidebar)."""
    open_account_menu(page)
    page.get_by_role("radio", name="English" if english else "Dansk").click()
    # The menu of pages speaks the chosen language once the run the choice started has been drawn (the account menu
    # closes: its label holds the role's name); a finished run alone can be the one before it on a busy machine.
    overview = translate(OVERVIEW.title_key, "en" if english else "da")
    page.locator("[data-testid='stSidebarNavLink']").get_by_text(overview, exact=True).wait_for(timeout=PAGE_TIMEOUT_MS)
    wait_for_app(page)
    page.keyboard.press("Escape")  # the menu closed again, as a user leaves it
    wait_for_app(page)


def page_language(page, expected: str) -> str:  # type: ignore[no-untyped-def]
    """The page's lang attribute, given time to become `expected` (the app's script sets it after a run)."""
    try:
        page.wait_for_function(f"document.documentElement.lang === '{expected}'", timeout=PAGE_TIMEOUT_MS)
    except PlaywrightTimeout:
        pass
    return str(page.evaluate("document.documentElement.lang"))


def check_pages(page, pages: list[PageSpec], axe_source: str, label: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """axe-core on each page, reached as a user does: by its link in the menu (no reload between pages)."""
    found: dict[str, list[str]] = {}
    menu = page.locator("[data-testid='stSidebar']")
    for spec in pages:
        menu.get_by_role("link", name=translate(spec.title_key, label.split()[-1]), exact=True).click()
        page.wait_for_url(lambda url, path=spec.url_path: urlparse(url).path == f"/{path}")  # type: ignore[misc]
        wait_until_drawn(page)
        page.locator("[data-testid='stMain'] h1").first.wait_for()
        if problems := axe_violations(page, axe_source):
            found[f"{label} /{spec.url_path}"] = problems
    return found


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_page_of_every_role_passes_axe_core_in_danish_and_in_english(role, demo_app, chromium, axe_source):
    page = signed_in(chromium, demo_app, role)
    found: dict[str, list[str]] = {}
    for english in (False, True):
        choose_language(page, english)
        expected = "en" if english else "da"
        assert page_language(page, expected) == expected
        # The menu holds the role's pages and no other (the rest are registered, hidden: their addresses resolve).
        menu = page.locator("[data-testid='stSidebarNavLink'] [data-testid='stMarkdownContainer']").all_inner_texts()
        assert [name.strip() for name in menu] == [translate(spec.title_key, expected) for spec in PAGES_BY_ROLE[role]]
        found |= check_pages(page, PAGES_BY_ROLE[role], axe_source, f"{role.value} {expected}")
    choose_language(page, False)
    assert found == {}


def test_the_sign_in_screen_its_error_state_and_the_public_statement_pass_axe_core(demo_app, chromium, axe_source):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    found: dict[str, list[str]] = {}
    for language in ("da", "en"):
        page.goto(f"{demo_app.url}/?lang={language}")
        found[f"sign-in {language}"] = violations(page, axe_source)
        assert page_language(page, language) == language
        sign_in(page, DEMO[Role.MANAGER], "forkert-adgangskode", english=language == "en", expect_success=False)
        page.get_by_role("alert").first.wait_for()
        found[f"sign-in error {language}"] = violations(page, axe_source)
        page.goto(f"{demo_app.url}/{ACCESSIBILITY.url_path}?lang={language}")
        page.get_by_role("heading", level=1).wait_for()
        found[f"statement {language}"] = violations(page, axe_source)
    assert {where: problems for where, problems in found.items() if problems} == {}


def test_a_conversation_on_screen_and_on_paper_passes_axe_core(demo_app, chromium, axe_source):
    page = signed_in(chromium, demo_app, Role.MANAGER)
    continued_conversation(page)
    found = {"on screen": violations(page, axe_source)}
    page.get_by_role("radio", name="Indtast fra papir").click()
    wait_for_app(page)
    found["on paper"] = violations(page, axe_source)
    assert {where: problems for where, problems in found.items() if problems} == {}


def test_the_comparison_of_eight_candidates_passes_axe_core(demo_app, chromium, axe_source):
    page = signed_in(chromium, demo_app, Role.MANAGER)
    page.goto(f"{demo_app.url}/sammenligning?round={demo_app.full_round}")
    page.wait_for_selector("[data-testid='stPlotlyChart'] .main-svg", timeout=60_000)
    assert page.get_by_text("Kandidat 8").count() > 0
    assert violations(page, axe_source) == []


def test_on_an_empty_database_the_first_start_and_every_administrator_page_pass_axe_core(empty_app, chromium, axe_source):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page.goto(empty_app.url)
    found = {"first start": violations(page, axe_source)}
    engine = create_database_engine(empty_app.database_url)
    upgrade(engine)
    with UnitOfWork(session_factory(engine)) as uow:
        accounts.create_user(None, uow, EMPTY_ADMIN)
    engine.dispose()
    page.reload()
    wait_for_app(page)
    sign_in(page, EMPTY_ADMIN["email"], EMPTY_ADMIN["password"])
    for english in (False, True):
        choose_language(page, english)
        found |= check_pages(page, PAGES_BY_ROLE[Role.ADMIN], axe_source, "empty " + ("en" if english else "da"))
    assert {where: problems for where, problems in found.items() if problems} == {}


def continued_conversation(page) -> str:  # type: ignore[no-untyped-def]
    """Open the manager's conversation in progress (from the overview); its address."""
    page.get_by_role("link", name="Fortsæt").first.click()
    page.locator("textarea").first.wait_for()
    return page.url


def test_every_manager_page_reflows_at_320_px_without_horizontal_scrolling(demo_app, chromium):
    page = signed_in(chromium, demo_app, Role.MANAGER, 320, 720)  # 1280 px at 400 %, or a phone
    conversation = continued_conversation(page)
    too_wide = {}
    for address in [f"{demo_app.url}/{spec.url_path}" for spec in PAGES_BY_ROLE[Role.MANAGER]] + [conversation]:
        page.goto(address)
        wait_for_app(page)
        scrolled = page.evaluate("document.documentElement.scrollWidth")
        if scrolled > 320:
            too_wide[address] = scrolled
    assert too_wide == {}


def test_the_conversation_works_on_a_tablet_in_portrait(demo_app, chromium):
    page = signed_in(chromium, demo_app, Role.MANAGER, 820, 1180)
    continued_conversation(page)
    wait_for_app(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 820
    for element in (page.locator("[data-testid='stRadio']").first, page.locator("textarea").first,
                    page.get_by_role("button", name="Næste")):
        box = element.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 820


NOTE = "Gav et konkret eksempel fra skranken"
DRAFTS_LEFT = "Object.keys(localStorage).some(k => k.startsWith('profilsamtale.draft.'))"


def test_a_note_typed_but_not_yet_saved_survives_a_reload(demo_app, chromium):
    page = signed_in(chromium, demo_app, Role.MANAGER)
    continued_conversation(page)
    # After the reload, the note the app puts back is held on its way to the server, as on a slow connection.
    held: list[tuple[object, bytes | str]] = []

    def hold_the_note(browser_side):  # type: ignore[no-untyped-def]
        server_side = browser_side.connect_to_server()
        browser_side.on_message(lambda message: held.append((server_side, message))
                                if NOTE.encode() in (message if isinstance(message, bytes) else message.encode())
                                else server_side.send(message))

    note = page.locator("textarea").first
    note.click()
    # The note's own field, by its key: which step the conversation opens at depends on where it was left (another
    # test may have moved it), so "the first text area" after a reload can be another question's.
    key = note.evaluate("a => [...a.closest(\"[class*='st-key-']\").classList].find(c => c.startsWith('st-key-'))")
    field = f"document.querySelector('.{key} textarea')"
    page.keyboard.type(NOTE)  # typed, not yet sent to the server (no blur)
    page.route_web_socket("**/_stcore/stream", hold_the_note)
    page.reload()
    wait_for_app(page)
    page.wait_for_function(f"{field}?.value === {NOTE!r}")
    for _ in range(300):  # Playwright hands the message to the handler while the test waits on the page
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the note put back was never sent to the server"
    # While the server has not seen the note, the browser keeps its draft: a reload now must not lose it.
    page.wait_for_timeout(2_500)
    assert page.evaluate(DRAFTS_LEFT)
    for server_side, message in held:
        server_side.send(message)  # type: ignore[attr-defined]
    # Saved by the app: after the draft is gone, the note is still there from the database.
    page.wait_for_function(f"!{DRAFTS_LEFT}")
    page.reload()
    wait_for_app(page)
    page.wait_for_function(f"{field} !== null")
    assert page.evaluate(f"{field}.value") == NOTE


# The contrast of the focused control's ring against the background it is drawn on (WCAG 1.4.11: at least 3:1).
FOCUS_RING_CONTRAST = """() => {
    const luminance = (color) => {
        const [r, g, b] = color.match(/[\\d.]+/g).slice(0, 3).map((v) => {
            const c = Number(v) / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const focused = document.activeElement;
    let behind = focused.parentElement;
    while (behind && getComputedStyle(behind).backgroundColor.match(/[\\d.]+/g)?.[3] === '0') behind = behind.parentElement;
    const [ring, ground] = [getComputedStyle(focused).outlineColor, getComputedStyle(behind).backgroundColor].map(luminance);
    return (Math.max(ring, ground) + 0.05) / (Math.min(ring, ground) + 0.05);
}"""


def test_in_the_dark_theme_the_sign_in_screen_and_every_page_pass_axe_core_and_the_focus_ring_shows(
    demo_app, chromium, axe_source
):
    """A browser that prefers dark gets Streamlit's dark theme (the app offers no theme menu): its chosen options,
    primary buttons, chosen names and focus ring are held to the light theme's contrast."""
    page = chromium.new_page(viewport={"width": 1280, "height": 900}, color_scheme="dark")  # type: ignore[attr-defined]
    page.goto(demo_app.url)
    found = {"sign-in": violations(page, axe_source)}
    background = page.evaluate("getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor")
    assert sum(int(v) for v in background[4:-1].split(",")) < 3 * 64, background  # the dark theme is the one shown
    sign_in(page, DEMO[Role.ADMIN])
    found |= check_pages(page, PAGES_BY_ROLE[Role.ADMIN], axe_source, "admin da")
    page.goto(f"{demo_app.url}/sammenligning?round={demo_app.full_round}")
    page.wait_for_selector("[data-testid='stPlotlyChart'] .main-svg", timeout=60_000)
    found["comparison of eight"] = violations(page, axe_source)
    assert {where: problems for where, problems in found.items() if problems} == {}
    page.locator("[data-testid='stSidebarNavLink']").first.focus()
    page.keyboard.press("Tab")  # a keyboard's focus: the ring shows (:focus-visible)
    assert page.evaluate(FOCUS_RING_CONTRAST) >= 3
