"""Decision numbers that hold on small panels: per-question comparison of the raters, pooled agreement r*wg(J),
calibration (leave-one-out, or one pairwise sentence for two raters), self-versus-manager beyond the general
difference, and ranking in groups no finer than the measurement.

Pure functions over plain values; the rules and a worked example of each are in docs/scoring.md (the
examples are tests, and each statistical claim is checked by a seeded simulation). "Raters" are the non-self
raters; ratings are per question ("item").
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

# Differences closer than this to a boundary count as on it (3.1 - 2.1 is 1.0, not 0.9999999999999998).
TOLERANCE = 1e-9
DISAGREEMENT_RANGE = 2  # a question rated this many levels apart by two raters is a disagreement
LENIENCY_FLAG = 0.5  # a rater this far from the others on average is lenient or harsh...
LENIENCY_MIN_SHARED = 3  # ...once they co-rated at least this many candidates
GENERAL_DIFFERENCE_HEADLINE = 0.5  # a self-assessment this much above or below the manager overall is said
GENERAL_DIFFERENCE_MIN_SHARED = 5  # G is only separated from the specific differences over this many competences
RELATIVE_DIFFERENCE_FLAG = 1.5  # blind spot / hidden strength, beyond the general difference
POOLED_AGREEMENT_MIN_QUESTIONS = 10  # r*wg(J) rests on at least this many questions rated by two raters or more
DEFAULT_MIN_COVERAGE = 0.8
# Ranking groups: the uncertainty of one rating around what it measures (a level on the scale), used when a
# round has too few repeated ratings to estimate it, and its floor (discrete ratings are never exact).
DEFAULT_ITEM_SD = 0.75
MIN_ITEM_SD = 0.5
MIN_ITEM_SD_DEGREES = 10  # residual degrees of freedom needed to estimate it from the round itself
GROUP_Z = 1.96  # two fits closer than this many standard errors of their difference cannot be told apart


# ---- 1. the raters side by side, question by question ---------------------------------------------------


class QuestionVerdict(StrEnum):
    """How the raters of one question compare."""

    WITHIN_ONE = "within_one"  # every rater rated it, at most one level apart
    APART = "apart"  # rated two levels or more apart
    UNMATCHED = "unmatched"  # one rater rated it, another marked it "not assessed"


def item_range(values: Sequence[float]) -> float | None:
    """Highest minus lowest rating of one item; None with fewer than two raters."""
    return max(values) - min(values) if len(values) >= 2 else None


def compare_question(values: Sequence[float], not_assessed: int = 0) -> QuestionVerdict | None:
    """The verdict on one question from its ratings and how many raters marked it "not assessed"; None when it
    was not compared (fewer than two raters answered it, or none rated it)."""
    if not values or len(values) + not_assessed < 2:
        return None
    if not_assessed:
        return QuestionVerdict.UNMATCHED
    spread = item_range(values)
    assert spread is not None
    return QuestionVerdict.APART if spread >= DISAGREEMENT_RANGE - TOLERANCE else QuestionVerdict.WITHIN_ONE


@dataclass(frozen=True)
class QuestionCounts:
    """Questions compared (answered by two raters or more), and how they came out."""

    compared: int = 0
    within_one: int = 0
    apart: int = 0
    unmatched: int = 0

    @property
    def disagreement(self) -> bool:
        return bool(self.apart or self.unmatched)

    def __add__(self, other: QuestionCounts) -> QuestionCounts:
        return QuestionCounts(self.compared + other.compared, self.within_one + other.within_one,
                              self.apart + other.apart, self.unmatched + other.unmatched)


def count_questions(questions: Iterable[tuple[Sequence[float], int]]) -> QuestionCounts:
    """The verdicts of (ratings, "not assessed" count) per question, counted."""
    verdicts = [v for values, na in questions if (v := compare_question(values, na)) is not None]
    return QuestionCounts(
        compared=len(verdicts),
        within_one=verdicts.count(QuestionVerdict.WITHIN_ONE),
        apart=verdicts.count(QuestionVerdict.APART),
        unmatched=verdicts.count(QuestionVerdict.UNMATCHED),
    )


# ---- 2. pooled agreement r*wg(J) --------------------------------------------------------------------------


def null_variance(levels: int) -> float:
    """The variance of a uniformly random answer on a scale of `levels` levels: (A² − 1) / 12."""
    return (levels**2 - 1) / 12


@dataclass(frozen=True)
class PooledAgreement:
    """r*wg(J) over a set of questions, and what it rests on; `value` None: too few questions to judge."""

    value: float | None
    questions: int
    raters: int


def pooled_rwg(items: Iterable[Sequence[float]], levels: int,
               min_questions: int = POOLED_AGREEMENT_MIN_QUESTIONS) -> PooledAgreement:
    """r*wg(J) = 1 − s̄²/σ²_EU (Lindell, Brandt & Whitney 1999) over the questions rated by two raters or more.

    s̄² is the mean of the questions' sample variances (n − 1), σ²_EU = (A² − 1)/12. No Spearman-Brown step-up
    and no truncation at 0: raters answering at random get 0 on average, and a value below 0 says the raters
    disagree more than random answers would. None below `min_questions` questions.
    """
    rated = [values for values in items if len(values) >= 2]
    raters = max((len(values) for values in rated), default=0)
    if not rated or len(rated) < min_questions:
        return PooledAgreement(None, len(rated), raters)
    mean_variance = statistics.fmean(sample_variance(values) for values in rated)
    return PooledAgreement(1 - mean_variance / null_variance(levels), len(rated), raters)


def sample_variance(values: Sequence[float]) -> float:
    """The sample variance (n − 1) of two values or more, the same float statistics.variance gives.

    Ratings are whole levels: over integers the exact variance is (nΣx² − (Σx)²) / (n(n − 1)), and Python's
    division of two integers rounds it as statistics.variance rounds its exact fraction - without building
    fractions for every sum (which took a fifth of a round comparison's first build). Other values go to
    statistics.variance."""
    if not all(float(value).is_integer() for value in values):
        return statistics.variance(values)
    whole = [int(value) for value in values]
    count, total = len(whole), sum(whole)
    if count < 2:
        raise statistics.StatisticsError("variance requires at least two data points")
    return (count * sum(value * value for value in whole) - total * total) / (count * (count - 1))


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


def _flag(deviation: float | None, shared: int) -> Leniency | None:
    if deviation is None or shared < LENIENCY_MIN_SHARED:
        return None
    if deviation >= LENIENCY_FLAG - TOLERANCE:
        return Leniency.LENIENT
    if deviation <= -LENIENCY_FLAG + TOLERANCE:
        return Leniency.HARSH
    return None


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
        result.append(Calibration(rater=rater, deviation=deviation, shared_candidates=count, flag=_flag(deviation, count)))
    return result


@dataclass(frozen=True)
class PairwiseCalibration:
    """Two raters compared once: `higher` rates `difference` levels higher than `lower` on average."""

    higher: str
    lower: str
    difference: float
    shared_candidates: int

    @property
    def notable(self) -> bool:
        """Worth raising: at least half a level, over at least three shared candidates."""
        return _flag(self.difference, self.shared_candidates) is not None

    @property
    def too_few_to_judge(self) -> bool:
        return self.shared_candidates < LENIENCY_MIN_SHARED


def pairwise(calibrations: Sequence[Calibration]) -> PairwiseCalibration | None:
    """With exactly two raters who share candidates, their deviations are mirror images (d and −d): one fact
    about the pair, said once. None with any other number of raters."""
    sharing = [c for c in calibrations if c.deviation is not None]
    if len(calibrations) != 2 or len(sharing) != 2:
        return None
    first, second = sorted(sharing, key=lambda c: -(c.deviation or 0.0))
    return PairwiseCalibration(first.rater, second.rater, first.deviation or 0.0, first.shared_candidates)


# ---- 4. self versus manager -----------------------------------------------------------------------------


class Alignment(StrEnum):
    """How a self-assessment compares with the manager's assessment of one competence."""

    BLIND_SPOT = "blind_spot"
    HIDDEN_STRENGTH = "hidden_strength"
    ALIGNED = "aligned"


def general_difference(pairs: Iterable[tuple[float, float]]) -> float | None:
    """G: the mean of (self − manager) over the competences both scored; None under five of them (too few to
    separate a general difference from the specific ones)."""
    differences = [own - manager for own, manager in pairs]
    return statistics.fmean(differences) if len(differences) >= GENERAL_DIFFERENCE_MIN_SHARED else None


def classify_relative(relative: float) -> Alignment:
    """Blind spot where R = (self − manager) − G ≥ 1.5, hidden strength where R ≤ −1.5, else aligned."""
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


# ---- 5. fit and its uncertainty; ranking in groups ------------------------------------------------------


def item_sd(groups: Iterable[Sequence[float]]) -> float:
    """The uncertainty of one rating: the pooled standard deviation of the ratings of each (candidate, competence)
    around their mean - raters and questions differing - over a round; DEFAULT_ITEM_SD when there are fewer
    than MIN_ITEM_SD_DEGREES degrees of freedom, and never below MIN_ITEM_SD."""
    squares = 0.0
    degrees = 0
    for values in groups:
        if len(values) >= 2:
            mean = statistics.fmean(values)
            squares += sum((v - mean) ** 2 for v in values)
            degrees += len(values) - 1
    if degrees < MIN_ITEM_SD_DEGREES:
        return DEFAULT_ITEM_SD
    return max(MIN_ITEM_SD, math.sqrt(squares / degrees))


@dataclass(frozen=True)
class FitTerm:
    """One scored competence with a target, as the fit's uncertainty needs it."""

    score: float
    target: float
    weight: float
    variance: float  # of the score: σ² · Σ_r (1/n_r) / R² for R raters who rated n_r of its questions


def fit_standard_error(terms: Iterable[FitTerm], room: float) -> float:
    """The standard error of the lower fit bound (delta method on a smoothed shortfall): each competence moves
    fit by 100·w/room per level while it is under its target, weighted by the chance that it is (Φ)."""
    if room <= 0:
        return 0.0
    variance = 0.0
    for term in terms:
        sd = math.sqrt(term.variance)
        under = 1.0 if sd == 0 and term.score < term.target else (
            0.0 if sd == 0 else 0.5 * math.erfc(-(term.target - term.score) / (sd * math.sqrt(2)))
        )
        variance += (100 * term.weight / room * under) ** 2 * term.variance
    return math.sqrt(variance)


Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class RankInput(Generic[Key]):
    """What ranking needs of one candidate: the fit interval, its standard error, the coverage."""

    key: Key
    fit_low: float | None
    fit_high: float | None
    coverage: float
    standard_error: float = 0.0


@dataclass(frozen=True)
class Ranked(Generic[Key]):
    """A candidate's group (1 is the best; candidates of one group cannot be told apart) if the assessment is
    complete enough, else None."""

    key: Key
    group: int | None
    complete: bool


def told_apart(better: RankInput[Key], worse: RankInput[Key], z: float = GROUP_Z) -> bool:
    """Whether the lower fit bounds differ by more than z standard errors of their difference."""
    assert better.fit_low is not None and worse.fit_low is not None
    spread = math.hypot(better.standard_error, worse.standard_error)
    return better.fit_low - worse.fit_low > z * spread + TOLERANCE


def rank(candidates: Sequence[RankInput[Key]], min_coverage: float = DEFAULT_MIN_COVERAGE) -> list[Ranked[Key]]:
    """Complete candidates by the lower bound of their fit, highest first, in groups: a candidate joins the
    group of the best candidate above them unless the two can be told apart, else starts the next group.
    Then the others (coverage under the minimum, or no fit), without a group. Never alphabetical: candidates
    with equal fits keep the order they were given in."""
    complete = [c for c in candidates if c.fit_low is not None and c.coverage >= min_coverage - TOLERANCE]
    incomplete = [c for c in candidates if c not in complete]
    ordered = sorted(complete, key=lambda c: -(c.fit_low or 0.0))
    result: list[Ranked[Key]] = []
    leader: RankInput[Key] | None = None
    group = 0
    for candidate in ordered:
        if leader is None or told_apart(leader, candidate):
            leader, group = candidate, group + 1
        result.append(Ranked(candidate.key, group, True))
    return result + [Ranked(c.key, None, False) for c in incomplete]


def above_target(scored: Iterable[tuple[float, int, float]]) -> float | None:
    """Σ w·max(0, score − target) / Σ w over the scored competences with a target: (score, target, weight).

    Shown beside fit (which stops at the target); never used to order or group.
    """
    weighted = total = 0.0
    for score, target, weight in scored:
        weighted += weight * max(0.0, score - target)
        total += weight
    return weighted / total if total > 0 else None
