"""A theme day as its page shows it: the team's anonymous profile, its themes, prompts and agreements."""

from __future__ import annotations

from profiling.catalog import Catalog
from profiling.domain import policy
from profiling.domain.policy import Permission, TeamFacts
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.query import Audited, Depends, query
from profiling.services import access
from profiling.services.actors import Actor
from profiling.services.theme_days import ThemeDayView, compose, day_row, prompts_for, summaries

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
