"""Target profiles: the level and weight expected per competence for a position."""

from __future__ import annotations

from profiling.catalog import Catalog
from profiling.domain.framework import Framework, TargetLevel
from profiling.persistence.rows import TargetProfileRow
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services.actors import Actor
from profiling.services.views import TargetProfileView


def target_view(row: TargetProfileRow) -> TargetProfileView:
    return TargetProfileView(
        id=row.id,
        name=row.name,
        version=row.version,
        framework_id=row.framework_id,
        levels={cid: TargetLevel.model_validate(level) for cid, level in row.levels.items()},
    )


def target_of(uow: UnitOfWork, framework: Framework, target_profile_id: int | None) -> tuple[dict[str, TargetLevel], str | None]:
    """The target levels (and the profile's name) an assessment is scored against."""
    if target_profile_id is not None:
        row = uow.targets.get(target_profile_id)
        if row is not None:
            view = target_view(row)
            return view.levels, f"{view.name} (v{view.version})"
    return dict(framework.default_target), None


def ensure_default_targets(uow: UnitOfWork, catalog: Catalog) -> None:
    """Store each framework's default target as a named profile, version 1, unless one exists."""
    for framework in catalog.frameworks.values():
        name = f"{framework.title.da} (standard)"
        if uow.targets.latest(name) is None:
            uow.targets.add(
                TargetProfileRow(
                    name=name,
                    version=1,
                    framework_id=framework.id,
                    levels={cid: t.model_dump() for cid, t in framework.default_target.items()},
                    created_at=uow.now(),
                )
            )
    uow.commit()


def list_target_profiles(actor: Actor, uow: UnitOfWork, framework_id: str | None = None) -> list[TargetProfileView]:
    """The newest version of every target profile (of one framework, if given)."""
    newest: dict[str, TargetProfileRow] = {}
    for row in uow.targets.all():
        if framework_id is None or row.framework_id == framework_id:
            newest.setdefault(row.name, row)
    return [target_view(row) for row in newest.values()]
