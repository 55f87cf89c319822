"""Properties of scoring that hold for every set of ratings and targets (hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from profiling.domain.framework import TargetLevel
from profiling.domain.scoring import Rating, score
from tests.builders import make_framework, make_guide

COMPETENCES = ("a1", "a2", "b1", "b2")
FRAMEWORK = make_framework({"area-a": ["a1", "a2"], "area-b": ["b1", "b2"]})
QUESTIONS = [(f"q{i}", COMPETENCES[i % 4], float(1 + i % 3)) for i in range(8)]
GUIDE = make_guide(QUESTIONS)

levels = st.integers(min_value=1, max_value=5)
ratings = st.lists(
    st.one_of(
        st.builds(lambda q, v: Rating(question=q, value=v), st.sampled_from([q for q, _, _ in QUESTIONS]), levels | st.none()),
        st.builds(lambda c, v: Rating(competence=c, value=v), st.sampled_from(COMPETENCES), levels | st.none()),
    ),
    max_size=20,
)
targets = st.dictionaries(
    st.sampled_from(COMPETENCES),
    st.builds(TargetLevel, level=levels, weight=st.sampled_from([0.0, 0.5, 1.0, 2.0, 5.0])),
    min_size=1,
)


def profile_of(rating_list, target):
    return score(FRAMEWORK, rating_list, target=target, questions=GUIDE.questions)


@given(ratings, targets)
def test_every_score_stays_within_the_scale(rating_list, target):
    profile = profile_of(rating_list, target)
    for value in [c.score for c in profile.competences] + [a.score for a in profile.areas]:
        assert value is None or 1 - 1e-9 <= value <= 5 + 1e-9


@given(ratings, targets)
def test_fit_stays_within_0_and_100_and_coverage_within_0_and_1(rating_list, target):
    profile = profile_of(rating_list, target)
    assert (profile.fit_low is None) == (profile.fit_high is None)
    assert profile.fit_low is None or 0 <= profile.fit_low <= profile.fit_high <= 100  # type: ignore[operator]
    assert 0 <= profile.coverage <= 1 + 1e-9


@given(ratings, targets, st.data())
def test_scoring_an_unscored_competence_lands_its_fit_inside_the_interval_it_had(rating_list, target, data):
    """The interval means what it says: whatever the missing evidence turns out to be, fit ends up inside it."""
    before = profile_of(rating_list, target)
    unscored = [c.competence_id for c in before.competences if c.score is None]
    if before.fit_low is None or not unscored:
        return
    competence = data.draw(st.sampled_from(unscored))
    after = profile_of([*rating_list, Rating(competence=competence, value=data.draw(st.integers(1, 5)))], target)
    assert before.fit_low - 1e-9 <= after.fit_low <= after.fit_high <= before.fit_high + 1e-9  # type: ignore[operator]


@given(ratings, targets, st.data())
def test_raising_any_rating_never_lowers_fit(rating_list, target, data):
    assessed = [i for i, r in enumerate(rating_list) if r.value is not None and r.value < 5]
    if not assessed:
        return
    index = data.draw(st.sampled_from(assessed))
    raised_value = data.draw(st.integers(min_value=rating_list[index].value + 1, max_value=5))
    raised = list(rating_list)
    raised[index] = raised[index].model_copy(update={"value": raised_value})
    before, after = profile_of(rating_list, target), profile_of(raised, target)
    if before.fit_low is None:  # nothing with a target weight is scored; raising a rating cannot change that
        assert after.fit_low is None
    else:
        assert after.fit_low is not None and after.fit_low >= before.fit_low - 1e-9
        assert after.fit_high >= before.fit_high - 1e-9  # type: ignore[operator]


@given(ratings, targets, st.lists(st.sampled_from(COMPETENCES + tuple(q for q, _, _ in QUESTIONS)), max_size=6), st.randoms())
def test_not_assessed_ratings_change_nothing(rating_list, target, extra_targets, random):
    extra = [Rating(question=t, value=None) if t.startswith("q") else Rating(competence=t, value=None) for t in extra_targets]
    mixed = list(rating_list)
    for rating in extra:  # anywhere, keeping the assessed ratings in their order (float sums are order-sensitive)
        mixed.insert(random.randint(0, len(mixed)), rating)
    assert profile_of(mixed, target) == profile_of(rating_list, target)


@given(ratings, targets)
def test_the_order_of_ratings_does_not_matter(rating_list, target):
    forward, backward = profile_of(rating_list, target), profile_of(list(reversed(rating_list)), target)
    assert (forward.fit_low is None) == (backward.fit_low is None)
    assert forward.fit_low is None or abs(forward.fit_low - backward.fit_low) < 1e-9  # type: ignore[operator]
    assert forward.fit_high is None or abs(forward.fit_high - backward.fit_high) < 1e-9  # type: ignore[operator]
