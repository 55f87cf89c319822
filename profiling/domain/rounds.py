"""A recruitment round: one position, one guide for every candidate, a panel, the candidates.

Scoring is blind while the round is open: a panel member sees the others' scorecards of a candidate only
after completing their own (the rule itself is in `policy`, which reads `Round.is_open`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from profiling.domain.agreement import DEFAULT_MIN_COVERAGE
from profiling.domain.errors import NotAllowedNow
from profiling.domain.states import RoundStatus


@dataclass(eq=False, kw_only=True)
class PanelSeat:
    """A panel member of a round."""

    round_id: int = field(init=False)
    user_id: int


@dataclass(eq=False, kw_only=True)
class Candidacy:
    """A candidate of a round, since when."""

    round_id: int = field(init=False)
    person_id: int
    added_at: datetime


@dataclass(eq=False, kw_only=True)
class Round:
    """A recruitment round and its rules: who sits on the panel, who is a candidate, open or closed."""

    id: int = field(init=False)
    title: str
    framework_id: str
    guide_id: str
    target_profile_id: int | None = None
    owner_id: int | None = None
    status: str = RoundStatus.OPEN
    created_at: datetime
    closed_at: datetime | None = None
    # Candidates assessed on less than this share of the target's weight are listed unranked.
    min_coverage: float = DEFAULT_MIN_COVERAGE
    version: int = field(default=0, init=False)
    panel: list[PanelSeat] = field(default_factory=list)
    candidates: list[Candidacy] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def candidate_ids(self) -> set[int]:
        return {c.person_id for c in self.candidates}

    def require_open(self) -> None:
        if not self.is_open:
            raise NotAllowedNow("error.round_closed")

    def seat_panel(self, user_ids: Iterable[int]) -> None:
        """The panel becomes exactly these users (in this order; repeats ignored); seats kept are not re-made."""
        wanted = list(dict.fromkeys(user_ids))
        kept = [seat for seat in self.panel if seat.user_id in wanted]
        seated = {seat.user_id for seat in kept}
        self.panel = kept + [PanelSeat(user_id=u) for u in wanted if u not in seated]

    def place(self, person_id: int, now: datetime) -> bool:
        """Put a person on the round; whether they were not on it before (placing twice changes nothing)."""
        if person_id in self.candidate_ids:
            return False
        self.candidates.append(Candidacy(person_id=person_id, added_at=now))
        return True

    def withdraw(self, person_id: int) -> bool:
        """Take a candidate off the round; whether they were on it."""
        was_on = person_id in self.candidate_ids
        self.candidates = [c for c in self.candidates if c.person_id != person_id]
        return was_on

    def set_status(self, status: RoundStatus, now: datetime) -> None:
        """Close the round (no more scoring; blind scoring ends) or open it again."""
        self.status = status
        self.closed_at = now if status is RoundStatus.CLOSED else None
