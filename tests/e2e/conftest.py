"""A real app (`streamlit run` on a free loopback port) and a real browser (Debian's Chromium)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from profiling.services.demo import DEMO_PASSWORD
from tests import servers
from tests.servers import AppServer

CHROMIUM = os.environ.get("PROFILING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's `chromium` package to run browser tests")
    return CHROMIUM if Path(CHROMIUM).exists() else str(shutil.which("chromium"))


# How long a step may wait for the page: the suite runs in two processes on a 2-core machine, beside the app
# servers and browsers of the other (Playwright's default of 30 s was once too short there).
PAGE_TIMEOUT_MS = 60_000
# A conversation step's rating scales and note fields, in the order Tab reaches them.
FIELDS = "[data-testid='stMain'] [data-testid='stRadio'], [data-testid='stMain'] textarea"


def patient(launched):  # type: ignore[no-untyped-def]
    """The browser, each of whose new pages and contexts waits up to PAGE_TIMEOUT_MS."""
    new_page, new_context = launched.new_page, launched.new_context

    def page_with_patience(*args, **kwargs):  # type: ignore[no-untyped-def]
        page = new_page(*args, **kwargs)
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        return page

    def context_with_patience(*args, **kwargs):  # type: ignore[no-untyped-def]
        context = new_context(*args, **kwargs)
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        return context

    launched.new_page, launched.new_context = page_with_patience, context_with_patience
    return launched


@pytest.fixture
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = patient(playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS))
        yield launched
        launched.close()


@pytest.fixture
def running_app(demo_database: str) -> Iterator[AppServer]:
    app = AppServer(demo_database)
    app.start()
    yield app
    app.stop()


@pytest.fixture
def demo_database(tmp_path: Path) -> str:
    return servers.demo_database(f"sqlite:///{tmp_path / 'e2e.db'}")


IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def wait_until_drawn(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the script run has finished and every element is drawn: the first time a kind of widget shows,
    Streamlit fetches its code and draws a skeleton in its place until then - after the run has ended."""
    page.wait_for_function(
        f"document.querySelector({IDLE!r}) && !document.querySelector(\"[data-testid='stSkeleton']\")",
        timeout=PAGE_TIMEOUT_MS,
    )


def wait_for_app(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the script run has finished, the network is quiet and the page is drawn."""
    page.wait_for_selector(IDLE, timeout=PAGE_TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    wait_until_drawn(page)


# The signed-in user's menu in the sidebar (sign-out, language, reminders: drawn once it is opened).
ACCOUNT_MENU = "[data-testid='stSidebar'] [data-testid='stPopoverButton']"


def sign_in(page, email: str, password: str = DEMO_PASSWORD, *, english: bool = False, expect_success: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Sign in on the sign-in screen, as a person would; unless a refusal is expected, wait until the signed-in
    page is drawn: the round trip through /auth/complete loads the page again after the sign-in's own run has
    finished, so a finished run alone can still be the sign-in screen."""
    page.get_by_role("textbox", name="E-mail").fill(email)
    page.get_by_role("textbox", name="Password" if english else "Adgangskode").fill(password)
    page.get_by_role("button", name="Sign in" if english else "Log ind").click()
    if expect_success:
        page.locator(ACCOUNT_MENU).first.wait_for(state="attached", timeout=PAGE_TIMEOUT_MS)  # the sidebar may be closed
    wait_for_app(page)


def open_account_menu(page) -> None:  # type: ignore[no-untyped-def]
    """Open the signed-in user's menu (if it is not open already) and wait until its content is drawn."""
    if not page.get_by_role("button", name="Log ud").or_(page.get_by_role("button", name="Sign out")).count():
        page.locator(ACCOUNT_MENU).first.click()
        page.get_by_role("button", name="Log ud").or_(page.get_by_role("button", name="Sign out")).wait_for()
        wait_for_app(page)


def next_step(page, expected_text: str) -> None:  # type: ignore[no-untyped-def]
    """Click "Næste" and wait until the next step is on screen (a finished run alone can be the old one)."""
    page.get_by_role("button", name="Næste").click()
    page.get_by_text(expected_text, exact=False).first.wait_for(timeout=PAGE_TIMEOUT_MS)
    wait_for_app(page)


def walk_to_finish(page, competences: int) -> None:  # type: ignore[no-untyped-def]
    """From the first competence to the finish step, one step at a time."""
    for number in range(2, competences + 1):
        next_step(page, f"Kompetence {number} af {competences}")
    next_step(page, "Afslut samtalen og se resultatet")
