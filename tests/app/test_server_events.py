"""The server hands a script run's events to its event loop in batches (profiling.web.hand_over_script_events_in_batches)."""

from __future__ import annotations

import pytest
from streamlit.runtime.app_session import AppSession

from profiling.web import hand_over_script_events_in_batches


class Loop:
    """An event loop that runs its callbacks only when told (as the server's loop does between its other work)."""

    def __init__(self) -> None:
        self.callbacks: list = []
        self.reported: list[dict] = []

    def run_waiting(self) -> None:
        waiting, self.callbacks = self.callbacks, []
        for callback in waiting:
            callback()

    def call_exception_handler(self, context: dict) -> None:
        self.reported.append(context)


class Session:
    """What of a session the hand-over uses: its loop, and Streamlit's handler of one event on the loop."""

    def __init__(self, fail_on: str | None = None) -> None:
        self._event_loop = Loop()
        self.handled: list[tuple[object, object, dict]] = []
        self.fail_on = fail_on

    def _call_soon_on_event_loop(self, callback) -> None:  # type: ignore[no-untyped-def]
        self._event_loop.callbacks.append(callback)

    def _handle_scriptrunner_event_on_event_loop(self, sender, event, **details) -> None:  # type: ignore[no-untyped-def]
        if event == self.fail_on:
            raise ValueError("a failing event")
        self.handled.append((sender, event, details))


@pytest.fixture
def batched(monkeypatch):  # type: ignore[no-untyped-def]
    """Streamlit's own method, put back after the test; the batching installed."""
    monkeypatch.setattr(AppSession, "_on_scriptrunner_event", AppSession._on_scriptrunner_event)
    hand_over_script_events_in_batches()
    return AppSession._on_scriptrunner_event


def test_a_runs_messages_reach_the_session_in_the_order_sent_with_one_wake_up_of_the_loop(batched):
    session = Session()
    for number in range(40):
        batched(session, "runner", f"message {number}", forward_msg=number)
    assert len(session._event_loop.callbacks) == 1  # one wake-up for the forty, where Streamlit scheduled forty
    session._event_loop.run_waiting()
    assert session.handled == [("runner", f"message {n}", {"forward_msg": n}) for n in range(40)]
    assert session._event_loop.callbacks == []
    batched(session, "runner", "the next run")  # handed over: the next event schedules again
    assert len(session._event_loop.callbacks) == 1


def test_events_sent_while_the_loop_hands_over_follow_in_a_next_callback_in_order(batched):
    session = Session()
    handle = session._handle_scriptrunner_event_on_event_loop

    def handle_and_send_one_more(sender, event, **details):  # type: ignore[no-untyped-def]
        handle(sender, event, **details)
        if event == "first":
            batched(session, "runner", "sent meanwhile")  # the script thread, while the loop works

    session._handle_scriptrunner_event_on_event_loop = handle_and_send_one_more  # type: ignore[method-assign]
    batched(session, "runner", "first")
    batched(session, "runner", "second")
    session._event_loop.run_waiting()
    assert [event for _, event, _ in session.handled] == ["first", "second"]
    assert len(session._event_loop.callbacks) == 1  # the loop serves the other sessions before it
    session._event_loop.run_waiting()
    assert [event for _, event, _ in session.handled] == ["first", "second", "sent meanwhile"]


def test_an_event_that_fails_is_reported_as_the_loop_reports_a_failed_callback_and_the_others_still_go(batched):
    session = Session(fail_on="broken")
    for event in ("before", "broken", "after"):
        batched(session, "runner", event)
    session._event_loop.run_waiting()
    assert [event for _, event, _ in session.handled] == ["before", "after"]
    (report,) = session._event_loop.reported
    assert isinstance(report["exception"], ValueError)
    batched(session, "runner", "next run")  # nothing is left hanging: a new event is handed over again
    session._event_loop.run_waiting()
    assert session.handled[-1][1] == "next run"


def test_the_batching_is_put_in_once_and_streamlits_method_stays_referenced(batched):
    hand_over_script_events_in_batches()
    assert AppSession._on_scriptrunner_event is batched
    assert batched.original.__name__ == "_on_scriptrunner_event"  # type: ignore[attr-defined]


def test_a_streamlit_without_the_methods_it_replaces_is_left_as_it_is(monkeypatch):
    monkeypatch.setattr(AppSession, "_on_scriptrunner_event", AppSession._on_scriptrunner_event)
    own = AppSession._on_scriptrunner_event
    monkeypatch.delattr(AppSession, "_call_soon_on_event_loop")
    hand_over_script_events_in_batches()
    assert AppSession._on_scriptrunner_event is own


@pytest.mark.parametrize(("watcher", "kept"), [("none", True), ("auto", False)])
def test_the_served_app_keeps_its_compiled_pages_when_the_last_session_leaves_unless_it_watches_its_files(
    monkeypatch, tmp_path, watcher, kept
):
    """Streamlit forgets the compiled scripts when the last session disconnects; the app as served (no file
    watcher: restart after an update) keeps them, so the morning's first sessions do not compile every page again."""
    from streamlit import config
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    from profiling.web import keep_compiled_pages_while_running

    monkeypatch.setattr(ScriptCache, "clear", ScriptCache.clear)
    keep_compiled_pages_while_running()
    monkeypatch.setattr(config, "get_option", lambda key: watcher if key == "server.fileWatcherType" else False)
    page = tmp_path / "page.py"
    page.write_text("x = 1\n")
    cache = ScriptCache()
    compiled = cache.get_bytecode(str(page))
    cache.clear()  # what Streamlit does when the last session disconnects
    assert (cache.get_bytecode(str(page)) is compiled) is kept
