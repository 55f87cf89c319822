"""The team average and shared training needs, a MUS preparation's reasons, and a round's rater calibration."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from profiling.domain.decision import calibrate_raters
from profiling.domain.framework import TargetLevel
from profiling.domain.interviews import Interview
from profiling.domain.preparation import prepare
from profiling.domain.scoring import RaterRole, Scorer
from profiling.domain.team import average_profile, latest_assessments, training_needs
from tests.builders import make_framework, make_guide, rate

FRAMEWORK = make_framework({"area-a": ["a1", "a2"], "area-b": ["b1"]}, {"a1": (3, 1.0), "a2": (3, 1.0), "b1": (2, 1.0)})
GUIDE = make_guide([("q1", "a1", 1), ("q2", "a2", 1), ("q3", "b1", 1)])
SCORER = Scorer.build(FRAMEWORK, questions=GUIDE.questions)
DAY = datetime(2026, 5, 1, tzinfo=UTC)


def profile(**values):
    return SCORER.score(rate(q, v) for q, v in values.items())


def rater(name, role, **values):
    return SCORER.rater(name, role, [rate(q, v) for q, v in values.items()])


def test_the_team_average_is_the_mean_per_competence_of_the_members_who_have_a_score():
    average = average_profile(SCORER, [profile(q1=2, q3=4), profile(q1=4), profile(q2=1)])
    assert average.competence("a1").score == pytest.approx(3.0)
    assert average.competence("a2").score == pytest.approx(1.0)
    assert average.competence("b1").score == pytest.approx(4.0)


def test_a_team_with_no_scores_has_an_empty_average_and_no_training_needs():
    assert all(c.score is None for c in average_profile(SCORER, []).competences)
    assert training_needs(FRAMEWORK, []) == []


def test_training_needs_are_the_competences_below_target_on_average_largest_shortfall_first():
    needs = training_needs(FRAMEWORK, [profile(q1=1, q2=2, q3=3), profile(q1=2, q2=4, q3=3), profile(q1=3)])
    assert [(n.competence_id, n.mean_gap, n.below_target, n.scored) for n in needs] == [("a1", -1.0, 2, 3)]


def test_training_needs_are_capped_at_the_limit():
    profiles = [profile(q1=1, q2=1, q3=1)]
    assert [n.competence_id for n in training_needs(FRAMEWORK, profiles, limit=2)] == ["a1", "a2"]


def scorecard(person_id, days, role=RaterRole.MANAGER, round_id=None, completed=True):
    card = Interview.begin(
        person_id=person_id, guide=GUIDE, framework=FRAMEWORK, guide_snapshot_id=1, framework_snapshot_id=1,
        rater_id=1, rater_name="x", rater_role=role, now=DAY, round_id=round_id,
    )
    card.id = person_id * 100 + days
    card.completed_at = DAY + timedelta(days=days) if completed else None
    return card


def test_a_members_latest_conversation_counts_not_a_round_a_draft_or_their_self_assessment():
    newest = scorecard(1, 5)
    cards = [scorecard(1, 1), newest, scorecard(1, 9, RaterRole.SELF), scorecard(1, 10, round_id=4), scorecard(1, 11, completed=False)]
    assert latest_assessments(cards) == {1: newest}


def test_a_framework_mapped_by_self_assessment_takes_the_latest_self_assessment():
    own = scorecard(2, 9, RaterRole.SELF)
    assert latest_assessments([scorecard(2, 1), own, scorecard(2, 3, RaterRole.SELF)], self_assessed=True) == {2: own}


def test_a_preparation_names_blind_spots_hidden_strengths_and_gaps():
    framework = make_framework({"area": ["a1", "a2", "b1", "c1", "c2", "c3"]}, {c: (3, 1.0) for c in ("a1", "a2", "b1", "c1", "c2", "c3")})
    scorer = Scorer.build(framework)
    manager = scorer.rater("Leder", RaterRole.MANAGER, [rate(c, v) for c, v in zip(("a1", "a2", "b1", "c1", "c2", "c3"), (2, 4, 3, 3, 3, 3), strict=True)])
    own = scorer.rater("Mig", RaterRole.SELF, [rate(c, v) for c, v in zip(("a1", "a2", "b1", "c1", "c2", "c3"), (4, 2, 3, 3, 3, 3), strict=True)])
    panel = scorer.consolidate([manager, own])  # G = 0 over six competences: R = +2 and −2 stand out
    items = {i.competence_id: i for i in prepare(framework, scorer.target, panel, own.profile)}
    assert items["a1"].reasons == ["blind_spot", "gap"]
    assert (items["a1"].self_score, items["a1"].manager_score, items["a1"].gap) == (4.0, 2.0, -1.0)
    assert items["a2"].reasons == ["hidden_strength"]
    assert items["b1"].reasons == []


def test_under_five_shared_competences_a_preparation_shows_raw_differences_and_no_blind_spot():
    panel = SCORER.consolidate([
        rater("Leder", RaterRole.MANAGER, q1=2, q2=4, q3=2),
        rater("Mig", RaterRole.SELF, q1=4, q2=2, q3=2),
    ])
    items = {i.competence_id: i for i in prepare(FRAMEWORK, SCORER.target, panel, panel.raters[1].profile)}
    assert panel.too_few_to_separate
    assert (items["a1"].reasons, items["a1"].difference) == (["gap"], 2.0)
    assert (items["a2"].reasons, items["a2"].difference) == ([], -2.0)


def test_without_the_managers_assessment_the_gap_is_read_from_the_self_assessment():
    panel = SCORER.consolidate([rater("Mig", RaterRole.SELF, q1=2)])
    items = {i.competence_id: i for i in prepare(FRAMEWORK, {"a1": TargetLevel(level=3)}, panel, panel.raters[0].profile)}
    assert (items["a1"].gap, items["a1"].reasons, items["a1"].alignment) == (-1.0, ["gap"], None)
    assert (items["a2"].gap, items["a2"].target, items["a2"].reasons) == (None, None, [])


def test_calibration_counts_each_raters_scorecards_and_ratings_and_leaves_leniency_to_three_shared_candidates():
    panels = {
        person: SCORER.consolidate([rater("Anne", RaterRole.PANEL, q1=4), rater("Bo", RaterRole.PANEL, q1=2)])
        for person in (1, 2)
    }
    result = calibrate_raters([("Anne", [4, None]), ("Bo", [2]), ("Anne", [5])], panels)
    anne, bo = result
    assert (anne.rater_name, anne.scorecards, anne.ratings, anne.mean) == ("Anne", 2, 2, 4.5)
    assert anne.spread == pytest.approx(0.5)
    assert (bo.scorecards, bo.ratings, bo.spread) == (1, 1, None)
    assert (anne.shared_candidates, anne.flag, anne.too_few_to_judge) == (2, None, True)
