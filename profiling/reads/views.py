"""What reads and commands hand out: immutable pydantic views (never entities), safe to keep in session state."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from profiling.domain.framework import Framework, TargetLevel
from profiling.domain.guide import Guide, GuideMode
from profiling.domain.scoring import PanelProfile, RaterRole
from profiling.domain.states import InterviewStatus, PersonKind, RoundStatus
from profiling.services.actors import Role

__all__ = ["InterviewStatus", "PersonKind", "RoundStatus"]  # defined in the domain; services and pages import them here


class View(BaseModel):
    """Base of every view."""

    model_config = ConfigDict(frozen=True)


class UserView(View):
    id: int
    name: str
    email: str
    role: Role
    active: bool = True


class TeamView(View):
    id: int
    name: str
    unit: str
    manager_id: int | None
    manager_name: str | None
    target_profile_id: int | None = None


class PersonView(View):
    id: int
    kind: PersonKind
    name: str
    email: str | None
    team_id: int | None
    team_name: str | None
    unit: str | None
    manager_name: str | None
    user_id: int | None = None
    version: int
    created_at: datetime
    hired_from_round_id: int | None = None
    employee_number: str | None = None
    left_on: date | None = None
    job_title: str = ""

    def label(self) -> str:
        """The name as a picker shows it: with the employee number and team, so two people of one name differ."""
        extra = ", ".join(part for part in (self.employee_number, self.team_name) if part)
        return f"{self.name} ({extra})" if extra else self.name


class TargetProfileView(View):
    id: int
    name: str
    version: int
    framework_id: str
    levels: dict[str, TargetLevel]


class RoundView(View):
    id: int
    title: str
    framework_id: str
    guide_id: str
    target_profile: TargetProfileView | None
    status: RoundStatus
    owner_id: int | None
    owner_name: str | None
    panel: list[UserView]
    committee: list[UserView] = []  # the hiring committee: reads results and minutes, never scores
    criteria: str = ""  # the advertised criteria, one per line
    candidates: list[PersonView]
    created_at: datetime
    closed_at: datetime | None
    min_coverage: float = 0.8
    version: int
    # Hires of internal applicants waiting for their current manager's confirmation: person id -> team id.
    pending_hires: dict[int, int] = {}
    last_closed_at: datetime | None = None
    # Candidates who were on the round when it last closed: not scored after it opens again.
    unscorable: set[int] = set()
    # Filed in the municipality's case system: when, and the case number.
    journalised_at: datetime | None = None
    case_number: str = ""
    # What the actor the round was read for may do (round_views' reads set them; a command's view leaves them off).
    may_change: bool = False  # its candidates, settings and status: its owner, or an administrator
    may_score: bool = False  # hold its interviews: its owner and panel, or an administrator


class InterviewSummary(View):
    """An interview as lists show it."""

    id: int
    person_id: int
    person_name: str
    person_kind: PersonKind
    round_id: int | None
    guide_id: str
    guide_title_da: str
    guide_title_en: str
    framework_id: str
    framework_version: str
    rater_id: int | None
    rater_name: str
    rater_role: RaterRole
    mode: GuideMode
    status: InterviewStatus
    position: int
    started_at: datetime
    completed_at: datetime | None
    due_on: date | None = None
    answered: int = Field(0, description="Questions rated (a value; 'not assessed' is not counted).")
    total: int = Field(0, description="Questions in the guide.")
    held_on: date | None = Field(None, description="The day a conversation held on paper took place.")
    entered_from_paper: bool = False
    self_shown_at: datetime | None = Field(None, description="A MUS rating: when the manager chose to see the self-assessment first.")


class RatingView(View):
    """One stored rating; `version` 0 means nothing is stored yet."""

    question_id: str
    value: int | None = None
    not_assessed: bool = False
    note: str = ""
    private: bool = False
    version: int = 0
    updated_at: datetime | None = None
    addendum: str = ""  # a note added after completing, at the round owner's request
    addendum_at: datetime | None = None

    @property
    def answered(self) -> bool:
        """Rated, or deliberately marked not assessed."""
        return self.value is not None or self.not_assessed


class InterviewView(View):
    """An interview with everything the conversation page needs."""

    summary: InterviewSummary
    framework: Framework
    guide: Guide
    target: dict[str, TargetLevel]
    target_name: str | None
    ratings: dict[str, RatingView]
    version: int
    # In a round: the questions that need a note before the scorecard can be completed (notatpligt).
    notes_missing: list[str] = []
    # In a round: the questions the owner asked this rater to add a note to (after completing).
    notes_requested: list[str] = []

    def rating(self, question_id: str) -> RatingView:
        """The stored rating of a question, or an empty one."""
        return self.ratings.get(question_id) or RatingView(question_id=question_id)


class Evidence(View):
    """A note behind a score: which rater wrote what, on which question."""

    interview_id: int
    rater_name: str
    rater_role: RaterRole
    question_id: str
    competence_id: str
    value: int | None
    note: str
    addendum: str = ""  # added after completing, at the round owner's request
    addendum_at: datetime | None = None


class AssessmentContext(View):
    """A set of completed scorecards read together: a round's panel, or one conversation (+ self-assessment)."""

    key: str
    round_id: int | None
    interview_ids: list[int]
    completed_at: datetime
    rater_names: list[str]
    guide_id: str
    framework_id: str


class ResultView(View):
    """The scored result of one or more completed scorecards of one person."""

    context: AssessmentContext
    person: PersonView
    framework: Framework
    target_name: str | None
    interviews: list[InterviewSummary]
    panel: PanelProfile
    evidence: list[Evidence]
