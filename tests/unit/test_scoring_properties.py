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
    assert profile.fit is None or 0 <= profile.fit <= 100
    assert 0 <= profile.coverage <= 1 + 1e-9


@given(ratings, targets, st.data())
def test_raising_any_rating_never_lowers_fit(rating_list, target, data):
    assessed = [i for i, r in enumerate(rating_list) if r.value is not None and r.value < 5]
    if not assessed:
        return
    index = data.draw(st.sampled_from(assessed))
    raised_value = data.draw(st.integers(min_value=rating_list[index].value + 1, max_value=5))
    raised = list(rating_list)
    raised[index] = raised[index].model_copy(update={"value": raised_value})
    before, after = profile_of(rating_list, target).fit, profile_of(raised, target).fit
    if before is None:  # nothing with a target weight is scored; raising a rating cannot change that
        assert after is None
    else:
        assert after is not None and after >= before - 1e-9


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
    assert (forward.fit is None) == (backward.fit is None)
    assert forward.fit is None or abs(forward.fit - backward.fit) < 1e-9
