"""Which completed scorecards are read together: a round's panel, a conversation with its self-assessment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from profiling.domain.assessments import SELF_ASSESSMENT_WINDOW, Completed, group_assessments

DAY = datetime(2026, 3, 1, tzinfo=UTC)


def keys(cards: list[Completed]) -> list[tuple[str, list[int]]]:
    return [(group.key, [m.id for m in group.members]) for group in group_assessments(cards)]


def test_a_rounds_scorecards_form_one_assessment_of_the_panel():
    cards = [Completed(1, DAY, "f", round_id=7), Completed(2, DAY + timedelta(days=1), "f", round_id=7)]
    assert keys(cards) == [("round:7", [1, 2])]


def test_a_conversation_takes_the_self_assessment_closest_in_time_and_leaves_the_other_alone():
    cards = [
        Completed(1, DAY, "f"),
        Completed(2, DAY - timedelta(days=20), "f", is_self=True),
        Completed(3, DAY - timedelta(days=5), "f", is_self=True),
    ]
    assert keys(cards) == [("interview:1", [1, 3]), ("interview:2", [2])]


def test_a_self_assessment_outside_the_window_or_on_another_framework_stands_alone():
    cards = [
        Completed(1, DAY, "f"),
        Completed(2, DAY - SELF_ASSESSMENT_WINDOW - timedelta(days=1), "f", is_self=True),
        Completed(3, DAY, "other", is_self=True),
    ]
    assert sorted(keys(cards)) == [("interview:1", [1]), ("interview:2", [2]), ("interview:3", [3])]


def test_assessments_come_newest_first():
    cards = [Completed(1, DAY, "f"), Completed(2, DAY + timedelta(days=400), "f"), Completed(3, DAY, "f", round_id=1)]
    assert next(group.key for group in group_assessments(cards)) == "interview:2"


cards_strategy = st.lists(
    st.builds(
        Completed,
        id=st.integers(0, 10**6),
        completed_at=st.integers(0, 2000).map(lambda d: DAY + timedelta(days=d)),
        framework_id=st.sampled_from(["f", "g"]),
        round_id=st.one_of(st.none(), st.integers(1, 3)),
        is_self=st.booleans(),
    ),
    unique_by=lambda card: card.id,
    max_size=20,
)


@given(cards_strategy)
def test_every_scorecard_is_read_and_only_a_self_assessment_may_join_more_than_one_conversation(cards):
    members = [m for group in group_assessments(cards) for m in group.members]
    assert {m.id for m in members} == {card.id for card in cards}
    others = [m.id for m in members if m.is_self is False or m.round_id is not None]
    assert len(others) == len(set(others))
