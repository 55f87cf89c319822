"""The people the tool knows: its users, their teams, and the people whose competences are assessed.

Plain entities: the persistence package maps them to tables (the domain knows nothing of it); an id is
given when the entity is first stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from profiling.domain.states import PersonKind


@dataclass(eq=False, kw_only=True)
class User:
    """Someone who uses the app: administrator, manager, recruiter/panel member or employee."""

    id: int = field(init=False)
    email: str
    name: str
    role: str
    active: bool = True
    created_at: datetime
    # Local sign-in (argon2id); None for single sign-on users and accounts without a password yet.
    password_hash: str | None = None
    failed_sign_ins: int = 0
    locked_until: datetime | None = None
    last_sign_in_at: datetime | None = None
    language: str = "da"
    # Made by an HR import and not taken over by an administrator since: the only accounts an import changes.
    managed_by_import: bool = False
    # Reminders by mail (e.g. a self-assessment due soon); each user may turn them off.
    reminders: bool = True


@dataclass(eq=False, kw_only=True)
class Team:
    """A team (e.g. "Borgerservice Nord") in a unit, led by a manager."""

    id: int = field(init=False)
    name: str
    unit: str = ""
    manager_id: int | None = None
    # The target profile (a specific version) the team's conversations are held against; None: the default.
    target_profile_id: int | None = None


@dataclass(eq=False, kw_only=True)
class Person:
    """An employee or a job candidate whose competences are assessed."""

    id: int = field(init=False)
    kind: str
    name: str
    email: str | None = None
    team_id: int | None = None
    user_id: int | None = None
    created_at: datetime
    updated_at: datetime
    # A candidate's consent to be kept for future positions (retention then does not anonymise them).
    consent_until: date | None = None
    consent_recorded_at: datetime | None = None
    anonymised_at: datetime | None = None
    # The key of the HR or payroll system they were imported from (None: created in the tool).
    employee_number: str | None = None
    # The recruitment round they were hired from: its result is the first point of their development history.
    hired_from_round_id: int | None = None
    # The day they left (an HR import found them gone); None while here. A later import may bring them back.
    left_on: date | None = None
    # The job title the payroll system gives ("Overassistent"): information, never a target profile.
    job_title: str = ""
    # Optimistic locking: 0 until first stored, then counted up by every stored change.
    version: int = field(default=0, init=False)

    def hire(self, round_id: int, team_id: int, now: datetime) -> None:
        """A candidate hired from a round becomes an employee of a team; the round's result goes with them."""
        self.kind = PersonKind.EMPLOYEE
        self.team_id = team_id
        self.hired_from_round_id = round_id
        self.consent_until = self.consent_recorded_at = None  # an employee is kept as an employee, not by consent
        self.updated_at = now
