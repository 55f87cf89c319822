"""Mail through a real SMTP server in the test process (aiosmtpd): 400 account invitations delivered once each,
a server that refuses or goes away, a worker that is killed mid-run, and the one-time links the mails carry."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from profiling.domain.mail import MailStatus
from profiling.domain.people import User
from profiling.persistence.database import create_database_engine, session_factory, upgrade
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads import directory
from profiling.services import account_invitations, mail
from profiling.services.actors import Role
from profiling.services.errors import InvalidInput
from profiling.settings import Settings
from tests.integration.helpers import make_user
from tests.servers import free_port

PROFILING = Path(sys.executable).parent / "profiling"
BASE_URL = "https://profilsamtale.kommune.example"


class Mailbox:
    """An aiosmtpd handler that keeps every message and answers as a test tells it to."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refuse: dict[str, str] = {}  # recipient -> the answer to RCPT TO (e.g. "550 5.1.1 no such user")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]


class Server:
    """aiosmtpd on one port, which a test can take away and bring back (a controller does not restart)."""

    def __init__(self, mailbox: Mailbox) -> None:
        self.mailbox, self.port = mailbox, free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp():
    mailbox = Mailbox()
    server = Server(mailbox)
    server.start()
    yield mailbox, server
    server.stop()


def transport_for(server: Server) -> mail.SmtpTransport:
    return mail.SmtpTransport(Settings(smtp_host="127.0.0.1", smtp_port=server.port, smtp_security="none"))


def make_accounts(uow_factory, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        rows = [User(email=f"ansat{n:03d}@kommune.example", name=f"Ansat {n:03d}", role=Role.EMPLOYEE,
                     created_at=uow.now(), language="en" if n % 10 == 0 else "da") for n in range(count)]
        for row in rows:
            uow.users.add(row)
        uow.commit()
        return [row.id for row in rows]


def invited(uow_factory, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    """An administrator, `count` accounts without a password and their invitations in the outbox: the accounts."""
    with uow_factory() as uow:
        admin = make_user(uow, "Admin")
    ids = make_accounts(uow_factory, count)
    with uow_factory() as uow:
        account_invitations.invite_accounts(admin, uow, ids, BASE_URL)
    return ids


def link_in(message: Message) -> str:
    body = message.get_payload(decode=True).decode()  # type: ignore[union-attr]
    return re.search(r"\?set_password=([\w-]+)", body).group(1)  # type: ignore[union-attr]


def test_400_invitations_go_out_once_each_and_each_link_sets_a_password_once(uow_factory, clock, smtp):
    mailbox, controller = smtp
    with uow_factory() as uow:
        admin = make_user(uow, "Admin")
    ids = make_accounts(uow_factory, 400)
    with uow_factory() as uow:
        assert set(directory.without_password(admin, uow)) == {*ids, admin.user_id}  # the admin has none either
        assert account_invitations.invite_accounts(admin, uow, ids, BASE_URL) == 400
    seen: list[int] = []
    report = mail.deliver(uow_factory, transport_for(controller), "profilsamtale@kommune.example",
                          progress=lambda r: seen.append(r.sent))
    assert (report.sent, report.failed, report.retried, report.uncertain) == (400, 0, 0, 0)
    assert seen[-1] == 400 and seen == sorted(seen)  # progress after every mail
    assert len(mailbox.messages) == 400 and len({m["To"] for m in mailbox.messages}) == 400
    first = mailbox.to("ansat001@kommune.example")[0]
    assert first["Subject"] == "Din adgang til Profilsamtale" and first["Content-Language"] == "da"
    assert mailbox.to("ansat010@kommune.example")[0]["Subject"] == "Your access to Profilsamtale"
    assert f"{BASE_URL}/?set_password=" in first.get_payload(decode=True).decode()  # type: ignore[union-attr]
    with uow_factory() as uow:
        assert uow.outbox.counts() == {"sent": 400}
    assert mail.deliver(uow_factory, transport_for(controller), "profilsamtale@kommune.example").sent == 0  # never twice
    token = link_in(first)
    with uow_factory() as uow:
        assert account_invitations.link_is_open(uow, token)
        assert account_invitations.set_password_with_link(uow, token, "en-lang-test-adgangskode") == "ansat001@kommune.example"
    with uow_factory() as uow, pytest.raises(InvalidInput):  # single use
        account_invitations.set_password_with_link(uow, token, "en-anden-lang-adgangskode")
    clock.advance(days=account_invitations.LINK_DAYS, seconds=1)
    with uow_factory() as uow, pytest.raises(InvalidInput):  # expired
        account_invitations.set_password_with_link(uow, link_in(mailbox.to("ansat002@kommune.example")[0]), "x" * 20)


def test_a_new_invitation_closes_the_earlier_link(uow_factory, smtp):
    mailbox, controller = smtp
    with uow_factory() as uow:
        admin = make_user(uow, "Admin")
    (anne,) = make_accounts(uow_factory, 1)
    for _ in range(2):
        with uow_factory() as uow:
            account_invitations.invite_accounts(admin, uow, [anne], BASE_URL)
    mail.deliver(uow_factory, transport_for(controller), "profilsamtale@kommune.example")
    old, new = (link_in(m) for m in mailbox.messages)
    with uow_factory() as uow:
        assert not account_invitations.link_is_open(uow, old) and account_invitations.link_is_open(uow, new)


def test_a_refused_recipient_fails_with_the_answer_and_a_busy_one_is_tried_again_after_a_pause(uow_factory, clock, smtp):
    mailbox, controller = smtp
    mailbox.refuse = {"ansat000@kommune.example": "550 5.1.1 No such user", "ansat001@kommune.example": "451 4.3.0 Try later"}
    invited(uow_factory, 3)
    report = mail.deliver(uow_factory, transport_for(controller), "profilsamtale@kommune.example")
    assert (report.sent, report.failed, report.retried) == (1, 1, 1)
    with uow_factory() as uow:
        by_recipient = {m.recipient: m for m in uow.outbox.needing_attention()}
        assert by_recipient["ansat000@kommune.example"].last_error.startswith("550")
        assert uow.outbox.counts() == {"sent": 1, "failed": 1, "pending": 1}
    mailbox.refuse = {}
    assert mail.deliver(uow_factory, transport_for(controller), "profilsamtale@kommune.example").sent == 0  # not yet
    clock.advance(minutes=1, seconds=1)
    assert mail.deliver(uow_factory, transport_for(controller), "profilsamtale@kommune.example").sent == 1
    assert [len(mailbox.to(f"ansat00{n}@kommune.example")) for n in range(3)] == [0, 1, 1]


def test_nothing_is_lost_while_the_server_is_away_and_nothing_is_sent_twice_when_it_is_back(uow_factory, clock, smtp):
    mailbox, controller = smtp
    invited(uow_factory, 20)
    transport = transport_for(controller)
    assert mail.deliver(uow_factory, transport, "profilsamtale@kommune.example", limit=5).sent == 5
    controller.stop()  # the server goes away mid-run
    away = mail.deliver(uow_factory, transport, "profilsamtale@kommune.example")
    assert (away.sent, away.retried) == (0, 1)  # one attempt, and the run stops: the others meet the same
    with uow_factory() as uow:
        assert uow.outbox.counts() == {"sent": 5, "pending": 15}
    controller.start()
    clock.advance(minutes=2)
    back = mail.deliver(uow_factory, transport, "profilsamtale@kommune.example")
    assert back.sent == 15
    assert sorted(m["To"] for m in mailbox.messages) == sorted(f"ansat{n:03d}@kommune.example" for n in range(20))


def test_a_killed_worker_leaves_the_rest_for_the_next_and_sends_nothing_twice(tmp_path, smtp):
    mailbox, controller = smtp
    url = f"sqlite:///{tmp_path / 'mail.db'}"
    engine = create_database_engine(url)
    upgrade(engine)
    units = session_factory(engine)
    with UnitOfWork(units) as uow:
        admin = make_user(uow, "Admin")
    make_accounts(lambda: UnitOfWork(units), 400)
    with UnitOfWork(units) as uow:
        employees = [u for u in directory.without_password(admin, uow) if u != admin.user_id]
        assert account_invitations.invite_accounts(admin, uow, employees, BASE_URL) == 400
    env = {**os.environ, "PROFILING_DATABASE_URL": url, "PROFILING_SMTP_HOST": "127.0.0.1",
           "PROFILING_SMTP_PORT": str(controller.port), "PROFILING_SMTP_SECURITY": "none"}
    worker = subprocess.Popen([str(PROFILING), "mail", "send"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(mailbox.messages) < 50 and time.monotonic() < deadline:
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    sent_before = len(mailbox.messages)
    assert 50 <= sent_before < 401
    # The next worker, once the killed one's claim has run out (5 minutes): the rest, never one twice.
    def six_minutes_on() -> datetime:
        return datetime.now(UTC) + timedelta(minutes=6)

    report = mail.deliver(lambda: UnitOfWork(units, six_minutes_on), transport_for(controller), "profilsamtale@kommune.example")
    received = [m["To"] for m in mailbox.messages]
    assert len(set(received)) >= 399 and len(received) == len(set(received))  # nobody got a mail twice
    assert report.uncertain <= 1  # at most the one it was sending when killed, and that one is not resent
    with UnitOfWork(units) as uow:
        counts = uow.outbox.counts()
    assert counts.get(MailStatus.SENT, 0) + counts.get(MailStatus.UNCERTAIN, 0) == 400 and counts.get(MailStatus.UNCERTAIN, 0) <= 1
    engine.dispose()


@pytest.fixture
def nord(uow_factory):  # type: ignore[no-untyped-def]
    from tests.integration.helpers import make_person, make_team

    with uow_factory() as uow:
        manager = make_user(uow, "Mette Leder", Role.MANAGER)
        anne = make_user(uow, "Anne Ansat", Role.EMPLOYEE)
        bo = make_user(uow, "Bo Ansat", Role.EMPLOYEE)
        team_id = make_team(uow, "Nord", manager)
        anne_id = make_person(uow, "Anne Ansat", team_id=team_id, user=anne)
        make_person(uow, "Bo Ansat", team_id=team_id, user=bo)
        make_person(uow, "Cai Uden Konto", team_id=team_id)
    return manager, anne, bo, team_id, anne_id


def outbox_rows(uow_factory):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from profiling.domain.mail import OutgoingMail

    with uow_factory() as uow:
        query = select(OutgoingMail).order_by(OutgoingMail.id)  # type: ignore[arg-type]
        return [(m.recipient, m.kind, m.subject, m.body, m.attachment) for m in uow.session.scalars(query)]


def test_a_self_assessment_invitation_and_its_reminder_go_once_and_never_to_who_turned_reminders_off(
    uow_factory, catalog, clock, nord
):
    from profiling.services import accounts, invitations, notifications

    manager, anne, _, _, anne_id = nord
    with uow_factory() as uow:
        invitations.invite_to_self_assessment(manager, uow, catalog, anne_id, clock.now.date() + timedelta(days=10))
    ((recipient, kind, subject, body, _),) = outbox_rows(uow_factory)
    assert (recipient, kind, subject) == (anne.email, "self_assessment_invitation",
                                          "Din selvvurdering før medarbejderudviklingssamtalen")
    assert "Mette Leder har bedt dig udfylde en selvvurdering inden 2. dec. 2026" in body and "/samtale?interview=" in body
    def remind() -> int:
        with uow_factory() as uow:
            queued = notifications.queue_reminders(uow)
            uow.commit()
            return queued

    assert remind() == 0  # ten days out: no reminder yet
    clock.advance(days=8)
    assert remind() == 1
    assert remind() == 0  # once
    assert [k for _, k, *_ in outbox_rows(uow_factory)] == ["self_assessment_invitation", "self_assessment_reminder"]
    with uow_factory() as uow:  # moved to a later date, and she turned reminders off: no new reminder
        invitations.invite_to_self_assessment(manager, uow, catalog, anne_id, clock.now.date() + timedelta(days=1))
    with uow_factory() as uow:
        accounts.set_own_reminders(anne, uow, False)
    assert remind() == 0


def test_a_planned_theme_day_mails_each_member_with_an_account_a_calendar_event(uow_factory, catalog, nord, smtp):
    from profiling.services import theme_days

    manager, anne, bo, team_id, _ = nord
    mailbox, server = smtp
    with uow_factory() as uow:
        theme_days.plan_theme_day(manager, uow, catalog, team_id, {
            "title": "Medbetjening i praksis", "held_on": "2027-01-14", "framework_id": "specialist-i-borgerkontakt",
        })
    mail.deliver(uow_factory, transport_for(server), "profilsamtale@kommune.example")
    assert sorted(m["To"] for m in mailbox.messages) == sorted([anne.email, bo.email])  # Cai has no account
    message = mailbox.to(anne.email)[0]
    assert message["Subject"] == "Temadag: Medbetjening i praksis 14. jan. 2027"
    (event,) = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    ics = event.get_payload(decode=True).decode()
    assert "BEGIN:VEVENT" in ics and "DTSTART;VALUE=DATE:20270114" in ics and "SUMMARY:Medbetjening i praksis" in ics


def test_no_mail_carries_assessment_data(uow_factory, catalog, clock, nord):
    """The invitation, reminder and check-in mails say who and when, never a rating, a score or a note."""
    from profiling.services import interviews, invitations, notifications, plans, practice

    manager, anne, _, _, anne_id = nord
    with uow_factory() as uow:
        invitation = invitations.invite_to_self_assessment(manager, uow, catalog, anne_id, clock.now.date() + timedelta(days=1))
    first = catalog.guide("selvvurdering").questions[0]
    with uow_factory() as uow:
        interviews.save_rating(anne, uow, invitation.interview_id, first.id, value=2, note="HEMMELIG NOTE", expected_version=0)
    with uow_factory() as uow:
        notifications.queue_reminders(uow)
        uow.commit()
    with uow_factory() as uow:
        plan = plans.save_plan(manager, uow, catalog, anne_id, "Plan", [{"competence_id": "serviceminded", "goal": "MÅLTEKST"}])
    with uow_factory() as uow:
        entry = practice.check_in(anne, uow, plan.goals[0].id, "ØVETEKST")
    with uow_factory() as uow:
        practice.respond(manager, uow, entry.id, "SVARTEKST", entry.version)
    rows = outbox_rows(uow_factory)
    assert [k for _, k, *_ in rows] == ["self_assessment_invitation", "self_assessment_reminder", "check_in_answer"]
    for _, _, subject, body, _ in rows:
        for secret in ("HEMMELIG NOTE", "MÅLTEKST", "ØVETEKST", "SVARTEKST", "Passer kun lidt"):
            assert secret not in subject + body


def test_the_check_says_the_mail_server_answers(smtp):
    _, server = smtp
    transport_for(server).check()  # connects and says NOOP; raises on a fault


def test_the_retention_run_forgets_mails_dealt_with_after_30_days_and_closed_links(uow_factory, clock, smtp):
    from profiling.services import privacy

    _, server = smtp
    ids = invited(uow_factory, 2)
    mail.deliver(uow_factory, transport_for(server), "profilsamtale@kommune.example")
    clock.advance(days=29)
    with uow_factory() as uow:
        privacy.run_retention(uow, None)
    with uow_factory() as uow:
        assert uow.outbox.counts() == {"sent": 2}
    clock.advance(days=2)
    with uow_factory() as uow:
        privacy.run_retention(uow, None)
    with uow_factory() as uow:
        assert uow.outbox.counts() == {} and uow.password_tokens.open_for(ids[0], uow.now()) == []


def test_who_is_seated_on_a_panel_or_a_committee_is_told_once(uow_factory, catalog):
    from profiling.services import rounds
    from tests.integration.helpers import make_round_with_panel

    owner, anne, bo, created = make_round_with_panel(uow_factory, catalog)
    assert sorted((r, k) for r, k, *_ in outbox_rows(uow_factory)) == [(anne.email, "panel_seat"), (bo.email, "panel_seat")]
    with uow_factory() as uow:
        lis = make_user(uow, "Lis Udvalg", Role.EMPLOYEE)
    data = {"title": created.title, "guide_id": "rekruttering", "panel_user_ids": [anne.user_id, bo.user_id],
            "committee_user_ids": [lis.user_id]}
    with uow_factory() as uow:
        updated = rounds.update_round(owner, uow, catalog, created.id, data, created.version)
    with uow_factory() as uow:  # saved again unchanged: nobody is told twice
        rounds.update_round(owner, uow, catalog, created.id, data, updated.version)
    rows = outbox_rows(uow_factory)
    assert [(r, k) for r, k, *_ in rows].count((lis.email, "committee_seat")) == 1 and len(rows) == 3
    assert "Specialist i borgerkontakt" in rows[-1][2] and "/runder?round=" in rows[-1][3]


def test_two_workers_that_find_the_same_mail_never_both_take_it(uow_factory):
    invited(uow_factory, 1)
    with uow_factory() as first, uow_factory() as second:
        mine, theirs = first.outbox.claim_next(first.now()), second.outbox.claim_next(second.now())
        # SQLite: both see it pending; PostgreSQL: the second skips the row the first has locked
        assert mine is not None and (theirs is None or theirs.id == mine.id)
        assert first.outbox.take(mine, first.now())
        first.commit()
        assert theirs is None or not second.outbox.take(theirs, second.now())  # never taken twice
        second.commit()
    with uow_factory() as uow:
        assert uow.outbox.counts() == {"sending": 1}
