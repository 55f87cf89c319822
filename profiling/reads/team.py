"""Team overview: each member's latest assessment, the team average, and the largest shared gaps (the rules
themselves are in profiling.domain.team)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from profiling.catalog import Catalog
from profiling.domain.framework import Framework, TargetLevel
from profiling.domain.guide import GuideMode
from profiling.domain.interviews import Interview
from profiling.domain.people import Person
from profiling.domain.policy import Permission
from profiling.domain.scoring import Profile, RaterRole, Scorer
from profiling.domain.team import TrainingNeed, average_profile, latest_assessments, training_needs
from profiling.domain.theme_days import Source
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.coaching import coaching_settings
from profiling.reads.directory import list_teams, person_views, team_views
from profiling.reads.query import EVERY_ROW, SHARED_ONLY, Audited, person, query, team
from profiling.reads.results import scored_raters
from profiling.reads.target_levels import target_of
from profiling.reads.views import InterviewStatus, PersonView, TeamView, View
from profiling.services import access
from profiling.services.actors import Actor
from profiling.services.errors import NotFound


class TeamMember(View):
    """A member and the profile of their latest completed assessment (None if they have none)."""

    person: PersonView
    profile: Profile | None
    assessed_at: datetime | None


class TeamOverview(View):
    """Everything the team page shows."""

    framework: Framework
    target_name: str | None
    teams: list[TeamView]
    members: list[TeamMember]
    average: Profile
    needs: list[TrainingNeed]
    self_assessed: bool = False  # a framework mapped by self-assessment only (e.g. the digital mapping)


@query(depends_on=[SHARED_ONLY])
def teams_in_reach(actor: Actor, uow: UnitOfWork) -> list[TeamView]:
    """The teams an actor may overview: all for administrators, the ones they lead for managers."""
    access.require(actor, Permission.SEE_TEAM_OVERVIEW)
    return list_teams(actor, uow)


def is_self_assessed(catalog: Catalog, framework_id: str) -> bool:
    """Whether a framework is only ever self-assessed (seed 003's digital mapping): its team picture is a
    mapping of self-assessments."""
    return not any(g.mode is not GuideMode.SELF_ASSESSMENT for g in catalog.guides_for(framework_id))


class Counted(NamedTuple):
    """The profile that counts for a team member, when it was assessed, and which assessment it is."""

    profile: Profile
    assessed_at: datetime | None
    basis: str  # "interview:12" (a conversation or self-assessment), "round:3" (the panel that hired them)


def member_profiles(
    uow: UnitOfWork, framework: Framework, target: dict[str, TargetLevel], members: Sequence[Person], source: Source
) -> dict[int, Counted]:
    """Per member (person id) the profile that counts for the team, when it was assessed, and which it is.

    By source: the latest conversation with their manager, else - for someone hired from a round and not
    assessed since - the round's consolidated result (the first point of their history); or the latest
    self-assessment; or the manager's where there is one, else the self-assessment. Scored in one pass.
    """
    rows = uow.interviews.query(person_ids=[m.id for m in members], status=InterviewStatus.COMPLETED) if members else []
    rows = [r for r in rows if r.framework_id == framework.id]
    by_manager = latest_assessments(rows) if source is not Source.SELF else {}
    by_self = latest_assessments(rows, self_assessed=True) if source is not Source.MANAGER else {}
    hired_from = {
        m.id: m.hired_from_round_id
        for m in members
        if m.hired_from_round_id is not None and m.id not in by_manager and source is not Source.SELF
    }
    round_cards: dict[int, list[Interview]] = {}
    for row in rows:
        if row.round_id is not None and row.round_id == hired_from.get(row.person_id) and row.rater_role != RaterRole.SELF:
            round_cards.setdefault(row.person_id, []).append(row)
    scored = scored_raters(
        uow, [*by_manager.values(), *by_self.values(), *(c for cards in round_cards.values() for c in cards)], framework, target
    )
    counted = {pid: Counted(scored[card.id].profile, card.completed_at, f"interview:{card.id}") for pid, card in by_self.items()}
    scorer = Scorer.build(framework, target)
    for pid, cards in round_cards.items():
        counted[pid] = Counted(
            scorer.consolidate([scored[c.id] for c in cards]).consolidated,
            max(c.completed_at for c in cards if c.completed_at), f"round:{hired_from[pid]}",
        )
    counted.update({
        pid: Counted(scored[card.id].profile, card.completed_at, f"interview:{card.id}") for pid, card in by_manager.items()
    })
    return counted


def _team_reads(overview: TeamOverview) -> list[Audited]:
    """One read per member whose assessment the overview shows."""
    subject = ",".join(f"team:{t.id}" for t in overview.teams)[:80]
    return [Audited("team.read", m.person.id, subject) for m in overview.members if m.profile is not None]


@query(depends_on=[team("team_ids")], audits=lambda overview, _: _team_reads(overview))
def team_overview(
    actor: Actor,
    uow: UnitOfWork,
    catalog: Catalog,
    framework_id: str,
    team_ids: Sequence[int] | None = None,
    unit: str | None = None,
) -> TeamOverview:
    """The overview of the chosen teams (or a unit's teams) the actor may see, against the default target."""
    reachable = teams_in_reach(actor, uow)
    if team_ids is not None and not set(team_ids) <= {t.id for t in reachable}:
        raise NotFound("team")
    teams = [
        t for t in reachable if (team_ids is None or t.id in team_ids) and (unit is None or t.unit == unit)
    ]
    framework = catalog.framework(framework_id)
    # One team is measured against its own target profile; several teams against the framework's default.
    own_target = teams[0].target_profile_id if len(teams) == 1 else None
    target, target_name = target_of(uow, framework, own_target)
    members = list(uow.people.in_teams([t.id for t in teams])) if teams else []
    # A framework that is only ever self-assessed (seed 003's digital mapping) is a team mapping of
    # self-assessments, shown as such; any other shows the managers' assessments.
    self_assessed = is_self_assessed(catalog, framework_id)
    counted = member_profiles(uow, framework, target, members, Source.SELF if self_assessed else Source.MANAGER)
    scorer = Scorer.build(framework, target)
    views = person_views(uow, members)
    team_members = [
        TeamMember(
            person=view,
            profile=counted[view.id].profile if view.id in counted else None,
            assessed_at=counted[view.id].assessed_at if view.id in counted else None,
        )
        for view in views
    ]
    scored = [m.profile for m in team_members if m.profile is not None]
    return TeamOverview(
        framework=framework,
        target_name=target_name,
        teams=teams,
        members=team_members,
        average=average_profile(scorer, scored),
        needs=training_needs(framework, scored),
        self_assessed=self_assessed,
    )


@query(depends_on=[person()])
def team_of(actor: Actor, uow: UnitOfWork, person_id: int) -> TeamView | None:
    """The person's team, if the actor may overview it (administrator, or the team's manager)."""
    person = uow.people.get(person_id)
    if person is None or person.team_id is None or not access.leads(actor, uow, person):
        return None
    team = uow.teams.get(person.team_id)
    return team_views(uow, [team])[0] if team is not None else None


class TeamAverage(View):
    """The average of a person's team, and the overview it was read from (for the audit log)."""

    team_name: str
    average: Profile
    overview: TeamOverview


@query(depends_on=[person()], audits=lambda found, _: _team_reads(found.overview) if found is not None else [])
def team_average_for(actor: Actor, uow: UnitOfWork, catalog: Catalog, person_id: int, framework_id: str) -> TeamAverage | None:
    """The average of the person's team, for those who may overview that team; else None."""
    shown = team_of(actor, uow, person_id)
    if shown is None:
        return None
    overview = team_overview(actor, uow, catalog, framework_id, team_ids=[shown.id])
    if not any(m.profile is not None for m in overview.members):
        return None
    return TeamAverage(team_name=shown.name, average=overview.average, overview=overview)


class QuietGoal(View):
    """An open goal of someone's newest plan with no check-in for the configured number of weeks."""

    person_id: int
    person_name: str
    plan_id: int
    goal_id: int
    competence_id: str
    goal: str
    last_practised: datetime | None


@query(depends_on=[EVERY_ROW])
def quiet_goals(actor: Actor, uow: UnitOfWork) -> tuple[int, list[QuietGoal]]:
    """(weeks, goals): the open goals of the newest plans of the people the actor leads with no check-in for
    `weeks` weeks (counted from the plan's date when there has been none), the quietest first."""
    access.require(actor, Permission.SEE_TEAM_OVERVIEW)
    weeks = coaching_settings(uow).check_in_weeks
    cutoff = uow.now() - timedelta(weeks=weeks)
    quiet = [
        (plan, goal)
        for plan in uow.plans.newest_in_teams(access.reachable_team_ids(actor, uow))
        for goal in plan.goals
        if goal.quiet_since(cutoff, plan.created_at)
    ]
    names = uow.people.names_of({plan.person_id for plan, _ in quiet})
    found = [
        QuietGoal(
            person_id=plan.person_id, person_name=names[plan.person_id], plan_id=plan.id, goal_id=goal.id,
            competence_id=goal.competence_id, goal=goal.goal, last_practised=goal.last_practised(),
        )
        for plan, goal in quiet
    ]
    return weeks, sorted(found, key=lambda g: (g.last_practised is not None, g.last_practised or datetime.min, g.person_name))
