"""Decision numbers on small panels (docs/scoring.md, rules 1-5): worked examples and properties."""

from __future__ import annotations

import random
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from profiling.domain import agreement, decision
from profiling.domain.agreement import Alignment, Leniency, RankInput, chance_rwg_j, rwg_j
from profiling.domain.framework import TargetLevel
from profiling.domain.scoring import RaterProfile, RaterRole, Scorer
from tests.builders import make_framework, make_guide, rate

FRAMEWORK = make_framework({"kommunikation": ["k", "a"], "personlig": ["s"]})
GUIDE = make_guide([("qk1", "k", 1), ("qk2", "k", 1), ("qa1", "a", 1), ("qa2", "a", 1), ("qs1", "s", 1), ("qs2", "s", 1)])
SCORER = Scorer.build(FRAMEWORK, questions=GUIDE.questions)


def rater(name, role=RaterRole.PANEL, **values):
    profile, items = SCORER.score_with_items([rate(q, v) for q, v in values.items()])
    return RaterProfile(rater=name, role=role, profile=profile, items=items)


# ---- rule 1 -------------------------------------------------------------------------------------------


def test_worked_example_rule_1_opposite_ratings_are_a_disagreement_although_the_means_agree():
    panel = SCORER.consolidate([rater("Anne", qk1=1, qk2=5), rater("Bo", qk1=5, qk2=1)])
    k = panel.consolidated.competence("k")
    assert (k.score, k.spread) == (3.0, 0.0)  # the means hide it...
    assert k.disagreement is True  # ...the questions do not
    assert k.rwg == 0.0  # each item: variance 8, far beyond random (2)


def test_one_level_apart_on_every_question_is_no_disagreement():
    panel = SCORER.consolidate([rater("Anne", qk1=3, qk2=4), rater("Bo", qk1=4, qk2=3)])
    assert panel.consolidated.competence("k").disagreement is False


def test_a_competence_rated_directly_disagrees_by_the_range_of_its_scores():
    direct = Scorer.build(FRAMEWORK)
    profiles = []
    for name, value in (("Anne", 2), ("Bo", 4)):
        profile, items = direct.score_with_items([rate("k", value)])
        profiles.append(RaterProfile(rater=name, role=RaterRole.PANEL, profile=profile, items=items))
    assert direct.consolidate(profiles).consolidated.competence("k").disagreement is True


# ---- rule 2 -------------------------------------------------------------------------------------------


def test_worked_example_rule_2_rwg_j_of_three_raters_on_two_questions():
    items = [[4, 5, 4], [5, 5, 3]]  # variances 1/3 and 4/3: s̄² = 5/6; σ² = 2
    ratio = (5 / 6) / 2
    assert rwg_j(items, 5) == pytest.approx(2 * (1 - ratio) / (2 * (1 - ratio) + ratio))
    assert rwg_j(items, 5) == pytest.approx(0.7368, abs=1e-4)
    assert chance_rwg_j(3, 2, 5) == pytest.approx(0.289, abs=0.005)


def test_rwg_j_is_none_with_fewer_than_two_raters_and_zero_at_or_beyond_random_variance():
    assert rwg_j([[4], [3]], 5) is None
    assert rwg_j([[1, 5]], 5) == 0.0
    assert rwg_j([[1, 3]], 5) == 0.0  # variance 2 = (5² − 1)/12 exactly


def test_random_raters_land_on_the_chance_level_not_above_it():
    """Raters answering at random (fixed seed) get on average what chance_rwg_j says - about 0.40 for two
    raters on two questions, not 0: r_wg(J) is cut at 0 and bent by its J-item form. Read above chance,
    they agree not at all, which is what the page shows beside every value."""
    generator = random.Random(2026)
    for raters in (2, 3):
        values = [
            rwg_j([[generator.randint(1, 5) for _ in range(raters)] for _ in range(2)], 5) for _ in range(20_000)
        ]
        above_chance = statistics.fmean(values) - chance_rwg_j(raters, 2, 5)
        assert abs(above_chance) < 0.1
        assert abs(above_chance) < 0.01  # and in fact much closer: the chance level is exact
    assert chance_rwg_j(2, 2, 5) == pytest.approx(0.397, abs=0.005)


@given(st.lists(st.lists(st.integers(1, 5), min_size=2, max_size=4), min_size=1, max_size=4))
def test_rwg_j_lies_between_zero_and_one(items):
    value = rwg_j(items, 5)
    assert value is not None and 0.0 <= value <= 1.0


@given(st.integers(1, 5), st.integers(2, 5), st.integers(1, 4))
def test_raters_who_give_the_same_rating_agree_fully(level, raters, questions):
    assert rwg_j([[level] * raters for _ in range(questions)], 5) == 1.0


# ---- rule 3 -------------------------------------------------------------------------------------------


def test_worked_example_rule_3_a_lenient_rater_shows_after_three_shared_candidates():
    scores = {(c, "k"): {"Anne": anne, "Bo": bo} for c, anne, bo in (("Kim", 4, 3), ("Lea", 4, 3), ("Mads", 5, 4))}
    by_rater = {c.rater: c for c in agreement.calibrate(scores)}
    assert (by_rater["Anne"].deviation, by_rater["Anne"].shared_candidates, by_rater["Anne"].flag) == (1.0, 3, Leniency.LENIENT)
    assert by_rater["Bo"].flag is Leniency.HARSH


def test_one_level_apart_on_one_candidate_is_too_few_to_judge():
    (anne, bo) = agreement.calibrate({("Kim", "k"): {"Anne": 4, "Bo": 3}})
    assert anne.deviation == 1.0 and anne.flag is None and anne.too_few_to_judge
    assert bo.deviation == -1.0 and bo.flag is None


def test_the_rater_is_left_out_of_the_mean_they_are_compared_with():
    (anne, bo, _cai) = agreement.calibrate({("Kim", "k"): {"Anne": 5, "Bo": 3, "Cai": 3}})
    assert anne.deviation == 2.0  # 5 − mean(3, 3), not 5 − mean(5, 3, 3)
    assert bo.deviation == pytest.approx(3 - 4.0)


def test_unbiased_raters_are_rarely_called_lenient_or_harsh():
    """Three raters with the same (noisy) view of ten candidates: flags come from bias, not from noise."""
    generator = random.Random(7)
    flagged = runs = 0
    for _ in range(300):
        scores = {}
        for candidate in range(10):
            true = generator.uniform(2, 4)
            for competence in "kas":
                scores[(candidate, competence)] = {r: true + generator.gauss(0, 0.5) for r in ("A", "B", "C")}
        flagged += sum(c.flag is not None for c in agreement.calibrate(scores))
        runs += 3
    assert flagged / runs < 0.02


# ---- rule 4 -------------------------------------------------------------------------------------------


def test_worked_example_rule_4_a_blind_spot_beyond_the_general_difference():
    panel = SCORER.consolidate([
        rater("Leder", RaterRole.MANAGER, qk1=4, qk2=4, qa1=3, qa2=3, qs1=3, qs2=3),
        rater("Mig", RaterRole.SELF, qk1=4, qk2=5, qa1=3, qa2=4, qs1=5, qs2=5),
    ])
    # self − manager: k +0.5, a +0.5, s +2 -> G = 1.0; R: −0.5, −0.5, +1.0
    assert panel.general_difference == pytest.approx(1.0)
    assert agreement.headline_difference(panel.general_difference) == pytest.approx(1.0)
    by_id = {c.competence_id: c for c in panel.self_vs_manager}
    assert [by_id[c].relative_difference for c in "kas"] == pytest.approx([-0.5, -0.5, 1.0])
    assert [by_id[c].alignment for c in "kas"] == [Alignment.ALIGNED, Alignment.ALIGNED, Alignment.BLIND_SPOT]
    assert by_id["s"].difference == pytest.approx(2.0)  # the raw difference stays visible


@given(st.lists(st.integers(1, 4), min_size=3, max_size=3), st.sampled_from([0.5, 0.75, 1.0, -0.5]))
def test_a_uniformly_self_lenient_person_has_no_blind_spots(manager_levels, leniency):
    manager = SCORER.score([rate(q, v) for q, v in zip(("qk1", "qa1", "qs1"), manager_levels, strict=True)])
    own = SCORER.profile_from_scores({c.competence_id: (c.score + leniency, 1) for c in manager.competences})
    panel = SCORER.consolidate([
        RaterProfile(rater="Leder", role=RaterRole.MANAGER, profile=manager),
        RaterProfile(rater="Mig", role=RaterRole.SELF, profile=own),
    ])
    assert panel.general_difference == pytest.approx(leniency)
    assert all(c.alignment is Alignment.ALIGNED for c in panel.self_vs_manager)


def test_a_small_general_difference_is_no_headline():
    assert agreement.headline_difference(0.4) is None and agreement.headline_difference(-0.5) == -0.5


# ---- rule 5 -------------------------------------------------------------------------------------------


def test_worked_example_rule_5_ties_share_a_rank_and_the_incomplete_come_last_unranked():
    ranked = agreement.rank([
        RankInput("Kim", 92.04, 0.9),
        RankInput("Lea", 91.96, 0.85),  # 92.0 after rounding: the same as Kim
        RankInput("Mads", 85.0, 1.0),
        RankInput("Nora", 100.0, 0.3),  # 3 of 10 competences assessed
        RankInput("Ole", None, 0.0),
    ])
    assert [(r.key, r.rank, r.complete) for r in ranked] == [
        ("Kim", 1, True), ("Lea", 1, True), ("Mads", 3, True), ("Nora", None, False), ("Ole", None, False),
    ]


def test_tied_candidates_keep_their_given_order_never_the_alphabet():
    ranked = agreement.rank([RankInput("Zoe", 100.0, 1.0), RankInput("Ada", 100.0, 1.0)])
    assert [(r.key, r.rank) for r in ranked] == [("Zoe", 1), ("Ada", 1)]


def test_the_minimum_coverage_is_the_rounds():
    ranked = agreement.rank([RankInput("Kim", 90.0, 0.6)], min_coverage=0.5)
    assert ranked[0].rank == 1


def test_above_target_is_the_weighted_surplus_and_fit_stops_at_the_target():
    target = {"k": TargetLevel(level=3, weight=2), "a": TargetLevel(level=4), "s": TargetLevel(level=4)}
    scorer = Scorer.build(FRAMEWORK, target, GUIDE.questions)
    profile = scorer.score([rate("qk1", 5), rate("qa1", 4), rate("qs1", 3)])
    # (2·(5 − 3) + 1·0 + 1·0) / (2 + 1 + 1) = 1.0
    assert decision.above_target(profile) == pytest.approx(1.0)
    assert profile.fit < 100  # s is short; k's surplus does not make up for it
