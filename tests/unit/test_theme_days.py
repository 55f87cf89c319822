"""The anonymous team profile of a theme day: never below k, never a person's value - alone or beside the
earlier snapshots a member can read; and the shared themes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from profiling.domain.disclosure import singled_out
from profiling.domain.errors import InvalidInput, NotAllowedNow
from profiling.domain.scoring import Scorer
from profiling.domain.theme_days import (
    FEWER_THAN_SMALL,
    HIDDEN,
    SPREAD_FROM,
    CompetenceBands,
    Member,
    Release,
    Source,
    TeamMap,
    ThemeDay,
    ThemeReason,
    Withheld,
    masked_counts,
    publish,
    published_mean,
)
from tests.builders import make_framework, make_guide, rate

FRAMEWORK = make_framework({"area-a": ["a1", "a2"], "area-b": ["b1"]}, {"a1": (3, 1.0), "a2": (3, 1.0), "b1": (3, 1.0)})
GUIDE = make_guide([("q1", "a1", 1), ("q2", "a2", 1), ("q3", "b1", 1)])
SCORER = Scorer.build(FRAMEWORK, questions=GUIDE.questions)
TARGET = SCORER.target


def profile(**values):
    return SCORER.score(rate(q, v) for q, v in values.items())


def team(profiles, start: int = 1) -> list[Member]:
    """One member per profile, person ids from `start`, each value from their own conversation."""
    return [Member(start + i, f"interview:{start + i}", p) for i, p in enumerate(profiles)]


def team_map(profiles, k: int = 5, **options) -> TeamMap:
    return publish(FRAMEWORK, TARGET, team(profiles), k, **options).team_map


def test_below_k_contributors_nothing_per_competence_is_shown():
    mapped = team_map([profile(q1=2, q2=3, q3=4)] * 4)
    assert (mapped.shown, mapped.contributors, mapped.min_contributors) == (False, 4, 5)
    assert (mapped.competences, mapped.themes) == ([], [])


def test_from_k_contributors_the_team_mean_and_the_bands_are_shown_small_bands_as_fewer_than_three():
    mapped = team_map([profile(q1=v, q2=3, q3=3) for v in (1, 2, 3, 4, 5)])
    a1 = mapped.competence("a1")
    assert mapped.shown and a1 is not None
    assert (a1.mean, a1.target, a1.gap, a1.contributors) == (3.0, 3, 0.0, 5)
    assert (a1.at_or_above, a1.within_one_below, a1.further_below) == (3, FEWER_THAN_SMALL, FEWER_THAN_SMALL)


def test_a_competence_scored_by_fewer_than_k_is_withheld_on_its_own():
    mapped = team_map([profile(q1=3, q2=2, q3=3)] * 2 + [profile(q1=3, q3=3)] * 3)
    a2 = mapped.competence("a2")
    assert a2 is not None and a2.withheld and a2.reason is Withheld.TOO_FEW and a2.contributors == 2
    assert (a2.mean, a2.gap, a2.at_or_above, a2.spread) == (None, None, None, None)
    assert all(t.competence_id != "a2" for t in mapped.themes)


def test_no_lowest_or_highest_value_and_no_person_is_part_of_the_profile():
    fields = set(CompetenceBands.model_fields)
    assert not fields & {"min", "max", "minimum", "maximum", "scores", "values", "people", "members"}


@pytest.mark.parametrize("k", [0, 1, 2])
def test_k_is_never_below_three(k):
    with pytest.raises(InvalidInput) as refused:
        team_map([profile(q1=3)] * 10, k)
    assert refused.value.field == "min_contributors"


def test_below_ten_contributors_the_mean_is_to_a_half_level_so_the_sum_of_the_team_is_not_fixed():
    # Four colleagues pooling their own values (3, 3, 3, 3) and a one-decimal mean of 3.2 would give the
    # fifth exactly (4); a half-level mean of 3.0 leaves 2.75 * 5 - 12 ... 3.25 * 5 - 12: 1.75 to 4.25.
    a1 = team_map([profile(q1=v) for v in (3, 3, 3, 3, 4)]).competence("a1")
    assert a1 is not None and a1.mean == 3.0 and a1.spread is None


def test_from_ten_contributors_the_mean_has_one_decimal_and_the_spread_is_shown():
    a1 = team_map([profile(q1=v) for v in (1, 5) * 5 + (4,)]).competence("a1")
    assert a1 is not None and (a1.mean, a1.spread) == (3.1, 1.9)  # 34 / 11


@given(st.lists(st.floats(1, 5), min_size=1, max_size=30))
def test_a_published_mean_is_within_half_its_step_of_the_true_mean(scores):
    shown = published_mean(sum(scores) / len(scores), len(scores))
    step = 0.5 if len(scores) < SPREAD_FROM else 0.1
    assert abs(shown - sum(scores) / len(scores)) <= step / 2 + 1e-9
    assert abs(shown / step - round(shown / step)) < 1e-9


def test_spread_themes_come_only_from_ten_contributors():
    split = [profile(q1=1, q2=2, q3=v) for v in (1, 5) * 4 + (3,)]  # nine members who see b1 very differently
    assert [t.reason for t in team_map(split).themes] == [ThemeReason.SHORTFALL, ThemeReason.SHORTFALL]
    ten = split + [profile(q1=1, q2=2, q3=5)]
    assert [(t.competence_id, t.reason) for t in team_map(ten).themes] == [
        ("a1", ThemeReason.SHORTFALL), ("a2", ThemeReason.SHORTFALL), ("b1", ThemeReason.SPREAD),
    ]


def test_one_small_band_beside_two_shown_hides_a_second_so_it_cannot_be_worked_out():
    assert masked_counts([3, 3, 1]) == [3, HIDDEN, FEWER_THAN_SMALL]
    assert masked_counts([4, 3, 0]) == [4, HIDDEN, FEWER_THAN_SMALL]
    assert masked_counts([3, 1, 1]) == [3, FEWER_THAN_SMALL, FEWER_THAN_SMALL]
    assert masked_counts([5, 4, 3]) == [5, 4, 3]


@given(st.lists(st.integers(0, 12), min_size=3, max_size=3))
def test_no_band_under_three_is_ever_shown_or_computable_from_the_total(counts):
    shown = masked_counts(counts)
    assert all(c >= 3 for c in shown if isinstance(c, int))
    hidden = [i for i, c in enumerate(shown) if not isinstance(c, int)]
    assert len(hidden) != 1, "one hidden band would be the total minus the others"


@given(st.lists(st.tuples(st.integers(1, 5), st.none() | st.integers(1, 5)), min_size=0, max_size=12), st.integers(3, 8))
def test_nothing_shows_below_k_and_a_shown_band_never_holds_fewer_than_three(scores, k):
    profiles = [profile(q1=a, **({"q2": b} if b is not None else {})) for a, b in scores]
    mapped = team_map(profiles, k)
    assert mapped.shown == (len(profiles) >= k)
    for bands in mapped.competences:
        assert bands.withheld == (bands.contributors < k)
        for count in (bands.at_or_above, bands.within_one_below, bands.further_below):
            assert count is None or not isinstance(count, int) or count >= 3


# The checks against earlier snapshots (the differencing attacks).

def released(profiles, start=1, source=Source.MANAGER, earlier=None, k=5):
    publication = publish(FRAMEWORK, TARGET, team(profiles, start), k, source, earlier)
    return publication, {c: [Release(source, values)] for c, values in publication.released.items()}


def test_a_snapshot_one_member_away_from_an_earlier_one_is_withheld():
    _, earlier = released([profile(q1=3)] * 6)
    joined, _ = released([profile(q1=3)] * 7, earlier=earlier)  # the same six and one newcomer: 7*B - 6*A
    assert joined.team_map.competence("a1").reason is Withheld.TOO_CLOSE
    assert "a1" not in joined.released


def test_a_snapshot_k_or_more_people_away_from_an_earlier_one_is_shown():
    _, earlier = released([profile(q1=3)] * 6)
    grown, _ = released([profile(q1=3)] * 11, earlier=earlier)
    assert not grown.team_map.competence("a1").withheld


def test_the_same_people_from_another_source_are_withheld():
    # The probe's attack: one day from the manager's ratings, one from "manager, else self".
    _, earlier = released([profile(q1=3)] * 7, source=Source.MANAGER)
    other, _ = released([profile(q1=3)] * 7, source=Source.MANAGER_ELSE_SELF, earlier=earlier)
    assert other.team_map.competence("a1").reason is Withheld.OTHER_SOURCE


def test_three_snapshots_that_would_give_one_value_together_are_withheld_though_each_pair_differs_by_k():
    _, earlier = released([profile(q1=3)] * 5, start=1)  # people 1-5
    second, more = released([profile(q1=3)] * 10, start=1, earlier=earlier)  # people 1-10: differs by 5
    assert "a1" in second.released
    combined = {"a1": earlier["a1"] + more["a1"]}
    third, _ = released([profile(q1=3)] * 6, start=6, earlier=combined)  # people 6-11: third - (second - first) = 11
    assert third.team_map.competence("a1").reason is Withheld.SINGLES_OUT


def test_the_sums_of_overlapping_releases_single_out_exactly_the_lone_differences():
    assert singled_out([frozenset("abcde"), frozenset("abcdef")]) == {"f"}
    assert singled_out([frozenset("abcde"), frozenset("abcdefg")]) == set()
    assert singled_out([frozenset("abcde"), frozenset("abcdefg")], known={"g"}) == {"f"}
    assert singled_out([frozenset("ab")], known={"a"}) == {"b"}
    assert singled_out([]) == set()


# The property the issue asks for: whatever a team does, no member can compute a colleague's value.

OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("publish")),
        st.tuples(st.just("join"), st.none() | st.integers(1, 5), st.none() | st.integers(1, 5)),
        st.tuples(st.just("leave"), st.integers(0, 20)),
        st.tuples(st.just("source"), st.sampled_from(list(Source))),
        st.tuples(st.just("reassess"), st.integers(0, 20), st.integers(1, 5)),
    ),
    max_size=40,
)


def determined(rows: list[frozenset], known: set) -> set:
    """Which unknowns the sums over `rows` fix, solved independently of the code under test: an unknown is
    fixed when every solution of the homogeneous system is zero there (null space by SVD)."""
    unknowns = sorted({v for row in rows for v in row} - known)
    if not rows or not unknowns:
        return set()
    matrix = np.array([[1.0 if v in row else 0.0 for v in unknowns] for row in rows])
    _, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    null = vt[rank:]
    return {v for i, v in enumerate(unknowns) if null.shape[0] == 0 or np.all(np.abs(null[:, i]) < 1e-9)}


@given(OPERATIONS, st.integers(3, 6))
def test_no_sequence_of_publish_join_leave_and_source_lets_a_member_recover_a_colleagues_value(operations, k):
    manager: dict[int, tuple[int, int] | None] = {}  # person -> (conversation id, value on a1)
    own: dict[int, tuple[int, int] | None] = {}  # person -> (self-assessment id, value)
    members: list[int] = []
    source = Source.MANAGER
    earlier: dict[str, list[Release]] = {}
    next_id = iter(range(1, 10_000))
    for person in range(1, 7):  # a team of six to begin with, every member assessed both ways
        members.append(person)
        manager[person], own[person] = (next(next_id), 3), (next(next_id), 4)
    for operation in operations:
        if operation[0] == "join":
            person = max(manager) + 1
            members.append(person)
            manager[person] = None if operation[1] is None else (next(next_id), operation[1])
            own[person] = None if operation[2] is None else (next(next_id), operation[2])
        elif operation[0] == "leave" and members:
            members.pop(operation[1] % len(members))
        elif operation[0] == "source":
            source = operation[1]
        elif operation[0] == "reassess" and members:
            manager[members[operation[1] % len(members)]] = (next(next_id), operation[2])
        elif operation[0] == "publish":
            contributing = []
            for person in members:
                chosen = own[person] if source is Source.SELF else manager[person]
                if chosen is None and source is Source.MANAGER_ELSE_SELF:
                    chosen = own[person]
                if chosen is not None:
                    contributing.append(Member(person, f"interview:{chosen[0]}", profile(q1=chosen[1])))
            publication = publish(FRAMEWORK, TARGET, contributing, k, source, earlier)
            for competence_id, values in publication.released.items():
                assert len(values) >= k
                earlier.setdefault(competence_id, []).append(Release(source, values))
    rows = [release.contributions for release in earlier.get("a1", [])]
    everyone = {person for row in rows for person, _ in row}
    for reader in everyone:  # a reader knows their own values, from every assessment
        known = {value for row in rows for value in row if value[0] == reader}
        assert determined(rows, known) == set(), f"member {reader} could compute a colleague's value"


def test_a_theme_days_agreements_drop_empty_texts_and_date_the_writing():
    day = ThemeDay(team_id=1, title="Temadag", held_on=date(2026, 12, 1), framework_id="f", source="manager",
                   created_at=datetime(2026, 11, 1, tzinfo=UTC))
    moment = datetime(2026, 12, 1, 15, tzinfo=UTC)
    day.agree([("a1", "Vi øver hver dag", date(2027, 1, 15)), ("a2", "  ", None)], moment)
    assert [(a.competence_id, a.text, a.follow_up_on) for a in day.agreements] == [("a1", "Vi øver hver dag", date(2027, 1, 15))]
    assert day.agreed_at == moment


def test_a_published_team_profile_is_frozen():
    day = ThemeDay(team_id=1, title="Temadag", held_on=date(2026, 12, 1), framework_id="f", source="manager",
                   created_at=datetime(2026, 11, 1, tzinfo=UTC))
    mapped = team_map([profile(q1=3)] * 5)
    day.publish(mapped, "Specialist", datetime(2026, 12, 1, tzinfo=UTC))
    assert day.team_map == mapped and day.target_name == "Specialist"
    with pytest.raises(NotAllowedNow):
        day.publish(team_map([profile(q1=1)] * 5), None, datetime(2026, 12, 2, tzinfo=UTC))
    assert day.team_map == mapped
