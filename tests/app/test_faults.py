"""Faults become one clear message, never a traceback: unexpected errors, bad settings, no database."""

from __future__ import annotations

import logging

import pytest

from profiling.i18n import translate
from profiling.reads import directory, results, round_views
from profiling.reads.query import query
from profiling.reads.views import PersonKind
from profiling.services import rounds
from profiling.services.actors import Role
from profiling.services.system import actor_of
from tests.app.conftest import units

RECRUITER = "camilla.holm@eksempelby.example"


def test_an_unexpected_error_shows_one_message_with_an_incident_number_and_logs_no_values(
    demo_database, open_page, monkeypatch, caplog
):
    typed = "".join(["Anne Mølgaard's note: ", "private words"])  # noqa: FLY002 - a value, as a user would have typed it

    def broken(*_args, **_kwargs):
        raise RuntimeError(typed)

    monkeypatch.setattr(directory, "list_people", query(depends_on=[])(broken))  # a read, as the page runs it
    # The app's logger does not propagate to the root (profiling.logs): listen on it directly.
    app_logger = logging.getLogger("profiling")
    app_logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.ERROR, logger="profiling.ui.shell"):
            app = open_page("people.py")
    finally:
        app_logger.removeHandler(caplog.handler)
    assert not app.exception
    (message,) = [e.value for e in app.error]
    assert message.startswith(translate("error.unexpected_incident", "da", incident="")[:40])
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "RuntimeError" in logged and "private words" not in logged and "Mølgaard" not in logged


def test_an_invalid_setting_is_named_not_shown_as_a_traceback(database_url, open_page, monkeypatch):
    monkeypatch.setenv("PROFILING_SESSION_IDLE_MINUTES", "0")
    app = open_page()
    assert not app.exception
    assert any("session_idle_minutes" in e.value for e in app.error)


def test_an_unreachable_database_says_so(database_url, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP

    monkeypatch.setenv("PROFILING_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception
    assert any(e.value.startswith("Databasen kan ikke nås") for e in app.error)


def test_a_recruiter_opening_a_development_result_of_an_internal_applicant_gets_a_refusal(demo_database, open_page):
    """Once a crash (a link to a page the recruiter's menu does not have); now the result is not hers to see."""
    with units(demo_database)() as uow:
        admin = actor_of(uow.users.by_email("anders.andersen@eksempelby.example"))
        camilla = uow.users.by_email(RECRUITER)
        camilla_id, camilla_role = camilla.id, camilla.role
        employee = next(p for p in directory.list_people(admin, uow, kind=PersonKind.EMPLOYEE)
                        if any(c.round_id is None for c in results.person_contexts(admin, uow, p.id)))
        context = next(c for c in results.person_contexts(admin, uow, employee.id) if c.round_id is None)
        the_round = next(r for r in round_views.list_rounds(admin, uow) if any(m.id == camilla_id for m in r.panel))
        if the_round.status.value != "open":
            rounds.set_round_status(admin, uow, the_round.id, rounds.RoundStatus.OPEN)
    with units(demo_database)() as uow:
        rounds.add_candidate(admin, uow, the_round.id, employee.id)
    assert camilla_role == Role.RECRUITER
    app = open_page("profile.py", as_email=RECRUITER, person=employee.id, assessment=context.key)
    assert not app.exception
    assert context.key not in [o for s in app.selectbox for o in s.options]


# Every id a page reads from its address, and values a hostile or broken link may carry in it.
PAGE_PARAMETERS = {
    "people.py": ["person"], "rounds.py": ["round"], "conversation.py": ["interview"], "profile.py": ["person", "assessment"],
    "comparison.py": ["round"], "team.py": ["team", "tab"], "development.py": ["person", "tab"], "theme_day.py": ["team", "day"],
    "admin.py": ["tab"],
}
HOSTILE = ["99999999999999999999999", "2147483648", "-1", "١٢", "' OR 1=1 --", "\x00"]


@pytest.mark.parametrize("value", HOSTILE, ids=["huge", "past int32", "negative", "arabic digits", "sql", "nul"])
@pytest.mark.parametrize("page", list(PAGE_PARAMETERS))
def test_a_hostile_value_in_the_address_is_answered_as_unknown_never_as_an_incident(demo_database, open_page, page, value):
    app = open_page(page, **dict.fromkeys(PAGE_PARAMETERS[page], value), lang=value)
    assert not app.exception, [e.value for e in app.exception]
    incident = translate("error.unexpected_incident", "da", incident="")[:40]
    assert not [e.value for e in app.error if e.value.startswith(incident)]
    assert app.title
