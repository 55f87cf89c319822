"""In a real browser, with the keyboard alone (no click anywhere): a manager holds a whole conversation and an
employee fills a self-assessment, and every control they reach shows where the focus is (WCAG 2.1.1, 2.4.7)."""

from __future__ import annotations

import pytest

from profiling.services import demo
from tests.e2e.conftest import FIELDS, PAGE_TIMEOUT_MS, wait_for_app
from tests.e2e.test_self_assessment_in_browser import invite

pytestmark = pytest.mark.e2e

# Where the focus ring is drawn: on the control, or for a radio option or check box on its label.
FOCUS_SHOWN = """() => {
    const focused = document.activeElement;
    const drawn = focused.closest('label') || focused;
    const style = getComputedStyle(drawn);
    return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
}"""


def tab_to(page, target, limit: int = 80) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the focus is on (or inside) `target`; fail if it never gets there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("e => e === document.activeElement || e.contains(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {target}")


def press_and_wait(page, key: str, then_text: str | None = None) -> None:  # type: ignore[no-untyped-def]
    page.keyboard.press(key)
    if then_text:
        page.get_by_text(then_text, exact=False).first.wait_for(timeout=PAGE_TIMEOUT_MS)
    wait_for_app(page)


def sign_in_by_keyboard(page, email: str) -> None:  # type: ignore[no-untyped-def]
    tab_to(page, page.get_by_role("textbox", name="E-mail"))
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(demo.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/oversigt*")
    wait_for_app(page)


def answer_every_question(page, competences: int, unseen_focus: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Competence by competence: a rating on every scale (arrow keys), a note in every note field, then "Næste"."""
    for number in range(1, competences + 1):
        page.get_by_text(f"Kompetence {number} af {competences}", exact=False).first.wait_for(timeout=PAGE_TIMEOUT_MS)
        wait_for_app(page)
        fields = page.locator(FIELDS)
        scales = page.locator("[data-testid='stMain'] [data-testid='stRadio']").count()
        assert scales > 0
        for index in range(fields.count()):
            field = fields.nth(index)
            tab_to(page, field)
            if field.evaluate("e => e.tagName") == "TEXTAREA":
                page.keyboard.type(f"Eksempel {number}.{index}")
            else:
                if not page.evaluate(FOCUS_SHOWN):
                    unseen_focus.append(f"rating scale in competence {number}")
                page.keyboard.press("ArrowRight")  # from the first level to the second, chosen as it moves
                field.locator("input:checked").wait_for()
                wait_for_app(page)
        next_button = page.get_by_role("button", name="Næste")
        tab_to(page, next_button)
        if not page.evaluate(FOCUS_SHOWN):
            unseen_focus.append(f"Næste in competence {number}")
        assert page.locator("[data-testid='stMain'] input[type=radio]:checked").count() == scales  # every one rated
        press_and_wait(page, "Enter", "Afslut samtalen" if number == competences else f"Kompetence {number + 1} af")


def test_a_manager_holds_a_whole_conversation_with_the_keyboard_alone(running_app, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(running_app.url)
    wait_for_app(page)
    sign_in_by_keyboard(page, "mette.soerensen@eksempelby.example")
    menu_link = page.get_by_role("link", name="Samtale", exact=True)
    tab_to(page, menu_link)
    unseen_focus = [] if page.evaluate(FOCUS_SHOWN) else ["the menu's link"]
    press_and_wait(page, "Enter", "Ny samtale")
    tab_to(page, page.get_by_role("combobox", name="Person"))
    page.keyboard.type("Bente Kjær")
    press_and_wait(page, "Enter")
    tab_to(page, page.get_by_role("button", name="Start samtalen"))
    press_and_wait(page, "Enter", "Introduktion")
    tab_to(page, page.get_by_role("button", name="Næste"))
    press_and_wait(page, "Enter", "Kompetence 1 af 10")
    answer_every_question(page, 10, unseen_focus)
    tab_to(page, page.get_by_role("button", name="Afslut samtalen og se resultatet"))
    press_and_wait(page, "Enter")
    page.wait_for_url("**/profil?*")
    page.get_by_text("Match med målprofil").wait_for()
    assert unseen_focus == []
    # The radar's numbers are one keypress away, as a table a screen reader reads cell by cell.
    tab_to(page, page.locator("summary").filter(has_text="Vis tallene som tabel").first)
    press_and_wait(page, "Enter")
    table = page.locator("[data-testid='stMain'] table").first
    table.wait_for()
    assert table.locator("tbody tr").count() == 10  # one row per competence
    assert table.locator("th").first.inner_text().strip() == "Kompetence"


def test_an_employee_fills_the_self_assessment_with_the_keyboard_alone(running_app, browser):
    invite(running_app.database_url, "Bente Kjær")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(running_app.url)
    wait_for_app(page)
    sign_in_by_keyboard(page, "bente.kjaer@eksempelby.example")
    tab_to(page, page.get_by_role("link", name="Udfyld").first)
    press_and_wait(page, "Enter")
    page.get_by_role("heading", name="Bente Kjær").wait_for()
    tab_to(page, page.get_by_role("button", name="Næste"))
    press_and_wait(page, "Enter", "Kompetence 1 af 10")
    unseen_focus: list[str] = []
    answer_every_question(page, 10, unseen_focus)
    tab_to(page, page.get_by_role("button", name="Afslut samtalen og se resultatet"))
    press_and_wait(page, "Enter")
    page.get_by_role("heading", name="MUS og udvikling").wait_for()
    assert unseen_focus == []
