"""AppTest fixtures: the real app on a fresh SQLite database (empty or with the demo), signed in as a real user."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.components.v2 import manifest_scanner
from streamlit.testing.v1 import AppTest

from profiling import bootstrap
from profiling.catalog import Catalog
from profiling.persistence.database import create_database_engine, session_factory, upgrade
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import accounts, demo, sign_in
from profiling.services.actors import Actor
from profiling.services.system import actor_of
from profiling.settings import Settings
from profiling.ui.auth import TOKEN_KEY
from tests import servers

ROOT = Path(__file__).resolve().parents[2]

# Each AppTest starts a runtime, which scans every installed distribution's metadata for components - what a
# server does once per process, and half a second of each test here. Nothing is installed while the tests run.
if callable(getattr(manifest_scanner, "scan_component_manifests", None)):
    manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)

# Each test's app is a new application (a new database), which loads the catalog again: the shipped questionnaires
# are loaded once per test process instead, as a server loads them once for all its sessions. A test's own
# questionnaires folder is loaded as before.
_load_catalog = bootstrap.load_catalog
SHIPPED_QUESTIONNAIRES = Settings().questionnaires_dir
_shipped_catalog = functools.cache(lambda: _load_catalog([SHIPPED_QUESTIONNAIRES]))


def _catalog_once(directories: list[Path], *args: object, **kwargs: object) -> Catalog:
    if not args and not kwargs and [Path(d) for d in directories] == [SHIPPED_QUESTIONNAIRES]:
        return _shipped_catalog()
    return _load_catalog(directories, *args, **kwargs)  # type: ignore[arg-type]


bootstrap.load_catalog = _catalog_once  # type: ignore[assignment]
APP = str(ROOT / "streamlit_app.py")
TEST_ADMIN = {"name": "Test Administrator", "email": "test.admin@eksempelby.example", "role": "admin",
              "password": "en-lang-test-adgangskode"}


def units(url: str) -> Callable[[], UnitOfWork]:
    """Units of work on a database (migrated to the newest revision)."""
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        servers.migrated_database(url)
    engine = create_database_engine(url)
    upgrade(engine)
    factory = session_factory(engine)
    return lambda: UnitOfWork(factory)


def session_token(url: str, email: str) -> str:
    """A real sign-in session for a user, as the sign-in screen would create it."""
    with units(url)() as uow:
        token, _code = sign_in.sign_in_as(uow, email, 12, "test")
    return token


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh SQLite database for the app under test (caches cleared so it is really used)."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("PROFILING_DATABASE_URL", url)
    monkeypatch.setenv("PROFILING_DATA_DIR", str(tmp_path))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()


@pytest.fixture
def demo_database(database_url: str) -> str:
    """The fresh database with Eksempelby Kommune loaded (its demo accounts included)."""
    return servers.demo_database(database_url)


@pytest.fixture
def admin(database_url: str) -> Actor:
    """The administrator the app runs as: the demo's, or a test administrator on an empty database."""
    with units(database_url)() as uow:
        shown = demo.demo_accounts(uow)
        if shown:
            return actor_of(uow.users.by_email(shown[0].email))
        existing = uow.users.by_email(TEST_ADMIN["email"])
    if existing is not None:
        return actor_of(existing)
    with units(database_url)() as uow:
        created = accounts.create_user(None, uow, TEST_ADMIN)
        return actor_of(uow.users.get(created.id))


@pytest.fixture
def open_page(database_url: str, admin: Actor) -> Callable[..., AppTest]:
    """Run the app on one page (a file under profiling/ui/app_pages), signed in, with query parameters."""

    def run(page: str | None = None, as_email: str | None = None, **query: object) -> AppTest:
        app = AppTest.from_file(APP, default_timeout=60)
        app.session_state[TOKEN_KEY] = session_token(database_url, as_email or admin.email)
        for name, value in query.items():
            app.query_params[name] = str(value)
        app.run()
        if page is not None:
            app.switch_page(f"profiling/ui/app_pages/{page}")
            for name, value in query.items():
                app.query_params[name] = str(value)
            app.run()
        return app

    return run


def jump_list(app: AppTest, interview_id: int):  # type: ignore[no-untyped-def]
    """The list of steps to jump to (a new widget whenever its labels change, so found by its key's start)."""
    (found,) = [box for box in app.selectbox if (box.key or "").startswith(f"conv_jump_{interview_id}_")]
    return found


def open_expander(app, label: str) -> None:
    """Open an expander whose content runs only once it is open, as a click on its summary does."""
    (expander,) = [e for e in app.expander if e.label == label]
    key = expander.proto.id.split("-", 2)[2]  # the widget id: a prefix, a hash, then the user's key
    app.session_state[key] = True
    app.run()


def open_account_menu(app) -> None:
    """Open the signed-in user's menu in the sidebar (sign-out, language, reminders), whose content runs only once
    it is open, as a click on it does."""
    app.session_state["account_menu"] = True
    app.run()


def signed_in_as(app) -> str:
    """The label of the signed-in user's menu in the sidebar: their name and role ("" when nobody is signed in)."""
    menus = [block for block in app.sidebar.children.values() if getattr(block, "type", None) == "popover"]
    return menus[0].proto.popover.label if menus else ""
