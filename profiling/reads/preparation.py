"""The MUS preparation: self vs manager vs target per competence, why each is worth talking about (the
rule is profiling.domain.preparation), the coaching questions that fit, and goals suggested from the gaps."""

from __future__ import annotations

from datetime import datetime

from profiling import formatting
from profiling.catalog import Catalog
from profiling.domain.framework import Framework
from profiling.domain.guide import GuideMode
from profiling.domain.insights import read_gaps
from profiling.domain.preparation import PreparedCompetence, prepare
from profiling.domain.scoring import PanelProfile, RaterProfile, RaterRole, Scorer
from profiling.domain.text import Language, LocalizedText
from profiling.i18n import translate
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.development_plans import PlanView, plan_views
from profiling.reads.directory import person_views
from profiling.reads.query import Audited, query, record
from profiling.reads.results import scored_raters
from profiling.reads.target_levels import misfitting_target, target_of
from profiling.reads.views import InterviewStatus, PersonView, View
from profiling.services import access
from profiling.services.actors import Actor
from profiling.services.content import parse_snapshot
from profiling.services.plans import GoalInput


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
    # The manager chose to see the self-assessment before completing their rating: it may have anchored it.
    manager_saw_self_at: datetime | None = None
    # The actor is rating the person in a MUS right now: the self-assessment waits until they complete it.
    self_withheld: bool = False
    # The team's target profile belongs to another framework: the framework's default target stands in.
    misfitting_target: str | None = None
    # Hired from a round and not assessed by their manager since: the round's panel result stands in.
    hired_round_id: int | None = None
    hired_completed_at: datetime | None = None
    panel: PanelProfile
    items: list[PreparationItem]
    previous_plan: PlanView | None

    @property
    def has_manager_view(self) -> bool:
        """Whether someone other than the person assessed them: their manager, or the panel that hired them."""
        return self.manager_interview_id is not None or self.hired_round_id is not None


def coaching_questions(catalog: Catalog, framework_id: str) -> dict[str, list[LocalizedText]]:
    """The development guide's coaching questions per competence (empty when there is no such guide)."""
    questions: dict[str, list[LocalizedText]] = {}
    for guide in catalog.guides_for(framework_id, GuideMode.DEVELOPMENT):
        for question in guide.questions:
            questions.setdefault(question.competence, []).extend(question.coaching)
    return questions


@query(depends_on=[record()], audits=lambda _, a: [Audited("preparation.read", a["person_id"])])
def mus_preparation(actor: Actor, uow: UnitOfWork, catalog: Catalog, person_id: int, framework_id: str) -> Preparation:
    """Self vs manager vs target for the next MUS, classified per competence, with coaching questions.

    Uses the person's latest completed self-assessment and latest completed assessment by a manager
    (outside recruitment rounds); either may be missing. Someone hired from a round and not assessed by
    their manager since starts from the round's panel result. Only the person and their manager prepare a MUS.
    """
    person = access.require_leader_or_self(actor, uow, person_id)
    rows = access.visible_scorecards(
        actor, uow, uow.interviews.query(person_ids=[person.id], status=InterviewStatus.COMPLETED)
    )
    rows = [r for r in rows if r.framework_id == framework_id]
    outside = [r for r in rows if r.round_id is None]
    # While the actor rates the person in a MUS, the self-assessment waits until they complete (or choose to see it).
    self_withheld = access.self_assessment_withheld(actor, uow, person.id)
    own = None if self_withheld else next((r for r in outside if r.rater_role == RaterRole.SELF), None)
    managers = next((r for r in outside if r.rater_role != RaterRole.SELF), None)
    hired_panel = [] if managers is not None or person.hired_from_round_id is None else [
        r for r in rows if r.round_id == person.hired_from_round_id and r.rater_role != RaterRole.SELF
    ]
    chosen = [r for r in (own, managers) if r is not None] + hired_panel
    team = uow.teams.get(person.team_id) if person.team_id else None
    if chosen:
        snapshots = uow.snapshots.by_ids({r.framework_snapshot_id for r in chosen})
        newest = max(chosen, key=lambda r: r.completed_at or r.started_at)  # completed: completed_at is set
        framework = parse_snapshot(snapshots[newest.framework_snapshot_id], Framework)
    else:
        framework = catalog.framework(framework_id)
    target, target_name = target_of(uow, framework, team.target_profile_id if team else None)
    misfit = misfitting_target(uow, framework, team.target_profile_id if team else None)
    scored = scored_raters(uow, chosen, framework, target)
    scorer = Scorer.build(framework, target)
    raters = [scored[r.id] for r in chosen if r not in hired_panel]
    if hired_panel:  # the panel that hired them, consolidated, stands where the manager's assessment will
        hired_round = uow.rounds.one(person.hired_from_round_id) if person.hired_from_round_id else None
        consolidated = scorer.consolidate([scored[r.id] for r in hired_panel]).consolidated
        raters.append(RaterProfile(
            rater=hired_round.title if hired_round else "", role=RaterRole.MANAGER, profile=consolidated, items=[],
        ))
    panel = scorer.consolidate(raters)
    coaching = coaching_questions(catalog, framework.id)
    self_profile = scored[own.id].profile if own else None
    items = [
        PreparationItem(**item.model_dump(), coaching=coaching.get(item.competence_id, []) if item.reasons else [])
        for item in prepare(framework, target, panel, self_profile)
    ]
    plans = plan_views(uow, uow.plans.of_person(person.id))
    return Preparation(
        person=person_views(uow, [person])[0], framework=framework, target_name=target_name,
        self_interview_id=own.id if own else None, self_completed_at=own.completed_at if own else None,
        manager_interview_id=managers.id if managers else None,
        manager_completed_at=managers.completed_at if managers else None,
        manager_saw_self_at=managers.self_shown_at if managers else None, self_withheld=self_withheld,
        misfitting_target=misfit,
        hired_round_id=person.hired_from_round_id if hired_panel else None,
        hired_completed_at=max((r.completed_at for r in hired_panel if r.completed_at), default=None),
        panel=panel, items=items, previous_plan=max(plans, key=lambda p: p.created_at) if plans else None,
    )


def suggest_goals(preparation: Preparation, catalog: Catalog, limit: int = 3, language: Language = "da") -> list[GoalInput]:
    """Goals suggested from the largest gaps to target (the manager's view, else the self-assessment)."""
    reading = read_gaps(preparation.panel.consolidated if preparation.has_manager_view else _self_profile(preparation), limit)
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
