"""The JSON scorecard format read by `profiling score`, and the scored result it prints."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints, ValidationError, model_validator

from profiling.catalog import Catalog, InputTooLarge, UnknownFramework, read_limited
from profiling.domain import decision
from profiling.domain.agreement import DEFAULT_MIN_COVERAGE
from profiling.domain.framework import Framework, TargetLevel
from profiling.domain.scoring import (
    PanelProfile,
    Profile,
    RaterProfile,
    RaterRole,
    Rating,
    Scorer,
    ScoringError,
)
from profiling.domain.validation import format_location

_DIGITS = 3
MAX_SCORECARD_BYTES = 2_000_000  # a scorecard is a few kilobytes; never read a stream or device to its end
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Note = Annotated[str, StringConstraints(max_length=4000)]


class ScorecardInputError(ValueError):
    """A scorecard file that cannot be scored; the message names the file and the field."""


class RatingEntry(BaseModel):
    """One rating in a scorecard file."""

    model_config = ConfigDict(extra="forbid")

    question: str | None = None
    competence: str | None = None
    rating: StrictInt | None = Field(description="Level on the scale, or null for 'not assessed'.")
    note: Note = ""

    @model_validator(mode="after")
    def _names_exactly_one(self) -> RatingEntry:
        if (self.question is None) == (self.competence is None):
            raise ValueError("give either 'question' or 'competence'")
        return self


class ScorecardFile(BaseModel):
    """A scorecard as JSON: who rated, and the ratings."""

    model_config = ConfigDict(extra="forbid")

    framework: str
    person: Name | None = Field(None, description="Who is assessed; required by `profiling compare`.")
    rater: Name
    rater_role: RaterRole
    ratings: Annotated[list[RatingEntry], Field(min_length=1)]
    target: dict[str, TargetLevel] | None = None


@dataclass(frozen=True)
class ReadScorecard:
    """A scorecard file read and checked against the catalog."""

    path: Path
    card: ScorecardFile
    framework: Framework
    ratings: list[Rating]


def read_scorecard(path: Path, catalog: Catalog) -> ReadScorecard:
    """Read one scorecard file; ScorecardInputError names the file and the offending field."""
    try:
        data = json.loads(read_limited(path, MAX_SCORECARD_BYTES))
    except InputTooLarge as error:
        raise ScorecardInputError(f"{path}: not accepted: {error}") from None
    except OSError as error:
        raise ScorecardInputError(f"{path}: cannot read the file: {error.strerror or error}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ScorecardInputError(f"{path}: not valid JSON: {error}") from None
    except RecursionError:
        raise ScorecardInputError(f"{path}: not accepted: nested too deeply") from None
    try:
        card = ScorecardFile.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = format_location(tuple(first["loc"])) or "<file>"
        raise ScorecardInputError(f"{path}: {where}: {first['msg'].removeprefix('Value error, ')}") from None
    try:
        framework = catalog.framework(card.framework)
    except UnknownFramework as error:
        raise ScorecardInputError(f"{path}: framework: {error}") from None
    if card.target is not None:
        problems = framework.target_problems(card.target, ("target",))
        if problems:
            location, message = problems[0]
            raise ScorecardInputError(f"{path}: {format_location(location)}: {message}")
        if card.target and all(level.weight == 0 for level in card.target.values()):  # fit would weigh nothing
            raise ScorecardInputError(f"{path}: target: every weight is 0: give at least one competence a weight above 0")
    scorer = Scorer.build(framework, card.target, catalog.questions(framework.id).values())
    ratings = []
    seen: dict[tuple[str, str], int] = {}
    for i, entry in enumerate(card.ratings):
        item = ("question", entry.question) if entry.question is not None else ("competence", entry.competence or "")
        if item in seen:  # two values for one item would both count, as if two raters had given them
            raise ScorecardInputError(f"{path}: ratings[{i}]: {item[0]} '{item[1]}' is rated again (first in ratings[{seen[item]}])")
        seen[item] = i
        rating = Rating(question=entry.question, competence=entry.competence, value=entry.rating, note=entry.note)
        try:
            scorer.resolve(rating)
        except ScoringError as error:
            field = "rating" if error.field == "value" else error.field
            raise ScorecardInputError(f"{path}: ratings[{i}].{field}: {error}") from None
        ratings.append(rating)
    return ReadScorecard(path, card, framework, ratings)


def score_files(paths: list[Path], catalog: Catalog) -> dict[str, Any]:
    """Score one or several scorecards of the same person; the JSON document `profiling score` prints."""
    cards = [read_scorecard(path, catalog) for path in paths]
    first = cards[0]
    _same_framework_and_target(cards)
    # read_scorecard has checked the target, so building the scorer cannot fail here.
    scorer = Scorer.build(first.framework, first.card.target, catalog.questions(first.framework.id).values())
    profiles = [rater_profile(scorer, c) for c in cards]
    if len(profiles) == 1:
        return profile_document(profiles[0].profile, [first])
    return panel_document(scorer.consolidate(profiles), cards)


def rater_profile(scorer: Scorer, card: ReadScorecard) -> RaterProfile:
    """One scorecard scored, with the item ratings (and "not assessed" questions) a panel is compared on."""
    return scorer.rater(card.card.rater, card.card.rater_role, card.ratings)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, _DIGITS)


def profile_document(profile: Profile, cards: list[ReadScorecard], panel: PanelProfile | None = None) -> dict[str, Any]:
    """A scored profile as a JSON-ready dict (rounded to 3 decimals)."""
    competences: dict[str, Any] = {}
    comparisons = {c.competence_id: c for c in panel.self_vs_manager} if panel else {}
    for c in profile.competences:
        entry: dict[str, Any] = {
            "score": _round(c.score),
            "target": c.target,
            "gap": _round(c.gap),
            "n_ratings": c.n_ratings,
        }
        if panel is not None:
            comparison = comparisons[c.competence_id]
            entry |= {
                "n_raters": c.n_raters,
                "spread": _round(c.spread),
                "disagreement": c.disagreement,
                "questions_compared": c.compared,
                "questions_apart": c.apart,
                "questions_unmatched": c.unmatched,
                "self_vs_manager": {
                    "self": _round(comparison.self_score),
                    "manager": _round(comparison.manager_score),
                    "difference": _round(comparison.difference),
                    "relative_difference": _round(comparison.relative_difference),
                    "classification": None if comparison.alignment is None else comparison.alignment.value,
                },
            }
        competences[c.competence_id] = entry
    return {
        "framework": profile.framework_id,
        "framework_version": profile.framework_version,
        "raters": [
            {"file": str(card.path), "rater": card.card.rater, "rater_role": card.card.rater_role.value}
            for card in cards
        ],
        "competences": competences,
        "areas": {
            a.area_id: {"score": _round(a.score), "target": _round(a.target), "gap": _round(a.gap)}
            for a in profile.areas
        },
        "fit_low": _round(profile.fit_low),
        "fit_high": _round(profile.fit_high),
        "coverage": _round(profile.coverage),
    }


def question_counts(panel: PanelProfile) -> dict[str, int]:
    """Rule 1's counts of a panel: questions compared, within one level, two or more apart, unmatched."""
    counts = panel.questions
    return {"compared": counts.compared, "within_one": counts.within_one, "apart": counts.apart,
            "unmatched": counts.unmatched}


def panel_document(panel: PanelProfile, cards: list[ReadScorecard]) -> dict[str, Any]:
    """A consolidated panel profile as a JSON-ready dict, with the general self-versus-manager difference G."""
    return profile_document(panel.consolidated, cards, panel) | {
        "general_difference": _round(panel.general_difference),
        "too_few_to_separate": panel.too_few_to_separate,
        "questions": question_counts(panel),
    }


def _same_framework_and_target(cards: list[ReadScorecard]) -> None:
    first = cards[0]
    for card in cards[1:]:
        if card.framework.id != first.framework.id:
            raise ScorecardInputError(
                f"{card.path}: framework: '{card.framework.id}' differs from '{first.framework.id}' in {first.path}"
            )
        if card.card.target != first.card.target:
            raise ScorecardInputError(f"{card.path}: target: differs from the target in {first.path}")


def compare_files(paths: list[Path], catalog: Catalog, min_coverage: float = DEFAULT_MIN_COVERAGE) -> dict[str, Any]:
    """Scorecards of several candidates of one round -> groups, agreement, disagreements and calibration.

    The document `profiling compare` prints; the same rules as the comparison page (docs/scoring.md).
    """
    if not 0 <= min_coverage <= 1:
        raise ScorecardInputError(f"--min-coverage: must lie between 0 and 1, not {min_coverage}")
    cards = [read_scorecard(path, catalog) for path in paths]
    for card in cards:
        if not card.card.person:
            raise ScorecardInputError(f"{card.path}: person: required by compare (who the scorecard is about)")
    _same_framework_and_target(cards)
    first = cards[0]
    scorer = Scorer.build(first.framework, first.card.target, catalog.questions(first.framework.id).values())
    by_person: dict[str, list[RaterProfile]] = {}
    for card in cards:
        by_person.setdefault(str(card.card.person), []).append(rater_profile(scorer, card))
    panels = {person: scorer.consolidate(raters) for person, raters in by_person.items()}
    ranking = decision.rank_panels(panels, min_coverage)
    errors = decision.fit_standard_errors(panels)
    pooled = decision.round_agreement(first.framework, list(panels.values()))
    pair = decision.pairwise_calibration(panels)
    return {
        "framework": first.framework.id,
        "min_coverage": min_coverage,
        "ranking": [
            {
                "person": r.key,
                "group": r.group,
                "fit_low": _round(panels[r.key].consolidated.fit_low),
                "fit_high": _round(panels[r.key].consolidated.fit_high),
                "fit_standard_error": _round(errors[r.key]),
                "above_target": _round(decision.above_target(panels[r.key].consolidated)),
                "coverage": _round(panels[r.key].consolidated.coverage),
                "complete": r.complete,
                "questions": question_counts(panels[r.key]),
            }
            for r in ranking
        ],
        "agreement": {
            "round": {"rwg_pooled": _round(pooled.value), "questions": pooled.questions, "raters": pooled.raters},
            "competences": {
                a.competence_id: {"rwg_pooled": _round(a.rwg), "questions": a.questions, "raters": a.raters,
                                  "candidates": a.candidates, "disagreements": a.disagreements}
                for a in decision.competence_agreement(first.framework, list(panels.values()))
            },
        },
        "disagreements": [
            {"person": person, "competence": score.competence_id, "questions_apart": score.apart,
             "questions_unmatched": score.unmatched}
            for person, panel in panels.items()
            for score in panel.consolidated.competences
            if score.disagreement
        ],
        "pairwise": None if pair is None else {
            "higher": pair.higher, "lower": pair.lower, "difference": _round(pair.difference),
            "shared_candidates": pair.shared_candidates, "notable": pair.notable,
        },
        "calibration": [
            {
                "rater": c.rater, "deviation": _round(c.deviation), "shared_candidates": c.shared_candidates,
                "flag": c.flag.value if c.flag and pair is None else None,
            }
            for c in decision.rater_leniency(panels)
        ],
    }
