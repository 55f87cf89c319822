"""Accounts and sign-in: argon2id, password rules, lock-out and throttling, sessions, cookies, single sign-on."""

from __future__ import annotations

import argon2
import pytest
from pydantic import ValidationError

from profiling.domain.errors import ConcurrentEdit
from profiling.services import accounts, passwords, sessions, sign_in, single_sign_on
from profiling.services.actors import Role
from profiling.services.errors import AccessDenied, InvalidInput
from profiling.services.sign_in import SignInRefused
from profiling.services.system import actor_of
from profiling.settings import Settings
from profiling.web import safe_next

PASSWORD = "korrekt-hest-batteri-haefteklamme"
ADMIN = {"name": "Ada Admin", "email": "ada@eksempelby.example", "role": "admin", "password": PASSWORD}


@pytest.fixture
def admin(uow_factory):
    with uow_factory() as uow:
        return accounts.create_user(None, uow, ADMIN)


def password_sign_in(uow_factory, password=PASSWORD, client="client-a", email=ADMIN["email"]):
    with uow_factory() as uow:
        return sign_in.sign_in(uow, email, password, client, max_hours=12)


def resume(uow_factory, token, idle=30):
    with uow_factory() as uow:
        return sessions.resume(uow, token, idle)


def test_a_password_is_stored_as_an_argon2id_hash_never_as_text(uow_factory, admin):
    with uow_factory() as uow:
        stored = uow.users.get(admin.id).password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize(
    ("password", "key"),
    [
        ("kort-kode", "error.password_short"),
        ("password1234", "error.password_common"),
        ("Velkommen123", "error.password_common"),
        ("aaaaaaaaaaaaaa", "error.password_common"),
        ("ada@eksempelby.example", "error.password_common"),
        ("abcdabcdabcd", "error.password_common"),
        ("Velkommen2025", "error.password_common"),
        ("1q2w3e4r5t6y", "error.password_common"),
        ("eksempelby-demo", "error.password_common"),
        ("Sommerfugl2026!", "error.password_common"),
    ],
)
def test_a_short_or_common_password_is_refused(uow_factory, password, key):
    with uow_factory() as uow, pytest.raises(InvalidInput) as refused:
        accounts.create_user(None, uow, {**ADMIN, "password": password})
    assert (refused.value.field, refused.value.message_key) == ("password", key)


def test_the_first_user_must_be_an_administrator_and_then_only_administrators_create_users(uow_factory, admin):
    with uow_factory() as uow, pytest.raises(AccessDenied):
        accounts.create_user(None, uow, {"name": "Bo", "email": "bo@x.example", "role": "employee", "password": PASSWORD})
    with uow_factory() as uow:
        assert accounts.first_start_open(uow) is False


def test_signing_in_gives_a_session_that_resumes_on_every_run(uow_factory, admin):
    token, _code = password_sign_in(uow_factory)
    actor = resume(uow_factory, token)
    assert (actor.user_id, actor.role) == (admin.id, Role.ADMIN)


def test_a_resumed_session_acts_as_its_account_with_its_language_and_reminders(uow_factory, admin):
    with uow_factory() as uow:
        user = uow.users.one(admin.id)
        user.language, user.reminders = "en", False
        uow.commit()
    token, _code = password_sign_in(uow_factory)
    with uow_factory() as uow:
        assert resume(uow_factory, token) == actor_of(uow.users.one(admin.id))
        assert (resume(uow_factory, token).language, resume(uow_factory, token).reminders) == ("en", False)


def test_a_wrong_password_and_an_unknown_e_mail_are_refused_alike(uow_factory, admin):
    with pytest.raises(SignInRefused) as wrong:
        password_sign_in(uow_factory, password="forkert-adgangskode-123")
    with pytest.raises(SignInRefused) as unknown:
        password_sign_in(uow_factory, email="nobody@eksempelby.example")
    assert wrong.value.message_key == unknown.value.message_key == "error.sign_in_failed"


def test_five_failures_lock_the_account_for_a_quarter_of_an_hour(uow_factory, admin, clock):
    for _ in range(5):
        with pytest.raises(SignInRefused):
            password_sign_in(uow_factory, password="forkert-adgangskode-123", client=f"c{_}")
    with pytest.raises(SignInRefused) as locked:
        password_sign_in(uow_factory)  # even the right password
    # The same words as for an unknown account: a lock must not tell that the account exists.
    assert locked.value.message_key == "error.sign_in_failed"
    clock.advance(minutes=16)
    token, _ = password_sign_in(uow_factory)
    assert resume(uow_factory, token) is not None


def test_twenty_failures_from_one_client_throttle_that_client(uow_factory, admin, clock):
    for i in range(20):
        with pytest.raises(SignInRefused):
            password_sign_in(uow_factory, email=f"guess{i}@eksempelby.example", client="attacker")
    with pytest.raises(SignInRefused) as throttled:
        password_sign_in(uow_factory, client="attacker")
    assert throttled.value.message_key == "error.sign_in_throttled"
    password_sign_in(uow_factory, client="colleague")  # another client is not affected
    clock.advance(minutes=16)
    password_sign_in(uow_factory, client="attacker")


def test_a_session_ends_after_the_idle_time_and_activity_keeps_it_alive(uow_factory, admin, clock):
    token, _ = password_sign_in(uow_factory)
    clock.advance(minutes=20)
    assert resume(uow_factory, token) is not None
    clock.advance(minutes=20)  # 20 minutes after the last activity: still within 30
    assert resume(uow_factory, token) is not None
    clock.advance(minutes=31)
    assert resume(uow_factory, token) is None
    clock.advance(minutes=1)
    assert resume(uow_factory, token) is None  # and it stays ended


def test_a_session_ends_at_its_maximum_age_even_when_active(uow_factory, admin, clock):
    token, _ = password_sign_in(uow_factory)
    for _ in range(24):  # active every 29 minutes: 11 h 36 min
        clock.advance(minutes=29)
        assert resume(uow_factory, token) is not None
    clock.advance(minutes=29)  # 12 h 5 min after signing in
    assert resume(uow_factory, token) is None


def test_the_handoff_code_gives_a_cookie_token_once_and_only_for_two_minutes(uow_factory, admin, clock):
    token, code = password_sign_in(uow_factory)
    with uow_factory() as uow:
        cookie_token = sessions.exchange_handoff(uow, code)
    assert cookie_token and cookie_token != token
    assert resume(uow_factory, cookie_token).user_id == admin.id
    with uow_factory() as uow:
        assert sessions.exchange_handoff(uow, code) is None  # used
    _, late_code = password_sign_in(uow_factory)
    clock.advance(minutes=3)
    with uow_factory() as uow:
        assert sessions.exchange_handoff(uow, late_code) is None  # expired


def test_signing_out_ends_the_tab_and_the_cookie_session(uow_factory, admin):
    token, code = password_sign_in(uow_factory)
    with uow_factory() as uow:
        cookie_token = sessions.exchange_handoff(uow, code)
    with uow_factory() as uow:
        sessions.sign_out(uow, cookie_token)
    assert resume(uow_factory, token) is None
    assert resume(uow_factory, cookie_token) is None


def test_a_deactivated_users_open_session_ends_at_once(uow_factory, admin):
    with uow_factory() as uow:
        other = accounts.create_user(
            sessions.resume(uow, password_sign_in(uow_factory)[0], 30), uow,
            {"name": "Mads Leder", "email": "mads@eksempelby.example", "role": "manager", "password": PASSWORD},
        )
    token, _ = password_sign_in(uow_factory, email="mads@eksempelby.example")
    assert resume(uow_factory, token).user_id == other.id
    admin_token, _ = password_sign_in(uow_factory)
    with uow_factory() as uow:
        accounts.update_account(sessions.resume(uow, admin_token, 30), uow, other.id, active=False)
    assert resume(uow_factory, token) is None
    with pytest.raises(SignInRefused):
        password_sign_in(uow_factory, email="mads@eksempelby.example")


def test_a_cookie_with_a_wrong_signature_is_refused():
    key = b"a-secret-key"
    value = sessions.sign_cookie("token-123", key)
    assert sessions.read_cookie(value, key) == "token-123"
    assert sessions.read_cookie(value.replace("token-123", "token-124"), key) is None
    assert sessions.read_cookie(value, b"another-key") is None
    assert sessions.read_cookie("no-signature", key) is None
    assert sessions.read_cookie(None, key) is None


@pytest.mark.parametrize(
    ("claims", "expected_role"),
    [
        ({"email": "ada@eksempelby.example"}, Role.ADMIN),
        ({"preferred_username": "ADA@eksempelby.example"}, Role.ADMIN),
        ({"email": "ada@eksempelby.example", "roles": ["Profilsamtale.Manager"]}, Role.MANAGER),
        ({"email": "ada@eksempelby.example", "roles": ["Profilsamtale.Employee", "Profilsamtale.Recruiter"]}, Role.RECRUITER),
        ({"email": "ada@eksempelby.example", "roles": ["SomeOtherApp.Admin"]}, Role.ADMIN),
    ],
)
def test_a_single_sign_on_identity_maps_to_the_user_with_that_e_mail(uow_factory, admin, claims, expected_role):
    with uow_factory() as uow:  # another administrator, so Ada may lose the role
        accounts.create_user(actor_of(uow.users.get(admin.id)), uow, {**ADMIN, "email": "bo@eksempelby.example", "name": "Bo"})
    with uow_factory() as uow:
        actor = single_sign_on.resolve_single_sign_on(uow, claims)
    assert (actor.user_id, actor.role) == (admin.id, expected_role)


def test_the_provider_never_takes_the_role_of_the_last_administrator(uow_factory, admin):
    with uow_factory() as uow:
        actor = single_sign_on.resolve_single_sign_on(uow, {"email": ADMIN["email"], "roles": ["Profilsamtale.Manager"]})
    assert actor.role is Role.ADMIN


def test_an_unknown_or_deactivated_single_sign_on_identity_gets_no_account(uow_factory, admin):
    with uow_factory() as uow:
        assert single_sign_on.resolve_single_sign_on(uow, {"email": "stranger@eksempelby.example"}) is None
        assert single_sign_on.resolve_single_sign_on(uow, {}) is None
        count = len(uow.users.all())
    with uow_factory() as uow:
        uow.users.get(admin.id).active = False
        uow.commit()
    with uow_factory() as uow:
        assert single_sign_on.resolve_single_sign_on(uow, {"email": ADMIN["email"]}) is None
        assert len(uow.users.all()) == count


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/samtale?interview=3", "/samtale?interview=3"),
        ("/", "/"),
        (None, "/"),
        ("https://evil.example/", "/"),
        ("//evil.example/x", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_after_sign_in_the_browser_only_returns_to_a_page_of_this_app(value, expected):
    assert safe_next(value) == expected


def test_a_long_password_of_random_words_is_accepted():
    passwords.check_password("solsikke rugbrød cykelhjelm", "ada@eksempelby.example", "Ada Admin")


def test_parallel_wrong_passwords_get_at_most_five_checks_and_lock_the_account(engine, uow_factory, admin):
    """Forty guesses at once (threads, own connections): the counter is atomic on SQLite and PostgreSQL."""
    from concurrent.futures import ThreadPoolExecutor

    checks = []
    real_verify = passwords.verify

    def counting_verify(password_hash, password):
        if password_hash is not None:
            checks.append(1)
        return real_verify(password_hash, password)

    passwords.verify = counting_verify
    try:
        def guess(i: int) -> str:
            try:
                password_sign_in(uow_factory, password=f"forkert-gaet-nummer-{i}", client=f"c{i}")
            except SignInRefused as refused:
                return refused.message_key
            return "signed in"

        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(guess, range(40)))
    finally:
        passwords.verify = real_verify
    assert set(answers) == {"error.sign_in_failed"}
    assert len(checks) <= sign_in.MAX_FAILED_SIGN_INS
    with uow_factory() as uow:
        assert uow.users.get(admin.id).locked_until is not None
    with pytest.raises(SignInRefused):
        password_sign_in(uow_factory)  # locked: even the right password


def test_parallel_attempts_from_one_client_get_at_most_twenty_checks(uow_factory, admin):
    """The probe raced the per-client throttle on PostgreSQL: 35 of 40 parallel attempts were processed."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    start = Barrier(10)

    def attempt(i: int) -> str:
        if i < 10:
            start.wait()  # the first ten leave together
        try:
            password_sign_in(uow_factory, email=f"gaet{i}@eksempelby.example", client="attacker")
        except SignInRefused as refused:
            return refused.message_key
        return "signed in"

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(attempt, range(40)))
    assert answers.count("error.sign_in_failed") <= sign_in.CLIENT_MAX_FAILURES
    assert answers.count("error.sign_in_throttled") >= 40 - sign_in.CLIENT_MAX_FAILURES


def test_an_unknown_e_mail_costs_the_same_password_check_as_a_real_one(uow_factory, admin, monkeypatch):
    passwords._dummy_hash()
    checked = []

    class CountingHasher:
        def verify(self, stored, password):
            checked.append(stored)
            return False

    monkeypatch.setattr(passwords, "hasher", CountingHasher)
    passwords._dummy_hash()  # made once with the real hasher
    for email in (ADMIN["email"], "nobody@eksempelby.example"):
        with pytest.raises(SignInRefused):
            password_sign_in(uow_factory, email=email, password="forkert-adgangskode-123")
    assert len(checked) == 2 and all(h.startswith("$argon2id$") for h in checked)


@pytest.fixture
def hashing(monkeypatch):
    """Set PROFILING_PASSWORD_HASHING for the test (the hasher is made once per process)."""

    def use(profile):
        monkeypatch.setenv("PROFILING_PASSWORD_HASHING", profile)
        passwords.hasher.cache_clear()

    yield use
    passwords.hasher.cache_clear()


@pytest.mark.parametrize(("profile", "memory_kib", "passes", "lanes"), [("owasp", 19_456, 2, 1), ("rfc9106", 65_536, 3, 4)])
def test_a_password_is_hashed_at_the_cost_the_setting_names(hashing, profile, memory_kib, passes, lanes):
    hashing(profile)
    made = argon2.extract_parameters(passwords.hash_password(PASSWORD))
    assert (made.type, made.memory_cost, made.time_cost, made.parallelism) == (argon2.Type.ID, memory_kib, passes, lanes)


def test_the_shipped_cost_is_owasps_recommended_minimum(monkeypatch):
    monkeypatch.delenv("PROFILING_PASSWORD_HASHING", raising=False)
    assert Settings(_env_file=None).password_hashing == "owasp"
    with pytest.raises(ValidationError):
        Settings(_env_file=None, password_hashing="cheap")


def test_a_password_hashed_at_another_cost_still_signs_in_and_is_rehashed_at_the_configured_cost(uow_factory, admin, hashing):
    hashing("owasp")
    with uow_factory() as uow:  # stored before the setting was lowered
        uow.users.set_values(admin.id, password_hash=argon2.PasswordHasher.from_parameters(passwords.HASHING["rfc9106"]).hash(PASSWORD))
        uow.commit()
    token, _ = password_sign_in(uow_factory)
    assert resume(uow_factory, token) is not None
    with uow_factory() as uow:
        stored = uow.users.get(admin.id).password_hash
    assert argon2.extract_parameters(stored) == passwords.HASHING["owasp"]
    password_sign_in(uow_factory)  # and the new hash signs in


class SteppedTime:
    """time for sign_in: a monotonic clock that moves only when the password check takes time or the code sleeps."""

    def __init__(self):
        self.now = 100.0
        self.slept = 0.0

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.slept += seconds
        self.now += seconds


@pytest.mark.parametrize("check_seconds", [0.02, 0.2])
def test_a_refused_sign_in_answers_no_sooner_than_the_floor_whatever_the_hash_costs(uow_factory, admin, monkeypatch, check_seconds):
    """A hash of costlier parameters (made before the setting was lowered) must not tell, by time, that the account
    exists: an unknown e-mail's check against the cheap dummy and a wrong password's against the costly hash answer
    at the same moment."""
    stepped = SteppedTime()
    real_verify = passwords.verify

    def verify_taking_time(password_hash, password):
        stepped.now += check_seconds
        return real_verify(password_hash, password)

    monkeypatch.setattr(sign_in, "time", stepped)
    monkeypatch.setattr(passwords, "verify", verify_taking_time)
    for email in (ADMIN["email"], "nobody@eksempelby.example"):
        began = stepped.now
        with pytest.raises(SignInRefused):
            password_sign_in(uow_factory, email=email, password="forkert-adgangskode-123")
        assert stepped.now - began == pytest.approx(sign_in.REFUSAL_SECONDS)
    stepped.slept = 0.0
    password_sign_in(uow_factory)  # the right password is not held back
    assert stepped.slept == 0.0


def test_the_last_active_administrator_can_be_neither_demoted_nor_deactivated(uow_factory, admin):
    with uow_factory() as uow:
        other = accounts.create_user(
            actor_of(uow.users.get(admin.id)), uow,
            {"name": "Bo Admin", "email": "bo@eksempelby.example", "role": "admin", "password": PASSWORD},
        )
    with uow_factory() as uow:
        ada = actor_of(uow.users.get(admin.id))
        accounts.update_account(ada, uow, other.id, role=Role.MANAGER)
    with uow_factory() as uow:  # Bo, now a manager, is reinstated, then takes Ada's rights: Ada is the last one
        accounts.update_account(ada, uow, other.id, role=Role.ADMIN)
    with uow_factory() as uow:
        bo = actor_of(uow.users.get(other.id))
        accounts.update_account(bo, uow, admin.id, active=False)
    with uow_factory() as uow, pytest.raises(InvalidInput) as refused:
        bo = actor_of(uow.users.get(other.id))
        accounts.update_account(bo, uow, other.id, role=Role.MANAGER)
    assert refused.value.message_key == "error.keep_own_admin"
    with uow_factory() as uow:
        assert accounts.has_active_administrator(uow)


def test_two_administrators_demoting_each_other_at_once_leave_one(engine, uow_factory, admin):
    from concurrent.futures import ThreadPoolExecutor

    with uow_factory() as uow:
        other = accounts.create_user(
            actor_of(uow.users.get(admin.id)), uow,
            {"name": "Bo Admin", "email": "bo@eksempelby.example", "role": "admin", "password": PASSWORD},
        )
    with uow_factory() as uow:
        ada, bo = (actor_of(uow.users.get(i)) for i in (admin.id, other.id))

    def demote(pair):
        actor, target = pair
        try:
            with uow_factory() as uow:
                accounts.update_account(actor, uow, target, role=Role.MANAGER)
            return "demoted"
        except (InvalidInput, ConcurrentEdit) as error:
            return type(error).__name__

    for _ in range(5):
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(demote, [(ada, other.id), (bo, admin.id)]))
        with uow_factory() as uow:
            assert accounts.has_active_administrator(uow)
            for user in (uow.users.get(admin.id), uow.users.get(other.id)):
                user.role = Role.ADMIN
            uow.commit()


def test_the_first_start_is_open_only_on_an_empty_database(uow_factory):
    from tests.integration.helpers import make_person

    with uow_factory() as uow:
        make_person(uow, "Anne Ansat")
    with uow_factory() as uow:
        assert accounts.first_start_open(uow) is False
    with uow_factory() as uow, pytest.raises(AccessDenied):
        accounts.create_user(None, uow, ADMIN)


def test_an_operator_restores_an_administrator_only_when_none_is_active(uow_factory, admin):
    with uow_factory() as uow, pytest.raises(AccessDenied):
        accounts.create_administrator_by_operator(uow, {**ADMIN, "email": "ny@eksempelby.example"})
    with uow_factory() as uow:
        uow.users.get(admin.id).active = False
        uow.commit()
    with uow_factory() as uow:
        created = accounts.create_administrator_by_operator(uow, {**ADMIN, "email": "ny@eksempelby.example"})
    assert created.role is Role.ADMIN


def test_a_cookie_with_characters_outside_ascii_is_not_ours_and_no_error():
    assert sessions.read_cookie("tøken.signatur", b"key") is None
    assert sessions.read_cookie("\udcff.x", b"key") is None


def test_no_write_lock_is_held_while_the_password_is_hashed(tmp_path):
    """A burst of sign-ins must not stall rating saves: on SQLite another writer gets in during argon2."""
    import sqlite3

    from profiling.persistence.database import create_database_engine, session_factory, upgrade
    from profiling.persistence.unit_of_work import UnitOfWork

    path = tmp_path / "lock.db"
    engine = create_database_engine(f"sqlite:///{path}")
    upgrade(engine)
    with UnitOfWork(session_factory(engine)) as uow:
        accounts.create_user(None, uow, ADMIN)
    writes_during_check = []
    real_verify = passwords.verify

    def verify_while_someone_writes(password_hash, password):
        other = sqlite3.connect(path, timeout=0)  # no waiting: a held write lock fails at once
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE settings SET key = key")
            other.commit()
            writes_during_check.append("written")
        except sqlite3.OperationalError as error:
            writes_during_check.append(str(error))
        finally:
            other.close()
        return real_verify(password_hash, password)

    passwords.verify = verify_while_someone_writes
    try:
        for password in (PASSWORD, "forkert-adgangskode-123"):
            with UnitOfWork(session_factory(engine)) as uow:
                try:
                    sign_in.sign_in(uow, ADMIN["email"], password, "client", 12)
                except SignInRefused:
                    pass
    finally:
        passwords.verify = real_verify
        engine.dispose()
    assert writes_during_check == ["written", "written"]


def user_mark(uow_factory, user_id):
    with uow_factory() as uow:
        return uow.marks([f"user:{user_id}"])[0]


def test_a_session_found_good_holds_without_the_database_until_a_visit_is_due_or_it_runs_out(uow_factory, admin, clock):
    token, _ = password_sign_in(uow_factory)
    with uow_factory() as uow:
        found = sessions.resume_session(uow, token, 30)
        now = uow.now()
    assert found is not None and found.actor.user_id == admin.id
    assert found.holds(now, 30)
    assert found.holds(now + sessions.LAST_SEEN_RESOLUTION / 2, 30)
    assert not found.holds(now + sessions.LAST_SEEN_RESOLUTION, 30)  # a visit to record: ask the database
    assert not found.holds(found.expires_at, 30)
    clock.advance(hours=11, minutes=59, seconds=30)
    with uow_factory() as uow:
        late = sessions.resume_session(uow, token, 24 * 60)
    assert late is not None and not late.holds(late.expires_at, 24 * 60)  # the session's maximum age


def test_a_users_own_mark_moves_when_their_account_or_one_of_their_sessions_changes_and_moves_nothing_else(
    uow_factory, admin, clock
):
    token, _ = password_sign_in(uow_factory)
    other = password_sign_in(uow_factory, client="client-b")[0]
    with uow_factory() as uow:
        everything = uow.marks(["*"])[0]
    before = user_mark(uow_factory, admin.id)
    assert resume(uow_factory, token) is not None
    assert user_mark(uow_factory, admin.id) == before  # a run with nothing to record writes nothing
    clock.advance(minutes=2)
    assert resume(uow_factory, token) is not None  # a visit recorded
    after_visit = user_mark(uow_factory, admin.id)
    assert after_visit > before
    with uow_factory() as uow:
        assert uow.marks(["*"])[0] == everything  # a visit rebuilds no page's reads
        sessions.sign_out(uow, other)  # the user's other session signs out
    assert user_mark(uow_factory, admin.id) > after_visit
    with uow_factory() as uow:
        employee = accounts.create_user(actor_of(uow.users.get(admin.id)), uow, {
            "name": "Bo Berg", "email": "bo@eksempelby.example", "role": "manager", "password": PASSWORD})
    before = user_mark(uow_factory, employee.id)
    with uow_factory() as uow:
        accounts.update_account(actor_of(uow.users.get(admin.id)), uow, employee.id, role=Role.EMPLOYEE)
    assert user_mark(uow_factory, employee.id) > before
    before = user_mark(uow_factory, employee.id)
    with uow_factory() as uow:
        uow.users.set_values(employee.id, failed_sign_ins=0)  # sign-in bookkeeping: one statement, no ORM flush
        uow.commit()
    assert user_mark(uow_factory, employee.id) > before


def test_the_accounts_table_shows_each_account_as_the_account_itself_reads(uow_factory, admin):
    """The administrator's list of accounts (read as plain columns, for thousands of accounts) says the same as each
    account's own view: role, active, password, lock and last sign-in; by name."""
    from profiling.reads import directory

    with uow_factory() as uow:
        ada = actor_of(uow.users.get(admin.id))
        accounts.create_user(ada, uow, {"name": "Bo Uden Kode", "email": "bo@eksempelby.example", "role": "employee"})
    for attempt in range(5):  # Ada's account locked
        with pytest.raises(SignInRefused):
            password_sign_in(uow_factory, password="forkert-adgangskode-123", client=f"c{attempt}")
    with uow_factory() as uow:
        listed = directory.list_accounts(ada, uow)
        expected = sorted((directory.account_view(row) for row in uow.users.all()), key=lambda a: a.name)
    assert listed == expected
    assert [(a.name, a.role, a.has_password, a.locked_until is not None) for a in listed] == [
        ("Ada Admin", Role.ADMIN, True, True), ("Bo Uden Kode", Role.EMPLOYEE, False, False),
    ]
