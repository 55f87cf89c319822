"""Target profiles as reads see them: the levels an assessment is scored against, and the list of profiles."""

from __future__ import annotations

from collections.abc import Iterable

from profiling.domain.framework import Framework, TargetLevel
from profiling.domain.records import TargetProfile
from profiling.domain.text import Language
from profiling.i18n import translate
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.query import EVERY_ROLE, SHARED_ONLY, query
from profiling.reads.views import TargetProfileView
from profiling.services import access
from profiling.services.actors import Actor


def target_view(row: TargetProfile) -> TargetProfileView:
    return TargetProfileView(
        id=row.id,
        name=row.name,
        version=row.version,
        framework_id=row.framework_id,
        levels={cid: TargetLevel.model_validate(level) for cid, level in row.levels.items()},
    )


def target_of(uow: UnitOfWork, framework: Framework, target_profile_id: int | None) -> tuple[dict[str, TargetLevel], str | None]:
    """The target levels (and the profile's name) an assessment is scored against: the framework's default when
    the profile is missing or belongs to another framework (see misfitting_target: a page says so, never fails)."""
    if target_profile_id is not None:
        row = uow.targets.get(target_profile_id)
        if row is not None and row.framework_id == framework.id:
            view = target_view(row)
            return view.levels, f"{view.name} (v{view.version})"
    return dict(framework.default_target), None


def misfitting_target(uow: UnitOfWork, framework: Framework, target_profile_id: int | None) -> str | None:
    """The name of the assigned target profile when it belongs to another framework than `framework` (then the
    default target stands in), else None."""
    row = uow.targets.get(target_profile_id) if target_profile_id is not None else None
    return f"{row.name} (v{row.version})" if row is not None and row.framework_id != framework.id else None


def default_name(framework: Framework) -> str:
    """The stored name of a framework's built-in target profile (Danish: it is data, kept as created)."""
    return f"{framework.title.da} (standard)"


def shown_name(name: str, frameworks: Iterable[Framework], language: Language) -> str:
    """A target profile's name as the user's language shows it: a built-in one (of one of `frameworks`) in that
    language, one an administrator named as it was named."""
    for framework in frameworks:
        builtin = default_name(framework)
        if name == builtin or name.startswith(builtin + " (v"):  # with or without its version
            shown = f"{framework.title.in_language(language)} ({translate('targets.builtin', language)})"
            return shown + name.removeprefix(builtin)
    return name


@query(depends_on=[SHARED_ONLY], same_for_roles=EVERY_ROLE)
def list_target_profiles(actor: Actor, uow: UnitOfWork, framework_id: str | None = None) -> list[TargetProfileView]:
    """The newest version of every target profile (of one framework, if given); not for employees."""
    access.require_may_manage_people(actor)
    newest: dict[str, TargetProfile] = {}
    for row in uow.targets.all():
        if framework_id is None or row.framework_id == framework_id:
            newest.setdefault(row.name, row)
    return [target_view(row) for row in newest.values()]
