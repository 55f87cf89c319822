"""The anonymous team profile of a theme day: never below k, never a person's value; and the shared themes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from profiling.domain.errors import InvalidInput
from profiling.domain.scoring import Scorer
from profiling.domain.theme_days import CompetenceBands, ThemeDay, ThemeReason, team_map
from tests.builders import make_framework, make_guide, rate

FRAMEWORK = make_framework({"area-a": ["a1", "a2"], "area-b": ["b1"]}, {"a1": (3, 1.0), "a2": (3, 1.0), "b1": (3, 1.0)})
GUIDE = make_guide([("q1", "a1", 1), ("q2", "a2", 1), ("q3", "b1", 1)])
SCORER = Scorer.build(FRAMEWORK, questions=GUIDE.questions)
TARGET = SCORER.target


def member(**values):
    return SCORER.score(rate(q, v) for q, v in values.items())


def test_below_k_contributors_nothing_per_competence_is_shown():
    mapped = team_map(FRAMEWORK, TARGET, [member(q1=2, q2=3, q3=4)] * 4, 5)
    assert (mapped.shown, mapped.contributors, mapped.min_contributors) == (False, 4, 5)
    assert (mapped.competences, mapped.themes) == ([], [])


def test_from_k_contributors_the_team_mean_and_the_bands_are_shown():
    mapped = team_map(FRAMEWORK, TARGET, [member(q1=v, q2=3, q3=3) for v in (1, 2, 3, 4, 5)], 5)
    a1 = mapped.competence("a1")
    assert mapped.shown and a1 is not None
    assert (a1.mean, a1.target, a1.gap) == (3.0, 3, 0.0)
    assert (a1.at_or_above, a1.within_one_below, a1.further_below, a1.contributors) == (3, 1, 1, 5)


def test_a_competence_scored_by_fewer_than_k_is_withheld_on_its_own():
    profiles = [member(q1=3, q2=2, q3=3)] * 2 + [member(q1=3, q3=3)] * 3
    mapped = team_map(FRAMEWORK, TARGET, profiles, 5)
    a2 = mapped.competence("a2")
    assert a2 is not None and a2.withheld and a2.contributors == 2
    assert (a2.mean, a2.gap, a2.at_or_above, a2.spread) == (None, None, None, None)
    assert all(t.competence_id != "a2" for t in mapped.themes)


def test_no_lowest_or_highest_value_and_no_person_is_part_of_the_profile():
    fields = set(CompetenceBands.model_fields)
    assert not fields & {"min", "max", "minimum", "maximum", "scores", "values", "people", "members"}


@pytest.mark.parametrize("k", [0, 1, 2])
def test_k_is_never_below_three(k):
    with pytest.raises(InvalidInput) as refused:
        team_map(FRAMEWORK, TARGET, [member(q1=3)] * 10, k)
    assert refused.value.field == "min_contributors"


def test_themes_are_the_largest_shortfalls_then_the_widest_spread():
    profiles = [member(q1=1, q2=2, q3=v) for v in (1, 5, 1, 5, 3)]
    mapped = team_map(FRAMEWORK, TARGET, profiles, 5)
    assert [(t.competence_id, t.reason) for t in mapped.themes] == [
        ("a1", ThemeReason.SHORTFALL), ("a2", ThemeReason.SHORTFALL), ("b1", ThemeReason.SPREAD),
    ]


@given(
    st.lists(st.tuples(st.integers(1, 5), st.none() | st.integers(1, 5)), min_size=0, max_size=12),
    st.integers(3, 8),
)
def test_the_bands_always_add_up_and_nothing_shows_below_k(scores, k):
    profiles = [member(q1=a, **({"q2": b} if b is not None else {})) for a, b in scores]
    mapped = team_map(FRAMEWORK, TARGET, profiles, k)
    assert mapped.shown == (len(profiles) >= k)
    for bands in mapped.competences:
        assert bands.withheld == (bands.contributors < k)
        if not bands.withheld and bands.target is not None:
            assert (bands.at_or_above or 0) + (bands.within_one_below or 0) + (bands.further_below or 0) == bands.contributors


def test_a_theme_days_agreements_drop_empty_texts_and_date_the_writing():
    day = ThemeDay(team_id=1, title="Temadag", held_on=date(2026, 12, 1), framework_id="f", source="manager",
                   created_at=datetime(2026, 11, 1, tzinfo=UTC))
    moment = datetime(2026, 12, 1, 15, tzinfo=UTC)
    day.agree([("a1", "Vi øver hver dag", date(2027, 1, 15)), ("a2", "  ", None)], moment)
    assert [(a.competence_id, a.text, a.follow_up_on) for a in day.agreements] == [("a1", "Vi øver hver dag", date(2027, 1, 15))]
    assert day.agreed_at == moment
