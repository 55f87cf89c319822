"""Theme days (temadag): a team's anonymous profile, its shared development themes with discussion prompts,
and the team's agreements - planned by the team's manager or an administrator, seen by the team.

The anonymity rules are the domain's (profiling.domain.theme_days): the profile is a snapshot frozen when the
manager publishes it (never recomputed), nothing per competence below k contributors or that - beside the
earlier snapshots sharing members with it - would tell about fewer than k people; no per-person values, no
minimum or maximum. k is an administrator's setting, never below 3. Until it is published, the team sees
no profile; its planners see a preview of what would be published.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from profiling.catalog import Catalog
from profiling.domain import policy
from profiling.domain.framework import Framework
from profiling.domain.guide import GuideMode
from profiling.domain.policy import Permission, TeamFacts
from profiling.domain.text import LocalizedText
from profiling.domain.theme_days import (
    DEFAULT_MIN_CONTRIBUTORS,
    MIN_CONTRIBUTORS_FLOOR,
    Member,
    Publication,
    Release,
    Source,
    TeamMap,
    ThemeDay,
    checked_min_contributors,
    publish,
)
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.query import SHARED_ONLY, query, team
from profiling.reads.team import member_profiles
from profiling.services import access, audit, notifications
from profiling.services.actors import Actor
from profiling.services.errors import EditConflict, InvalidInput, NotFound, committed
from profiling.services.inputs import NOTE_MAX, TITLE_MAX, clean_text, validate_input
from profiling.services.people import team_views
from profiling.services.targets import target_of
from profiling.services.views import TeamView, View

COACHING_KEY = "coaching"
MAX_MIN_CONTRIBUTORS = 50
DEFAULT_CHECK_IN_WEEKS = 4
MAX_CHECK_IN_WEEKS = 26


class CoachingSettings(View):
    """The administrator's settings of the shared half: k of the anonymous team profile, and after how many
    weeks without a check-in a plan goal is listed for its manager."""

    min_contributors: int = Field(DEFAULT_MIN_CONTRIBUTORS, ge=MIN_CONTRIBUTORS_FLOOR, le=MAX_MIN_CONTRIBUTORS)
    check_in_weeks: int = Field(DEFAULT_CHECK_IN_WEEKS, ge=1, le=MAX_CHECK_IN_WEEKS)


def coaching_settings(uow: UnitOfWork) -> CoachingSettings:
    """The settings in force (k = 5 and 4 weeks unless an administrator changed them)."""
    stored = uow.settings.value(COACHING_KEY)
    return CoachingSettings.model_validate(stored) if stored else CoachingSettings()


def set_coaching_settings(actor: Actor, uow: UnitOfWork, min_contributors: int, check_in_weeks: int) -> CoachingSettings:
    """Change k (never below 3) and the check-in period (1 to 26 weeks)."""
    access.require_admin(actor)
    checked_min_contributors(min_contributors)
    if not 1 <= check_in_weeks <= MAX_CHECK_IN_WEEKS:
        raise InvalidInput("check_in_weeks", "error.check_in_weeks_range", max=MAX_CHECK_IN_WEEKS)
    if min_contributors > MAX_MIN_CONTRIBUTORS:
        raise InvalidInput("min_contributors", "error.k_too_large", max=MAX_MIN_CONTRIBUTORS)
    settings = CoachingSettings(min_contributors=min_contributors, check_in_weeks=check_in_weeks)
    uow.settings.store(COACHING_KEY, settings.model_dump(), uow.now())
    audit.record(uow, actor, "settings.coaching", k=min_contributors, weeks=check_in_weeks)
    uow.commit()
    return settings


class ThemeDayInput(BaseModel):
    """What a manager types to plan a theme day."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, StringConstraints(min_length=1, max_length=TITLE_MAX)]
    held_on: date
    framework_id: str
    source: Source = Source.MANAGER


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


def _team_facts(uow: UnitOfWork, team_id: int) -> TeamFacts:
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
    facts = _team_facts(uow, team_id)
    access.require(actor, Permission.SEE_THEME_DAY, access.relations(actor, uow), facts)
    return summaries(uow, uow.theme_days.of_team(team_id))


def plan_theme_day(actor: Actor, uow: UnitOfWork, catalog: Catalog, team_id: int, data: dict[str, object]) -> ThemeDaySummary:
    """A new theme day of the team: when, which framework, and which assessments its team profile is built from."""
    facts = _team_facts(uow, team_id)
    access.require(actor, Permission.PLAN_THEME_DAY, access.relations(actor, uow), facts)
    planned = validate_input(ThemeDayInput, data)
    if planned.framework_id not in catalog.frameworks:
        raise InvalidInput("framework_id", "error.invalid")
    members = {m.id for m in uow.people.in_teams([team_id])}
    earlier = uow.theme_days.releases_near(planned.framework_id, members, leave_out=0)
    if any(Source(source) is not planned.source and person in members for _, source, _, person, _ in earlier):
        # Two sources over the same people differ by exactly the members one has and the other lacks.
        raise InvalidInput("source", "error.theme_day_source_fixed")
    day = ThemeDay(
        team_id=team_id, title=planned.title, held_on=planned.held_on, framework_id=planned.framework_id,
        source=planned.source, planned_by_id=actor.user_id, created_at=uow.now(),
    )
    uow.theme_days.add(day)
    uow.flush()
    audit.record(uow, actor, "theme_day.plan", subject=f"theme_day:{day.id}")
    accounts = [p.user_id for p in uow.people.in_teams([team_id]) if p.user_id is not None]
    notifications.theme_day_planned(uow, day.id, day.title, day.held_on, accounts)
    return committed(uow, lambda: summaries(uow, [day])[0], lambda: None)


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


def publish_theme_day(actor: Actor, uow: UnitOfWork, catalog: Catalog, theme_day_id: int, expected_version: int) -> ThemeDaySummary:
    """Freeze the team profile as the team will see it (its manager or an administrator); it never changes after."""
    day = day_row(uow, theme_day_id)
    access.require(actor, Permission.PLAN_THEME_DAY, access.relations(actor, uow), TeamFacts(id=day.team_id))
    if day.version != expected_version:
        raise EditConflict(summaries(uow, [day])[0])
    uow.theme_days.lock_publishing()
    take_snapshot(uow, catalog, day)
    audit.record(uow, actor, "theme_day.publish", subject=f"theme_day:{day.id}")
    return committed(uow, lambda: summaries(uow, [day])[0], lambda: summaries(uow, [uow.theme_days.one(theme_day_id)])[0])


def take_snapshot(uow: UnitOfWork, catalog: Catalog, day: ThemeDay) -> TeamMap:
    """Publish the day's team profile in the unit of work (not committed): the frozen map, and which values
    stand behind each competence shown (for the checks of later snapshots)."""
    publication, target_name = compose(uow, catalog, day)
    day.publish(publication.team_map, target_name, uow.now())
    uow.theme_days.add_releases(day.id, publication.released)
    return publication.team_map


class AgreementInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    competence_id: str
    text: Annotated[str, StringConstraints(max_length=NOTE_MAX)] = ""
    follow_up_on: date | None = None


def save_agreements(
    actor: Actor, uow: UnitOfWork, catalog: Catalog, theme_day_id: int, agreements: list[dict[str, object]], expected_version: int
) -> ThemeDaySummary:
    """The team's agreements of the day: a text per theme with a follow-up date (empty texts are dropped)."""
    day = day_row(uow, theme_day_id)
    access.require(actor, Permission.PLAN_THEME_DAY, access.relations(actor, uow), TeamFacts(id=day.team_id))
    if day.version != expected_version:
        raise EditConflict(summaries(uow, [day])[0])
    known = {c.id for c in catalog.framework(day.framework_id).competences}
    checked = []
    for i, raw in enumerate(agreements):
        item = validate_input(AgreementInput, raw)
        if item.competence_id not in known:
            raise InvalidInput(f"agreements[{i}]", "error.invalid")
        checked.append((item.competence_id, clean_text(item.text), item.follow_up_on))
    day.agree(checked, uow.now())
    audit.record(uow, actor, "theme_day.agree", subject=f"theme_day:{day.id}", agreements=len(day.agreements))
    return committed(uow, lambda: summaries(uow, [day])[0], lambda: summaries(uow, [uow.theme_days.one(theme_day_id)])[0])
