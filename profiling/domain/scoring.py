"""The scoring engine: ratings -> competence and area scores, gaps, fit, coverage, panel consolidation.

Pure functions over the domain models; the rules are documented with a worked example in docs/scoring.md.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import Field, model_validator

from profiling.domain import agreement
from profiling.domain.agreement import Alignment
from profiling.domain.framework import Framework, TargetLevel
from profiling.domain.guide import Question
from profiling.domain.text import DataModel
from profiling.domain.validation import Location, format_location


class ScoringError(ValueError):
    """A rating that cannot be scored against its framework; `field` names the offending field."""

    field = "value"


class InvalidTarget(ScoringError):
    """A target profile names an unknown competence or a level off the scale."""

    def __init__(self, problems: list[tuple[Location, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{format_location(at)}: {message}" for at, message in problems))


class UnknownQuestion(ScoringError):
    """A rating names a question no guide of the framework has."""

    field = "question"


class UnknownCompetence(ScoringError):
    """A rating or target names a competence the framework does not have."""

    field = "competence"


class RatingOffScale(ScoringError):
    """A rating lies outside the framework's scale."""

    field = "value"


class RaterRole(StrEnum):
    """Who gave a scorecard's ratings."""

    MANAGER = "manager"
    PANEL = "panel"
    SELF = "self"


class Rating(DataModel):
    """One rating: of a question (and so its competence) or directly of a competence."""

    question: str | None = None
    competence: str | None = None
    value: int | None = Field(None, description="A level on the scale, or None for 'not assessed'.")
    note: str = ""

    @model_validator(mode="after")
    def _names_exactly_one_target(self) -> Rating:
        if (self.question is None) == (self.competence is None):
            raise ValueError("a rating names either a question or a competence")
        return self


class CompetenceScore(DataModel):
    """The score of one competence against its target."""

    competence_id: str
    score: float | None = Field(description="Weighted mean of assessed ratings; None if none.")
    target: int | None = Field(description="Target level; None if the target profile leaves it out.")
    weight: float
    gap: float | None = Field(description="score - target; None without both.")
    n_ratings: int = Field(description="Assessed ratings behind the score.")
    n_raters: int = 1
    spread: float | None = Field(None, description="Highest minus lowest rater score (panel only; information).")
    disagreement: bool = Field(
        False, description="A question of it rated 2 levels or more apart, or rated by one rater and 'not assessed' "
                           "by another (panel only)."
    )
    compared: int = Field(0, description="Its questions answered by 2 raters or more (panel only).")
    apart: int = Field(0, description="Of those, rated 2 levels or more apart.")
    unmatched: int = Field(0, description="Of those, rated by one rater and marked 'not assessed' by another.")


class AreaScore(DataModel):
    """The score of one area: the weighted mean of its scored competences."""

    area_id: str
    score: float | None
    target: float | None
    gap: float | None


class Profile(DataModel):
    """A person's scored profile against a target profile."""

    framework_id: str
    framework_version: str
    competences: list[CompetenceScore]
    areas: list[AreaScore]
    fit_low: float | None = Field(
        description="0-100, the targeted competences not scored counted at the scale's lowest level; None when no "
                    "competence with a target is scored."
    )
    fit_high: float | None = Field(description="0-100, the targeted competences not scored counted at their target.")
    coverage: float = Field(description="Share (0-1) of the target profile's weight that is scored.")
    fit_room: float = Field(0.0, description="Σ w·(target − lowest level) over the targeted competences: fit's scale.")

    def competence(self, competence_id: str) -> CompetenceScore:
        """The score of one competence; KeyError if the framework has no such competence."""
        for score in self.competences:
            if score.competence_id == competence_id:
                return score
        raise KeyError(competence_id)


class SelfVersusManager(DataModel):
    """A self-assessment beside the manager's assessment of one competence."""

    competence_id: str
    self_score: float | None
    manager_score: float | None
    difference: float | None = Field(description="self - manager (raw)")
    relative_difference: float | None = Field(
        None, description="(self - manager) - the general difference G: what stands out beyond general leniency"
    )
    alignment: Alignment | None


# One rated item of a scorecard: (item key, competence id, value). The key is the question id, or
# "competence:<id>" for a rating given to a competence directly.
Item = tuple[str, str, float]


# A question a rater marked "not assessed": (item key, competence id).
Unassessed = tuple[str, str]


class RaterProfile(DataModel):
    """One rater's scored scorecard, with the item ratings behind it (for disagreement and agreement) and the
    questions they marked "not assessed"."""

    rater: str
    role: RaterRole
    profile: Profile
    items: tuple[Item, ...] = ()
    unassessed: tuple[Unassessed, ...] = ()


class PanelProfile(DataModel):
    """Several raters' profiles of one person, consolidated."""

    consolidated: Profile
    raters: list[RaterProfile]
    self_vs_manager: list[SelfVersusManager]
    general_difference: float | None = Field(
        None, description="G: mean of (self - manager) over the competences both scored (five or more)"
    )
    self_manager_shared: int = Field(0, description="Competences both the self-assessment and the manager scored.")

    @property
    def too_few_to_separate(self) -> bool:
        """Self and manager share some competences, too few to separate a general difference from specific ones."""
        return 0 < self.self_manager_shared < agreement.GENERAL_DIFFERENCE_MIN_SHARED

    @property
    def questions(self) -> agreement.QuestionCounts:
        """The panel's questions compared and how they came out, over every competence."""
        return sum(
            (agreement.QuestionCounts(c.compared, c.compared - c.apart - c.unmatched, c.apart, c.unmatched)
             for c in self.consolidated.competences),
            agreement.QuestionCounts(),
        )


def _weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Weighted mean of (value, weight) pairs; the plain mean when all weights are 0; None when empty."""
    total = weighted = plain = 0.0
    count = 0
    for value, weight in pairs:
        total += weight
        weighted += value * weight
        plain += value
        count += 1
    if count == 0:
        return None
    return plain / count if total == 0 else weighted / total


@dataclass(frozen=True)
class Scorer:
    """Scores ratings against one framework and target profile; build once, score many scorecards."""

    framework: Framework
    target: Mapping[str, TargetLevel]
    questions: Mapping[str, Question]
    competence_ids: frozenset[str]
    # Derived once, used for every scorecard: (competence id, its target) in framework order, the
    # competence ids of each area, and the target's total weight.
    _plan: list[tuple[str, TargetLevel | None]] = field(init=False, repr=False)
    _area_plan: list[tuple[str, list[str]]] = field(init=False, repr=False)
    _target_weight: float = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_plan", [(c.id, self.target.get(c.id)) for c in self.framework.competences])
        object.__setattr__(self, "_area_plan", [(a.id, [c.id for c in a.competences]) for a in self.framework.areas])
        object.__setattr__(self, "_target_weight", sum(level.weight for level in self.target.values()))

    @classmethod
    def build(
        cls,
        framework: Framework,
        target: Mapping[str, TargetLevel] | None = None,
        questions: Iterable[Question] = (),
    ) -> Scorer:
        """A scorer for `framework`, with its default target unless `target` is given."""
        target = dict(framework.default_target if target is None else target)
        problems = framework.target_problems(target, ("target",))
        if problems:
            raise InvalidTarget(problems)
        known = frozenset(c.id for c in framework.competences)
        # A dialogue topic is never rated, so it never counts: a rating of one is an unknown question.
        return cls(framework, target, {q.id: q for q in questions if q.scored}, known)

    def resolve(self, rating: Rating) -> tuple[str, float]:
        """The (competence id, weight) a rating counts towards; a ScoringError if it does not fit."""
        if rating.question is not None:
            question = self.questions.get(rating.question)
            if question is None:
                raise UnknownQuestion(f"unknown question '{rating.question}' for '{self.framework.id}'")
            competence_id, weight = question.competence, question.weight
        else:
            assert rating.competence is not None
            competence_id, weight = rating.competence, 1.0
        if competence_id not in self.competence_ids:
            raise UnknownCompetence(f"unknown competence '{competence_id}' in '{self.framework.id}'")
        if rating.value is not None and not self.framework.scale.contains(rating.value):
            raise RatingOffScale(self.framework.scale.off_scale_message(rating.value))
        return competence_id, weight

    def score(self, ratings: Iterable[Rating]) -> Profile:
        """The profile these ratings give; raises a ScoringError on a reference or level that does not fit."""
        return self.score_with_items(ratings)[0]

    def score_with_items(self, ratings: Iterable[Rating]) -> tuple[Profile, tuple[Item, ...]]:
        """The profile and the rated items behind it (for a panel's disagreement and agreement)."""
        profile, items, _ = self._score_items(ratings)
        return profile, items

    def rater(self, rater: str, role: RaterRole, ratings: Iterable[Rating]) -> RaterProfile:
        """One rater's scorecard scored, with its rated items and its "not assessed" questions (a rating whose
        value is None)."""
        profile, items, unassessed = self._score_items(ratings)
        return RaterProfile(rater=rater, role=role, profile=profile, items=items, unassessed=unassessed)

    def _score_items(self, ratings: Iterable[Rating]) -> tuple[Profile, tuple[Item, ...], tuple[Unassessed, ...]]:
        by_competence: dict[str, list[tuple[float, float]]] = {c.id: [] for c in self.framework.competences}
        items: list[Item] = []
        unassessed: list[Unassessed] = []
        for rating in ratings:
            competence_id, weight = self.resolve(rating)
            key = rating.question if rating.question is not None else f"competence:{competence_id}"
            if rating.value is not None:
                by_competence[competence_id].append((rating.value, weight))
                items.append((key, competence_id, rating.value))
            else:
                unassessed.append((key, competence_id))
        return self._profile_of(by_competence), tuple(items), tuple(unassessed)

    def items_of(self, answers: Iterable[tuple[str, int | None]]) -> tuple[Item, ...]:
        """The rated items of (question id, value) pairs of questions this scorer knows."""
        return tuple(
            (question_id, self.questions[question_id].competence, value)
            for question_id, value in answers
            if value is not None and question_id in self.questions
        )

    def unassessed_of(self, question_ids: Iterable[str]) -> tuple[Unassessed, ...]:
        """The questions of this scorer among those marked "not assessed"."""
        return tuple((q, self.questions[q].competence) for q in question_ids if q in self.questions)

    def score_questions(self, answers: Iterable[tuple[str, int | None]]) -> Profile:
        """The profile of (question id, value) pairs, as stored scorecards hold them; the fast path of `score`.

        Same rules as `score`; answers to questions this scorer does not know are refused the same way.
        """
        by_competence: dict[str, list[tuple[float, float]]] = {c.id: [] for c in self.framework.competences}
        scale = self.framework.scale
        for question_id, value in answers:
            question = self.questions.get(question_id)
            if question is None:
                raise UnknownQuestion(f"unknown question '{question_id}' for '{self.framework.id}'")
            if value is None:
                continue
            if not scale.min_level <= value <= scale.max_level:
                raise RatingOffScale(scale.off_scale_message(value))
            bucket = by_competence.get(question.competence)
            if bucket is None:
                raise UnknownCompetence(f"unknown competence '{question.competence}' in '{self.framework.id}'")
            bucket.append((value, question.weight))
        return self._profile_of(by_competence)

    def score_many(self, scorecards: Iterable[Iterable[tuple[str, int | None]]]) -> list[Profile]:
        """`score_questions` for a batch of scorecards (e.g. a whole municipality's), in order.

        The batch allocates hundreds of thousands of small acyclic objects; the cyclic garbage collector
        would run hundreds of times for nothing, so it is paused for the batch (and resumed after).
        """
        paused = gc.isenabled()
        gc.disable()
        try:
            return [self.score_questions(answers) for answers in scorecards]
        finally:
            if paused:
                gc.enable()

    def _profile_of(self, by_competence: Mapping[str, list[tuple[float, float]]]) -> Profile:
        return self.profile_from_scores({cid: (_weighted_mean(pairs), len(pairs)) for cid, pairs in by_competence.items()})

    def profile_from_scores(
        self,
        scores: Mapping[str, tuple[float | None, int]],
        panel: Mapping[str, PanelNumbers] | None = None,
    ) -> Profile:
        """A profile from (score, n_ratings) per competence; `panel` adds the panel's numbers per competence.

        One pass over the competences computes scores, gaps, fit and coverage; this runs for every
        scorecard on every page, so it avoids repeated lookups.
        """
        minimum = self.framework.scale.min_level
        competences: list[CompetenceScore] = []
        by_id: dict[str, CompetenceScore] = {}
        shortfall = missing = room = covered = 0.0
        counted = 0
        for competence_id, target in self._plan:
            score, n_ratings = scores.get(competence_id, (None, 0))
            numbers = panel.get(competence_id) if panel else None
            n_raters = numbers.n_raters if numbers else (0 if panel else (1 if n_ratings else 0))
            level = None if target is None else target.level
            weight = 1.0 if target is None else target.weight
            gap = None if score is None or level is None else score - level
            entry = CompetenceScore(
                competence_id=competence_id,
                score=score,
                target=level,
                weight=weight,
                gap=gap,
                n_ratings=n_ratings,
                n_raters=n_raters,
                spread=numbers.spread if numbers else None,
                disagreement=numbers.questions.disagreement if numbers else False,
                compared=numbers.questions.compared if numbers else 0,
                apart=numbers.questions.apart if numbers else 0,
                unmatched=numbers.questions.unmatched if numbers else 0,
            )
            competences.append(entry)
            by_id[competence_id] = entry
            if level is not None and weight > 0:
                room += weight * (level - minimum)
                if gap is None:  # targeted, not scored: between the lowest level and the target
                    missing += weight * (level - minimum)
                else:
                    counted += 1
                    shortfall += weight * (-gap if gap < 0 else 0.0)
            if gap is not None:
                covered += weight
        fit_low = fit_high = None
        if counted:
            fit_low = 100.0 if room == 0 else min(100.0, max(0.0, 100.0 * (1 - (shortfall + missing) / room)))
            fit_high = 100.0 if room == 0 else min(100.0, max(0.0, 100.0 * (1 - shortfall / room)))
        return Profile(
            framework_id=self.framework.id,
            framework_version=self.framework.version,
            competences=competences,
            areas=self._areas(by_id),
            fit_low=fit_low,
            fit_high=fit_high,
            coverage=1.0 if self._target_weight == 0 else covered / self._target_weight,
            fit_room=room,
        )

    def _areas(self, by_id: Mapping[str, CompetenceScore]) -> list[AreaScore]:
        areas = []
        for area_id, member_ids in self._area_plan:
            members = [by_id[c] for c in member_ids]
            score = _weighted_mean((c.score, c.weight) for c in members if c.score is not None)
            target = _weighted_mean((c.target, c.weight) for c in members if c.target is not None)
            gap = None if score is None or target is None else score - target
            areas.append(AreaScore(area_id=area_id, score=score, target=target, gap=gap))
        return areas

    def consolidate(self, raters: Sequence[RaterProfile]) -> PanelProfile:
        """Consolidate several raters' profiles of one person.

        The consolidated score is the mean of the non-self raters' competence scores; the spread is their
        highest minus lowest (information). The raters are compared question by question (rule 1 of
        docs/scoring.md): within one level, two or more apart, or rated by one and "not assessed" by another; a
        competence rated directly, without questions, counts as one question. Self-assessments are compared
        with the manager's scores beyond the general difference (rule 4).
        """
        others = [r for r in raters if r.role is not RaterRole.SELF]
        items_by_competence: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        unassessed_by_competence: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for rater in others:
            for key, competence_id, value in rater.items:
                items_by_competence[competence_id][key].append(value)
            for key, competence_id in rater.unassessed:
                unassessed_by_competence[competence_id][key] += 1
        scores: dict[str, tuple[float | None, int]] = {}
        panel: dict[str, PanelNumbers] = {}
        for competence in self.framework.competences:
            given = [(r.profile.competence(competence.id)) for r in others]
            values = [c.score for c in given if c.score is not None]
            scores[competence.id] = (
                sum(values) / len(values) if values else None,
                sum(c.n_ratings for c in given),
            )
            rated = items_by_competence[competence.id]
            not_assessed = unassessed_by_competence[competence.id]
            questions = (
                [(rated.get(key, []), not_assessed.get(key, 0)) for key in {*rated, *not_assessed}]
                if rated or not_assessed else [(values, 0)]
            )
            panel[competence.id] = PanelNumbers(
                n_raters=len(values),
                spread=max(values) - min(values) if len(values) > 1 else None,
                questions=agreement.count_questions(questions),
            )
        comparisons, general = self.compare_self_with_manager(raters)
        return PanelProfile(
            consolidated=self.profile_from_scores(scores, panel),
            raters=list(raters),
            self_vs_manager=comparisons,
            general_difference=general,
            self_manager_shared=sum(1 for c in comparisons if c.difference is not None),
        )

    def compare_self_with_manager(self, raters: Sequence[RaterProfile]) -> tuple[list[SelfVersusManager], float | None]:
        """Self minus manager per competence (means where a role has several scorecards), and G.

        A competence is a blind spot or a hidden strength by its difference *beyond* the general
        difference G, so a person who rates everything half a level higher has no blind spots for that. Under
        five shared competences there is no G, and no competence is called either: only the raw differences.
        """

        def mean_for(role: RaterRole, competence_id: str) -> float | None:
            values = [
                score
                for r in raters
                if r.role is role and (score := r.profile.competence(competence_id).score) is not None
            ]
            return sum(values) / len(values) if values else None

        pairs = [
            (competence.id, mean_for(RaterRole.SELF, competence.id), mean_for(RaterRole.MANAGER, competence.id))
            for competence in self.framework.competences
        ]
        general = agreement.general_difference((own, manager) for _, own, manager in pairs if own is not None and manager is not None)
        comparisons = []
        for competence_id, own, manager in pairs:
            difference = None if own is None or manager is None else own - manager
            relative = None if difference is None or general is None else difference - general
            comparisons.append(
                SelfVersusManager(
                    competence_id=competence_id,
                    self_score=own,
                    manager_score=manager,
                    difference=difference,
                    relative_difference=relative,
                    alignment=None if relative is None else agreement.classify_relative(relative),
                )
            )
        return comparisons, general


@dataclass(frozen=True)
class PanelNumbers:
    """A panel's numbers for one competence, before they become part of its CompetenceScore."""

    n_raters: int
    spread: float | None
    questions: agreement.QuestionCounts


def score(
    framework: Framework,
    ratings: Iterable[Rating],
    target: Mapping[str, TargetLevel] | None = None,
    questions: Iterable[Question] = (),
) -> Profile:
    """Score one scorecard's ratings against `target` (the framework's default target when None)."""
    return Scorer.build(framework, target, questions).score(ratings)
