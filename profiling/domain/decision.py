"""A round's decision numbers from its candidates' panels: agreement per competence, rater leniency, ranking.

Pure; shared by the comparison page, the exports and `profiling compare`, so they always say the same.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

from pydantic import Field

from profiling.domain import agreement
from profiling.domain.framework import Framework
from profiling.domain.scoring import PanelProfile, Profile, RaterRole
from profiling.domain.text import DataModel


class CompetenceAgreement(DataModel):
    """How far the raters agree on one competence across a round's candidates."""

    competence_id: str
    rwg: float | None = Field(description="Mean r_wg(J) over the candidates with 2 raters or more.")
    chance: float | None = Field(description="The mean r_wg(J) the same panels would get answering at random.")
    candidates: int
    raters: int = Field(description="The largest number of raters of one candidate.")
    disagreements: int = Field(description="Candidates with a question rated 2 levels or more apart.")

    @property
    def indicative(self) -> bool:
        """With 2-3 raters r_wg(J) is an indication, not a measurement."""
        return self.raters <= agreement.INDICATIVE_RATERS


def competence_agreement(framework: Framework, panels: Sequence[PanelProfile]) -> list[CompetenceAgreement]:
    """Per competence: the mean r_wg(J) over candidates, the chance level of the same panels, disagreements.

    The chance level of a candidate uses its number of raters and of questions rated by two or more.
    """
    levels = len(framework.scale.levels)
    result = []
    for competence in framework.competences:
        values, chances, raters = [], [], 0
        for panel in panels:
            score = panel.consolidated.competence(competence.id)
            if score.rwg is None:
                continue
            values.append(score.rwg)
            chances.append(agreement.chance_rwg_j(score.n_raters, max(1, _items_rated_twice(panel, competence.id)), levels))
            raters = max(raters, score.n_raters)
        result.append(
            CompetenceAgreement(
                competence_id=competence.id,
                rwg=statistics.fmean(values) if values else None,
                chance=statistics.fmean(chances) if chances else None,
                candidates=len(values),
                raters=raters,
                disagreements=sum(p.consolidated.competence(competence.id).disagreement for p in panels),
            )
        )
    return result


def _items_rated_twice(panel: PanelProfile, competence_id: str) -> int:
    counts: dict[str, int] = defaultdict(int)
    for rater in panel.raters:
        if rater.role is not RaterRole.SELF:
            for key, competence, _value in rater.items:
                if competence == competence_id:
                    counts[key] += 1
    return sum(1 for n in counts.values() if n >= 2)


Key = TypeVar("Key", bound=Hashable)


def rater_leniency(panels: Mapping[Key, PanelProfile]) -> list[agreement.Calibration]:
    """Leave-one-out leniency of every non-self rater over the candidates' competence scores (rule 3)."""
    scores: dict[tuple[Hashable, str], dict[str, float]] = defaultdict(dict)
    for candidate, panel in panels.items():
        for rater in panel.raters:
            if rater.role is RaterRole.SELF:
                continue
            for score in rater.profile.competences:
                if score.score is not None:
                    scores[(candidate, score.competence_id)][rater.rater] = score.score
    return agreement.calibrate(scores)


def above_target(profile: Profile) -> float | None:
    """How far the scored competences with a target exceed it, weighted (rule 5; never a tie-breaker)."""
    return agreement.above_target(
        (c.score, c.target, c.weight) for c in profile.competences if c.score is not None and c.target is not None
    )


def rank_panels(panels: Mapping[Key, PanelProfile], min_coverage: float) -> list[agreement.Ranked[Key]]:
    """The candidates ranked by fit with ties shared, the incomplete ones after them, unranked (rule 5)."""
    return agreement.rank(
        [agreement.RankInput(key, p.consolidated.fit, p.consolidated.coverage) for key, p in panels.items()],
        min_coverage,
    )


class RaterCalibration(DataModel):
    """One rater's ratings over the round and their leniency against the other raters (leave-one-out)."""

    rater_name: str
    scorecards: int
    ratings: int
    mean: float | None
    spread: float | None
    deviation: float | None
    shared_candidates: int
    flag: str | None

    @property
    def too_few_to_judge(self) -> bool:
        """A deviation exists but rests on fewer than three shared candidates."""
        return agreement.too_few_shared(self.deviation, self.shared_candidates)


def calibrate_raters(
    scorecards: Iterable[tuple[str, Sequence[int | None]]], panels: Mapping[Key, PanelProfile]
) -> list[RaterCalibration]:
    """Each rater's mean and spread of ratings over their scorecards (rater name, ratings given), and their
    leave-one-out leniency against the other raters (rule 3 of docs/scoring.md), by rater name."""
    values: dict[str, list[int]] = defaultdict(list)
    counted: dict[str, int] = defaultdict(int)
    for rater_name, given in scorecards:
        counted[rater_name] += 1
        values[rater_name] += [v for v in given if v is not None]
    leniency = {c.rater: c for c in rater_leniency(panels)}
    result = []
    for name in sorted(counted):
        own = leniency.get(name)
        result.append(
            RaterCalibration(
                rater_name=name,
                scorecards=counted[name],
                ratings=len(values[name]),
                mean=statistics.fmean(values[name]) if values[name] else None,
                spread=statistics.pstdev(values[name]) if len(values[name]) > 1 else None,
                deviation=own.deviation if own else None,
                shared_candidates=own.shared_candidates if own else 0,
                flag=own.flag.value if own and own.flag else None,
            )
        )
    return result
