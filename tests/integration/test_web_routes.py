"""The sign-in cookie routes act only on requests the app's own page made (no login or logout CSRF)."""

from __future__ import annotations

import asyncio
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from starlette.requests import Request

from profiling import bootstrap, web
from profiling.persistence.database import create_database_engine, session_factory, upgrade
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import accounts, sessions, sign_in

PASSWORD = "korrekt-hest-batteri-haefteklamme"


@pytest.fixture
def code(tmp_path, monkeypatch):
    """A fresh database with one administrator who has just signed in: the one-time code of that sign-in."""
    url = f"sqlite:///{tmp_path / 'web.db'}"
    monkeypatch.setenv("PROFILING_DATABASE_URL", url)
    monkeypatch.setenv("PROFILING_SECRET_KEY", "a-test-key")
    engine = create_database_engine(url)
    upgrade(engine)
    with UnitOfWork(session_factory(engine)) as uow:
        accounts.create_user(None, uow, {"name": "Ada", "email": "ada@eksempelby.example", "role": "admin", "password": PASSWORD})
    with UnitOfWork(session_factory(engine)) as uow:
        _token, made = sign_in.sign_in(uow, "ada@eksempelby.example", PASSWORD, "c", 12)
    yield made
    engine.dispose()


def call(handler, path: str, query: dict[str, str], cookies: dict[str, str], site: str | None = "same-origin",
         scheme: str = "http", jar_of: list | None = None):
    headers = [(b"host", b"localhost:8501")]
    if cookies:
        headers.append((b"cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()).encode()))
    if site is not None:
        headers.append((b"sec-fetch-site", site.encode()))
    scope = {
        "type": "http", "method": "GET", "path": path, "query_string": urlencode(query).encode(), "headers": headers,
        "scheme": scheme, "server": ("localhost", 8501), "client": ("127.0.0.1", 5000), "root_path": "",
    }
    response = asyncio.run(handler(Request(scope)))
    jar = SimpleCookie()
    for name, value in response.raw_headers:
        if name == b"set-cookie":
            jar.load(value.decode())
    if jar_of is not None:
        jar_of.append(jar)
    return response, {k: v.value for k, v in jar.items()}


def test_the_code_and_the_pages_cookie_together_give_the_sign_in_cookie(code):
    in_url, in_cookie = web.split_code(code)
    response, cookies = call(web.complete_sign_in, web.COMPLETE_PATH, {"code": in_url, "next": "/profil?person=3"},
                             {web.HANDOFF_COOKIE: in_cookie})
    assert response.headers["location"] == "/profil?person=3"
    assert cookies[sessions.COOKIE_NAME]
    assert cookies[web.HANDOFF_COOKIE] == ""  # the handoff part is removed


@pytest.mark.parametrize("how", ["the whole code in a link", "the first part without the cookie", "a cross-site request"])
def test_another_site_cannot_sign_a_victim_in_with_its_own_code(code, how):
    """Login CSRF: the attacker signs in, then sends the victim to /auth/complete with the attacker's code."""
    in_url, in_cookie = web.split_code(code)
    query, cookies, site = {
        "the whole code in a link": ({"code": code}, {}, "cross-site"),
        "the first part without the cookie": ({"code": in_url}, {}, None),
        "a cross-site request": ({"code": in_url}, {web.HANDOFF_COOKIE: in_cookie}, "cross-site"),
    }[how]
    _response, set_cookies = call(web.complete_sign_in, web.COMPLETE_PATH, query, cookies, site)
    assert not set_cookies.get(sessions.COOKIE_NAME)


def test_sign_out_acts_only_with_the_pages_one_time_value(code):
    in_url, in_cookie = web.split_code(code)
    _, cookies = call(web.complete_sign_in, web.COMPLETE_PATH, {"code": in_url}, {web.HANDOFF_COOKIE: in_cookie})
    session = cookies[sessions.COOKIE_NAME]
    # A cross-site link or image: nothing happens, the cookie stays.
    for query, extra, site in [({}, {}, "cross-site"), ({"nonce": "x"}, {}, None), ({"nonce": "x"}, {web.SIGN_OUT_COOKIE: "x"}, "cross-site")]:
        _, set_cookies = call(web.sign_out, web.SIGN_OUT_PATH, query, {sessions.COOKIE_NAME: session, **extra}, site)
        assert sessions.COOKIE_NAME not in set_cookies
    token = sessions.read_cookie(session, b"a-test-key")
    with bootstrap.application().unit_of_work() as uow:
        assert sessions.resume(uow, token, 30) is not None
    # The app's own page: the session ends and the cookie goes.
    _, set_cookies = call(web.sign_out, web.SIGN_OUT_PATH, {"nonce": "n0nce"},
                          {sessions.COOKIE_NAME: session, web.SIGN_OUT_COOKIE: "n0nce"})
    assert set_cookies[sessions.COOKIE_NAME] == ""
    with bootstrap.application().unit_of_work() as uow:
        assert sessions.resume(uow, token, 30) is None


def test_a_cookie_with_characters_outside_ascii_breaks_nothing(code):
    response, _ = call(web.sign_out, web.SIGN_OUT_PATH, {"nonce": "ø"}, {web.SIGN_OUT_COOKIE: "ø", sessions.COOKIE_NAME: "ø.ø"})
    assert response.status_code == 303


def test_over_https_the_sign_in_cookie_is_a_host_cookie_only_this_host_can_set(code):
    in_url, in_cookie = web.split_code(code)
    jars: list = []
    _, cookies = call(web.complete_sign_in, web.COMPLETE_PATH, {"code": in_url}, {"__Host-" + web.HANDOFF_COOKIE: in_cookie},
                      scheme="https", jar_of=jars)
    name = "__Host-" + sessions.COOKIE_NAME
    assert cookies[name] and sessions.COOKIE_NAME not in cookies
    morsel = jars[0][name]
    assert (morsel["secure"], morsel["path"], morsel["domain"]) == (True, "/", "")


@pytest.fixture
def served_over_https(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PROFILING_SECURE_COOKIE", "true")


def test_behind_https_a_cookie_planted_by_a_sibling_subdomain_completes_neither_sign_in_nor_sign_out(served_over_https, code):
    """Without Sec-Fetch-Site (an older browser), a plain cookie set for the parent domain by a sibling would
    otherwise complete the attacker's code or sign the victim out."""
    in_url, in_cookie = web.split_code(code)
    _, planted = call(web.complete_sign_in, web.COMPLETE_PATH, {"code": in_url}, {web.HANDOFF_COOKIE: in_cookie}, site=None)
    assert not any(planted.get(name) for name in (sessions.COOKIE_NAME, "__Host-" + sessions.COOKIE_NAME))
    _, own = call(web.complete_sign_in, web.COMPLETE_PATH, {"code": in_url}, {"__Host-" + web.HANDOFF_COOKIE: in_cookie}, site=None)
    session = own["__Host-" + sessions.COOKIE_NAME]
    token = sessions.read_cookie(session, b"a-test-key")
    call(web.sign_out, web.SIGN_OUT_PATH, {"nonce": "n0nce"},
         {"__Host-" + sessions.COOKIE_NAME: session, web.SIGN_OUT_COOKIE: "n0nce"}, site=None)
    with bootstrap.application().unit_of_work() as uow:
        assert sessions.resume(uow, token, 30) is not None  # the planted sign-out value did nothing
    call(web.sign_out, web.SIGN_OUT_PATH, {"nonce": "n0nce"},
         {"__Host-" + sessions.COOKIE_NAME: session, "__Host-" + web.SIGN_OUT_COOKIE: "n0nce"}, site=None)
    with bootstrap.application().unit_of_work() as uow:
        assert sessions.resume(uow, token, 30) is None


@pytest.mark.parametrize(("asked", "location"), [("en", "/?lang=en"), ("da", "/"), ("https://evil.example", "/")])
def test_after_sign_out_the_sign_in_screen_keeps_the_chosen_language_and_nothing_else(code, asked, location):
    response, _ = call(web.sign_out, web.SIGN_OUT_PATH, {"nonce": "n0nce", "lang": asked}, {web.SIGN_OUT_COOKIE: "n0nce"})
    assert response.headers["location"] == location
