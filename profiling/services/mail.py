"""Mail: queued in the outbox by the service that causes it (in its own transaction, so a mail exists exactly
when its change does) and delivered by `deliver` (run by `profiling mail send`) through SMTP.

One mail at a time is claimed, sent and recorded, each step its own transaction: a worker that is killed
leaves at most the one mail it was sending *uncertain* (never sent again by itself; see domain.mail), and
every other mail pending for the next worker. Mail bodies never hold assessment data.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Protocol

from profiling.domain.mail import MailStatus, OutgoingMail
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import access, audit
from profiling.services.actors import Actor
from profiling.services.errors import NotFound
from profiling.settings import Settings

SMTP_TIMEOUT = 30  # seconds for connecting and for each command


class MailNotNow(Exception):
    """The mail server is unreachable or asks to try later (4xx): the mail stays pending. `server` when the server
    itself is out of reach (the run stops: the next mails would meet the same)."""

    def __init__(self, message: str, server: bool = False) -> None:
        super().__init__(message)
        self.server = server


class MailRefused(Exception):
    """The mail server refuses the mail for good (5xx): it fails, with the reason."""


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None: ...


def queue(
    uow: UnitOfWork, *, recipient: str, language: str, kind: str, subject: str, body: str,
    attachment: tuple[str, str] | None = None, about: str = "",
) -> OutgoingMail:
    """Put a mail in the outbox of the unit of work (written when the calling service commits)."""
    now = uow.now()
    mail = OutgoingMail(
        recipient=recipient, language=language, kind=kind, about=about, subject=subject[:200], body=body,
        attachment_name=attachment[0] if attachment else None, attachment=attachment[1] if attachment else None,
        created_at=now, next_attempt_at=now,
    )
    uow.outbox.add(mail)
    return mail


def message_of(mail: OutgoingMail, sender: str) -> EmailMessage:
    """The mail as it goes on the wire; its Message-ID names the outbox row (a receiver can see a repeat)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at)
    message["Message-ID"] = make_msgid(idstring=f"profilsamtale-{mail.id}", domain=sender.rpartition("@")[2] or None)
    message.set_content(mail.body)
    if mail.attachment_name and mail.attachment is not None:
        subtype = "calendar" if mail.attachment_name.endswith(".ics") else "plain"
        message.add_attachment(mail.attachment, subtype=subtype, filename=mail.attachment_name)
    message["Content-Language"] = mail.language  # after the content, which replaces the Content-* headers
    return message


def _answer(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else str(error.smtp_error)
    return f"{error.smtp_code} {text}".strip()


class SmtpTransport:
    """SMTP with STARTTLS, TLS or neither, as the settings say; one connection kept for a run of mails."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        if not settings.smtp_host:
            raise MailNotNow("no mail server configured (PROFILING_SMTP_HOST)", server=True)
        context = ssl.create_default_context()
        if settings.smtp_security == "tls":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT, context=context)
        else:
            connection = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT)
            if settings.smtp_security == "starttls":
                connection.starttls(context=context)
        if settings.smtp_user:
            connection.login(settings.smtp_user, settings.smtp_password or "")
        return connection

    def check(self) -> None:
        """Connect, log in and say NOOP (for `profiling check`); MailNotNow or MailRefused on a fault."""
        with self._translated():
            connection = self._connect()
            connection.noop()
            connection.quit()

    def send(self, message: EmailMessage) -> None:
        with self._translated():
            if self._connection is None:
                self._connection = self._connect()
            try:
                refused = self._connection.send_message(message)
            except (smtplib.SMTPServerDisconnected, OSError):
                self.close()
                raise
            if refused:  # a single recipient: refused means the mail went nowhere
                code, text = next(iter(refused.values()))
                raise MailRefused(f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}")

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """smtplib's and the network's faults as MailNotNow (may pass) or MailRefused (for good)."""
        try:
            yield
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            message = "; ".join(f"{code} {text.decode(errors='replace')}" for code, text in error.recipients.values())
            raise (MailNotNow(message) if all(400 <= code < 500 for code in codes) else MailRefused(message)) from None
        except smtplib.SMTPResponseException as error:
            self.close()
            raise (MailNotNow(_answer(error)) if 400 <= error.smtp_code < 500 else MailRefused(_answer(error))) from None
        except (TimeoutError, smtplib.SMTPException, OSError, ssl.SSLError) as error:
            self.close()
            raise MailNotNow(f"{type(error).__name__}: {error}", server=True) from None

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self._connection = None


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0  # pending again, after a pause
    failed: int = 0
    uncertain: int = 0  # found claimed by a worker that stopped


def deliver(
    units: Callable[[], UnitOfWork], transport: Transport, sender: str, limit: int | None = None,
    progress: Callable[[DeliveryReport], None] | None = None,
) -> DeliveryReport:
    """Send the mails that are due, one at a time (claim, send, record), until none is due, the mail server is out
    of reach, or `limit` were tried."""
    report = DeliveryReport()
    with units() as uow:
        for abandoned in uow.outbox.abandoned(uow.now()):
            abandoned.abandoned()
            report.uncertain += 1
        uow.commit()
    tried = 0
    while limit is None or tried < limit:
        with units() as uow:
            mail = uow.outbox.claim_next(uow.now())
            if mail is None:
                break
            if not uow.outbox.take(mail, uow.now()):  # another worker took it a moment ago: the next one
                uow.commit()
                continue
            message, mail_id = message_of(mail, sender), mail.id
            uow.commit()
        tried += 1
        problem: MailRefused | MailNotNow | None = None
        try:
            transport.send(message)
        except (MailRefused, MailNotNow) as error:
            problem = error
        with units() as uow:
            row = uow.outbox.one(mail_id)
            if problem is None:
                row.sent(uow.now())
                report.sent += 1
            elif isinstance(problem, MailRefused):
                row.refused(str(problem))
                report.failed += 1
            else:
                row.try_later(uow.now(), str(problem))
                report.retried += 1
            uow.commit()
        if progress is not None:
            progress(report)
        if isinstance(problem, MailNotNow) and problem.server:  # the next mails would meet the same: next run
            break
    return report


def send_now(
    actor: Actor, units: Callable[[], UnitOfWork], settings: Settings,
    progress: Callable[[DeliveryReport], None] | None = None,
) -> DeliveryReport:
    """The administrator sends what is due now (as `profiling mail send --once` would), with progress per mail."""
    access.require_admin(actor)
    from profiling.services import notifications  # the reminders are mail too; notifications builds on this module

    with units() as uow:
        notifications.queue_reminders(uow)
        uow.commit()
    transport = SmtpTransport(settings)
    try:
        return deliver(units, transport, settings.mail_sender, progress=progress)
    finally:
        transport.close()


def send_again(actor: Actor, uow: UnitOfWork, mail_id: int) -> None:
    """A failed or uncertain mail back in the queue (the administrator decides: an uncertain one may arrive twice)."""
    access.require_admin(actor)
    mail = uow.outbox.get(mail_id)
    if mail is None or mail.status not in (MailStatus.FAILED, MailStatus.UNCERTAIN):
        raise NotFound(f"mail {mail_id}")
    mail.send_again(uow.now())
    audit.record(uow, actor, "mail.send_again", subject=f"mail:{mail_id}")
    uow.commit()
