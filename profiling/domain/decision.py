"""A round's decision numbers from its candidates' panels: pooled agreement, rater leniency, ranking in groups.

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
    """How far the raters agree on one competence across a round's candidates, question by question."""

    competence_id: str
    rwg: float | None = Field(description="Pooled r*wg(J) over its questions rated by 2 raters or more; None: too few.")
    questions: int = Field(description="Questions (candidate × question) rated by 2 raters or more behind it.")
    raters: int = Field(description="The largest number of raters of one question.")
    candidates: int = Field(description="Candidates with at least one of its questions compared.")
    disagreements: int = Field(description="Candidates with a question rated 2 levels or more apart, or unmatched.")


def _items(panel: PanelProfile) -> dict[str, dict[str, list[float]]]:
    """The non-self raters' ratings per competence and question of one candidate."""
    found: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for rater in panel.raters:
        if rater.role is not RaterRole.SELF:
            for key, competence, value in rater.items:
                found[competence][key].append(value)
    return found


def competence_agreement(framework: Framework, panels: Sequence[PanelProfile]) -> list[CompetenceAgreement]:
    """Per competence: the pooled r*wg(J) over every candidate's questions rated by two raters or more (rule 2),
    and how many candidates have a disagreement on it (rule 1)."""
    levels = len(framework.scale.levels)
    items = [_items(panel) for panel in panels]
    result = []
    for competence in framework.competences:
        questions = [values for found in items for values in found.get(competence.id, {}).values()]
        pooled = agreement.pooled_rwg(questions, levels)
        result.append(
            CompetenceAgreement(
                competence_id=competence.id, rwg=pooled.value, questions=pooled.questions, raters=pooled.raters,
                candidates=sum(1 for p in panels if p.consolidated.competence(competence.id).compared),
                disagreements=sum(p.consolidated.competence(competence.id).disagreement for p in panels),
            )
        )
    return result


def round_agreement(framework: Framework, panels: Sequence[PanelProfile]) -> agreement.PooledAgreement:
    """The round's pooled r*wg(J) over every question of every candidate rated by two raters or more (rule 2)."""
    return agreement.pooled_rwg(
        [values for panel in panels for found in _items(panel).values() for values in found.values()],
        len(framework.scale.levels),
    )


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


def fit_standard_errors(panels: Mapping[Key, PanelProfile]) -> dict[Key, float]:
    """The standard error of each candidate's lower fit bound (rule 5): the rating uncertainty σ pooled over the
    round's candidates, each consolidated competence score's variance σ²·Σ_r(1/n_r)/R² from how many of its
    questions each of its R raters rated, through the delta method of `agreement.fit_standard_error`."""
    items = {key: _items(panel) for key, panel in panels.items()}
    sd = agreement.item_sd(
        [value for values in found.values() for value in values]
        for by_competence in items.values() for found in by_competence.values()
    ) if items else agreement.DEFAULT_ITEM_SD
    errors = {}
    for key, panel in panels.items():
        counts: dict[str, list[int]] = defaultdict(list)
        for rater in panel.raters:
            if rater.role is not RaterRole.SELF:
                per_competence: dict[str, int] = defaultdict(int)
                for _key, competence, _value in rater.items:
                    per_competence[competence] += 1
                for competence, n in per_competence.items():
                    counts[competence].append(n)
        terms = [
            agreement.FitTerm(c.score, c.target, c.weight, sd**2 * sum(1 / n for n in counts[c.competence_id]) / len(counts[c.competence_id]) ** 2)
            for c in panel.consolidated.competences
            if c.score is not None and c.target is not None and c.weight > 0 and counts.get(c.competence_id)
        ]
        errors[key] = agreement.fit_standard_error(terms, panel.consolidated.fit_room)
    return errors


def rank_panels(panels: Mapping[Key, PanelProfile], min_coverage: float) -> list[agreement.Ranked[Key]]:
    """The candidates in groups by the lower bound of their fit, the incomplete ones after them (rule 5)."""
    errors = fit_standard_errors(panels)
    return agreement.rank(
        [
            agreement.RankInput(key, p.consolidated.fit_low, p.consolidated.fit_high, p.consolidated.coverage, errors[key])
            for key, p in panels.items()
        ],
        min_coverage,
    )


def pairwise_calibration(panels: Mapping[Key, PanelProfile]) -> agreement.PairwiseCalibration | None:
    """With exactly two raters: how much higher one rates than the other, over their shared candidates (rule 3)."""
    return agreement.pairwise(rater_leniency(panels))


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
    calibrations = rater_leniency(panels)
    leniency = {c.rater: c for c in calibrations}
    two = agreement.pairwise(calibrations) is not None  # said once, as a fact about the pair (rule 3)
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
                flag=own.flag.value if own and own.flag and not two else None,
            )
        )
    return result
