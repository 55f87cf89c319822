"""The municipality's settings as the administrator edits them: retention and the kassation rule, the text
candidates are told, the KLE number hiring cases are filed under, and the coaching settings (k and weeks)."""

from __future__ import annotations

from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.coaching import CoachingSettings, coaching_settings
from profiling.reads.query import EVERY_ROLE, SHARED_ONLY, query
from profiling.reads.views import View
from profiling.services import access, case_file, privacy
from profiling.services.actors import Actor


class MunicipalSettings(View):
    retention: privacy.RetentionSettings
    candidate_information: dict[str, str]  # the municipality's own text, per language (without the fixed sentence)
    kle_number: str
    coaching: CoachingSettings


@query(depends_on=[SHARED_ONLY], same_for_roles=EVERY_ROLE)
def municipal_settings(actor: Actor, uow: UnitOfWork) -> MunicipalSettings:
    """The settings in force (administrators only; settings are shared data, so any change is seen at once)."""
    access.require_admin(actor)
    return MunicipalSettings(
        retention=privacy.retention_settings(uow),
        candidate_information=privacy.candidate_information(uow, as_shown=False),
        kle_number=case_file.kle_number(uow),
        coaching=coaching_settings(uow),
    )
