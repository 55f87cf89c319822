"""A theme day as its page shows it: the team's anonymous profile, its themes, prompts and agreements."""

from __future__ import annotations

from datetime import date, datetime

from profiling.catalog import Catalog
from profiling.domain import policy
from profiling.domain.framework import Framework
from profiling.domain.guide import GuideMode
from profiling.domain.policy import Permission, TeamFacts
from profiling.domain.text import LocalizedText
from profiling.domain.theme_days import (
    Member,
    Publication,
    Release,
    Source,
    TeamMap,
    ThemeDay,
    publish,
)
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.coaching import coaching_settings
from profiling.reads.directory import team_views
from profiling.reads.query import SHARED_ONLY, Audited, Depends, query, team
from profiling.reads.target_levels import target_of
from profiling.reads.team import member_profiles
from profiling.reads.views import TeamView, View
from profiling.services import access
from profiling.services.actors import Actor
from profiling.services.errors import NotFound

# A theme day is its team's data.
THEME_DAY = Depends("theme_day", "theme_day_id")


@query(depends_on=[THEME_DAY], audits=lambda view, _: [Audited("theme_day.read", None, f"theme_day:{view.summary.id}")])
def theme_day(actor: Actor, uow: UnitOfWork, catalog: Catalog, theme_day_id: int) -> ThemeDayView:
    """The theme day with the team's anonymous profile as published (its planners: a preview before that), its
    themes and prompts, and the agreements of this and earlier theme days."""
    day = day_row(uow, theme_day_id)
    known = access.relations(actor, uow)
    facts = TeamFacts(id=day.team_id)
    access.require(actor, Permission.SEE_THEME_DAY, known, facts)
    may_plan = policy.can(actor, Permission.PLAN_THEME_DAY, known, facts)
    framework = catalog.framework(day.framework_id)
    mapped, target_name = day.team_map, day.target_name
    if mapped is None and may_plan:
        publication, target_name = compose(uow, catalog, day)
        mapped = publication.team_map
    earlier = [d for d in uow.theme_days.of_team(day.team_id) if d.id != day.id and d.held_on <= day.held_on]
    return ThemeDayView(
        summary=summaries(uow, [day])[0], framework=framework, target_name=target_name, team_map=mapped,
        preview=day.published_at is None and mapped is not None,
        prompts=prompts_for(catalog, framework.id) if mapped is not None and mapped.shown else {},
        earlier=summaries(uow, earlier), may_plan=may_plan,
    )


class AgreementView(View):
    competence_id: str
    text: str
    follow_up_on: date | None


class ThemeDaySummary(View):
    id: int
    team_id: int
    team_name: str
    title: str
    held_on: date
    framework_id: str
    source: Source
    agreements: list[AgreementView]
    version: int
    published_at: datetime | None = None


class ThemeDayView(View):
    """Everything the theme-day page and its printed sheet show. `team_map` is the published snapshot; before
    publishing, a preview of it for those who plan the day (`preview`), and None for the team."""

    summary: ThemeDaySummary
    framework: Framework
    target_name: str | None
    team_map: TeamMap | None
    preview: bool = False
    prompts: dict[str, list[LocalizedText]]
    earlier: list[ThemeDaySummary]  # the team's earlier theme days, newest first, with their agreements
    may_plan: bool


def team_facts(uow: UnitOfWork, team_id: int) -> TeamFacts:
    if uow.teams.get(team_id) is None:
        raise NotFound(f"team {team_id}")
    return TeamFacts(id=team_id)


@query(depends_on=[SHARED_ONLY])
def theme_day_teams(actor: Actor, uow: UnitOfWork) -> list[TeamView]:
    """The teams whose theme days the actor sees: those they lead (all, for an administrator) and their own."""
    known = access.relations(actor, uow)
    teams = [
        t for t in uow.teams.all() if policy.can(actor, Permission.SEE_THEME_DAY, known, TeamFacts(id=t.id))
    ]
    return team_views(uow, teams)


@query(depends_on=[team()])
def may_plan_theme_day(actor: Actor, uow: UnitOfWork, team_id: int) -> bool:
    """Whether the actor plans theme days for the team (its manager, or an administrator)."""
    return policy.can(actor, Permission.PLAN_THEME_DAY, access.relations(actor, uow), TeamFacts(id=team_id))


def summaries(uow: UnitOfWork, days: list[ThemeDay]) -> list[ThemeDaySummary]:
    teams = uow.teams.by_ids({d.team_id for d in days})
    return [
        ThemeDaySummary(
            id=d.id, team_id=d.team_id, team_name=teams[d.team_id].name if d.team_id in teams else "", title=d.title,
            held_on=d.held_on, framework_id=d.framework_id, source=Source(d.source),
            agreements=[
                AgreementView(competence_id=a.competence_id, text=a.text, follow_up_on=a.follow_up_on) for a in d.agreements
            ],
            version=d.version, published_at=d.published_at,
        )
        for d in days
    ]


@query(depends_on=[team()])
def theme_days_of(actor: Actor, uow: UnitOfWork, team_id: int) -> list[ThemeDaySummary]:
    """The team's theme days, newest first (its manager, an administrator, its members)."""
    facts = team_facts(uow, team_id)
    access.require(actor, Permission.SEE_THEME_DAY, access.relations(actor, uow), facts)
    return summaries(uow, uow.theme_days.of_team(team_id))


def prompts_for(catalog: Catalog, framework_id: str) -> dict[str, list[LocalizedText]]:
    """Discussion prompts per competence: the guides' coaching questions, the development guide's first."""
    prompts: dict[str, list[LocalizedText]] = {}
    guides = sorted(catalog.guides_for(framework_id), key=lambda g: g.mode is not GuideMode.DEVELOPMENT)
    for guide in guides:
        for question in guide.questions:
            known = prompts.setdefault(question.competence, [])
            known.extend(q for q in question.coaching if q not in known)
    return prompts


def compose(uow: UnitOfWork, catalog: Catalog, day: ThemeDay) -> tuple[Publication, str | None]:
    """The team profile the day would publish now: the members' assessments of the day's source, checked
    against every published snapshot that shares members with them (and their target's name)."""
    team = uow.teams.one(day.team_id)
    framework = catalog.framework(day.framework_id)
    target, target_name = target_of(uow, framework, team.target_profile_id)
    counted = member_profiles(uow, framework, target, list(uow.people.in_teams([team.id])), Source(day.source))
    earlier: dict[str, dict[int, tuple[Source, set[tuple[int, str]]]]] = {}
    for day_id, source, competence_id, person_id, basis in uow.theme_days.releases_near(framework.id, set(counted), day.id):
        earlier.setdefault(competence_id, {}).setdefault(day_id, (Source(source), set()))[1].add((person_id, basis))
    releases = {
        competence_id: [Release(source, frozenset(values)) for source, values in by_day.values()]
        for competence_id, by_day in earlier.items()
    }
    members = [Member(pid, c.basis, c.profile) for pid, c in sorted(counted.items())]
    k = coaching_settings(uow).min_contributors
    return publish(framework, target, members, k, Source(day.source), releases), target_name


def day_row(uow: UnitOfWork, theme_day_id: int) -> ThemeDay:
    day = uow.theme_days.get(theme_day_id)
    if day is None:
        raise NotFound(f"theme day {theme_day_id}")
    return day
