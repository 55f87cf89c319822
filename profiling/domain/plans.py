"""A development plan agreed in a MUS: goals for the coming year, dated by both parties, and practised
between the conversations.

Any revision of a plan asks both parties to agree again: an agreement is to a plan as it stood. A goal
collects practice check-ins: the employee's short dated notes ("what I tried, what happened"), each
with room for the manager's response. A revision keeps the check-ins of the goals it keeps.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class GoalStatus(StrEnum):
    """Where a goal stands during the year."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


@dataclass(eq=False, kw_only=True)
class CheckIn:
    """A practice note on a goal, by the employee, and the manager's optional response."""

    id: int = field(init=False)
    goal_id: int = field(init=False)
    written_at: datetime
    author_id: int | None = None
    note: str
    response: str = ""
    responded_at: datetime | None = None
    responded_by_id: int | None = None
    version: int = field(default=0, init=False)

    def respond(self, text: str, by_id: int | None, now: datetime) -> None:
        """The manager's response (replacing an earlier one); an empty text withdraws it."""
        self.response = text
        self.responded_at = now if text else None
        self.responded_by_id = by_id if text else None


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
    status: str = GoalStatus.PLANNED
    check_ins: list[CheckIn] = field(default_factory=list)

    @property
    def open(self) -> bool:
        """Still being worked on (planned or in progress)."""
        return self.status in (GoalStatus.PLANNED, GoalStatus.IN_PROGRESS)

    def check_in(self, note: str, author_id: int | None, now: datetime) -> CheckIn:
        """A new practice note on this goal."""
        entry = CheckIn(written_at=now, author_id=author_id, note=note)
        self.check_ins.append(entry)
        return entry

    def last_practised(self) -> datetime | None:
        """When the newest check-in was written (None: never)."""
        return max((c.written_at for c in self.check_ins), default=None)

    def quiet_since(self, cutoff: datetime, plan_created_at: datetime) -> bool:
        """An open goal with no check-in after `cutoff` (counting from the plan's date when there is none)."""
        return self.open and (self.last_practised() or plan_created_at) < cutoff


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
        """New title and goals (numbered in the order given); both agreements are withdrawn. A goal that stays
        (same competence and wording) is kept, with its check-ins; the others go, with theirs."""
        self.title = title
        existing = {(g.competence_id, g.goal): g for g in self.goals}
        revised = []
        for goal in goals:
            kept = existing.pop((goal.competence_id, goal.goal), None)
            if kept is not None:
                kept.actions, kept.support, kept.deadline, kept.status = goal.actions, goal.support, goal.deadline, goal.status
                goal = kept
            revised.append(goal)
        self.goals = revised
        for position, goal in enumerate(self.goals):
            goal.position = position
        self.manager_agreed_at = self.employee_agreed_at = None

    def agree(self, *, as_employee: bool, now: datetime) -> None:
        """The employee (or else the manager) agrees to the plan as it stands now."""
        if as_employee:
            self.employee_agreed_at = now
        else:
            self.manager_agreed_at = now
