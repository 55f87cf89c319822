"""Team overview: each member's latest assessment, the team average, and the largest shared gaps (the rules
themselves are in profiling.domain.team)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from profiling.catalog import Catalog
from profiling.domain.framework import Framework
from profiling.domain.guide import GuideMode
from profiling.domain.policy import Permission
from profiling.domain.scoring import Profile, Scorer
from profiling.domain.team import TrainingNeed, average_profile, latest_assessments, training_needs
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import access, audit
from profiling.services.actors import Actor
from profiling.services.errors import NotFound
from profiling.services.people import person_views, team_views
from profiling.services.results import score_scorecards
from profiling.services.targets import target_of
from profiling.services.views import InterviewStatus, PersonView, TeamView, View


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


def teams_in_reach(actor: Actor, uow: UnitOfWork) -> list[TeamView]:
    """The teams an actor may overview: all for administrators, the ones they lead for managers."""
    access.require(actor, Permission.SEE_TEAM_OVERVIEW)
    return team_views(uow, access.teams_in_reach(actor, uow))


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
    rows = uow.interviews.query(
        person_ids=[m.id for m in members], status=InterviewStatus.COMPLETED
    ) if members else []
    # A framework that is only ever self-assessed (seed 003's digital mapping) is a team mapping of
    # self-assessments, shown as such; any other shows the managers' assessments.
    self_assessed = not any(
        g.mode is not GuideMode.SELF_ASSESSMENT for g in catalog.guides_for(framework_id)
    )
    latest = latest_assessments([r for r in rows if r.framework_id == framework_id], self_assessed)
    profiles = score_scorecards(uow, list(latest.values()), framework, target)
    scorer = Scorer.build(framework, target)
    views = person_views(uow, members)
    team_members = [
        TeamMember(
            person=view,
            profile=profiles[latest[view.id].id] if view.id in latest else None,
            assessed_at=latest[view.id].completed_at if view.id in latest else None,
        )
        for view in views
    ]
    scored = [m.profile for m in team_members if m.profile is not None]
    audit.record_reads(uow, actor, "team.read", latest, subject=",".join(f"team:{t.id}" for t in teams)[:80])
    uow.commit()
    return TeamOverview(
        framework=framework,
        target_name=target_name,
        teams=teams,
        members=team_members,
        average=average_profile(scorer, scored),
        needs=training_needs(framework, scored),
        self_assessed=self_assessed,
    )


def team_of(actor: Actor, uow: UnitOfWork, person_id: int) -> TeamView | None:
    """The person's team, if the actor may overview it (administrator, or the team's manager)."""
    person = uow.people.get(person_id)
    if person is None or person.team_id is None or not access.leads(actor, uow, person):
        return None
    team = uow.teams.get(person.team_id)
    return team_views(uow, [team])[0] if team is not None else None


def team_average_for(actor: Actor, uow: UnitOfWork, catalog: Catalog, person_id: int, framework_id: str) -> tuple[str, Profile] | None:
    """(team name, team average) of the person's team, for those who may overview that team; else None."""
    team = team_of(actor, uow, person_id)
    if team is None:
        return None
    overview = team_overview(actor, uow, catalog, framework_id, team_ids=[team.id])
    if not any(m.profile is not None for m in overview.members):
        return None
    return team.name, overview.average
