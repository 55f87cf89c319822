"""Decision numbers on small panels (docs/scoring.md, rules 1-5): worked examples, properties, and a seeded
simulation of every statistical claim (2 raters, the recruitment guide's 12 core questions, noise SD 0.7)."""

from __future__ import annotations

import random
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from profiling.catalog import load_catalog
from profiling.domain import agreement, decision
from profiling.domain.agreement import Alignment, Leniency, QuestionVerdict, RankInput, pooled_rwg
from profiling.domain.framework import TargetLevel
from profiling.domain.scoring import CompetenceScore, RaterProfile, RaterRole, Rating, Scorer
from profiling.settings import Settings
from tests.builders import make_framework, make_guide, rate

FRAMEWORK = make_framework({"kommunikation": ["k", "a"], "personlig": ["s"]})
GUIDE = make_guide([("qk1", "k", 1), ("qk2", "k", 1), ("qa1", "a", 1), ("qa2", "a", 1), ("qs1", "s", 1), ("qs2", "s", 1)])
SCORER = Scorer.build(FRAMEWORK, questions=GUIDE.questions)
CATALOG = load_catalog([Settings().questionnaires_dir])
NOISE = 0.7  # SD of one rating around the candidate's true level (the review's simulations)


def rater(name, role=RaterRole.PANEL, **values):
    return SCORER.rater(name, role, [Rating(question=q, value=v) for q, v in values.items()])


def noisy(generator: random.Random, true: float) -> int:
    return max(1, min(5, round(true + generator.gauss(0, NOISE))))


class Simulated:
    """Panels on the real recruitment guide: every rater asks its 12 core questions."""

    guide = CATALOG.guide("rekruttering")
    framework = CATALOG.framework(guide.framework)
    core = tuple(q for q in guide.scored_questions() if q.core)
    scorer = Scorer.build(framework, questions=guide.questions)

    @classmethod
    def panel(cls, generator: random.Random, truth: dict[str, float], raters: int = 2):
        return cls.scorer.consolidate([
            cls.scorer.rater(f"R{r}", RaterRole.PANEL,
                             [Rating(question=q.id, value=noisy(generator, truth[q.competence])) for q in cls.core])
            for r in range(raters)
        ])

    @classmethod
    def truth(cls, generator: random.Random, low: float, high: float) -> dict[str, float]:
        return {c.id: generator.uniform(low, high) for c in cls.framework.competences}


# ---- rule 1: the raters side by side, question by question ------------------------------------------------


def test_worked_example_rule_1_opposite_ratings_are_a_disagreement_although_the_means_agree():
    panel = SCORER.consolidate([rater("Anne", qk1=1, qk2=5), rater("Bo", qk1=5, qk2=1)])
    k = panel.consolidated.competence("k")
    assert (k.score, k.spread) == (3.0, 0.0)  # the means hide it...
    assert (k.disagreement, k.compared, k.apart) == (True, 2, 2)  # ...the questions do not


def test_worked_example_rule_1_rated_by_one_and_not_assessed_by_the_other_is_a_disagreement():
    panel = SCORER.consolidate([rater("Anne", qk1=4, qk2=4, qs1=3), rater("Bo", qk1=4, qk2=None, qs1=4)])
    k = panel.consolidated.competence("k")
    assert (k.disagreement, k.compared, k.apart, k.unmatched) == (True, 2, 0, 1)
    counts = panel.questions
    assert (counts.compared, counts.within_one, counts.apart, counts.unmatched) == (3, 2, 0, 1)


def test_one_level_apart_on_every_question_is_no_disagreement():
    panel = SCORER.consolidate([rater("Anne", qk1=3, qk2=4), rater("Bo", qk1=4, qk2=3)])
    assert panel.consolidated.competence("k").disagreement is False


def test_a_question_nobody_rated_or_only_one_rater_answered_is_not_compared():
    assert agreement.compare_question([], 2) is None  # both "not assessed": no example from either
    assert agreement.compare_question([4], 0) is None
    assert agreement.compare_question([4], 1) is QuestionVerdict.UNMATCHED


def test_a_competence_rated_directly_disagrees_by_the_range_of_its_scores():
    direct = Scorer.build(FRAMEWORK)
    profiles = [direct.rater(name, RaterRole.PANEL, [rate("k", value)]) for name, value in (("Anne", 2), ("Bo", 4))]
    assert direct.consolidate(profiles).consolidated.competence("k").disagreement is True


def test_no_view_of_a_candidate_carries_an_agreement_coefficient():
    """r_wg(J) per candidate is gone: with 2 raters on one question it can only be 1, 0.75 or 0."""
    assert not [name for name in CompetenceScore.model_fields if "rwg" in name]
    assert not [name for name in decision.CompetenceAgreement.model_fields if name in ("chance", "indicative")]


# ---- rule 2: pooled agreement r*wg(J) --------------------------------------------------------------------


def test_worked_example_rule_2_pooled_agreement_of_two_raters():
    items = [[4, 5], [3, 3], [2, 4]]  # variances 0.5, 0, 2: s̄² = 5/6; σ²_EU = 2
    pooled = pooled_rwg(items, 5, min_questions=3)
    assert pooled.value == pytest.approx(1 - (5 / 6) / 2) and (pooled.questions, pooled.raters) == (3, 2)
    assert pooled_rwg(items, 5).value is None  # under ten questions: too few to judge
    assert pooled_rwg([[1, 5]] * 10, 5).value == pytest.approx(1 - 8 / 2)  # below 0: worse than random, not cut


def test_random_raters_get_a_pooled_agreement_of_zero_on_average_and_rarely_a_high_one():
    """Two raters answering at random on the 12 core questions: r*wg(J) averages 0 (the old r_wg(J) per
    candidate reached 0.70 or more 52 % of the time)."""
    generator = random.Random(2026)
    values = [pooled_rwg([[generator.randint(1, 5) for _ in range(2)] for _ in range(12)], 5).value for _ in range(5000)]
    assert abs(statistics.fmean(values)) < 0.02
    assert sum(v >= 0.7 for v in values) / len(values) < 0.01


@given(st.integers(1, 5), st.integers(2, 5))
def test_raters_who_give_the_same_ratings_agree_fully(level, raters):
    assert pooled_rwg([[level] * raters for _ in range(10)], 5).value == 1.0


@given(st.lists(st.integers(-1000, 1000), min_size=2, max_size=30))
def test_the_variance_of_whole_ratings_is_exactly_the_float_statistics_gives(values):
    assert agreement.sample_variance(values) == statistics.variance(values)
    assert agreement.sample_variance([float(v) for v in values]) == statistics.variance(values)


@given(st.lists(st.floats(-100, 100, allow_nan=False), min_size=2, max_size=10))
def test_the_variance_of_other_values_is_statistics_own(values):
    assert agreement.sample_variance(values) == statistics.variance(values)


def test_the_variance_of_one_value_is_refused_as_statistics_refuses_it():
    with pytest.raises(statistics.StatisticsError):
        agreement.sample_variance([3])


def test_the_round_and_each_competence_pool_every_candidates_questions():
    panels = [SCORER.consolidate([rater("Anne", qk1=4, qk2=4, qa1=3, qa2=3, qs1=2, qs2=2),
                                  rater("Bo", qk1=4, qk2=3, qa1=3, qa2=5, qs1=2, qs2=2)]) for _ in range(2)]
    pooled = decision.round_agreement(FRAMEWORK, panels)
    assert (pooled.questions, pooled.raters) == (12, 2)  # 2 candidates × 6 questions
    assert pooled.value == pytest.approx(1 - (2 * (0.5 + 2)) / 12 / 2)
    by_id = {a.competence_id: a for a in decision.competence_agreement(FRAMEWORK, panels)}
    assert by_id["a"].rwg is None and by_id["a"].questions == 4 and by_id["a"].disagreements == 2


# ---- rule 3: calibration ----------------------------------------------------------------------------------


def test_worked_example_rule_3_a_lenient_rater_among_three_shows_after_three_shared_candidates():
    scores = {(c, "k"): {"Anne": anne, "Bo": bo, "Cai": cai}
              for c, anne, bo, cai in (("Kim", 5, 3, 3), ("Lea", 5, 3, 3), ("Mads", 4, 3, 3))}
    by_rater = {c.rater: c for c in agreement.calibrate(scores)}
    assert by_rater["Anne"].deviation == pytest.approx(5 / 3) and by_rater["Anne"].flag is Leniency.LENIENT
    assert agreement.pairwise(agreement.calibrate(scores)) is None  # three raters: leave-one-out, per rater


def test_worked_example_rule_3_two_raters_are_one_pairwise_fact_said_once():
    panels = {name: SCORER.consolidate([rater("Anne", qk1=anne), rater("Bo", qk1=bo)])
              for name, anne, bo in (("Kim", 4, 3), ("Lea", 4, 3), ("Mads", 5, 4), ("Nora", 4, 3))}
    pair = decision.pairwise_calibration(panels)
    assert pair is not None and (pair.higher, pair.lower, pair.difference, pair.shared_candidates) == ("Anne", "Bo", 1.0, 4)
    assert pair.notable
    # the mirror images are not two flags
    assert [c.flag for c in decision.calibrate_raters([("Anne", [4]), ("Bo", [3])], panels)] == [None, None]


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


# ---- rule 4: self versus manager --------------------------------------------------------------------------

FIVE = make_framework({"one": ["c1", "c2", "c3"], "two": ["c4", "c5", "c6"]})
FIVE_SCORER = Scorer.build(FIVE)


def five(name, role, values):
    return FIVE_SCORER.rater(name, role, [rate(f"c{i}", v) for i, v in enumerate(values, start=1)])


def test_worked_example_rule_4_a_blind_spot_beyond_the_general_difference():
    panel = FIVE_SCORER.consolidate([
        five("Leder", RaterRole.MANAGER, [3, 3, 3, 3, 2, 3]),
        five("Mig", RaterRole.SELF, [3, 4, 3, 4, 5, 3]),
    ])
    # self − manager: 0, +1, 0, +1, +3, 0 -> G = 5/6; R = −0.83, +0.17, −0.83, +0.17, +2.17, −0.83
    assert panel.general_difference == pytest.approx(5 / 6)
    assert [c.alignment for c in panel.self_vs_manager] == [Alignment.ALIGNED] * 4 + [Alignment.BLIND_SPOT, Alignment.ALIGNED]
    assert panel.self_vs_manager[4].difference == pytest.approx(3.0)  # the raw difference stays visible


def test_under_five_shared_competences_there_is_no_general_difference_and_no_flag():
    panel = SCORER.consolidate([
        rater("Leder", RaterRole.MANAGER, qk1=4, qa1=3, qs1=3),
        rater("Mig", RaterRole.SELF, qk1=4, qa1=3, qs1=5),
    ])
    assert panel.general_difference is None and panel.too_few_to_separate
    assert [c.alignment for c in panel.self_vs_manager] == [None, None, None]
    assert [c.difference for c in panel.self_vs_manager] == [0, 0, 2]  # shown raw, labelled


@given(st.lists(st.integers(1, 4), min_size=6, max_size=6), st.sampled_from([0.5, 0.75, 1.0, -0.5]))
def test_a_uniformly_self_lenient_person_has_no_blind_spots(manager_levels, leniency):
    manager = five("Leder", RaterRole.MANAGER, manager_levels)
    own = FIVE_SCORER.profile_from_scores({c.competence_id: (c.score + leniency, 1) for c in manager.profile.competences})
    panel = FIVE_SCORER.consolidate([manager, RaterProfile(rater="Mig", role=RaterRole.SELF, profile=own)])
    assert panel.general_difference == pytest.approx(leniency)
    assert all(c.alignment is Alignment.ALIGNED for c in panel.self_vs_manager)


def test_without_a_true_difference_few_competences_and_far_fewer_employees_get_a_flag():
    """Self and manager see the same person (noise SD 0.7 on each of two statements per competence): the old
    rule (|R| ≥ 1, G from any number of competences) flagged 83 % of employees; |R| ≥ 1.5 flags under 5 % of
    competences and about a third of employees - read as "worth talking about", never as a finding."""
    generator = random.Random(11)
    development, own = CATALOG.guide("udviklingssamtale"), CATALOG.guide("selvvurdering")
    framework = CATALOG.framework(development.framework)
    manager_scorer, self_scorer = Scorer.build(framework, questions=development.questions), Scorer.build(framework, questions=own.questions)
    employees = flagged_competences = flagged_employees = old_rule = 0
    for _ in range(1500):
        truth = {c.id: generator.uniform(2, 4) for c in framework.competences}
        panel = manager_scorer.consolidate([
            manager_scorer.rater("Leder", RaterRole.MANAGER, [Rating(question=q.id, value=noisy(generator, truth[q.competence]))
                                                              for q in development.scored_questions()]),
            self_scorer.rater("Mig", RaterRole.SELF, [Rating(question=q.id, value=noisy(generator, truth[q.competence]))
                                                      for q in own.scored_questions()]),
        ])
        flags = [c for c in panel.self_vs_manager if c.alignment not in (None, Alignment.ALIGNED)]
        employees += 1
        flagged_competences += len(flags)
        flagged_employees += bool(flags)
        old_rule += any(c.relative_difference is not None and abs(c.relative_difference) >= 1 for c in panel.self_vs_manager)
    assert flagged_competences / (employees * len(framework.competences)) < 0.05
    assert flagged_employees / employees < 0.4
    assert old_rule / employees > 0.75


# ---- rule 5: fit as an interval; groups no finer than the measurement ------------------------------------


def test_worked_example_rule_5_no_example_does_not_beat_a_weak_example():
    """Kim, rated 1 on one of ten competences (target 4 everywhere), Lea not assessed there: the old fit gave
    Kim 90 and Lea 100. Now Lea's fit is 90-100 and both are ranked on 90: one group."""
    framework = make_framework({"area": [f"c{i}" for i in range(10)]})
    scorer = Scorer.build(framework)
    kim = scorer.rater("Anne", RaterRole.PANEL, [rate("c0", 1), *(rate(f"c{i}", 4) for i in range(1, 10))])
    lea = scorer.rater("Anne", RaterRole.PANEL, [rate("c0", None), *(rate(f"c{i}", 4) for i in range(1, 10))])
    kims, leas = scorer.consolidate([kim]).consolidated, scorer.consolidate([lea]).consolidated
    assert (kims.fit_low, kims.fit_high) == (pytest.approx(90.0), pytest.approx(90.0))
    assert (leas.fit_low, leas.fit_high) == (pytest.approx(90.0), pytest.approx(100.0))
    ranked = agreement.rank([RankInput("Lea", leas.fit_low, leas.fit_high, 1.0, 3.0), RankInput("Kim", kims.fit_low, kims.fit_high, 1.0, 3.0)],
                            min_coverage=0.8)
    assert [(r.key, r.group) for r in ranked] == [("Lea", 1), ("Kim", 1)]


def test_candidates_closer_than_the_uncertainty_of_their_difference_share_a_group():
    ranked = agreement.rank([
        RankInput("Kim", 80.0, 80.0, 1.0, 4.0),
        RankInput("Lea", 72.0, 72.0, 1.0, 4.0),  # 8 < 1.96·√(4² + 4²) = 11.1: with Kim
        RankInput("Mads", 60.0, 60.0, 1.0, 4.0),  # 20 from Kim: the next group
        RankInput("Nora", 100.0, 100.0, 0.3, 0.0),  # 3 of 10 competences assessed
        RankInput("Ole", None, None, 0.0),
    ])
    assert [(r.key, r.group, r.complete) for r in ranked] == [
        ("Kim", 1, True), ("Lea", 1, True), ("Mads", 2, True), ("Nora", None, False), ("Ole", None, False),
    ]


def test_tied_candidates_keep_their_given_order_never_the_alphabet():
    ranked = agreement.rank([RankInput("Zoe", 100.0, 100.0, 1.0), RankInput("Ada", 100.0, 100.0, 1.0)])
    assert [(r.key, r.group) for r in ranked] == [("Zoe", 1), ("Ada", 1)]


def test_two_identical_candidates_share_a_group_in_at_least_nine_runs_of_ten():
    generator = random.Random(1)
    shared = 0
    for _ in range(1000):
        truth = Simulated.truth(generator, 1.5, 3.5)
        ranked = decision.rank_panels({"a": Simulated.panel(generator, truth), "b": Simulated.panel(generator, truth)}, 0.8)
        shared += ranked[0].group == ranked[1].group
    assert shared / 1000 >= 0.9


def test_a_candidate_one_level_better_everywhere_is_in_a_higher_group_in_at_least_nine_runs_of_ten():
    """Below the target (fit stops at the target, so above it "better" shows in "above target" only)."""
    generator = random.Random(2)
    higher = 0
    for _ in range(1000):
        truth = Simulated.truth(generator, 1.5, 3.5)
        better = {c: level + 1 for c, level in truth.items()}
        groups = {r.key: r.group for r in decision.rank_panels(
            {"same": Simulated.panel(generator, truth), "better": Simulated.panel(generator, better)}, 0.8)}
        higher += groups["better"] < groups["same"]
    assert higher / 1000 >= 0.9


def test_the_minimum_coverage_is_the_rounds():
    ranked = agreement.rank([RankInput("Kim", 90.0, 95.0, 0.6)], min_coverage=0.5)
    assert ranked[0].group == 1


def test_above_target_is_the_weighted_surplus_and_fit_stops_at_the_target():
    target = {"k": TargetLevel(level=3, weight=2), "a": TargetLevel(level=4), "s": TargetLevel(level=4)}
    scorer = Scorer.build(FRAMEWORK, target, GUIDE.questions)
    profile = scorer.score([rate("qk1", 5), rate("qa1", 4), rate("qs1", 3)])
    # (2·(5 − 3) + 1·0 + 1·0) / (2 + 1 + 1) = 1.0
    assert decision.above_target(profile) == pytest.approx(1.0)
    assert profile.fit_low is not None and profile.fit_low < 100  # s is short; k's surplus does not make up for it
