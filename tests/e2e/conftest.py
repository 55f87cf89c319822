"""A real app (`streamlit run` on a free loopback port) and a real browser (Debian's Chromium)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from profiling.settings import PROJECT_ROOT

CHROMIUM = os.environ.get("PROFILING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's `chromium` package to run browser tests")
    return CHROMIUM if Path(CHROMIUM).exists() else str(shutil.which("chromium"))


@pytest.fixture
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


class RunningApp:
    """A `streamlit run` server of this repository on a fresh database."""

    def __init__(self, database_url: str, port: int) -> None:
        self.database_url = database_url
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "PROFILING_DATABASE_URL": self.database_url}
        command = [
            sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "streamlit_app.py"),
            "--server.port", str(self.port), "--server.address", "127.0.0.1", "--server.headless", "true",
            "--browser.gatherUsageStats", "false",
        ]
        self.process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("the app did not start within 60 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None


@pytest.fixture
def running_app(demo_database: str) -> Iterator[RunningApp]:
    app = RunningApp(demo_database, _free_port())
    app.start()
    yield app
    app.stop()


@pytest.fixture
def demo_database(tmp_path: Path) -> str:
    from profiling.catalog import load_catalog
    from profiling.persistence.database import create_database_engine, session_factory, upgrade
    from profiling.persistence.unit_of_work import UnitOfWork
    from profiling.services import demo
    from profiling.settings import Settings

    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    engine = create_database_engine(url)
    upgrade(engine)
    with UnitOfWork(session_factory(engine)) as uow:
        demo.load_demo(uow, load_catalog([Settings().questionnaires_dir]))
    engine.dispose()
    return url


def wait_for_app(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the script run has finished and the network is quiet."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)


def next_step(page, expected_text: str) -> None:  # type: ignore[no-untyped-def]
    """Click "Næste" and wait until the next step is on screen (a finished run alone can be the old one)."""
    page.get_by_role("button", name="Næste").click()
    page.get_by_text(expected_text, exact=False).first.wait_for(timeout=30_000)
    wait_for_app(page)


def walk_to_finish(page, competences: int) -> None:  # type: ignore[no-untyped-def]
    """From the first competence to the finish step, one step at a time."""
    for number in range(2, competences + 1):
        next_step(page, f"Kompetence {number} af {competences}")
    next_step(page, "Afslut samtalen og se resultatet")
