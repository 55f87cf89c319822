"""Every page through AppTest: renders on an empty and on a demo database; the main flows work."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from profiling.reads import directory
from profiling.settings import SHIPPED_QUESTIONNAIRES
from tests.app.conftest import open_account_menu

PAGES = [
    "overview.py", "people.py", "rounds.py", "conversation.py", "profile.py", "comparison.py", "case.py", "team.py",
    "development.py", "theme_day.py", "admin.py", "targets.py", "import_people.py",
]


def no_exception(app) -> None:
    assert not app.exception, [e.value for e in app.exception]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_an_empty_database(database_url, open_page, page):
    app = open_page(page)
    no_exception(app)
    assert app.title, "every page has a title"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_demo_database(demo_database, open_page, page):
    app = open_page(page)
    no_exception(app)
    assert app.title


def test_the_empty_database_offers_the_demo_and_loads_it_in_one_click(database_url, open_page):
    app = open_page()
    assert "Eksempelby Kommune" in app.markdown[0].value + "".join(m.value for m in app.markdown)
    app.button[0].click().run()
    no_exception(app)
    assert any("Demodata indlæst" in s.value for s in app.success)
    assert any("Specialist i borgerkontakt, Borgerservice Nord" in link.proto.label for link in app.get("page_link"))


def test_a_broken_questionnaire_file_shows_as_a_problem_and_the_app_still_runs(database_url, open_page, tmp_path, monkeypatch):
    folder = tmp_path / "questionnaires"
    shutil.copytree(SHIPPED_QUESTIONNAIRES, folder)
    (folder / "guides" / "broken.yaml").write_text("kind: guide\nid: broken\ntitle: {da: x\n")
    monkeypatch.setenv("PROFILING_QUESTIONNAIRES_DIR", str(folder))
    app = open_page()
    no_exception(app)
    assert any("1 problem" in w.value for w in app.warning)
    assert "broken.yaml" in app.code[0].value
    assert app.button[0].label.startswith("Indlæs demodata")


def test_switching_to_english_translates_the_page(demo_database, open_page):
    app = open_page()
    assert app.title[0].value == "Overblik"
    open_account_menu(app)
    app.sidebar.segmented_control[0].set_value("en").run()
    no_exception(app)
    assert app.title[0].value == "Overview"


@pytest.mark.parametrize("typed", ["Anne https://evil.example", "www.phish.example", "anne@evil.example", "[x](javascript:alert(1))"])
def test_a_users_text_in_markdown_is_never_a_link(typed):
    import re

    from profiling.ui.widgets import escape

    shown = escape(typed).replace("\\", "")  # what the markdown parser reads once escapes are resolved
    assert not re.search(r"(://|www\.|@)(?!\u2060)[\w.]", shown)  # nothing a link finder would match
    assert shown.replace("\\", "").replace("\u2060", "") == typed  # and it reads exactly as typed


PAGE_QUERIES = {
    "overview.py": {}, "people.py": {"person": "1"}, "rounds.py": {}, "profile.py": {"person": "1"},
    "comparison.py": {}, "team.py": {}, "development.py": {"person": "1"},
}


@pytest.mark.parametrize("page", PAGE_QUERIES)
def test_a_rerun_of_a_page_reads_without_writing(demo_database, open_page, page):
    """Reads are audited once per browser session and subject: a rerun (a click, a toggle) writes nothing."""
    from sqlalchemy import event

    from profiling.ui import runtime

    app = open_page(page, **PAGE_QUERIES[page])
    no_exception(app)
    writes: list[str] = []

    def count(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writes.append(statement.split()[0:3].__str__())

    engine = runtime.application().engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        app.run()
        app.run()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    no_exception(app)
    assert writes == [], writes


@pytest.mark.parametrize("page", ["profile.py", "team.py", "comparison.py", "development.py"])
def test_a_rerun_with_nothing_changed_reads_only_versions_not_the_page_again(demo_database, open_page, page):
    """What a page read is kept for the session: a rerun checks the data's version and the signed-in user,
    and issues a few small statements instead of the page's queries."""
    app = open_page(page, **PAGE_QUERIES[page])
    no_exception(app)
    _, statements = statements_while(app.run)
    no_exception(app)
    scorecards = [s for s in statements if "FROM interviews" in s or "FROM ratings" in s or "development_plans" in s]
    assert scorecards == [], scorecards
    assert len(statements) == 1 and "change_marks" in statements[0], statements  # the marks; the session from them


def test_a_tab_sees_at_its_next_run_what_changed_in_its_users_account_or_sessions(demo_database, open_page, admin):
    """The signed-in user is looked up again only when their account or a session of theirs changed: a choice
    made in another tab holds from the next run; a new role, or a sign-out elsewhere (the same session in another
    tab), signs this tab out at its next run."""
    from profiling.services import accounts, sessions
    from profiling.services.actors import Role
    from profiling.ui.auth import TOKEN_KEY
    from tests.app.conftest import units

    manager = "mette.soerensen@eksempelby.example"

    def signed_in_tab() -> AppTest:
        app = open_page("profile.py", as_email=manager, person="1")
        app.run()
        assert app.session_state["actor"].role is Role.MANAGER
        return app

    app = signed_in_tab()
    reminders = app.session_state["actor"].reminders
    with units(demo_database)() as uow:
        accounts.set_own_reminders(app.session_state["actor"], uow, not reminders)
    app.run()
    no_exception(app)
    assert app.session_state["actor"].reminders is (not reminders)
    with units(demo_database)() as uow:
        accounts.update_account(admin, uow, app.session_state["actor"].user_id, role=Role.EMPLOYEE)
    app.run()
    assert app.session_state["actor"] is None
    assert [t.value for t in app.title] == ["Log ind"]

    with units(demo_database)() as uow:
        accounts.update_account(admin, uow, uow.users.by_email(manager).id, role=Role.MANAGER)
    app = signed_in_tab()
    with units(demo_database)() as uow:
        sessions.sign_out(uow, app.session_state[TOKEN_KEY])
    app.run()
    no_exception(app)
    assert app.session_state["actor"] is None
    assert [t.value for t in app.title] == ["Log ind"]


def test_another_tab_of_the_same_browser_checks_its_session_with_one_statement_and_is_refused_once_it_ends(
    demo_database, open_page
):
    """A reload or a second tab of a signed-in browser (the same token) opens with its session found good in this
    process: one statement a run - its user's mark, with the marks of the reads the first tab built - instead of
    reading the session again. Once the session ends (signed out in the first tab), the next tab is refused at once."""
    from profiling.services import sessions
    from profiling.ui.auth import TOKEN_KEY
    from tests.app.conftest import APP, units

    first = open_page("overview.py")
    no_exception(first)
    first.run()  # its session's mark is known from here on
    token = first.session_state[TOKEN_KEY]

    def another_tab() -> AppTest:
        tab = AppTest.from_file(APP, default_timeout=60)
        tab.session_state[TOKEN_KEY] = token
        tab.switch_page("profiling/ui/app_pages/overview.py")
        return tab.run()

    second, statements = statements_while(another_tab)
    no_exception(second)
    assert [t.value for t in second.title] == [t.value for t in first.title]
    # A statement a run (the app's address goes on to the overview: two runs), none reads the session.
    assert len(statements) == 2 and all("FROM change_marks" in s for s in statements), statements
    with units(demo_database)() as uow:
        sessions.sign_out(uow, token)
    third = another_tab()
    assert third.session_state["actor"] is None
    assert [t.value for t in third.title] == ["Log ind"]


def test_a_rerun_shows_what_another_user_saved_meanwhile(demo_database, open_page, admin):
    """The kept read is dropped when the person's data changes: another user's save is seen at once."""
    from profiling.persistence.database import create_database_engine, session_factory
    from profiling.persistence.unit_of_work import UnitOfWork
    from profiling.services import people

    engine = create_database_engine(demo_database)
    with UnitOfWork(session_factory(engine)) as uow:
        anne = directory.list_people(admin, uow, "Anne Mølgaard")[0]
    app = open_page("profile.py", person=anne.id)
    assert app.title[0].value == "Anne Mølgaard"
    app.run()
    with UnitOfWork(session_factory(engine)) as uow:
        people.update_person(admin, uow, anne.id, {"name": "Anne M. Mølgaard", "email": anne.email, "kind": anne.kind, "team_id": anne.team_id}, anne.version)
    engine.dispose()
    app.run()
    assert app.title[0].value == "Anne M\\. Mølgaard"


def test_a_table_mixing_numbers_and_text_is_shown_as_text_and_a_plain_one_keeps_its_numbers():
    from profiling.ui.widgets import as_table

    table = as_table([{"Kompetence": "Samarbejde", "Mål": 4, "Vurderinger": 3}, {"Kompetence": "Digital", "Mål": "–", "Vurderinger": 2}])
    assert table.column("Mål").to_pylist() == ["4", "–"]
    assert table.column("Vurderinger").to_pylist() == [3, 2]
    assert str(table.schema.field("Vurderinger").type) == "int64"  # still sorts as a number
    assert as_table([]).num_rows == 0


def test_a_rerun_draws_the_charts_from_what_it_kept_and_a_save_draws_them_again(demo_database, open_page, admin, monkeypatch):
    """Charts and tables are built from the kept read model once per session; another user's save moves
    the person's version, so the next run draws them again with the new data."""
    from profiling import charts
    from profiling.persistence.database import create_database_engine, session_factory
    from profiling.persistence.unit_of_work import UnitOfWork
    from profiling.services import people

    drawn: list[str] = []
    original = charts.person_radar

    def counting(framework, profile, name, *args, **kwargs):  # type: ignore[no-untyped-def]
        drawn.append(name)
        return original(framework, profile, name, *args, **kwargs)

    monkeypatch.setattr(charts, "person_radar", counting)
    engine = create_database_engine(demo_database)
    with UnitOfWork(session_factory(engine)) as uow:
        anne = directory.list_people(admin, uow, "Anne Mølgaard")[0]
    app = open_page("profile.py", person=anne.id)
    no_exception(app)
    assert drawn == ["Anne Mølgaard"]
    app.run()
    app.run()
    assert drawn == ["Anne Mølgaard"], "a rerun with nothing changed draws nothing again"
    with UnitOfWork(session_factory(engine)) as uow:
        people.update_person(admin, uow, anne.id, {"name": "Anne M. Mølgaard", "email": anne.email, "kind": anne.kind, "team_id": anne.team_id}, anne.version)
    engine.dispose()
    app.run()
    no_exception(app)
    assert drawn == ["Anne Mølgaard", "Anne M. Mølgaard"]
    shown = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert shown["data"][0]["name"] == "Anne M. Mølgaard"


ENGLISH_DECIMAL = re.compile(r"^-?\d+\.\d+$")


@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("comparison.py", {"tab": "Rangering"}), ("comparison.py", {"tab": "Enighed og kalibrering"}),
        ("comparison.py", {"tab": "Bedømmernes scorer"}), ("profile.py", {"person": 1, "tab": "Tabel"}),
        ("profile.py", {"person": 1, "tab": "Over tid"}), ("team.py", {"tab": "Medarbejdere"}), ("theme_day.py", {}),
        ("development.py", {"person": 1}), ("development.py", {"person": 1, "tab": "Udviklingsplan"}),
    ],
)
def test_every_table_writes_decimals_as_the_danish_ui_does(demo_database, open_page, page, query):
    app = open_page(page, **query)
    no_exception(app)
    cells = [str(v) for frame in app.dataframe for column in frame.value.columns for v in frame.value[column]]
    assert cells, "the page shows a table"
    assert [c for c in cells if ENGLISH_DECIMAL.match(c)] == []


def statements_while(run):  # type: ignore[no-untyped-def]
    """What `run` returns, and the SQL statements issued while it runs."""
    from sqlalchemy import event

    from profiling.ui import runtime

    issued: list[str] = []

    def count(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        issued.append(statement)

    engine = runtime.application().engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        returned = run()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return returned, issued


def test_a_second_tab_opens_a_page_from_the_reads_the_first_built_and_another_user_builds_their_own(
    demo_database, open_page
):
    """A reload or another tab of the same user gets the page's reads built by the first session while nothing
    changed (audited for the new session all the same); another user never gets them."""
    first = open_page("overview.py")
    no_exception(first)
    heavy = ("FROM interviews", "FROM ratings", "FROM people")
    second, issued = statements_while(lambda: open_page("overview.py"))
    no_exception(second)
    assert [s for s in issued if any(table in s for table in heavy)] == []
    assert [block.value for block in second.title] == [block.value for block in first.title]
    _, other = statements_while(lambda: open_page("overview.py", as_email="mette.soerensen@eksempelby.example"))
    assert [s for s in other if any(table in s for table in heavy)] != []


def test_a_second_tab_opens_a_page_with_one_unit_of_work_a_run_the_sessions_check_and_none_per_read(
    demo_database, open_page, monkeypatch
):
    """A new session of the same user (a reload, another tab, many people opening the app on a Monday) learns the
    change marks of every read its user's other sessions built together with the check of the session: the page's
    reads are then served without a unit of work each."""
    from profiling.persistence.unit_of_work import UnitOfWork

    entered: list[str] = []
    enter = UnitOfWork.__enter__

    def counted(self):  # type: ignore[no-untyped-def]
        entered.append("unit of work")
        return enter(self)

    open_page("overview.py")
    first = open_page("overview.py", as_email="mette.soerensen@eksempelby.example")  # another user builds their own
    no_exception(first)
    monkeypatch.setattr(UnitOfWork, "__enter__", counted)
    second = open_page("overview.py")
    no_exception(second)
    runs = 3  # open_page: the app's address, which goes on to the overview (a run), then the overview
    assert len(entered) == 1 + runs  # the test's own sign-in, and the check of the session in each run


def test_a_second_administrator_opens_the_accounts_another_administrator_read_and_a_manager_is_refused_them(
    demo_database, admin
):
    """The accounts (and the settings) are read alike by every administrator: declared the same for the role,
    they are built once for all of them; a manager is refused them and is handed nothing."""
    from profiling.services import accounts
    from tests.app.conftest import APP, TOKEN_KEY, session_token, units

    with units(demo_database)() as uow:
        accounts.create_user(admin, uow, {"name": "Anden Admin", "email": "anden.admin@eksempelby.example", "role": "admin"})
    # Signed in before any page opens: a sign-in changes the accounts (their last sign-in is shown).
    tokens = [session_token(demo_database, email) for email in
              (admin.email, "anden.admin@eksempelby.example", "mette.soerensen@eksempelby.example")]

    def open_administration(token: str) -> AppTest:
        app = AppTest.from_file(APP, default_timeout=60)
        app.session_state[TOKEN_KEY] = token
        app.run()
        app.switch_page("profiling/ui/app_pages/admin.py")
        app.run()
        return app

    first = open_administration(tokens[0])
    no_exception(first)
    listing = "ORDER BY users.name"
    second, issued = statements_while(lambda: open_administration(tokens[1]))
    no_exception(second)
    assert [s for s in issued if listing in s] == []
    assert second.dataframe[0].value.shape == first.dataframe[0].value.shape
    refused, issued = statements_while(lambda: open_administration(tokens[2]))
    assert not refused.dataframe
    assert [s for s in issued if listing in s] == []


def test_a_result_opened_in_a_second_tab_from_the_first_tabs_read_is_still_logged_as_seen(demo_database, open_page):
    """The access log records every session that showed a person's results, also when the read was shared."""
    open_page("profile.py", person="1")
    _, issued = statements_while(lambda: open_page("profile.py", person="1"))
    assert [s for s in issued if "FROM ratings" in s] == []
    assert [s for s in issued if s.lstrip().upper().startswith("INSERT") and "audit" in s.lower()] != []


def test_the_signed_in_users_menu_draws_its_controls_only_once_opened(demo_database, open_page):
    """Sign-out, the language and the reminders are in the user's menu, run only when it is open: four controls
    fewer on every run of every page."""
    from tests.app.conftest import signed_in_as

    app = open_page()
    assert signed_in_as(app) == "Anders Andersen (administrator)"
    assert not app.sidebar.button and not app.sidebar.segmented_control and not app.sidebar.toggle
    open_account_menu(app)
    assert [b.label for b in app.sidebar.button] == ["Log ud"]
    assert app.sidebar.segmented_control[0].value == "da"
    assert [t.label for t in app.sidebar.toggle] == ["Påmindelser på mail"]


def test_a_new_session_copies_the_menus_pages_made_once_per_process_and_keeps_its_own_copies(
    demo_database, open_page, monkeypatch
):
    """Making a page resolves its file's path: the menu's pages are made once per server process, language and
    menu, and each session gets copies of its own (Streamlit marks the page it is about to run on the object)."""
    import streamlit as st

    from profiling.ui.navigation import NAVIGATION_KEY

    first = open_page("people.py")
    made: list[object] = []
    page = st.Page

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(args)
        return page(*args, **kwargs)

    monkeypatch.setattr(st, "Page", counted)
    second = open_page("people.py")
    no_exception(second)
    assert made == []
    (_, ours), (_, theirs) = first.session_state[NAVIGATION_KEY], second.session_state[NAVIGATION_KEY]
    assert list(ours) == list(theirs)  # the same sections, in the session's language
    for section in ours:
        assert [p.url_path for p in ours[section]] == [p.url_path for p in theirs[section]]
        assert all(a is not b for a, b in zip(ours[section], theirs[section], strict=True))
    assert [h.value for h in second.title] == [h.value for h in first.title]


def test_a_second_tab_shows_the_radar_the_first_tab_drew_and_another_user_draws_their_own(
    demo_database, open_page, monkeypatch
):
    """Charts are built once from the same reads for a user's sessions (read_models.built_from): a new tab of the
    same user draws no radar of its own while nothing changed; another user's tab never gets the first user's."""
    from profiling import charts

    drawn: list[str] = []
    radar = charts.person_radar

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        drawn.append(args[2])  # the person's name
        return radar(*args, **kwargs)

    monkeypatch.setattr(charts, "person_radar", counted)
    first = open_page("profile.py", person="1")
    assert len(drawn) == 1
    second = open_page("profile.py", person="1")
    no_exception(second)
    assert len(drawn) == 1
    assert second.get("plotly_chart")[0].proto.spec == first.get("plotly_chart")[0].proto.spec
    other = open_page("profile.py", as_email="mette.soerensen@eksempelby.example", person="1")
    no_exception(other)
    assert len(drawn) == 2
