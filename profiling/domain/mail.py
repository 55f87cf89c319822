"""Mail the tool sends: written to an outbox in the same transaction as the change that caused it, and delivered
by a worker that retries with backoff. Pure: the rules of one mail's life, no SMTP here.

A mail is sent at most once: the worker claims one mail, sends it, and records it sent. If the worker dies
between sending and recording, the mail is marked *uncertain* (never sent again by itself; an administrator
sees it and may send it again). A mail server that is down or answers "try later" (4xx) leaves the mail
pending with a growing pause; a permanent refusal (5xx) fails it at once. Nothing is lost: every mail ends
sent, failed (with the reason) or uncertain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum


class MailStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a worker
    SENT = "sent"
    FAILED = "failed"  # refused for good, or too many attempts
    UNCERTAIN = "uncertain"  # the worker stopped while sending it: perhaps sent, never sent again by itself


MAX_ATTEMPTS = 12  # about a day of retries with the pauses below
CLAIM = timedelta(minutes=5)  # a claimed mail not recorded within this is uncertain


def pause_after(attempts: int) -> timedelta:
    """The pause before the next attempt after `attempts` failed ones: 1, 2, 4 … minutes, at most 4 hours."""
    return min(timedelta(minutes=2 ** max(0, attempts - 1)), timedelta(hours=4))


@dataclass(eq=False, kw_only=True)
class OutgoingMail:
    """One mail to one person. Its body never holds assessment data (ratings, notes, scores)."""

    id: int = field(init=False)
    recipient: str
    language: str
    kind: str  # what caused it: account_invitation, self_assessment_invitation, theme_day …
    about: str = ""  # what it concerns ("interview:12"), so a reminder goes once; an id, never personal data
    subject: str
    body: str
    attachment_name: str | None = None  # e.g. "temadag.ics"
    attachment: str | None = None  # its text (a calendar event)
    created_at: datetime
    status: str = MailStatus.PENDING
    attempts: int = 0
    next_attempt_at: datetime
    claimed_until: datetime | None = None
    sent_at: datetime | None = None
    last_error: str = ""  # the mail server's answer (a code and its text), never the mail's content

    def sent(self, now: datetime) -> None:
        self.status, self.sent_at, self.claimed_until, self.last_error = MailStatus.SENT, now, None, ""

    def try_later(self, now: datetime, error: str) -> None:
        """A failure that may pass (server down, 4xx): pending again after a pause, or failed after MAX_ATTEMPTS."""
        self.attempts += 1
        self.last_error = error[:500]
        self.claimed_until = None
        if self.attempts >= MAX_ATTEMPTS:
            self.status = MailStatus.FAILED
        else:
            self.status, self.next_attempt_at = MailStatus.PENDING, now + pause_after(self.attempts)

    def refused(self, error: str) -> None:
        """A permanent refusal (5xx, e.g. no such mailbox): failed at once, with the reason."""
        self.attempts += 1
        self.status, self.last_error, self.claimed_until = MailStatus.FAILED, error[:500], None

    def abandoned(self) -> None:
        """Its worker stopped while sending it: perhaps sent - never sent again by itself."""
        self.status, self.claimed_until = MailStatus.UNCERTAIN, None

    def send_again(self, now: datetime) -> None:
        """An administrator sends a failed or uncertain mail again."""
        self.status, self.next_attempt_at, self.claimed_until = MailStatus.PENDING, now, None


@dataclass(eq=False, kw_only=True)
class PasswordToken:
    """A one-time link to set one's password: single use, expires; only its hash is kept."""

    id: int = field(init=False)
    user_id: int
    token_hash: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None

    def usable(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at
