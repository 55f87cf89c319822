"""Target profiles: the level and weight expected per competence for a position."""

from __future__ import annotations

from collections.abc import Mapping

from profiling.catalog import Catalog, UnknownFramework
from profiling.domain.framework import TargetLevel
from profiling.domain.guide import GuideMode
from profiling.domain.records import TargetProfile
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.target_levels import default_name, target_view
from profiling.reads.views import TargetProfileView
from profiling.services import access, audit
from profiling.services.actors import Actor
from profiling.services.errors import InvalidInput, NotFound
from profiling.services.inputs import NAME_MAX, clean_text


def ensure_default_targets(uow: UnitOfWork, catalog: Catalog) -> None:
    """Store each framework's default target as a named profile, version 1, unless one exists."""
    for framework in catalog.frameworks.values():
        name = default_name(framework)
        if uow.targets.latest(name) is None:
            uow.targets.add(
                TargetProfile(
                    name=name,
                    version=1,
                    framework_id=framework.id,
                    levels={cid: t.model_dump() for cid, t in framework.default_target.items()},
                    created_at=uow.now(),
                )
            )
    uow.commit()


def save_target_profile(
    actor: Actor,
    uow: UnitOfWork,
    catalog: Catalog,
    name: str,
    framework_id: str,
    levels: Mapping[str, tuple[int, float]],
) -> TargetProfileView:
    """Store a target profile for a position. Saving under an existing name creates its next version;
    interviews, plans and rounds keep the version they were made with."""
    access.require_admin(actor)
    name = clean_text(name)
    if not name or len(name) > NAME_MAX:
        raise InvalidInput("name", "error.required" if not name else "error.too_long", max=NAME_MAX)
    try:
        framework = catalog.framework(framework_id)
    except UnknownFramework:
        raise InvalidInput("framework_id", "error.invalid") from None
    target = {cid: TargetLevel(level=level, weight=weight) for cid, (level, weight) in levels.items()}
    problems = framework.target_problems(target, ("levels",))
    if problems or not target:
        raise InvalidInput("levels", "error.invalid_target")
    latest = uow.targets.latest(name)
    if latest is not None and latest.framework_id != framework.id:
        raise InvalidInput("name", "error.target_name_taken")
    row = TargetProfile(
        name=name,
        version=1 if latest is None else latest.version + 1,
        framework_id=framework.id,
        levels={cid: t.model_dump() for cid, t in target.items()},
        created_at=uow.now(),
    )
    uow.targets.add(row)
    uow.flush()
    audit.record(uow, actor, "target.save", subject=f"target:{row.id}", version=row.version)
    view = target_view(row)
    uow.commit()
    return view


def assign_team_target(actor: Actor, uow: UnitOfWork, catalog: Catalog, team_id: int, target_profile_id: int | None) -> None:
    """The target profile (version) a team's new conversations are held against; None for the default. Only a
    profile of a framework the team's development conversations use (one with a development guide)."""
    access.require_admin(actor)
    team = uow.teams.get(team_id)
    if team is None:
        raise NotFound(f"team {team_id}")
    row = uow.targets.get(target_profile_id) if target_profile_id is not None else None
    if target_profile_id is not None and row is None:
        raise InvalidInput("target_profile_id", "error.invalid")
    if row is not None and not catalog.guides_for(row.framework_id, GuideMode.DEVELOPMENT):
        raise InvalidInput("target_profile_id", "error.target_not_for_teams")
    team.target_profile_id = target_profile_id
    audit.record(uow, actor, "team.target", subject=f"team:{team_id}", target=target_profile_id)
    uow.commit()


