"""Which completed scorecards are read together as one assessment of a person.

A recruitment round's scorecards of a person form one assessment (the panel). Outside rounds, each
conversation is one assessment, joined by the person's own self-assessment closest to it in time (within
`SELF_ASSESSMENT_WINDOW`, on the same framework; two conversations close together may both be read beside
the same self-assessment); a self-assessment no conversation claims stands alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

# A self-assessment belongs with the manager's conversation closest in time, within this window.
SELF_ASSESSMENT_WINDOW = timedelta(days=180)


@dataclass(frozen=True)
class Completed:
    """What grouping needs of one completed scorecard."""

    id: int
    completed_at: datetime
    framework_id: str
    round_id: int | None = None
    is_self: bool = False


@dataclass(frozen=True)
class Assessment:
    """Scorecards read together: `key` is "round:<id>" or "interview:<id of the conversation>"."""

    key: str
    round_id: int | None
    members: tuple[Completed, ...]

    @property
    def completed_at(self) -> datetime:
        return max(m.completed_at for m in self.members)


def group_assessments(completed: Sequence[Completed], window: timedelta = SELF_ASSESSMENT_WINDOW) -> list[Assessment]:
    """The assessments the scorecards form, newest first (see the module's rule)."""
    by_round: dict[int, list[Completed]] = defaultdict(list)
    conversations: list[Completed] = []
    self_assessments: list[Completed] = []
    for card in completed:
        if card.round_id is not None:
            by_round[card.round_id].append(card)
        elif card.is_self:
            self_assessments.append(card)
        else:
            conversations.append(card)
    groups = [Assessment(f"round:{round_id}", round_id, tuple(members)) for round_id, members in by_round.items()]
    used: set[int] = set()
    for conversation in conversations:
        distance = {
            own.id: abs(own.completed_at - conversation.completed_at)
            for own in self_assessments if own.framework_id == conversation.framework_id
        }
        near = [own for own in self_assessments if own.id in distance and distance[own.id] <= window]
        members = [conversation]
        if near:
            closest = min(near, key=lambda own: distance[own.id])
            members.append(closest)
            used.add(closest.id)
        groups.append(Assessment(f"interview:{conversation.id}", None, tuple(members)))
    groups += [Assessment(f"interview:{own.id}", None, (own,)) for own in self_assessments if own.id not in used]
    return sorted(groups, key=lambda group: group.completed_at, reverse=True)


class Instrument(StrEnum):
    """How a person was assessed: the three never share a trend line (they measure from different sides)."""

    RECRUITMENT = "recruitment"  # a round's panel
    MANAGER = "manager"  # a conversation outside rounds (the manager's MUS or profiling conversation)
    SELF = "self"  # the person's own self-assessment


@dataclass(frozen=True)
class Measurement:
    """One point of a person's history: the scorecards of one instrument at one time."""

    instrument: Instrument
    members: tuple[Completed, ...]

    @property
    def completed_at(self) -> datetime:
        return max(m.completed_at for m in self.members)


def measurements(completed: Sequence[Completed]) -> list[Measurement]:
    """The history's points, oldest first: a round's panel (its self-assessments left out) is one recruitment
    point, each conversation outside rounds a manager point and each self-assessment a self point."""
    by_round: dict[int, list[Completed]] = defaultdict(list)
    points: list[Measurement] = []
    for card in completed:
        if card.round_id is not None:
            if not card.is_self:
                by_round[card.round_id].append(card)
        else:
            points.append(Measurement(Instrument.SELF if card.is_self else Instrument.MANAGER, (card,)))
    points += [Measurement(Instrument.RECRUITMENT, tuple(members)) for members in by_round.values()]
    return sorted(points, key=lambda point: point.completed_at)
