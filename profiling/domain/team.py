"""A team seen as a whole: whose assessment counts for each member, the team average, and the competences
where the team as a whole falls short (candidates for a shared competence boost)."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from profiling.domain.framework import Framework
from profiling.domain.interviews import Interview
from profiling.domain.scoring import Profile, RaterRole, Scorer
from profiling.domain.text import DataModel


class TrainingNeed(DataModel):
    """A competence where the team as a whole falls short: a candidate for a shared competence boost."""

    competence_id: str
    mean_gap: float
    below_target: int
    scored: int


def latest_assessments(rows: Sequence[Interview], self_assessed: bool = False) -> dict[int, Interview]:
    """Per person, the newest completed assessment outside rounds: by someone else (a manager's
    conversation), or - for a framework mapped by self-assessment only - the person's own."""
    wanted_role = RaterRole.SELF if self_assessed else None
    latest: dict[int, Interview] = {}
    for row in rows:
        if row.round_id is not None or row.completed_at is None:
            continue
        if (row.rater_role == RaterRole.SELF) != (wanted_role is RaterRole.SELF):
            continue
        current = latest.get(row.person_id)
        if current is None or (row.completed_at, row.id) > (current.completed_at, current.id):
            latest[row.person_id] = row
    return latest


def average_profile(scorer: Scorer, profiles: Sequence[Profile]) -> Profile:
    """The team average: per competence the mean of the members' scores (members without one left out)."""
    scores = {}
    for competence in scorer.framework.competences:
        values = [s for p in profiles if (s := p.competence(competence.id).score) is not None]
        scores[competence.id] = (statistics.fmean(values) if values else None, len(values))
    return scorer.profile_from_scores(scores)


def training_needs(framework: Framework, profiles: Sequence[Profile], limit: int = 5) -> list[TrainingNeed]:
    """Competences ranked by the members' mean gap, largest shortfall first (only those below target)."""
    needs = []
    for competence in framework.competences:
        gaps = [g for p in profiles if (g := p.competence(competence.id).gap) is not None]
        if gaps and statistics.fmean(gaps) < 0:
            needs.append(
                TrainingNeed(
                    competence_id=competence.id,
                    mean_gap=statistics.fmean(gaps),
                    below_target=sum(1 for g in gaps if g < 0),
                    scored=len(gaps),
                )
            )
    return sorted(needs, key=lambda n: (n.mean_gap, -n.below_target))[:limit]
