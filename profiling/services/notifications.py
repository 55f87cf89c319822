"""The mails a user would expect, queued in the outbox of the change that causes them: a self-assessment to fill
(and a reminder before it is due, unless the user turned reminders off), a theme day planned (with a calendar
event), a check-in answered. In the user's language, with a link to the app - and never assessment data: no
rating, score, note or answer is ever in a mail.

A rejected applicant's letter is never sent by mail from here: the case page prepares it, a person sends it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from profiling import formatting
from profiling.domain.people import User
from profiling.domain.states import InterviewStatus
from profiling.domain.text import Language
from profiling.i18n import translate
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import mail
from profiling.settings import Settings

REMINDER_DAYS = 2  # a reminder goes this many days before a self-assessment is due


def language_of(user: User) -> Language:
    """The language of the user's mails: the one they chose in the app."""
    return "en" if user.language == "en" else "da"


def _link(path: str = "") -> str:
    return Settings().base_url.rstrip("/") + "/" + path.lstrip("/")


def notify(
    uow: UnitOfWork, user: User, kind: str, about: str, *, body: str = "body", attachment: tuple[str, str] | None = None,
    **values: object,
) -> None:
    """Queue the mail of this kind to an active user, in their language: its texts are `mail.<kind>.subject` and
    `mail.<kind>.<body>`, filled in with the user's name and `values`."""
    if not user.active:
        return
    language = language_of(user)
    mail.queue(
        uow, recipient=user.email, language=language, kind=kind, about=about, attachment=attachment,
        subject=translate(f"mail.{kind}.subject", language, **values),
        body=translate(f"mail.{kind}.{body}", language, name=user.name, **values),
    )


def self_assessment_invited(uow: UnitOfWork, employee: User, manager_name: str, due_on: date, interview_id: int) -> None:
    """The employee is asked to fill a self-assessment by a date."""
    language = language_of(employee)
    notify(uow, employee, "self_assessment_invitation", f"interview:{interview_id}",
          manager=manager_name, due=formatting.day(due_on, language), url=_link(f"samtale?interview={interview_id}"))


def queue_reminders(uow: UnitOfWork) -> int:
    """A reminder for each self-assessment still open and due within REMINDER_DAYS (once each; not to users who
    turned reminders off), in the unit of work (the caller commits); how many. Run before each delivery."""
    today = uow.now().date()
    queued = 0
    for row in uow.interviews.query(status=InterviewStatus.DRAFT):
        if row.due_on is None or row.invited_by_id is None or row.rater_id is None:
            continue
        if not today <= row.due_on <= today + timedelta(days=REMINDER_DAYS):
            continue
        user = uow.users.get(row.rater_id)
        about = f"interview:{row.id}:{row.due_on.isoformat()}"  # moved to a new date: a new reminder
        if user is None or not user.reminders or uow.outbox.exists("self_assessment_reminder", about):
            continue
        notify(uow, user, "self_assessment_reminder", about, due=formatting.day(row.due_on, language_of(user)),
              url=_link(f"samtale?interview={row.id}"))
        queued += 1
    return queued


def calendar_event(uid: str, title: str, day: date, stamp: datetime) -> str:
    """An all-day event (RFC 5545) for a calendar: the theme day."""
    def escaped(text: str) -> str:
        return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")

    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Profilsamtale//DA", "METHOD:PUBLISH", "BEGIN:VEVENT",
        f"UID:{uid}", f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}", f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}", f"SUMMARY:{escaped(title)}",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def theme_day_planned(uow: UnitOfWork, day_id: int, title: str, held_on: date, team_user_ids: list[int]) -> None:
    """Each member of the team with an account: the day, with a calendar event."""
    stamp = uow.now()
    event = calendar_event(f"theme-day-{day_id}@profilsamtale", title, held_on, stamp)
    for user in uow.users.by_ids(set(team_user_ids)).values():
        notify(uow, user, "theme_day", f"theme_day:{day_id}", attachment=("temadag.ics", event), title=title,
              day=formatting.day(held_on, language_of(user)), url=_link("temadag"))


def check_in_answered(uow: UnitOfWork, employee: User, manager_name: str, plan_id: int) -> None:
    """The employee's manager answered a check-in on their plan (the answer itself stays in the app)."""
    notify(uow, employee, "check_in_answer", f"plan:{plan_id}", manager=manager_name, url=_link("udvikling"))


def seated(uow: UnitOfWork, user: User, owner_name: str, round_id: int, title: str, committee: bool) -> None:
    """A user seated on a round's panel (to score) or its hiring committee (to read and decide)."""
    notify(uow, user, "committee_seat" if committee else "panel_seat", f"round:{round_id}", owner=owner_name, title=title,
          url=_link(f"runder?round={round_id}"))
