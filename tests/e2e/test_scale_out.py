"""Serving a municipality: two app processes on one PostgreSQL database behind nginx, in a real browser.

A sign-in on one process is valid on the other (same cookie, shared secret key); a rating saved through
one is seen through the other; two processes editing the same question meet as an edit conflict, never a
silent overwrite; and nginx with the shipped deploy/nginx/profilsamtale-proxy.conf carries the page and
its websocket.
"""

from __future__ import annotations

import os
import secrets
import time
import urllib.request
from collections.abc import Iterator

import pytest

from profiling.catalog import load_catalog
from profiling.persistence.database import create_database_engine, session_factory
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads import directory, scorecards
from profiling.services import interviews
from profiling.services.system import actor_of
from profiling.settings import Settings
from tests.e2e.conftest import PAGE_TIMEOUT_MS, next_step, sign_in, wait_for_app
from tests.servers import AppServer, Proxy, demo_database, drop_postgresql, fresh_postgresql, nginx_available

pytestmark = [pytest.mark.e2e, pytest.mark.scale_out]

SERVER_URL = os.environ.get("PROFILING_TEST_DATABASE_URL", "")
MANAGER = "anders.andersen@eksempelby.example"


@pytest.fixture
def municipal_database() -> Iterator[str]:
    """A new PostgreSQL database, migrated once (as `profiling db upgrade` does) and holding the demo."""
    if not SERVER_URL.startswith("postgresql"):
        pytest.skip("needs PostgreSQL: set PROFILING_TEST_DATABASE_URL (.ci/run does)")
    url = fresh_postgresql(SERVER_URL, "profilsamtale_scale")
    try:
        yield demo_database(url)
    finally:
        drop_postgresql(SERVER_URL, url)


@pytest.fixture
def two_processes_behind_nginx(municipal_database: str) -> Iterator[tuple[AppServer, AppServer, Proxy]]:
    if not nginx_available():
        pytest.skip("needs Debian's nginx (apt-get install -y nginx-light; .ci/run installs it)")
    shared = {
        "PROFILING_SECRET_KEY": secrets.token_urlsafe(48),
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_urlsafe(32),
        "PROFILING_DEMO_ALLOWED": "true",
    }
    first = AppServer(municipal_database, env=shared)
    second = AppServer(municipal_database, env=shared)
    proxy = None
    try:
        first.start()
        second.start()
        proxy = Proxy([first.port, second.port]).start()
        yield first, second, proxy
    finally:
        if proxy is not None:
            proxy.stop()
        first.stop()
        second.stop()


def a_conversation(database_url: str) -> tuple[int, str]:
    """A development conversation the demo manager holds with one of his employees."""
    engine = create_database_engine(database_url)
    catalog = load_catalog([Settings().questionnaires_dir])
    with UnitOfWork(session_factory(engine)) as uow:
        manager = actor_of(uow.users.by_email(MANAGER))
        person = directory.list_people(manager, uow, "Emil Thorsen")[0]
        interview_id = interviews.start_interview(manager, uow, catalog, person_id=person.id, guide_id="udviklingssamtale")
    engine.dispose()
    return interview_id, person.name


def stored_values(database_url: str, interview_id: int) -> set[int | None]:
    """The rating values stored for the conversation (one question is rated in the test)."""
    engine = create_database_engine(database_url)
    with UnitOfWork(session_factory(engine)) as uow:
        manager = actor_of(uow.users.by_email(MANAGER))
        view = scorecards.get_interview(manager, uow, interview_id)
    engine.dispose()
    return {rating.value for rating in view.ratings.values()}


def wait_until_stored(database_url: str, interview_id: int, value: int) -> None:
    """Until a click's save has reached the database (the page's run may not have started yet)."""
    deadline = time.monotonic() + 30
    while stored_values(database_url, interview_id) != {value}:
        assert time.monotonic() < deadline, f"the rating {value} was not saved within 30 s"
        time.sleep(0.2)


def first_rating(page):  # type: ignore[no-untyped-def]
    return page.locator("[data-testid='stRadio']").first


def test_two_processes_share_sign_in_saves_and_conflicts_behind_nginx(two_processes_behind_nginx, browser, tmp_path):
    first, second, proxy = two_processes_behind_nginx
    interview_id, name = a_conversation(first.database_url)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # one browser: one cookie jar
    on_first, on_second = context.new_page(), context.new_page()

    # Sign in through process A ...
    on_first.goto(f"{first.url}/samtale?interview={interview_id}")
    wait_for_app(on_first)
    on_first.get_by_role("heading", name="Log ind").wait_for()
    sign_in(on_first, MANAGER)
    on_first.wait_for_url(f"**/samtale?interview={interview_id}")
    wait_for_app(on_first)
    on_first.get_by_role("heading", name=name).wait_for()
    next_step(on_first, "Kompetence 1 af 10")

    # ... and continue through process B with the same cookie: no second sign-in.
    on_second.goto(f"{second.url}/samtale?interview={interview_id}")
    wait_for_app(on_second)
    on_second.get_by_role("heading", name=name).wait_for()
    assert on_second.get_by_role("heading", name="Log ind").count() == 0
    on_second.get_by_text("Kompetence 1 af 10").first.wait_for()  # the step A moved to, from the database

    # A rating saved through A is seen through B.
    first_rating(on_first).locator("[data-testid='stRadioOption']").nth(2).click()  # level 3
    wait_for_app(on_first)
    on_first.get_by_text("✓ Gemt").first.wait_for()
    on_second.reload()
    wait_for_app(on_second)
    on_second.get_by_text("Kompetence 1 af 10").first.wait_for()
    assert first_rating(on_second).locator("input[type=radio]").nth(2).is_checked()

    # Both have the question open at level 3. A changes it to 4; B, not knowing, to 5: B is told, and
    # the stored rating (A's 4) is what B now sees; nothing is overwritten silently.
    first_rating(on_first).locator("[data-testid='stRadioOption']").nth(3).click()
    wait_until_stored(first.database_url, interview_id, 4)
    first_rating(on_second).locator("[data-testid='stRadioOption']").nth(4).click()
    on_second.get_by_text("Spørgsmålet blev ændret i en anden fane eller af en anden", exact=False).wait_for(timeout=PAGE_TIMEOUT_MS)
    wait_for_app(on_second)
    assert first_rating(on_second).locator("input[type=radio]").nth(3).is_checked()
    on_second.screenshot(path=str(tmp_path / "conflict.png"), full_page=True)

    # nginx (the shipped location file) carries the same signed-in browser: page, websocket and saves.
    through_proxy = context.new_page()
    through_proxy.goto(f"{proxy.url}/samtale?interview={interview_id}")
    wait_for_app(through_proxy)
    through_proxy.get_by_role("heading", name=name).wait_for()
    assert first_rating(through_proxy).locator("input[type=radio]").nth(3).is_checked()
    first_rating(through_proxy).locator("[data-testid='stRadioOption']").nth(1).click()  # level 2
    wait_for_app(through_proxy)
    through_proxy.get_by_text("✓ Gemt").first.wait_for()
    with urllib.request.urlopen(f"{proxy.url}/_stcore/health", timeout=10) as response:
        assert response.status == 200 and response.read() == b"ok"
    through_proxy.screenshot(path=str(tmp_path / "through-nginx.png"), full_page=True)
    context.close()
