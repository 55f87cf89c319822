"""What a MUS (the yearly development conversation) is prepared from: per competence the self-assessment,
the manager's assessment and the target, and the reasons it is worth talking about."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from pydantic import Field

from profiling.domain.framework import Framework, TargetLevel
from profiling.domain.scoring import Alignment, PanelProfile, Profile
from profiling.domain.text import DataModel


class Reason(StrEnum):
    """Why a competence is on the agenda of the conversation."""

    BLIND_SPOT = "blind_spot"  # the employee sees themselves clearly above the manager's view
    HIDDEN_STRENGTH = "hidden_strength"  # the manager sees more than the employee does
    GAP = "gap"  # below target (the manager's score, else the self-assessment)


class PreparedCompetence(DataModel):
    """One competence as the preparation shows it."""

    competence_id: str
    self_score: float | None
    manager_score: float | None
    target: int | None
    gap: float | None = Field(description="The manager's score (else the self-assessment) minus the target.")
    difference: float | None = Field(None, description="self − manager (raw)")
    relative_difference: float | None = Field(None, description="difference − the general difference G")
    alignment: Alignment | None
    reasons: list[str] = Field(description="blind_spot, hidden_strength and/or gap")


def prepare(
    framework: Framework, target: Mapping[str, TargetLevel], panel: PanelProfile, self_profile: Profile | None
) -> list[PreparedCompetence]:
    """Every competence of the framework, in order, with its scores and the reasons to talk about it.

    `panel` consolidates the self-assessment and the manager's assessment (either may be missing);
    `self_profile` is the self-assessment's own profile.
    """
    comparisons = {c.competence_id: c for c in panel.self_vs_manager}
    prepared = []
    for competence in framework.competences:
        comparison = comparisons[competence.id]
        level = target.get(competence.id)
        basis = comparison.manager_score if comparison.manager_score is not None else comparison.self_score
        gap = None if basis is None or level is None else basis - level.level
        reasons = []
        if comparison.alignment is Alignment.BLIND_SPOT:
            reasons.append(Reason.BLIND_SPOT)
        if comparison.alignment is Alignment.HIDDEN_STRENGTH:
            reasons.append(Reason.HIDDEN_STRENGTH)
        if gap is not None and gap < 0:
            reasons.append(Reason.GAP)
        prepared.append(
            PreparedCompetence(
                competence_id=competence.id,
                self_score=self_profile.competence(competence.id).score if self_profile else None,
                manager_score=comparison.manager_score,
                target=level.level if level else None,
                gap=gap,
                difference=comparison.difference,
                relative_difference=comparison.relative_difference,
                alignment=comparison.alignment,
                reasons=[r.value for r in reasons],
            )
        )
    return prepared
