"""Many people at once: N concurrent sessions rerunning a page on the real server, over Streamlit's websocket.

Run with plain python:  python benchmarks/load.py [--sessions 1,5,10,20,40] [--seconds 10]
                                                 [--database sqlite|postgresql] [--processes 1|2]
                        python benchmarks/load.py --write-path 20 [--sign-ins 50]   (the write path)
                        python benchmarks/load.py --distinct-users [managers]      (each session its own user)
                        python benchmarks/load.py --smoke                           (what .ci/run runs)

It builds the large synthetic municipality (`profiling demo --scale large`) in a fresh SQLite file or a
fresh PostgreSQL database, starts `streamlit run` with the project's config (one process, or two behind
Debian's nginx with the shipped deploy/nginx/profilsamtale-proxy.conf), and signs N sessions in through the
real routes: the password is checked by the accounts service, and the one-time code is exchanged for the
sign-in cookie at /auth/complete (URL part plus the SameSite=Strict handoff cookie, as a browser does).
Each session then opens a page (all N at once) and reruns it in a closed loop for S seconds, the way a
browser asks for a rerun after a click (a `rerun_script` message; no browser involved).

Printed per page and N: reruns per second, p50 and p95 of a rerun, p95 of opening the page (the median of three
waves of the N sessions connecting anew; with --distinct-users the first wave, every user's first opening), the
server's resident memory; and each page's ratio to a minimal reference page (title, slider, one 3-trace radar)
served and measured the same way in the same run, before and after the pages (the mean of the two). Beside each
page's opening, the floor's: the reference page with as many plain elements more as the page sends messages more
(Streamlit's own work for a page of that size, without the application's). `--soak M`
instead reruns one page with N sessions for M minutes and prints the server's memory each minute.

By default the N sessions are one administrator's (they share the reads built for that user). `--distinct-users`
signs in N administrators of their own; `--distinct-users managers` N managers, each opening their own team, the
member of it with the most scorecards and the round they run - a municipality's Monday morning, every first read
built for its user (the administrators' own pages are left out).
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.pages import (
    BENCHMARK_ADMIN,
    LARGE_SCALE,
    SMOKE_SCALE,
    build_database,
    ensure_benchmark_admin,
    heaviest_inputs,
    url_paths,
)
from tests.servers import AppServer, Proxy, drop_postgresql, fresh_postgresql

REFERENCE_PAGE = """
import plotly.graph_objects as go
import streamlit as st

st.title("Referenceside")
level = st.slider("Niveau", 1, 5, 3)
competences = ["Borgerkontakt", "Kommunikation", "Samarbejde", "Faglighed", "Digitalisering", "Service", "Etik", "Udvikling"]
figure = go.Figure(
    data=[
        go.Scatterpolar(r=[level] * 8, theta=competences, fill="toself", name="Mål"),
        go.Scatterpolar(r=[3, 4, 2, 5, 3, 4, 3, 2], theta=competences, fill="toself", name="Person"),
        go.Scatterpolar(r=[3.5, 3, 3, 4, 2.5, 3.5, 4, 3], theta=competences, name="Team"),
    ],
    layout={"polar": {"radialaxis": {"range": [0, 5]}}, "showlegend": True},
)
st.plotly_chart(figure)
"""

# Streamlit's floor for a page of many elements: the reference page and `?n=` plain markdown elements more (text
# with a grey line under it, like a list's items), served and measured the same way. A page sending M messages on
# opening is set beside the floor page sending M too: what a page costs beyond it is the application's own work,
# what the floor costs beyond the reference is Streamlit's per-element work.
FLOOR_PAGE = REFERENCE_PAGE + """
for i in range(int(st.query_params.get("n", "0"))):
    st.markdown(f"**Linje {i}** · en linje tekst  \\n:gray[:small[og en grå linje under]]")
"""

# The pages measured, by their path in the URL; each opens its input from benchmarks/pages.heaviest_inputs.
PAGES = {path: file for file, path in url_paths().items() if file not in ("case.py", "import_people.py", "accessibility.py")}
Inputs = dict[str, dict[str, str]]  # a page file's query parameters (benchmarks/pages.heaviest_inputs)
SMOKE_MANAGER_PAGES = ["runder", "profil", "team"]  # the pages a manager opens with inputs of their own
GOAL_THROUGHPUT = 1 / 2  # of the reference page's reruns/s, at 20 sessions
GOAL_P95 = 2.0  # × the reference page's p95, at 20 sessions
GOAL_OPEN_P95 = 1.5  # × the reference page's p95 of opening it, 20 sessions at once
GOAL_P50_ONE = 2.0  # × the reference page's p50, one session
FLOOR_SECONDS = 0.5  # of reruns after the floor page's opening (only its opening is compared)
OPEN_WAVES = 3  # the sessions open the page this many times, anew each time: the median of the waves' p95 (one wave's
# p95 moved by a third between runs)


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# ---------------------------------------------------------------------------------------------------------
# Signing in through the real routes
# ---------------------------------------------------------------------------------------------------------


def sign_in_cookies(url: str, database_url: str, count: int, accounts: Sequence[tuple[str, str]] = ()) -> list[str]:
    """A sign-in cookie per account of `accounts` (e-mail, password), or `count` of the benchmark administrator,
    each from its own password sign-in."""
    from profiling.persistence.database import create_database_engine, session_factory
    from profiling.persistence.unit_of_work import UnitOfWork
    from profiling.services import sessions, sign_in
    from profiling.web import COMPLETE_PATH, HANDOFF_COOKIE, split_code

    engine = create_database_engine(database_url)
    factory = session_factory(engine)
    ensure_benchmark_admin(factory)
    address = urlsplit(url)
    cookies = []
    for email, password in accounts or [(BENCHMARK_ADMIN["email"], BENCHMARK_ADMIN["password"])] * count:
        with UnitOfWork(factory) as uow:
            _token, code = sign_in.sign_in(uow, email, password, "benchmark", 12)
        in_url, in_cookie = split_code(code)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        connection.request(
            "GET", f"{COMPLETE_PATH}?code={quote(in_url)}&next=/",
            headers={"Cookie": f"{HANDOFF_COOKIE}={in_cookie}", "Sec-Fetch-Site": "same-origin"},
        )
        response = connection.getresponse()
        response.read()
        connection.close()
        value = next(
            (c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or []
             if c.startswith(f"{sessions.COOKIE_NAME}=")),
            None,
        )
        if response.status != 303 or value is None:
            raise RuntimeError(f"sign-in through {COMPLETE_PATH} gave no cookie (HTTP {response.status})")
        cookies.append(value)
    engine.dispose()
    return cookies


# ---------------------------------------------------------------------------------------------------------
# A browser session without a browser: Streamlit's websocket protocol
# ---------------------------------------------------------------------------------------------------------


RUN_TIMEOUT = 120  # seconds a script run may take before the benchmark gives up (and fails)


@dataclass
class Run:
    seconds: float
    headings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    radios: dict[str, str] = field(default_factory=dict)  # widget id -> the id of the fragment it is in
    inputs: dict[str, str] = field(default_factory=dict)  # a text input's label -> its widget id
    submits: list[str] = field(default_factory=list)  # the form submit buttons' widget ids
    scripts: int = 0  # html elements (the sign-in's hand-over to /auth/complete is one)
    messages: int = 0  # the messages the run sent (elements, blocks, the run's own bookkeeping)


class Session:
    """One browser tab's websocket to the server: asks for script runs and waits for them to finish."""

    def __init__(self, websocket, base_url: str) -> None:  # type: ignore[no-untyped-def]
        self.websocket = websocket
        self.base_url = base_url
        self.backend = websocket.response.headers.get("X-Profilsamtale-Upstream", "")
        self.page_hash = ""  # the page the server last ran (a widget change is sent for that page, as a browser does)

    @classmethod
    async def connect(cls, base_url: str, cookie: str, source: str | None = None) -> Session:
        import websockets

        address = urlsplit(base_url)
        websocket = await websockets.connect(
            f"ws://{address.netloc}/_stcore/stream",
            subprotocols=["streamlit"],
            additional_headers={"Cookie": cookie},
            origin=base_url,
            max_size=None,
            compression=None,
            open_timeout=60,
            ping_interval=None,
            local_addr=(source, 0) if source else None,
        )
        return cls(websocket, base_url)

    async def run(self, page: str, query: str, change: tuple[str, str, str] | None = None,
                  form: tuple[dict[str, str], str] | None = None) -> Run:
        """Run the page (a browser's rerun request); `change`: (widget id, its fragment's id, the new value as a
        string) - one widget changed, as a click sends it; `form`: ({text input id: value}, submit button id) -
        a form submitted."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = BackMsg()
        message.rerun_script.page_name = page
        message.rerun_script.query_string = query
        if change is not None:
            widget_id, fragment_id, value = change
            message.rerun_script.widget_states.widgets.add(id=widget_id, string_value=value)
            message.rerun_script.fragment_id = fragment_id
            message.rerun_script.page_script_hash = self.page_hash
        if form is not None:
            values, submit = form
            for widget_id, value in values.items():
                message.rerun_script.widget_states.widgets.add(id=widget_id, string_value=value)
            message.rerun_script.widget_states.widgets.add(id=submit, trigger_value=True)
            message.rerun_script.page_script_hash = self.page_hash
        message.rerun_script.context_info.timezone = "Europe/Copenhagen"
        message.rerun_script.context_info.locale = "da-DK"
        message.rerun_script.context_info.url = f"{self.base_url}/{page}" + (f"?{query}" if query else "")
        started = time.perf_counter()
        await self.websocket.send(message.SerializeToString())
        run = Run(0.0)
        while True:
            forward = ForwardMsg()
            try:
                forward.ParseFromString(await asyncio.wait_for(self.websocket.recv(), RUN_TIMEOUT))
            except TimeoutError:
                raise RuntimeError(f"{page}: no answer from the server for {RUN_TIMEOUT} s") from None
            kind = forward.WhichOneof("type")
            run.messages += 1
            if kind == "new_session" and forward.new_session.page_script_hash:
                self.page_hash = forward.new_session.page_script_hash
            elif kind == "navigation" and forward.navigation.page_script_hash:
                self.page_hash = forward.navigation.page_script_hash
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                which = element.WhichOneof("type")
                if which == "heading":
                    run.headings.append(element.heading.body)
                elif which == "exception":
                    run.errors.append(f"{element.exception.type}: {element.exception.message}")
                elif which == "alert" and element.alert.format == element.alert.ERROR:
                    run.errors.append(element.alert.body)
                elif which == "radio":
                    run.radios[element.radio.id] = forward.delta.fragment_id
                elif which == "text_input":
                    run.inputs[element.text_input.label] = element.text_input.id
                elif which == "button" and element.button.is_form_submitter:
                    run.submits.append(element.button.id)
                elif which == "html":
                    run.scripts += 1
            elif kind == "page_not_found":
                run.errors.append(f"page not found: {page}")
            elif kind == "script_finished":
                if forward.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                if forward.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    run.errors.append("compile error")
                break
        run.seconds = time.perf_counter() - started
        return run

    async def close(self) -> None:
        await self.websocket.close()


# ---------------------------------------------------------------------------------------------------------
# One measurement: N sessions open a page at once, then rerun it for S seconds
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Figures:
    sessions: int
    reruns_per_second: float
    p50: float
    p95: float
    open_p95: float
    rss_mb: float
    split: str
    messages: int  # per rerun (the last one)
    open_messages: int = 0  # sent by the first session's opening run


async def measure(
    base_url: str, cookies: Sequence[str], page: str, queries: Sequence[str], seconds: float, rss, spread: bool,  # type: ignore[no-untyped-def]
    open_waves: int = OPEN_WAVES,
) -> Figures:
    """`queries`: each session's query string (its user's input on the page), in the order of `cookies`. The sessions
    open the page `open_waves` times, connecting anew each time (the median of the waves' p95 is the opening's)."""
    # Behind the proxy every session comes from its own client network (nginx's ip_hash keys on the
    # first three bytes of an IPv4 address), as a municipality's many users do.
    sources = [f"127.0.{i + 1}.1" if spread else None for i in range(len(cookies))]
    opening_p95s = []
    sessions: list[Session] = []
    for _wave in range(open_waves):  # the sessions of the last wave go on rerunning
        await asyncio.gather(*(s.close() for s in sessions))
        sessions = await asyncio.gather(*(Session.connect(base_url, c, s) for c, s in zip(cookies, sources, strict=True)))
        asked = dict(zip(sessions, queries, strict=True))
        opened = await asyncio.gather(*(s.run(page, asked[s]) for s in sessions))
        for run in opened:
            if run.errors or not run.headings:
                raise RuntimeError(f"{page}: the page did not open cleanly: {run.errors or 'no heading'}")
        opening_p95s.append(percentile([r.seconds for r in opened], 0.95))
    latencies: list[float] = []
    messages = [0]
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()

    async def loop(session: Session) -> None:
        while time.perf_counter() < deadline:
            run = await session.run(page, asked[session])
            if run.errors:
                raise RuntimeError(f"{page}: a rerun failed: {run.errors[0][:200]}")
            latencies.append(run.seconds)
            messages[0] = run.messages

    await asyncio.gather(*(loop(s) for s in sessions))
    elapsed = time.perf_counter() - started
    backends: dict[str, int] = {}
    for session in sessions:
        backends[session.backend] = backends.get(session.backend, 0) + 1
    await asyncio.gather(*(s.close() for s in sessions))
    return Figures(
        len(cookies), len(latencies) / elapsed, percentile(latencies, 0.5), percentile(latencies, 0.95),
        statistics.median(opening_p95s), rss(),
        "/".join(str(n) for _, n in sorted(backends.items())) if spread else "", messages[0], opened[0].messages,
    )


# ---------------------------------------------------------------------------------------------------------
# The write path: raters rating questions on their own conversations at once
# ---------------------------------------------------------------------------------------------------------

RATER_PASSWORD = "Benchmark: rolig lærke over Ribe 4"
GOAL_RATING_P95 = 3.0  # × the reference page's rerun p95 at the same number of sessions
GOAL_SIGN_IN_P95 = 2.0  # seconds from submitting the sign-in form to the hand-over, 50 sign-ins in 10 s


@dataclass
class Rater:
    email: str
    interview_id: int


def prepare_raters(database_url: str, count: int) -> list[Rater]:
    """`count` managers given a password, each with a development conversation of one of their employees
    opened at its first competence."""
    from profiling.catalog import load_catalog
    from profiling.persistence.database import create_database_engine, session_factory
    from profiling.persistence.unit_of_work import UnitOfWork
    from profiling.services import interviews
    from profiling.services.system import actor_of
    from profiling.settings import Settings

    engine = create_database_engine(database_url)
    factory = session_factory(engine)
    ensure_benchmark_admin(factory)
    catalog = load_catalog([Settings().questionnaires_dir])
    with UnitOfWork(factory) as uow:
        leading = [(actor_of(u), uow.teams.led_by(u.id)) for u in uow.users.all() if u.role == "manager" and u.active]
        chosen = [(manager, teams[0].id) for manager, teams in leading if teams][:count]
    give_password(factory, [manager.user_id for manager, _ in chosen])
    raters = []
    for manager, team_id in chosen:
        with UnitOfWork(factory) as uow:
            member = uow.people.in_teams([team_id])[0].id
        with UnitOfWork(factory) as uow:
            interview_id = interviews.start_interview(manager, uow, catalog, person_id=member, guide_id="udviklingssamtale")
        with UnitOfWork(factory) as uow:
            interviews.move_to(manager, uow, interview_id, 1)
        raters.append(Rater(manager.email, interview_id))
    engine.dispose()
    if len(raters) < count:
        raise RuntimeError(f"only {len(raters)} managers lead a team; {count} raters asked for")
    return raters


def give_password(factory, user_ids: Sequence[int]) -> None:  # type: ignore[no-untyped-def]
    """The benchmark administrator gives these users the raters' password (argon2 as shipped)."""
    from profiling.persistence.unit_of_work import UnitOfWork
    from profiling.services import accounts
    from profiling.services.system import actor_of

    with UnitOfWork(factory) as uow:
        admin = actor_of(uow.users.by_email(BENCHMARK_ADMIN["email"]))
    for user_id in user_ids:
        with UnitOfWork(factory) as uow:
            accounts.update_account(admin, uow, user_id, password=RATER_PASSWORD)


def accounts_with_password(database_url: str, count: int) -> list[str]:
    """The e-mail addresses of `count` managers given the raters' password."""
    from profiling.persistence.database import create_database_engine, session_factory
    from profiling.persistence.unit_of_work import UnitOfWork

    engine = create_database_engine(database_url)
    factory = session_factory(engine)
    with UnitOfWork(factory) as uow:
        managers = [(u.id, u.email) for u in uow.users.all() if u.role == "manager" and u.active][:count]
    give_password(factory, [user_id for user_id, _ in managers])
    engine.dispose()
    return [email for _, email in managers]


def distinct_administrators(database_url: str, count: int) -> list[tuple[str, str]]:
    """`count` administrators of their own (e-mail, password): sessions of different users share no read, as a
    municipality's people opening the app on a Monday do (the benchmark administrator's sessions share them)."""
    from profiling.persistence.database import create_database_engine, session_factory
    from profiling.persistence.unit_of_work import UnitOfWork
    from profiling.services import accounts
    from profiling.services.system import actor_of

    engine = create_database_engine(database_url)
    factory = session_factory(engine)
    ensure_benchmark_admin(factory)
    with UnitOfWork(factory) as uow:
        admin = actor_of(uow.users.by_email(BENCHMARK_ADMIN["email"]))
    made = []
    for number in range(count):
        email = f"benchmark{number + 1}@eksempelby.example"
        with UnitOfWork(factory) as uow:
            if uow.users.by_email(email) is None:
                accounts.create_user(admin, uow, {"name": f"Benchmark Administrator {number + 1}", "email": email,
                                                  "role": "admin", "password": BENCHMARK_ADMIN["password"]})
        made.append((email, BENCHMARK_ADMIN["password"]))
    engine.dispose()
    return made


def distinct_managers(database_url: str, count: int) -> tuple[list[tuple[str, str]], list[Inputs]]:
    """`count` managers (e-mail, password) and each one's own inputs: their largest team, the member of it with the
    most completed scorecards, the recruitment round they run - the realistic Monday morning, where every manager
    opens their own team's pages (the benchmark administrator's sessions share one view of everything)."""
    from sqlalchemy import func, select

    from profiling.persistence import tables
    from profiling.persistence.database import create_database_engine, session_factory

    engine = create_database_engine(database_url)
    ensure_benchmark_admin(session_factory(engine))
    teams, people, rounds, interviews = tables.teams.c, tables.people.c, tables.rounds.c, tables.interviews.c
    candidates = tables.round_candidates.c
    chosen: list[tuple[int, str, Inputs]] = []
    with engine.connect() as connection:
        managers = connection.execute(
            select(tables.users.c.id, tables.users.c.email)
            .where(tables.users.c.role == "manager", tables.users.c.active.is_(True))
            .where(tables.users.c.id.in_(select(rounds.owner_id)), tables.users.c.id.in_(select(teams.manager_id)))
            .order_by(tables.users.c.id)
        ).all()
        for user_id, email in managers:
            team = connection.execute(
                select(teams.id).join(tables.people, people.team_id == teams.id).where(teams.manager_id == user_id)
                .group_by(teams.id).order_by(func.count().desc(), teams.id).limit(1)
            ).scalar()
            person = connection.execute(
                select(people.id).join(tables.interviews, interviews.person_id == people.id)
                .where(people.team_id == team, interviews.status == "completed")
                .group_by(people.id).order_by(func.count().desc(), people.id).limit(1)
            ).scalar()
            round_id = connection.execute(
                select(rounds.id).join(tables.round_candidates, candidates.round_id == rounds.id)
                .where(rounds.owner_id == user_id).group_by(rounds.id).order_by(func.count().desc(), rounds.id).limit(1)
            ).scalar()
            if team is None or person is None or round_id is None:  # an empty team, or a round without candidates
                continue
            chosen.append((user_id, email, {
                "overview.py": {}, "people.py": {}, "rounds.py": {"round": str(round_id)}, "conversation.py": {},
                "profile.py": {"person": str(person)}, "development.py": {"person": str(person)},
                "comparison.py": {"round": str(round_id)}, "team.py": {"team": str(team)},
                "theme_day.py": {"team": str(team)},
            }))
            if len(chosen) == count:
                break
    if len(chosen) < count:
        raise RuntimeError(f"only {len(chosen)} managers lead a team with scorecards and run a round; {count} asked for")
    give_password(session_factory(engine), [user_id for user_id, _, _ in chosen])
    engine.dispose()
    return [(email, RATER_PASSWORD) for _, email, _ in chosen], [inputs for _, _, inputs in chosen]


async def sign_in_once(base_url: str, email: str, source: str | None) -> float:
    """A browser opening the app signed out and submitting the sign-in form; seconds from the submit until the
    server hands the browser on to /auth/complete."""
    session = await Session.connect(base_url, "", source)
    shown = await session.run("", "")
    fields = {label: widget for label, widget in shown.inputs.items()}
    if len(fields) != 2 or len(shown.submits) != 1:
        raise RuntimeError(f"the sign-in form was not shown: {sorted(fields)} {shown.errors}")
    email_field, password_field = fields.values()  # e-mail first, then the password (the form's order)
    done = await session.run("", "", form=({email_field: email, password_field: RATER_PASSWORD}, shown.submits[0]))
    await session.close()
    if done.errors or not done.scripts:
        raise RuntimeError(f"a sign-in failed: {done.errors or 'no hand-over to /auth/complete'}")
    return done.seconds


async def sign_in_storm(base_url: str, emails: Sequence[str], window: float, spread: bool, took: list[float]) -> None:
    """`len(emails)` sign-ins arriving evenly within `window` seconds (Monday morning)."""
    async def one(index: int, email: str) -> None:
        await asyncio.sleep(index * window / len(emails))
        took.append(await sign_in_once(base_url, email, f"127.0.{100 + index % 100}.1" if spread else None))

    await asyncio.gather(*(one(i, e) for i, e in enumerate(emails)))


def stored_ratings(database_url: str, interview_ids: Sequence[int]) -> dict[tuple[int, str], int | None]:
    """(interview, question) -> the value stored."""
    from sqlalchemy import select

    from profiling.domain.interviews import QUESTION_PREFIX
    from profiling.persistence import tables
    from profiling.persistence.database import create_database_engine

    engine = create_database_engine(database_url)
    ratings = tables.ratings.c
    with engine.connect() as connection:
        rows = connection.execute(select(ratings.interview_id, ratings.item_key, ratings.value).where(ratings.interview_id.in_(interview_ids)))
        found = {(i, key.removeprefix(QUESTION_PREFIX)): value for i, key, value in rows}
    engine.dispose()
    return found


async def rate(base_url: str, cookie: str, rater: Rater, seconds: float, source: str | None,
               latencies: list[float], expected: dict[tuple[int, str], int]) -> None:
    """One rater: open the conversation, then click rating after rating (a widget change sent as a browser sends
    it, which runs the conversation's fragment: saved, and "Gemt" shown) until `seconds` have passed."""
    session = await Session.connect(base_url, cookie, source)
    query = f"interview={rater.interview_id}"
    opened = await session.run("samtale", query)
    marker = f"conv_{rater.interview_id}_"
    radios = [(wid, fragment, wid.split(marker, 1)[1].removesuffix("_rating"))
              for wid, fragment in opened.radios.items() if marker in wid]
    if opened.errors or not radios:
        raise RuntimeError(f"the conversation did not open with its rating scales: {opened.errors or 'no rating'}")
    deadline = time.perf_counter() + seconds
    step = 0
    while time.perf_counter() < deadline:
        widget_id, fragment_id, question = radios[step % len(radios)]
        value = 1 + (step // len(radios)) % 5  # each visit changes the question's rating
        run = await session.run("samtale", query, (widget_id, fragment_id, str(value)))
        if run.errors:
            raise RuntimeError(f"a rating failed: {run.errors[0][:200]}")
        latencies.append(run.seconds)
        expected[(rater.interview_id, question)] = value
        step += 1
    await session.close()


def write_path(deployment: Deployment, database_url: str, raters: list[Rater], cookies: list[str], seconds: float,
               spread: bool, judge_time: bool = True, sign_ins: Sequence[str] = ()) -> int:
    """The raters rate at once; their click-to-saved latency against the reference page's rerun at as many
    sessions; afterwards every last rating must be in the database (judged in a smoke run too)."""
    async def everything() -> tuple[Figures, list[float], dict[tuple[int, str], int]]:
        reference = await measure(deployment.reference_url, cookies, "", [""] * len(cookies), seconds, deployment.reference_rss, spread)
        latencies: list[float] = []
        expected: dict[tuple[int, str], int] = {}
        sources = [f"127.0.{i + 1}.1" if spread else None for i in range(len(raters))]
        storm = [sign_in_storm(deployment.app_url, sign_ins, min(10.0, seconds), spread, signed)] if sign_ins else []
        await asyncio.gather(*storm, *(
            rate(deployment.app_url, cookie, rater, seconds, source, latencies, expected)
            for cookie, rater, source in zip(cookies, raters, sources, strict=True)
        ))
        return reference, latencies, expected

    signed: list[float] = []
    reference, latencies, expected = asyncio.run(everything())
    stored = stored_ratings(database_url, [r.interview_id for r in raters])
    lost = sum(1 for key, value in expected.items() if stored.get(key) != value)
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    ratio = p95 / reference.p95
    print()
    print(f"write path: {len(raters)} raters, {len(latencies)} ratings in {seconds:g} s "
          f"({len(latencies) / seconds:.1f}/s); click to saved: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; "
          f"reference rerun p95 {reference.p95 * 1000:.0f} ms at {len(cookies)} sessions")
    met_time, met_lost = ratio <= GOAL_RATING_P95, lost == 0
    print(f"{'met   ' if met_time else 'MISSED'} rating p95 ≤ {GOAL_RATING_P95:g}× the reference's rerun p95: {ratio:.2f}×")
    print(f"{'met   ' if met_lost else 'MISSED'} no rating lost: {lost} of {len(expected)} last ratings differ in the database")
    met_sign_in = True
    if sign_ins:
        sign_in_p95 = percentile(signed, 0.95)
        met_sign_in = sign_in_p95 <= GOAL_SIGN_IN_P95
        print(f"{'met   ' if met_sign_in else 'MISSED'} {len(signed)} sign-ins within {min(10.0, seconds):g} s while rating: "
              f"p95 {sign_in_p95:.2f} s ≤ {GOAL_SIGN_IN_P95:g} s (p50 {percentile(signed, 0.5):.2f} s)")
    return 0 if (met_time and met_sign_in or not judge_time) and met_lost else 1


# ---------------------------------------------------------------------------------------------------------
# Servers and databases
# ---------------------------------------------------------------------------------------------------------


class Deployment:
    """The app as served: one process, or `processes` behind nginx; plus the reference page's server."""

    def __init__(self, database_url: str, processes: int, folder: Path, floor: bool = True) -> None:
        """`floor`: also serve the floor page (for the pages' comparison; the write path has no use for it)."""
        secret = {"PROFILING_SECRET_KEY": uuid.uuid4().hex * 2, "STREAMLIT_SERVER_COOKIE_SECRET": uuid.uuid4().hex}
        self.apps = [AppServer(database_url, env=secret) for _ in range(processes)]
        reference, floor_page = folder / "reference_page.py", folder / "floor_page.py"
        reference.write_text(REFERENCE_PAGE)
        floor_page.write_text(FLOOR_PAGE)
        self.references = [AppServer(database_url, script=reference) for _ in range(processes)]
        self.floors = [AppServer(database_url, script=floor_page) for _ in range(processes)] if floor else []
        self.proxies: list[Proxy] = []

    def start(self) -> None:
        for server in self.apps + self.references + self.floors:
            server.start()
        if len(self.apps) > 1:
            self.proxies = [Proxy([s.port for s in servers]).start() for servers in (self.apps, self.references, self.floors)
                            if servers]

    @property
    def app_url(self) -> str:
        return self.proxies[0].url if self.proxies else self.apps[0].url

    @property
    def reference_url(self) -> str:
        return self.proxies[1].url if self.proxies else self.references[0].url

    @property
    def floor_url(self) -> str:
        return self.proxies[2].url if self.proxies else self.floors[0].url

    def app_rss(self) -> float:
        return sum(s.rss_mb() for s in self.apps)

    def reference_rss(self) -> float:
        return sum(s.rss_mb() for s in self.references)

    def floor_rss(self) -> float:
        return sum(s.rss_mb() for s in self.floors)

    def stop(self) -> None:
        for proxy in self.proxies:
            proxy.stop()
        for server in self.apps + self.references + self.floors:
            server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default="1,5,10,20,40", help="comma-separated session counts")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds of reruns per page and count")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated, of {', '.join(PAGES)}")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgresql-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                        help="a PostgreSQL server to create the benchmark's database on")
    parser.add_argument("--processes", type=int, choices=[1, 2], default=1, help="2: two processes behind nginx")
    parser.add_argument("--soak", type=float, default=0, help="minutes of one page at the largest session count")
    parser.add_argument("--write-path", type=int, default=0, metavar="RATERS",
                        help="instead of the pages: this many raters rating on their own conversations at once")
    parser.add_argument("--sign-ins", type=int, default=0, metavar="N",
                        help="with --write-path: N password sign-ins within 10 s while the raters rate")
    parser.add_argument("--distinct-users", nargs="?", const="administrators", choices=["administrators", "managers"],
                        help="each session its own user: administrators (each sees everything), or managers (each on "
                             "their own team, person and round; the pages of their menu); by default one "
                             "administrator's sessions share reads")
    parser.add_argument("--smoke", action="store_true",
                        help="a tiny municipality, 2 sessions, 2 seconds: fails on an error, never on a time (.ci/run)")
    args = parser.parse_args()
    if args.smoke:
        args.sessions, args.seconds = "2", 2.0
    counts = [int(n) for n in args.sessions.split(",")]
    pages = args.pages.split(",")

    with tempfile.TemporaryDirectory() as folder:
        if args.database == "postgresql":
            database_url = fresh_postgresql(args.postgresql_url, "profilsamtale_load")
        else:
            database_url = f"sqlite:///{Path(folder) / 'large.db'}"
        deployment = Deployment(database_url, args.processes, Path(folder), floor=not args.write_path)
        try:
            build_database(database_url, SMOKE_SCALE if args.smoke else LARGE_SCALE)
            inputs = heaviest_inputs(database_url, SMOKE_SCALE["team_size"] if args.smoke else 20)
            raters = prepare_raters(database_url, 2 if args.smoke else args.write_path) if args.write_path or args.smoke else []
            storm = accounts_with_password(database_url, 3 if args.smoke else args.sign_ins) if args.sign_ins or args.smoke else []
            deployment.start()
            if args.write_path:
                rater_cookies = sign_in_cookies(deployment.app_url, database_url, 0, [(r.email, RATER_PASSWORD) for r in raters])
                return write_path(deployment, database_url, raters, rater_cookies, args.seconds, args.processes > 1,
                                  sign_ins=storm)
            own_inputs = [inputs] * max(counts)
            distinct: list[tuple[str, str]] = []
            if args.distinct_users == "managers":
                distinct, own_inputs = distinct_managers(database_url, max(counts))
                pages = [page for page in pages if PAGES[page] in own_inputs[0]]  # not the administrators' own pages
            elif args.distinct_users:
                distinct = distinct_administrators(database_url, max(counts))
            cookies = sign_in_cookies(deployment.app_url, database_url, max(counts), distinct)
            print(f"{len(cookies)} sessions{f' of as many {args.distinct_users}' if distinct else ''} signed in through "
                  f"/auth/complete; {args.database}, "
                  f"{args.processes} process(es){' behind nginx' if args.processes > 1 else ''}", flush=True)
            if args.soak:
                return soak(deployment, cookies, pages[0], own_inputs, args.soak, args.processes > 1)
            verdict = compare(deployment, cookies, pages, own_inputs, counts, args.seconds, args.processes > 1,
                              1 if args.distinct_users else OPEN_WAVES)
            if args.smoke:
                # Each manager on their own round, person and team (--distinct-users managers), so that mode never rots.
                managers, managers_inputs = distinct_managers(database_url, 2)
                compare(deployment, sign_in_cookies(deployment.app_url, database_url, 0, managers), SMOKE_MANAGER_PAGES,
                        managers_inputs, [2], args.seconds, args.processes > 1, 1)
                rater_cookies = sign_in_cookies(deployment.app_url, database_url, 0, [(r.email, RATER_PASSWORD) for r in raters])
                if write_path(deployment, database_url, raters, rater_cookies, args.seconds, args.processes > 1, judge_time=False,
                              sign_ins=storm):
                    return 1
                print("smoke run: every page opened and reran without an error (times are not judged)")
                return 0
            return verdict
        finally:
            deployment.stop()
            if args.database == "postgresql":
                drop_postgresql(args.postgresql_url, database_url)


def page_queries(page: str, inputs: Sequence[Inputs]) -> list[str]:
    """Each session's query string for `page`, from its user's inputs."""
    return ["&".join(f"{k}={v}" for k, v in own[PAGES[page]].items()) for own in inputs]


def mean_of(before: Figures, after: Figures) -> Figures:
    """The reference page measured before and after the pages: the machine's speed moves during a run (another
    process, the CPU's clock), and every ratio moves with the one reference measurement it is divided by."""
    return Figures(
        before.sessions, (before.reruns_per_second + after.reruns_per_second) / 2, (before.p50 + after.p50) / 2,
        (before.p95 + after.p95) / 2, (before.open_p95 + after.open_p95) / 2, max(before.rss_mb, after.rss_mb),
        before.split, after.messages,
    )


def compare(
    deployment: Deployment, cookies: list[str], pages: list[str], inputs: Sequence[Inputs],
    counts: list[int], seconds: float, spread: bool, open_waves: int = OPEN_WAVES,
) -> int:
    """`inputs`: each session's own (one per cookie); `open_waves`: 1 where the first opening is the point (every
    session its own user: each builds their reads then)."""
    floors: dict[str, list[Figures]] = {page: [] for page in pages}  # each page's floor page, opened the same way

    async def everything() -> dict[str, list[Figures]]:
        results: dict[str, list[Figures]] = {"reference": [], **{page: [] for page in pages}}
        # Warm-up: imports, compiled pages and caches, as on a server that has been running a while.
        await measure(deployment.reference_url, cookies[:2], "", ["", ""], 2, deployment.reference_rss, spread)
        await measure(deployment.floor_url, cookies[:2], "", ["n=30", "n=30"], 2, deployment.floor_rss, spread)
        for page in pages:
            await measure(deployment.app_url, cookies[:2], page, page_queries(page, inputs[:2]), 2, deployment.app_rss, spread)
        for count in counts:
            before = await measure(deployment.reference_url, cookies[:count], "", [""] * count, seconds, deployment.reference_rss,
                                   spread, open_waves)
            for page in pages:
                line = await measure(
                    deployment.app_url, cookies[:count], page, page_queries(page, inputs[:count]), seconds, deployment.app_rss,
                    spread, open_waves
                )
                results[page].append(line)
                more = max(0, line.open_messages - before.open_messages)
                floors[page].append(await measure(
                    deployment.floor_url, cookies[:count], "", [f"n={more}"] * count, FLOOR_SECONDS, deployment.floor_rss, spread,
                    open_waves
                ))
            after = await measure(deployment.reference_url, cookies[:count], "", [""] * count, seconds, deployment.reference_rss,
                                  spread, open_waves)
            results["reference"].append(mean_of(before, after))
            print(f"  {count:>3} sessions measured (reference: {before.reruns_per_second:.1f} reruns/s before the pages, "
                  f"{after.reruns_per_second:.1f} after)", flush=True)
        return results

    results = asyncio.run(everything())
    header = f"{'page':<14}{'N':>4}{'reruns/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'open p95':>10}{'RSS MB':>8}" \
             f"{'thr ×ref':>10}{'p50 ×ref':>10}{'p95 ×ref':>10}{'open ×ref':>11}{'floor ×ref':>12}{'msgs':>6}"
    if spread:
        header += "  sessions per process"
    print()
    print(header)
    print("-" * len(header))
    reference = results["reference"]
    verdicts = []
    for page, figures in results.items():
        for base, line, floor in zip(reference, figures, floors.get(page, [None] * len(figures)), strict=True):
            thr, p50, p95 = line.reruns_per_second / base.reruns_per_second, line.p50 / base.p50, line.p95 / base.p95
            opened = line.open_p95 / base.open_p95
            floored = f"{floor.open_p95 / base.open_p95:>11.2f}×" if floor else f"{'':>12}"
            text = (f"{page:<14}{line.sessions:>4}{line.reruns_per_second:>10.1f}{line.p50 * 1000:>9.0f}"
                    f"{line.p95 * 1000:>9.0f}{line.open_p95 * 1000:>10.0f}{line.rss_mb:>8.0f}"
                    f"{thr:>9.2f}×{p50:>9.2f}×{p95:>9.2f}×{opened:>10.2f}×{floored}{line.messages:>6}")
            print(text + (f"  {line.split}" if spread else ""))
            if page == "reference":
                continue
            if line.sessions == 1:
                verdicts.append((f"{page}: one session, p50 ≤ {GOAL_P50_ONE:g}× reference", p50 <= GOAL_P50_ONE, f"{p50:.2f}×"))
            if line.sessions == 20:
                verdicts.append((f"{page}: 20 sessions, throughput ≥ 1/2 of reference", thr >= GOAL_THROUGHPUT, f"{thr:.2f}×"))
                verdicts.append((f"{page}: 20 sessions, p95 ≤ {GOAL_P95:g}× reference", p95 <= GOAL_P95, f"{p95:.2f}×"))
                verdicts.append((f"{page}: 20 opening at once, p95 ≤ {GOAL_OPEN_P95:g}× reference", opened <= GOAL_OPEN_P95,
                                 f"{opened:.2f}×" + (f" (a bare page of as many messages: {floor.open_p95 / base.open_p95:.2f}×)"
                                                     if floor else "")))
        print()
    for text, met, value in verdicts:
        print(f"{'met   ' if met else 'MISSED'} {text}: {value}")
    return 0 if all(met for _, met, _ in verdicts) else 1


def soak(deployment: Deployment, cookies: list[str], page: str, inputs: Sequence[Inputs],
         minutes: float, spread: bool) -> int:
    """The server's memory while `len(cookies)` sessions rerun one page for `minutes`, a line per minute."""
    async def run() -> list[Figures]:
        lines = []
        for minute in range(int(minutes)):
            line = await measure(deployment.app_url, cookies, page, page_queries(page, inputs), 60, deployment.app_rss, spread)
            print(f"  minute {minute + 1:>2}: {line.reruns_per_second:.1f} reruns/s, p95 {line.p95 * 1000:.0f} ms, "
                  f"RSS {line.rss_mb:.0f} MB", flush=True)
            lines.append(line)
        return lines

    lines = asyncio.run(run())
    growth = lines[-1].rss_mb / lines[0].rss_mb
    met = growth <= 1.5
    print(f"{'met   ' if met else 'MISSED'} RSS after {len(lines)} min within 1.5× of the first minute: "
          f"{lines[0].rss_mb:.0f} → {lines[-1].rss_mb:.0f} MB ({growth:.2f}×)")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
