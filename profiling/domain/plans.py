"""A development plan agreed in a MUS: goals for the coming year, dated by both parties.

Any revision of a plan asks both parties to agree again: an agreement is to a plan as it stood.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(eq=False, kw_only=True)
class Goal:
    """One goal of a plan, linked to a competence, with actions, support, a deadline and a status."""

    id: int = field(init=False)
    plan_id: int = field(init=False)
    position: int = 0
    competence_id: str
    goal: str
    actions: str = ""
    support: str = ""
    deadline: date | None = None
    status: str = "planned"


@dataclass(eq=False, kw_only=True)
class Plan:
    """A person's development plan: a title and goals, agreed (and dated) by the manager and the employee."""

    id: int = field(init=False)
    person_id: int
    interview_id: int | None = None
    framework_id: str
    target_profile_id: int | None = None
    title: str
    created_by_id: int | None = None
    created_at: datetime
    manager_agreed_at: datetime | None = None
    employee_agreed_at: datetime | None = None
    version: int = field(default=0, init=False)
    goals: list[Goal] = field(default_factory=list)

    @property
    def agreed(self) -> bool:
        """Agreed and dated by both the manager and the employee."""
        return self.manager_agreed_at is not None and self.employee_agreed_at is not None

    def revise(self, title: str, goals: Iterable[Goal]) -> None:
        """New title and goals (numbered in the order given); both agreements are withdrawn."""
        self.title = title
        self.goals = list(goals)
        for position, goal in enumerate(self.goals):
            goal.position = position
        self.manager_agreed_at = self.employee_agreed_at = None

    def agree(self, *, as_employee: bool, now: datetime) -> None:
        """The employee (or else the manager) agrees to the plan as it stands now."""
        if as_employee:
            self.employee_agreed_at = now
        else:
            self.manager_agreed_at = now
