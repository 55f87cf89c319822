"""Page speed at municipal scale: each page's median AppTest run time as a ratio to a minimal page.

Run with plain python:  python benchmarks/pages.py [--database URL] [--runs N] [--smoke]

Without --database it builds the large synthetic municipality (`profiling demo --scale large`: 2,000
employees in 100 teams, 300 candidates in 30 rounds, 10,000 completed scorecards) in a temporary SQLite
file. For each page it opens the heaviest realistic input, measures the median script-run time through
streamlit.testing.v1.AppTest against a one-widget page measured in the same run, and counts the SQL
statements the page issued. It also times scoring all 10,000 scorecards in one batch.

`--smoke` (what .ci/run runs, so the benchmark never rots): a tiny municipality, one run per page; it
fails on an exception or a page that does not open, never on a time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RATIO = 3.0
BENCHMARK_ADMIN = {
    "name": "Benchmark Administrator", "email": "benchmark@eksempelby.example", "role": "admin",
    "password": "Benchmark: lyngrå ugle over Vejle 7",
}


def ensure_benchmark_admin(factory) -> None:  # type: ignore[no-untyped-def]
    """The benchmark's administrator, created on a database that has no active administrator (a large demo)."""
    from profiling.persistence.unit_of_work import UnitOfWork
    from profiling.services import accounts

    with UnitOfWork(factory) as uow:
        if not accounts.has_active_administrator(uow):
            accounts.create_administrator_by_operator(uow, BENCHMARK_ADMIN)


def admin_token(url: str) -> str:
    """A real session of the benchmark's administrator (created if the database has none)."""
    from profiling.persistence.database import create_database_engine, session_factory
    from profiling.persistence.unit_of_work import UnitOfWork
    from profiling.services import sign_in

    factory = session_factory(create_database_engine(url))
    ensure_benchmark_admin(factory)
    with UnitOfWork(factory) as uow:
        user = uow.users.by_email(BENCHMARK_ADMIN["email"])
        if user is None:  # a database with its own administrators: borrow the first one for reading
            user = next(u for u in uow.users.all() if u.role == "admin" and u.active)
        token, _ = sign_in.sign_in_as(uow, user.email, 12, "benchmark")
    return token


# A municipality small enough for a smoke run (seconds), with every kind of data the pages show.
SMOKE_SCALE = {"teams": 3, "team_size": 5, "rounds": 2, "candidates_per_round": 8, "scorecards": 90}
LARGE_SCALE: dict[str, int] = {}


def build_database(url: str, scale: dict[str, int] | None = None) -> None:
    from profiling.catalog import load_catalog
    from profiling.demo.large import load_large
    from profiling.persistence.database import create_database_engine, session_factory, upgrade
    from profiling.persistence.unit_of_work import UnitOfWork
    from profiling.settings import Settings

    engine = create_database_engine(url)
    upgrade(engine)
    started = time.perf_counter()
    with UnitOfWork(session_factory(engine)) as uow:
        summary = load_large(uow, load_catalog([Settings().questionnaires_dir]), **(scale or LARGE_SCALE))

    print(
        f"built the large database in {time.perf_counter() - started:.1f} s: {summary.people:,} people, "
        f"{summary.interviews:,} scorecards, {summary.ratings:,} ratings",
        flush=True,
    )
    engine.dispose()


def heaviest_inputs(url: str, team_size: int = 20) -> dict[str, dict[str, str]]:
    """Query parameters of each page's heaviest realistic input (a team of at least `team_size`)."""
    from sqlalchemy import func, select

    from profiling.persistence import tables
    from profiling.persistence.database import create_database_engine

    engine = create_database_engine(url)
    with engine.connect() as connection:
        # The person with the most completed scorecards.
        person = connection.execute(
            select(tables.interviews.c.person_id, func.count()).group_by(tables.interviews.c.person_id).order_by(func.count().desc()).limit(1)
        ).first()[0]
        # A round with at least 8 candidates.
        round_id = connection.execute(
            select(tables.round_candidates.c.round_id, func.count())
            .group_by(tables.round_candidates.c.round_id)
            .having(func.count() >= 8)
            .order_by(func.count().desc())
            .limit(1)
        ).first()[0]
        # A team of 20.
        team = connection.execute(
            select(tables.teams.c.id).join(tables.people, tables.people.c.team_id == tables.teams.c.id).group_by(tables.teams.c.id)
            .having(func.count() >= team_size).limit(1)
        ).first()[0]
    engine.dispose()
    return {
        "overview.py": {},
        "people.py": {},
        "rounds.py": {"round": str(round_id)},
        "conversation.py": {},
        "profile.py": {"person": str(person)},
        "development.py": {"person": str(person)},
        "comparison.py": {"round": str(round_id)},
        "team.py": {"team": str(team)},
        "theme_day.py": {"team": str(team)},
        "admin.py": {},
        "targets.py": {},
    }


# The message key of each page's title, to be sure the right page was measured (None: it names the person).
TITLE_KEYS = {
    "overview.py": "overview.title", "people.py": "people.title", "rounds.py": "rounds.title",
    "conversation.py": "conversation.start_title", "profile.py": None, "development.py": "development.title",
    "comparison.py": "comparison.title", "team.py": "team.title", "theme_day.py": "theme_day.page_title",
    "admin.py": "admin.title", "targets.py": "targets.title",
}

MINIMAL_PAGE = """
import streamlit as st
st.text_input("Navn")
"""


def url_paths() -> dict[str, str]:
    """Each page file's path in the URL, as the app's navigation names it."""
    from profiling.ui.navigation import ALL_PAGES

    return {spec.file: spec.url_path for spec in ALL_PAGES}


def measure(runs: int, inputs: dict[str, dict[str, str]], token: str) -> list[tuple[str, float, float, float, float, int]]:
    """Per page: (page, load ms, load ratio, rerun ms, rerun ratio, SQL statements of a load).

    A *load* is what opening or reloading the page in a browser costs: a new session whose first script
    run renders the page. A *rerun* is the same session running the page again (a widget changed).
    Both are compared with the same measurement of a one-widget page.
    """
    import streamlit as st
    from sqlalchemy import event
    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash

    from profiling.i18n import translate
    from profiling.ui import runtime

    app_path = str(ROOT / "streamlit_app.py")
    paths = url_paths()
    statements: Counter[str] = Counter()
    current = {"page": ""}

    from profiling.ui.auth import TOKEN_KEY

    st.cache_resource.clear()
    first = AppTest.from_file(app_path, default_timeout=120)
    first.session_state[TOKEN_KEY] = token
    first.run()  # starts the engine (migrations) once
    engine = runtime.application().engine

    @event.listens_for(engine, "before_cursor_execute")
    def count(*_args: object) -> None:
        statements[current["page"]] += 1

    def check(app: AppTest, page: str) -> None:
        if app.exception:
            raise RuntimeError(f"{page}: {app.exception[0].value}")
        key = TITLE_KEYS[page]
        expected = None if key is None else translate(key, "da")
        if any(w.value == translate("error.page_not_yours", "da") for w in app.warning):
            raise RuntimeError(f"{page}: the page was refused ({app.warning[0].value})")
        if not app.title or (expected is not None and app.title[0].value != expected):
            raise RuntimeError(f"{page}: the page did not open ({[t.value for t in app.title]})")

    def load(page: str, query: dict[str, str]) -> tuple[float, float]:
        """A fresh session landing on the page (as a browser opening its URL), then one rerun."""
        app = AppTest.from_file(app_path, default_timeout=120)
        app.session_state[TOKEN_KEY] = token
        # st.Page identifies a page by the hash of its url_path; a browser sends that path.
        app._page_hash = calc_hash(paths[page])
        for name, value in query.items():
            app.query_params[name] = value
        current["page"] = page
        started = time.perf_counter()
        app.run()
        loaded = time.perf_counter() - started
        current["page"] = ""
        check(app, page)
        started = time.perf_counter()
        app.run()
        rerun = time.perf_counter() - started
        check(app, page)
        return loaded, rerun

    def minimal() -> tuple[float, float]:
        app = AppTest.from_string(MINIMAL_PAGE, default_timeout=60)
        started = time.perf_counter()
        app.run()
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        app.run()
        return loaded, time.perf_counter() - started

    for page, query in inputs.items():  # warm-up: imports done, snapshots parsed
        load(page, query)
    minimal()
    loads: dict[str, list[float]] = {page: [] for page in inputs}
    reruns: dict[str, list[float]] = {page: [] for page in inputs}
    base_loads: list[float] = []
    base_reruns: list[float] = []
    counts: dict[str, set[int]] = {page: set() for page in inputs}
    for _ in range(runs):
        loaded, rerun = minimal()
        base_loads.append(loaded)
        base_reruns.append(rerun)
        for page, query in inputs.items():
            statements.clear()
            loaded, rerun = load(page, query)
            loads[page].append(loaded)
            reruns[page].append(rerun)
            counts[page].add(statements[page])
    base_load, base_rerun = statistics.median(base_loads), statistics.median(base_reruns)
    rows = [("minimal one-widget page", base_load, 1.0, base_rerun, 1.0, 0)]
    for page in inputs:
        if len(counts[page]) != 1:
            raise RuntimeError(f"{page}: the number of SQL statements varied between runs: {sorted(counts[page])}")
        page_load, page_rerun = statistics.median(loads[page]), statistics.median(reruns[page])
        rows.append((page, page_load, page_load / base_load, page_rerun, page_rerun / base_rerun, counts[page].pop()))
    return rows


def score_batch() -> tuple[int, float, float]:
    """Score every completed scorecard in one batch: (scorecards, seconds to read the values, seconds to score)."""
    from profiling.domain.framework import Framework
    from profiling.domain.guide import Guide
    from profiling.domain.interviews import QUESTION_PREFIX
    from profiling.domain.scoring import Scorer
    from profiling.reads.views import InterviewStatus
    from profiling.services.content import parse_snapshot
    from profiling.ui import runtime

    with runtime.application().unit_of_work() as uow:
        rows = uow.interviews.query(status=InterviewStatus.COMPLETED)
        started = time.perf_counter()
        answers = uow.interviews.answers([r.id for r in rows])
        read = time.perf_counter() - started
        snapshots = uow.snapshots.by_ids({r.framework_snapshot_id for r in rows} | {r.guide_snapshot_id for r in rows})
        framework = parse_snapshot(snapshots[rows[0].framework_snapshot_id], Framework)
        guides = {r.guide_snapshot_id for r in rows}
        questions = [q for g in guides for q in parse_snapshot(snapshots[g], Guide).questions]
        batch = [[(key.removeprefix(QUESTION_PREFIX), value) for key, value, _ in answers[r.id]] for r in rows]
    scorer = Scorer.build(framework, questions=questions)
    started = time.perf_counter()
    profiles = scorer.score_many(batch)
    return len(profiles), read, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="SQLAlchemy URL of an existing large database (default: build one)")
    parser.add_argument("--runs", type=int, default=15, help="runs per page (default 15)")
    parser.add_argument("--smoke", action="store_true", help="a tiny municipality, one run: fails on an error, never on a time")
    args = parser.parse_args()
    runs = 1 if args.smoke else args.runs
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{Path(folder) / 'large.db'}"
        if not args.database:
            build_database(url, SMOKE_SCALE if args.smoke else LARGE_SCALE)
        os.environ["PROFILING_DATABASE_URL"] = url
        inputs = heaviest_inputs(url, SMOKE_SCALE["team_size"] if args.smoke else 20)
        rows = measure(runs, inputs, admin_token(url))
        scored, read, seconds = score_batch()
    print()
    print(f"{'page':<24}{'load ms':>9}{'ratio':>8}{'rerun ms':>10}{'ratio':>8}{'SQL':>6}  target (load ≤ {TARGET_RATIO:g}x)")
    print("-" * 86)
    ok = True
    for page, load_ms, load_ratio, rerun_ms, rerun_ratio, count in rows:
        met = load_ratio <= TARGET_RATIO
        ok &= met
        target = "" if page.startswith("minimal") else ("met" if met else "MISSED")
        print(
            f"{page:<24}{load_ms * 1000:>9.1f}{load_ratio:>7.2f}x{rerun_ms * 1000:>10.1f}{rerun_ratio:>7.2f}x"
            f"{count:>6}  {target}"
        )
    print("-" * 86)
    batch_ok = seconds < 1.0
    ok &= batch_ok
    print(f"scoring {scored:,} scorecards in one batch: {seconds:.3f} s ({'met' if batch_ok else 'MISSED'}; target < 1 s)")
    print(f"(reading the values of those scorecards from the database: {read:.3f} s)")
    if args.smoke:
        print("smoke run: every page opened without an error (times are not judged)")
        return 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
