"""The server builds Streamlit's per-run theme message once (profiling.web.build_the_theme_once)."""

from __future__ import annotations

import pytest
from streamlit import config
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime import app_session

from profiling.web import build_the_theme_once

SECTIONS = ["theme", "theme.light", "theme.dark", "theme.sidebar", "theme.light.sidebar", "theme.dark.sidebar"]


def theme_of_a_new_session() -> bytes:
    """The theme part of a new-session message, built as Streamlit's event loop builds it on every run."""
    msg = ForwardMsg()
    theme = msg.new_session.custom_theme
    parts = [theme, theme.light, theme.dark, theme.sidebar, theme.light.sidebar, theme.dark.sidebar]
    for part, section in zip(parts, SECTIONS, strict=True):
        app_session._populate_theme_msg(part, section)
    return msg.SerializeToString(deterministic=True)


@pytest.fixture
def streamlits_own(monkeypatch):  # type: ignore[no-untyped-def]
    """Streamlit's own function, put back after the test; the app's configuration (.streamlit/config.toml) read."""
    monkeypatch.setattr(app_session, "_populate_theme_msg", app_session._populate_theme_msg)
    config.get_config_options(force_reparse=True)
    return app_session._populate_theme_msg


def test_the_theme_built_once_is_the_message_streamlit_builds_on_every_run(streamlits_own):
    expected = theme_of_a_new_session()
    assert b"#1f5c99" in expected  # the app's own theme (light primary colour): there is something to compare
    build_the_theme_once()
    assert app_session._populate_theme_msg is not streamlits_own
    assert theme_of_a_new_session() == expected
    assert theme_of_a_new_session() == expected  # and again, from what was built the first time


def test_the_theme_is_built_once_however_many_runs_ask_and_the_fix_is_put_in_once(streamlits_own, monkeypatch):
    calls: list[str] = []

    def counted(msg, section="theme"):  # type: ignore[no-untyped-def]
        calls.append(section)
        streamlits_own(msg, section)

    monkeypatch.setattr(app_session, "_populate_theme_msg", counted)
    build_the_theme_once()
    installed = app_session._populate_theme_msg
    build_the_theme_once()
    assert app_session._populate_theme_msg is installed
    for _ in range(5):
        theme_of_a_new_session()
    assert sorted(calls) == sorted(SECTIONS)  # each section once, not once a run
    config.get_config_options(force_reparse=True)  # a newly parsed configuration: built again
    theme_of_a_new_session()
    assert len(calls) == 2 * len(SECTIONS)
