"""The scoring rules of docs/scoring.md, each with a hand-computed expectation."""

from __future__ import annotations

import pytest

from profiling.domain.agreement import classify_relative
from profiling.domain.framework import TargetLevel
from profiling.domain.scoring import (
    Alignment,
    InvalidTarget,
    RaterRole,
    RatingOffScale,
    Scorer,
    UnknownCompetence,
    UnknownQuestion,
    score,
)
from tests.builders import make_framework, make_guide, rate

FRAMEWORK = make_framework({"area-a": ["a1", "a2"], "area-b": ["b1"]})
GUIDE = make_guide([("q1", "a1", 1), ("q2", "a1", 3), ("q3", "a2", 1), ("q4", "b1", 1)])


def profile_of(*ratings, target=None, framework=FRAMEWORK):
    return score(framework, ratings, target=target, questions=GUIDE.questions)


def test_competence_score_is_the_weighted_mean_of_its_question_ratings():
    profile = profile_of(rate("q1", 2), rate("q2", 4))
    # (2*1 + 4*3) / (1 + 3) = 3.5
    assert profile.competence("a1").score == pytest.approx(3.5)
    assert profile.competence("a1").n_ratings == 2


def test_a_direct_competence_rating_counts_with_weight_one():
    profile = profile_of(rate("q2", 2), rate("a1", 5))
    # (2*3 + 5*1) / 4 = 2.75
    assert profile.competence("a1").score == pytest.approx(2.75)


def test_a_competence_without_assessed_ratings_has_no_score_and_no_gap():
    profile = profile_of(rate("q1", None), rate("q3", 3))
    assert profile.competence("a1").score is None
    assert profile.competence("a1").gap is None
    assert profile.competence("a1").n_ratings == 0


def test_not_assessed_rating_lowers_coverage_not_score():
    assessed = profile_of(rate("q1", 3), rate("q3", 3), rate("q4", 3))
    partly = profile_of(rate("q1", 3), rate("q3", 3), rate("q4", None))
    assert partly.competence("a1").score == assessed.competence("a1").score
    assert assessed.coverage == pytest.approx(1.0)
    assert partly.coverage == pytest.approx(2 / 3)


def test_gap_is_score_minus_target():
    profile = profile_of(rate("q1", 2), rate("q3", 5))
    assert profile.competence("a1").gap == pytest.approx(-2.0)
    assert profile.competence("a2").gap == pytest.approx(1.0)


def test_area_score_is_the_target_weighted_mean_of_its_scored_competences():
    target = {"a1": TargetLevel(level=4, weight=3), "a2": TargetLevel(level=2, weight=1), "b1": TargetLevel(level=4)}
    profile = profile_of(rate("q1", 2), rate("q3", 4), target=target)
    area = next(a for a in profile.areas if a.area_id == "area-a")
    # score (2*3 + 4*1) / 4 = 2.5; target (4*3 + 2*1) / 4 = 3.5
    assert area.score == pytest.approx(2.5)
    assert area.target == pytest.approx(3.5)
    assert area.gap == pytest.approx(-1.0)
    assert next(a for a in profile.areas if a.area_id == "area-b").score is None


def test_worked_example_of_the_scoring_document():
    profile = profile_of(rate("q1", 2), rate("q2", 4), rate("q3", 5), rate("q4", None))
    assert profile.competence("a1").score == pytest.approx(3.5)
    assert profile.competence("a2").score == pytest.approx(5.0)
    assert profile.areas[0].score == pytest.approx(4.25)
    # shortfall 1·(4 − 3.5) + 1·0 = 0.5; b1 unscored: 1·(4 − 1) = 3 at the lowest level, 0 at its target;
    # room 3 · 1·(4 − 1) = 9
    assert profile.fit_low == pytest.approx(100 * (1 - 3.5 / 9))
    assert profile.fit_high == pytest.approx(100 * (1 - 0.5 / 9))
    assert profile.coverage == pytest.approx(2 / 3)


def test_scores_above_target_do_not_compensate_gaps_elsewhere():
    low_only = profile_of(rate("q1", 2))
    low_and_high = profile_of(rate("q1", 2), rate("q3", 5))
    # a1 short by 2 of a room of 9: the upper bound is 77.8 whether a2 is unscored or 5 - the surplus counts for nothing
    assert low_only.fit_high == low_and_high.fit_high == pytest.approx(100 * (1 - 2 / 9))
    assert (low_only.fit_low, low_and_high.fit_low) == (pytest.approx(100 * (1 - 8 / 9)), pytest.approx(100 * (1 - 5 / 9)))
    exactly_on_target = profile_of(rate("q1", 2), rate("q3", 4))
    assert (exactly_on_target.fit_low, exactly_on_target.fit_high) == (low_and_high.fit_low, low_and_high.fit_high)


def test_fit_is_100_when_every_target_is_the_lowest_level():
    target = {c: TargetLevel(level=1) for c in ("a1", "a2", "b1")}
    profile = profile_of(rate("q1", 1), target=target)
    assert (profile.fit_low, profile.fit_high) == (100.0, 100.0)


def test_fit_is_undefined_when_no_competence_with_a_target_is_scored():
    profile = profile_of(rate("q1", None))
    assert (profile.fit_low, profile.fit_high) == (None, None)
    assert profile.coverage == 0.0


def test_a_competence_outside_the_target_profile_has_no_gap_and_no_say_in_fit():
    target = {"a1": TargetLevel(level=4), "b1": TargetLevel(level=4)}
    profile = profile_of(rate("q1", 4), rate("q3", 1), target=target)
    assert profile.competence("a2").target is None
    assert profile.competence("a2").gap is None
    assert (profile.fit_low, profile.fit_high) == (50.0, 100.0)  # a2's 1 is no shortfall; b1 is unscored
    assert profile.coverage == pytest.approx(0.5)


def test_a_weight_of_zero_leaves_a_competence_out_of_fit_and_coverage():
    target = {"a1": TargetLevel(level=4), "a2": TargetLevel(level=4, weight=0), "b1": TargetLevel(level=4)}
    profile = profile_of(rate("q1", 4), rate("q3", 1), target=target)
    assert (profile.fit_low, profile.fit_high) == (50.0, 100.0)
    assert profile.coverage == pytest.approx(0.5)


def test_coverage_is_the_scored_share_of_target_weight():
    target = {"a1": TargetLevel(level=4, weight=2), "a2": TargetLevel(level=4, weight=1), "b1": TargetLevel(level=4)}
    assert profile_of(rate("q1", 3), target=target).coverage == pytest.approx(0.5)


def test_a_rating_of_an_unknown_question_is_refused():
    with pytest.raises(UnknownQuestion, match="q9"):
        profile_of(rate("q9", 3))


def test_a_rating_of_an_unknown_competence_is_refused():
    with pytest.raises(UnknownCompetence, match="zz"):
        profile_of(rate("zz", 3))


@pytest.mark.parametrize("value", [0, 6, -1])
def test_a_rating_off_the_scale_is_refused(value):
    with pytest.raises(RatingOffScale, match=f"level {value} is not on the scale 1-5"):
        profile_of(rate("q1", value))


def test_a_target_naming_an_unknown_competence_is_refused_with_its_location():
    with pytest.raises(InvalidTarget, match=r"target\.nope: unknown competence"):
        Scorer.build(FRAMEWORK, {"nope": TargetLevel(level=3)})


def _rater(name, role, *ratings):
    return Scorer.build(FRAMEWORK, questions=GUIDE.questions).rater(name, role, ratings)


def test_consolidated_score_is_the_mean_of_the_raters_excluding_self():
    scorer = Scorer.build(FRAMEWORK, questions=GUIDE.questions)
    panel = scorer.consolidate(
        [
            _rater("Anne", RaterRole.PANEL, rate("q1", 2)),
            _rater("Bo", RaterRole.PANEL, rate("q1", 3)),
            _rater("Self", RaterRole.SELF, rate("q1", 5)),
        ]
    )
    a1 = panel.consolidated.competence("a1")
    assert a1.score == pytest.approx(2.5)
    assert a1.n_raters == 2
    assert a1.spread == pytest.approx(1.0)
    assert a1.disagreement is False


def test_a_spread_of_two_or_more_flags_disagreement():
    scorer = Scorer.build(FRAMEWORK, questions=GUIDE.questions)
    panel = scorer.consolidate(
        [
            _rater("Anne", RaterRole.PANEL, rate("q1", 2), rate("q3", 3)),
            _rater("Bo", RaterRole.MANAGER, rate("q1", 4), rate("q3", 4)),
            _rater("Cai", RaterRole.PANEL, rate("q1", 3)),
        ]
    )
    assert panel.consolidated.competence("a1").spread == pytest.approx(2.0)
    assert panel.consolidated.competence("a1").disagreement is True
    assert panel.consolidated.competence("a2").disagreement is False
    assert panel.consolidated.competence("a2").n_raters == 2
    assert panel.consolidated.competence("b1").spread is None


def test_a_single_rater_has_no_spread():
    scorer = Scorer.build(FRAMEWORK, questions=GUIDE.questions)
    panel = scorer.consolidate([_rater("Anne", RaterRole.PANEL, rate("q1", 2))])
    assert panel.consolidated.competence("a1").spread is None
    assert panel.consolidated.fit_high == pytest.approx(100 * (1 - 2 / 9))


def test_self_versus_manager_is_self_minus_manager_per_competence():
    scorer = Scorer.build(FRAMEWORK, questions=GUIDE.questions)
    panel = scorer.consolidate(
        [
            _rater("Leder", RaterRole.MANAGER, rate("q1", 3), rate("q3", 4), rate("q4", 3)),
            _rater("Mig", RaterRole.SELF, rate("q1", 4), rate("q3", 3), rate("q4", 3)),
        ]
    )
    by_id = {c.competence_id: c for c in panel.self_vs_manager}
    assert [by_id[c].difference for c in ("a1", "a2", "b1")] == [pytest.approx(1.0), pytest.approx(-1.0), 0.0]
    # three shared competences: too few to separate a general difference from the specific ones
    assert panel.general_difference is None and panel.too_few_to_separate
    assert all(c.alignment is None for c in panel.self_vs_manager)
    assert panel.consolidated.competence("a1").score == pytest.approx(3.0)


def test_self_versus_manager_is_empty_where_either_side_is_missing():
    scorer = Scorer.build(FRAMEWORK, questions=GUIDE.questions)
    panel = scorer.consolidate([_rater("Mig", RaterRole.SELF, rate("q1", 4))])
    assert all(c.difference is None and c.alignment is None for c in panel.self_vs_manager)
    assert panel.consolidated.competence("a1").score is None


@pytest.mark.parametrize(
    ("difference", "expected"),
    [
        (1.5, Alignment.BLIND_SPOT),
        (3.6 - 2.1, Alignment.BLIND_SPOT),
        (1.49, Alignment.ALIGNED),
        (1.0, Alignment.ALIGNED),
        (0.0, Alignment.ALIGNED),
        (-1.49, Alignment.ALIGNED),
        (-1.5, Alignment.HIDDEN_STRENGTH),
        (2.1 - 3.6, Alignment.HIDDEN_STRENGTH),
        (-4.0, Alignment.HIDDEN_STRENGTH),
    ],
)
def test_alignment_boundaries_are_one_and_a_half_levels_either_way_beyond_the_general_difference(difference, expected):
    assert classify_relative(difference) is expected


def test_a_target_override_replaces_the_default_target():
    target = {"a1": TargetLevel(level=2), "a2": TargetLevel(level=2), "b1": TargetLevel(level=2)}
    profile = profile_of(rate("q1", 2), target=target)
    assert profile.competence("a1").target == 2
    assert (profile.fit_low, profile.fit_high) == (pytest.approx(100 / 3), 100.0)


def test_strengths_and_development_areas_are_ordered_by_gap():
    from profiling.domain.insights import read_gaps

    framework = make_framework({"x": ["c1", "c2", "c3", "c4", "c5"]})
    profile = score(framework, [rate("c1", 5), rate("c2", 2), rate("c3", 4), rate("c4", 1), rate("c5", None)])
    reading = read_gaps(profile)
    assert [c.competence_id for c in reading.strengths] == ["c1", "c3"]
    assert [c.competence_id for c in reading.development_areas] == ["c4", "c2"]
    assert [c.competence_id for c in read_gaps(profile, limit=1).development_areas] == ["c4"]
