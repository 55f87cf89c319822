"""Theme days (temadag): a team's anonymous profile, its shared development themes with discussion prompts,
and the team's agreements - planned by the team's manager or an administrator, seen by the team.

The anonymity rules are the domain's (profiling.domain.theme_days): the profile is a snapshot frozen when the
manager publishes it (never recomputed), nothing per competence below k contributors or that - beside the
earlier snapshots sharing members with it - would tell about fewer than k people; no per-person values, no
minimum or maximum. k is an administrator's setting, never below 3. Until it is published, the team sees
no profile; its planners see a preview of what would be published.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from profiling.catalog import Catalog
from profiling.domain.policy import Permission, TeamFacts
from profiling.domain.theme_days import (
    Source,
    TeamMap,
    ThemeDay,
    checked_min_contributors,
)
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.coaching import COACHING_KEY, MAX_CHECK_IN_WEEKS, MAX_MIN_CONTRIBUTORS, CoachingSettings
from profiling.reads.theme_day_views import (
    ThemeDaySummary,
    compose,
    day_row,
    summaries,
    team_facts,
)
from profiling.services import access, audit, notifications
from profiling.services.actors import Actor
from profiling.services.errors import EditConflict, InvalidInput, committed
from profiling.services.inputs import NOTE_MAX, TITLE_MAX, clean_text, validate_input


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


def plan_theme_day(actor: Actor, uow: UnitOfWork, catalog: Catalog, team_id: int, data: dict[str, object]) -> ThemeDaySummary:
    """A new theme day of the team: when, which framework, and which assessments its team profile is built from."""
    facts = team_facts(uow, team_id)
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
