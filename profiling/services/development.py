"""The development half: self-assessment invitations, MUS preparation, development plans and their goals."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from profiling import formatting
from profiling.catalog import Catalog, UnknownGuide
from profiling.domain import agreement
from profiling.domain.framework import Framework
from profiling.domain.guide import Guide, GuideMode
from profiling.domain.insights import read_gaps
from profiling.domain.interviews import Interview
from profiling.domain.people import Person
from profiling.domain.plans import Goal, Plan
from profiling.domain.preparation import PreparedCompetence, prepare
from profiling.domain.scoring import PanelProfile, RaterRole, Scorer
from profiling.domain.text import Language, LocalizedText
from profiling.i18n import translate
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import access, audit
from profiling.services.actors import Actor
from profiling.services.content import parse_snapshot
from profiling.services.errors import AccessDenied, EditConflict, InvalidInput, NotFound, committed, conflict_reported
from profiling.services.inputs import NOTE_MAX, TITLE_MAX, clean_text
from profiling.services.interviews import begin_interview
from profiling.services.people import person_views
from profiling.services.results import scored_raters
from profiling.services.targets import target_of
from profiling.services.views import InterviewStatus, PersonKind, PersonView, View

DEVELOPMENT_GUIDE = "udviklingssamtale"
SELF_ASSESSMENT_GUIDE = "selvvurdering"


class InvitationStatus(StrEnum):
    """Where an invited self-assessment stands; the manager sees this, not the answers."""

    INVITED = "invited"
    STARTED = "started"
    COMPLETED = "completed"


class InvitationView(View):
    interview_id: int
    person_id: int
    person_name: str
    guide_id: str
    guide_title: LocalizedText
    invited_by_name: str | None
    due_on: date | None
    status: InvitationStatus
    completed_at: datetime | None


class GoalStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class GoalInput(BaseModel):
    """One goal as typed in the plan editor."""

    model_config = ConfigDict(extra="forbid")

    competence_id: str
    goal: Annotated[str, StringConstraints(min_length=1, max_length=NOTE_MAX)]
    actions: Annotated[str, StringConstraints(max_length=NOTE_MAX)] = ""
    support: Annotated[str, StringConstraints(max_length=NOTE_MAX)] = ""
    deadline: date | None = None
    status: GoalStatus = GoalStatus.PLANNED


class GoalView(GoalInput):
    model_config = ConfigDict(frozen=True)

    id: int


class PlanView(View):
    id: int
    person_id: int
    interview_id: int | None
    framework_id: str
    title: str
    created_at: datetime
    created_by_name: str | None
    manager_agreed_at: datetime | None
    employee_agreed_at: datetime | None
    goals: list[GoalView]
    version: int

    @property
    def agreed(self) -> bool:
        """Agreed and dated by both the manager and the employee."""
        return self.manager_agreed_at is not None and self.employee_agreed_at is not None


class PreparationItem(PreparedCompetence):
    """One competence as the MUS preparation shows it, with the coaching questions that fit."""

    coaching: list[LocalizedText]


class Preparation(View):
    """What the employee and the manager look at before the MUS."""

    person: PersonView
    framework: Framework
    target_name: str | None
    self_interview_id: int | None
    self_completed_at: datetime | None
    manager_interview_id: int | None
    manager_completed_at: datetime | None
    panel: PanelProfile
    items: list[PreparationItem]
    previous_plan: PlanView | None

    @property
    def headline_difference(self) -> float | None:
        """The general self-versus-manager difference G when it is worth saying (|G| ≥ 0.5)."""
        return agreement.headline_difference(self.panel.general_difference)


# ---- invitations -------------------------------------------------------------------------------


def _invitation_view(uow: UnitOfWork, row: Interview, person: Person, guide: Guide, answered: int) -> InvitationView:
    inviter = uow.users.get(row.invited_by_id) if row.invited_by_id else None
    if row.status == InterviewStatus.COMPLETED:
        status = InvitationStatus.COMPLETED
    else:
        status = InvitationStatus.STARTED if answered or row.position else InvitationStatus.INVITED
    return InvitationView(
        interview_id=row.id, person_id=person.id, person_name=person.name, guide_id=row.guide_id,
        guide_title=guide.title, invited_by_name=inviter.name if inviter else None, due_on=row.due_on,
        status=status, completed_at=row.completed_at,
    )


def invite_to_self_assessment(
    actor: Actor, uow: UnitOfWork, catalog: Catalog, person_id: int, due_on: date, guide_id: str = SELF_ASSESSMENT_GUIDE
) -> InvitationView:
    """Invite an employee to fill a self-assessment by a date; an open invitation is moved to the new date."""
    person = access.require_leader(actor, uow, person_id)
    if person.kind != PersonKind.EMPLOYEE or person.user_id is None:
        raise InvalidInput("person_id", "error.no_account")
    if due_on < uow.now().date():
        raise InvalidInput("due_on", "error.due_in_past")
    try:
        guide = catalog.guide(guide_id)
    except UnknownGuide:
        raise InvalidInput("guide_id", "error.unknown_guide") from None
    if guide.mode is not GuideMode.SELF_ASSESSMENT:
        raise InvalidInput("guide_id", "error.not_self_assessment")
    row = uow.interviews.find(person.id, None, person.user_id, guide.id, InterviewStatus.DRAFT)
    if row is None:
        employee = uow.users.get(person.user_id)
        framework = catalog.framework(guide.framework)
        team = uow.teams.get(person.team_id) if person.team_id else None
        row = begin_interview(
            uow, guide, framework, person_id=person.id, rater_id=person.user_id,
            rater_name=employee.name if employee else person.name, rater_role=RaterRole.SELF,
            target_profile_id=team.target_profile_id if team else None,
        )
    row.due_on = due_on
    row.invited_by_id = actor.user_id
    uow.flush()
    audit.record(uow, actor, "self_assessment.invite", person_id=person.id, subject=f"interview:{row.id}")
    view = _invitation_view(uow, row, person, guide, uow.interviews.answered_counts([row.id]).get(row.id, 0))
    uow.commit()
    return view


def invitations_of(actor: Actor, uow: UnitOfWork, catalog: Catalog, person_id: int) -> list[InvitationView]:
    """The person's self-assessments with their status and due date (never their answers)."""
    person = access.require_leader_or_self(actor, uow, person_id)
    rows = [r for r in uow.interviews.query(person_ids=[person.id]) if r.rater_role == RaterRole.SELF]
    answered = uow.interviews.answered_counts([r.id for r in rows])
    snapshots = uow.snapshots.by_ids({r.guide_snapshot_id for r in rows})
    return [
        _invitation_view(uow, r, person, parse_snapshot(snapshots[r.guide_snapshot_id], Guide), answered.get(r.id, 0))
        for r in rows
    ]


def my_open_self_assessments(actor: Actor, uow: UnitOfWork, catalog: Catalog) -> list[InvitationView]:
    """The actor's own self-assessments still to complete, soonest due first."""
    person = uow.people.by_user(actor.user_id)
    if person is None:
        return []
    open_ones = [i for i in invitations_of(actor, uow, catalog, person.id) if i.status is not InvitationStatus.COMPLETED]
    return sorted(open_ones, key=lambda i: (i.due_on or date.max, i.interview_id))


# ---- preparation --------------------------------------------------------------------------------


def coaching_questions(catalog: Catalog, framework_id: str) -> dict[str, list[LocalizedText]]:
    """The development guide's coaching questions per competence (empty when there is no such guide)."""
    questions: dict[str, list[LocalizedText]] = {}
    for guide in catalog.guides_for(framework_id, GuideMode.DEVELOPMENT):
        for question in guide.questions:
            questions.setdefault(question.competence, []).extend(question.coaching)
    return questions


def mus_preparation(actor: Actor, uow: UnitOfWork, catalog: Catalog, person_id: int, framework_id: str) -> Preparation:
    """Self vs manager vs target for the next MUS, classified per competence, with coaching questions.

    Uses the person's latest completed self-assessment and latest completed assessment by a manager
    (outside recruitment rounds); either may be missing. Only the person and their manager prepare a MUS.
    """
    person = access.require_leader_or_self(actor, uow, person_id)
    rows = access.visible_scorecards(
        actor, uow, uow.interviews.query(person_ids=[person.id], status=InterviewStatus.COMPLETED)
    )
    rows = [r for r in rows if r.framework_id == framework_id and r.round_id is None]
    own = next((r for r in rows if r.rater_role == RaterRole.SELF), None)
    managers = next((r for r in rows if r.rater_role != RaterRole.SELF), None)
    chosen = [r for r in (own, managers) if r is not None]
    team = uow.teams.get(person.team_id) if person.team_id else None
    if chosen:
        snapshots = uow.snapshots.by_ids({r.framework_snapshot_id for r in chosen})
        newest = max(chosen, key=lambda r: r.completed_at or r.started_at)  # completed: completed_at is set
        framework = parse_snapshot(snapshots[newest.framework_snapshot_id], Framework)
    else:
        framework = catalog.framework(framework_id)
    target, target_name = target_of(uow, framework, team.target_profile_id if team else None)
    scored = scored_raters(uow, chosen, framework, target)
    scorer = Scorer.build(framework, target)
    panel = scorer.consolidate([scored[r.id] for r in chosen])
    coaching = coaching_questions(catalog, framework.id)
    self_profile = scored[own.id].profile if own else None
    items = [
        PreparationItem(**item.model_dump(), coaching=coaching.get(item.competence_id, []) if item.reasons else [])
        for item in prepare(framework, target, panel, self_profile)
    ]
    plans = _plan_views(uow, _plans_of_person(uow, person.id))
    audit.record(uow, actor, "preparation.read", person_id=person.id)
    uow.commit()
    return Preparation(
        person=person_views(uow, [person])[0], framework=framework, target_name=target_name,
        self_interview_id=own.id if own else None, self_completed_at=own.completed_at if own else None,
        manager_interview_id=managers.id if managers else None,
        manager_completed_at=managers.completed_at if managers else None,
        panel=panel, items=items, previous_plan=max(plans, key=lambda p: p.created_at) if plans else None,
    )


# ---- plans --------------------------------------------------------------------------------------


def _plans_of_person(uow: UnitOfWork, person_id: int) -> list[Plan]:
    return uow.plans.of_person(person_id)


def _plan_views(uow: UnitOfWork, rows: list[Plan]) -> list[PlanView]:
    creators = uow.users.by_ids({r.created_by_id for r in rows if r.created_by_id})
    return [
        PlanView(
            id=r.id, person_id=r.person_id, interview_id=r.interview_id, framework_id=r.framework_id, title=r.title,
            created_at=r.created_at,
            created_by_name=creators[r.created_by_id].name if r.created_by_id in creators else None,
            manager_agreed_at=r.manager_agreed_at, employee_agreed_at=r.employee_agreed_at,
            goals=[
                GoalView(
                    id=g.id, competence_id=g.competence_id, goal=g.goal, actions=g.actions, support=g.support,
                    deadline=g.deadline, status=g.status,
                )
                for g in r.goals
            ],
            version=r.version,
        )
        for r in rows
    ]


def plans_of(actor: Actor, uow: UnitOfWork, person_id: int) -> list[PlanView]:
    """The person's development plans, newest first (the person, their manager and administrators)."""
    person = access.require_leader_or_self(actor, uow, person_id)
    rows = _plans_of_person(uow, person.id)
    audit.record(uow, actor, "plan.read", person_id=person.id)
    uow.commit()
    return _plan_views(uow, rows)


def suggest_goals(preparation: Preparation, catalog: Catalog, limit: int = 3, language: Language = "da") -> list[GoalInput]:
    """Goals suggested from the largest gaps to target (the manager's view, else the self-assessment)."""
    reading = read_gaps(preparation.panel.consolidated if preparation.manager_interview_id else _self_profile(preparation), limit)
    suggestions = []
    for score in reading.development_areas:
        name = preparation.framework.competence(score.competence_id).name.in_language(language)
        suggestions.append(
            GoalInput(
                competence_id=score.competence_id,
                goal=translate(
                    "plan.suggested_goal", language, name=name,
                    score=formatting.number(score.score, language), target=score.target,
                ),
            )
        )
    return suggestions


def _self_profile(preparation: Preparation):  # type: ignore[no-untyped-def]
    own = [r for r in preparation.panel.raters if r.role is RaterRole.SELF]
    return own[0].profile if own else preparation.panel.consolidated


def _checked_goals(framework: Framework, goals: list[dict[str, object]]) -> list[GoalInput]:
    known = {c.id for c in framework.competences}
    checked = []
    for i, data in enumerate(goals):
        cleaned = {k: clean_text(v) if isinstance(v, str) else v for k, v in data.items()}
        try:
            goal = GoalInput.model_validate(cleaned)
        except ValueError:
            raise InvalidInput(f"goals[{i}]", "error.goal_incomplete") from None
        if goal.competence_id not in known:
            raise InvalidInput(f"goals[{i}]", "error.invalid")
        checked.append(goal)
    if not checked:
        raise InvalidInput("goals", "error.plan_needs_goal")
    return checked


def save_plan(
    actor: Actor,
    uow: UnitOfWork,
    catalog: Catalog,
    person_id: int,
    title: str,
    goals: list[dict[str, object]],
    *,
    plan_id: int | None = None,
    expected_version: int | None = None,
    interview_id: int | None = None,
    framework_id: str = "specialist-i-borgerkontakt",
) -> PlanView:
    """Create or change a plan (the manager). A change to an agreed plan asks both parties to agree again
    (Plan.revise)."""
    person = access.require_leader(actor, uow, person_id)
    title = clean_text(title)
    if not title or len(title) > TITLE_MAX:
        raise InvalidInput("title", "error.required" if not title else "error.too_long", max=TITLE_MAX)
    if plan_id is None:
        framework = catalog.framework(framework_id)
        team = uow.teams.get(person.team_id) if person.team_id else None
        row = Plan(
            person_id=person.id, interview_id=interview_id, framework_id=framework.id,
            target_profile_id=team.target_profile_id if team else None, title=title,
            created_by_id=actor.user_id, created_at=uow.now(),
        )
        uow.plans.add(row)
    else:
        stored = uow.plans.get(plan_id)
        if stored is None or stored.person_id != person.id:
            raise NotFound(f"plan {plan_id}")
        row = stored
        if expected_version is not None and row.version != expected_version:
            raise EditConflict(_plan_views(uow, [row])[0])
        framework = catalog.framework(row.framework_id)
    checked = _checked_goals(framework, goals)
    row.revise(title, (
        Goal(
            competence_id=g.competence_id, goal=g.goal, actions=g.actions, support=g.support, deadline=g.deadline,
            status=g.status,
        )
        for g in checked
    ))
    with conflict_reported(uow, lambda: _stored_plan(uow, plan_id)):
        uow.flush()
    audit.record(uow, actor, "plan.save", person_id=person.id, subject=f"plan:{row.id}", goals=len(checked))
    return _committed_plan(uow, row)


def agree_plan(actor: Actor, uow: UnitOfWork, plan_id: int) -> PlanView:
    """The manager or the employee agrees to the plan; each agreement is dated."""
    row = uow.plans.get(plan_id)
    if row is None:
        raise NotFound(f"plan {plan_id}")
    person = access.visible_person(actor, uow, row.person_id)
    as_employee = person.user_id == actor.user_id
    if not (as_employee or access.leads(actor, uow, person)):
        raise AccessDenied("only the person and their manager agree to a plan")
    row.agree(as_employee=as_employee, now=uow.now())
    audit.record(uow, actor, "plan.agree", person_id=person.id, subject=f"plan:{row.id}")
    return _committed_plan(uow, row)


def set_goal_status(actor: Actor, uow: UnitOfWork, goal_id: int, status: GoalStatus) -> PlanView:
    """Follow up on a goal during the year (the employee or their manager)."""
    goal = uow.plans.goal(goal_id)
    if goal is None:
        raise NotFound(f"goal {goal_id}")
    row = uow.plans.one(goal.plan_id)
    person = access.visible_person(actor, uow, row.person_id)
    if not (person.user_id == actor.user_id or access.leads(actor, uow, person)):
        raise AccessDenied("only the person and their manager follow up on goals")
    goal.status = status
    audit.record(uow, actor, "plan.goal_status", person_id=person.id, subject=f"plan:{row.id}", status=status.value)
    return _committed_plan(uow, row)


def _stored_plan(uow: UnitOfWork, plan_id: int | None) -> PlanView | None:
    row = uow.plans.get(plan_id) if plan_id is not None else None
    return _plan_views(uow, [row])[0] if row is not None else None


def _committed_plan(uow: UnitOfWork, row: Plan) -> PlanView:
    """Commit a change of a plan; EditConflict with the stored plan if someone else changed it first."""
    plan_id = row.id
    return committed(uow, lambda: _plan_views(uow, [row])[0], lambda: _stored_plan(uow, plan_id))


def save_outcome(actor: Actor, uow: UnitOfWork, interview_id: int, text: str) -> None:
    """The agreed outcome of a development conversation, written by its rater."""
    row = uow.interviews.get(interview_id)
    if row is None:
        raise NotFound(f"interview {interview_id}")
    access.require_rater(actor, row)
    text = clean_text(text)
    if len(text) > NOTE_MAX:
        raise InvalidInput("outcome", "error.too_long", max=NOTE_MAX)
    row.outcome = text
    audit.record(uow, actor, "interview.outcome", person_id=row.person_id, subject=f"interview:{row.id}")
    uow.commit()


def mus_outcome(actor: Actor, uow: UnitOfWork, interview_id: int | None) -> str:
    """The agreed outcome written in a development conversation, if the actor may open it; else ''."""
    if interview_id is None:
        return ""
    row = uow.interviews.get(interview_id)
    return row.outcome if row is not None and access.may_open_scorecard(actor, uow, row) else ""
