"""Decision numbers that hold on small panels: item disagreement, r_wg(J), leave-one-out calibration,
self-versus-manager beyond the general difference, and ranking with ties and a coverage minimum.

Pure functions over plain values; the rules and a worked example of each are in docs/scoring.md (the
examples are tests). "Raters" are the non-self raters; ratings are per question.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from itertools import product
from typing import Generic, TypeVar

# Differences closer than this to a boundary count as on it (3.1 - 2.1 is 1.0, not 0.9999999999999998).
TOLERANCE = 1e-9
DISAGREEMENT_RANGE = 2  # an item rated this many levels apart by two raters is a disagreement
LENIENCY_FLAG = 0.5  # a rater this far from the others on average is lenient or harsh...
LENIENCY_MIN_SHARED = 3  # ...once they co-rated at least this many candidates
GENERAL_DIFFERENCE_HEADLINE = 0.5  # a self-assessment this much above or below the manager overall is said
RELATIVE_DIFFERENCE_FLAG = 1.0  # blind spot / hidden strength, beyond the general difference
INDICATIVE_RATERS = 3  # agreement among this few raters is shown as indicative
DEFAULT_MIN_COVERAGE = 0.8


# ---- 1. item disagreement ---------------------------------------------------------------------------


def item_range(values: Sequence[float]) -> float | None:
    """Highest minus lowest rating of one item; None with fewer than two raters."""
    return max(values) - min(values) if len(values) >= 2 else None


def disagrees(items: Iterable[Sequence[float]]) -> bool:
    """Whether any item (the ratings of one question by the raters who rated it) spans 2 levels or more."""
    return any((r := item_range(values)) is not None and r >= DISAGREEMENT_RANGE - TOLERANCE for values in items)


# ---- 2. agreement r_wg(J) ---------------------------------------------------------------------------


def null_variance(levels: int) -> float:
    """The variance of a uniformly random answer on a scale of `levels` levels: (A² − 1) / 12."""
    return (levels**2 - 1) / 12


def rwg_j(items: Iterable[Sequence[float]], levels: int) -> float | None:
    """r_wg(J) of James, Demaree & Wolf (1984) over the items rated by two raters or more; None if there is none.

    s̄² is the mean of the items' sample variances (n − 1); with σ² = (A² − 1)/12,
    r_wg(J) = J(1 − s̄²/σ²) / (J(1 − s̄²/σ²) + s̄²/σ²), and 0 where s̄² ≥ σ².
    """
    rated = [values for values in items if len(values) >= 2]
    if not rated:
        return None
    mean_variance = statistics.fmean(statistics.variance(values) for values in rated)
    ratio = mean_variance / null_variance(levels)
    if ratio >= 1:
        return 0.0
    j = len(rated)
    return j * (1 - ratio) / (j * (1 - ratio) + ratio)


@lru_cache(maxsize=256)
def chance_rwg_j(raters: int, items: int, levels: int) -> float:
    """The mean r_wg(J) of raters answering at random (uniform over the levels), computed exactly.

    r_wg(J) is not 0 for random answers: it is cut at 0 from below and bent by its J-item form, so two
    random raters on two items average about 0.40. This is the level an observed value is read against.
    """
    variances: Counter[float] = Counter()
    for answers in product(range(1, levels + 1), repeat=raters):
        variances[round(statistics.variance(answers), 12)] += 1
    total = levels**raters
    sums: dict[float, float] = {0.0: 1.0}  # distribution of the sum of the items' variances
    for _ in range(items):
        combined: dict[float, float] = defaultdict(float)
        for partial, p in sums.items():
            for variance, count in variances.items():
                combined[round(partial + variance, 12)] += p * count / total
        sums = combined
    sigma = null_variance(levels)
    expected = 0.0
    for total_variance, p in sums.items():
        ratio = total_variance / items / sigma
        expected += p * (0.0 if ratio >= 1 else items * (1 - ratio) / (items * (1 - ratio) + ratio))
    return expected


# ---- 3. calibration (leniency), leave-one-out ----------------------------------------------------------


class Leniency(StrEnum):
    LENIENT = "lenient"
    HARSH = "harsh"


@dataclass(frozen=True)
class Calibration:
    """One rater against the other raters of the same candidates and competences."""

    rater: str
    deviation: float | None  # mean of (own score − mean of the other raters' scores)
    shared_candidates: int  # candidates with at least one competence scored by the rater and someone else
    flag: Leniency | None  # only with |deviation| ≥ 0.5 and ≥ 3 shared candidates

    @property
    def too_few_to_judge(self) -> bool:
        """A deviation exists but rests on fewer than three shared candidates."""
        return too_few_shared(self.deviation, self.shared_candidates)


def too_few_shared(deviation: float | None, shared_candidates: int) -> bool:
    """Whether a rater's deviation exists but rests on too few shared candidates to call it leniency."""
    return deviation is not None and shared_candidates < LENIENCY_MIN_SHARED


def calibrate(scores: Mapping[tuple[Hashable, str], Mapping[str, float]]) -> list[Calibration]:
    """Leave-one-out leniency of every rater from {(candidate, competence): {rater: score}}, by rater name.

    For each candidate and competence the rater and at least one other rater scored,
    d = own score − mean of the *other* raters' scores; the deviation is the mean of d.
    """
    differences: dict[str, list[float]] = defaultdict(list)
    shared: dict[str, set[Hashable]] = defaultdict(set)
    raters: set[str] = set()
    for (candidate, _competence), by_rater in scores.items():
        raters.update(by_rater)
        if len(by_rater) < 2:
            continue
        total = sum(by_rater.values())
        for rater, own in by_rater.items():
            others = (total - own) / (len(by_rater) - 1)
            differences[rater].append(own - others)
            shared[rater].add(candidate)
    result = []
    for rater in sorted(raters):
        deviation = statistics.fmean(differences[rater]) if differences[rater] else None
        count = len(shared[rater])
        flag = None
        if deviation is not None and count >= LENIENCY_MIN_SHARED:
            if deviation >= LENIENCY_FLAG - TOLERANCE:
                flag = Leniency.LENIENT
            elif deviation <= -LENIENCY_FLAG + TOLERANCE:
                flag = Leniency.HARSH
        result.append(Calibration(rater=rater, deviation=deviation, shared_candidates=count, flag=flag))
    return result


# ---- 4. self versus manager -----------------------------------------------------------------------------


class Alignment(StrEnum):
    """How a self-assessment compares with the manager's assessment of one competence."""

    BLIND_SPOT = "blind_spot"
    HIDDEN_STRENGTH = "hidden_strength"
    ALIGNED = "aligned"


def general_difference(pairs: Iterable[tuple[float, float]]) -> float | None:
    """G: the mean of (self − manager) over the competences both scored; None if there is none."""
    differences = [own - manager for own, manager in pairs]
    return statistics.fmean(differences) if differences else None


def classify_relative(relative: float) -> Alignment:
    """Blind spot where R = (self − manager) − G ≥ 1, hidden strength where R ≤ −1, else aligned."""
    if relative >= RELATIVE_DIFFERENCE_FLAG - TOLERANCE:
        return Alignment.BLIND_SPOT
    if relative <= -RELATIVE_DIFFERENCE_FLAG + TOLERANCE:
        return Alignment.HIDDEN_STRENGTH
    return Alignment.ALIGNED


def headline_difference(general: float | None) -> float | None:
    """G when it is worth saying (|G| ≥ 0.5), else None."""
    if general is None or abs(general) < GENERAL_DIFFERENCE_HEADLINE - TOLERANCE:
        return None
    return general


# ---- 5. ranking ------------------------------------------------------------------------------------------

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class RankInput(Generic[Key]):
    """What ranking needs of one candidate."""

    key: Key
    fit: float | None
    coverage: float


@dataclass(frozen=True)
class Ranked(Generic[Key]):
    """A candidate's place: a rank (shared on equal fit) if the assessment is complete enough, else None."""

    key: Key
    rank: int | None
    complete: bool


def rank(candidates: Sequence[RankInput[Key]], min_coverage: float = DEFAULT_MIN_COVERAGE) -> list[Ranked[Key]]:
    """Complete candidates by fit, descending, with competition ranking on fit rounded to one decimal
    (1, 1, 3); then the others (coverage under the minimum, or no fit), unranked. Never alphabetical:
    candidates that share a rank keep the order they were given in."""
    complete = [c for c in candidates if c.fit is not None and c.coverage >= min_coverage - TOLERANCE]
    incomplete = [c for c in candidates if c not in complete]
    ordered = sorted(complete, key=lambda c: -round(c.fit or 0.0, 1))
    result: list[Ranked[Key]] = []
    for position, candidate in enumerate(ordered, start=1):
        tied = result and round(ordered[position - 2].fit or 0.0, 1) == round(candidate.fit or 0.0, 1)
        result.append(Ranked(candidate.key, result[-1].rank if tied else position, True))
    return result + [Ranked(c.key, None, False) for c in incomplete]


def above_target(scored: Iterable[tuple[float, int, float]]) -> float | None:
    """Σ w·max(0, score − target) / Σ w over the scored competences with a target: (score, target, weight).

    Shown beside fit (which stops at the target); never used to break ties.
    """
    weighted = total = 0.0
    for score, target, weight in scored:
        weighted += weight * max(0.0, score - target)
        total += weight
    return weighted / total if total > 0 else None
