"""A recruitment round: one position, one guide for every candidate, a panel, the candidates - and, since a
municipal hiring decision is an administrative decision, a case (sag): the advertised criteria, the panel's
and the hiring committee's seats, each member's declaration of (in)eligibility per candidate (forvaltningsloven
§ 3), and the notes the owner asks for where the panel's ratings lie far apart.

Scoring is blind while the round is open: a panel member sees the others' scorecards of a candidate only
after completing their own (the rule itself is in `policy`, which reads `Round.is_open`). Once the round
closes, everyone on it may read every scorecard: so a closed round takes no ratings, its open drafts are
closed as incomplete, and opened again it scores only candidates placed after the closing. Only a closed
round hires.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from profiling.domain.agreement import DEFAULT_MIN_COVERAGE
from profiling.domain.errors import InvalidInput, NotAllowedNow
from profiling.domain.states import RoundStatus


class Seat(StrEnum):
    """What a seat on a round lets its holder do."""

    PANEL = "panel"  # holds the interviews and scores
    COMMITTEE = "committee"  # the hiring committee (e.g. the union representative): reads results and minutes


@dataclass(eq=False, kw_only=True)
class PanelSeat:
    """A seat on a round: a panel member, or a member of the hiring committee."""

    round_id: int = field(init=False)
    user_id: int
    seat: str = Seat.PANEL


@dataclass(eq=False, kw_only=True)
class Declaration:
    """A member's declaration about one candidate: not disqualified, or disqualified with the reason (FVL § 3)."""

    round_id: int = field(init=False)
    user_id: int
    person_id: int
    disqualified: bool
    reason: str = ""
    declared_at: datetime


@dataclass(eq=False, kw_only=True)
class NoteRequest:
    """The owner's request for a rater's note on one question of a completed scorecard (the panel's ratings of it
    lie two or more apart): answered by the rater's addendum to that rating."""

    id: int = field(init=False)
    round_id: int = field(init=False)
    interview_id: int
    question_id: str
    requested_by_id: int | None = None
    requested_at: datetime


@dataclass(eq=False, kw_only=True)
class Candidacy:
    """A candidate of a round, since when; and a hire of them waiting for confirmation, if any."""

    round_id: int = field(init=False)
    person_id: int
    added_at: datetime
    # An internal applicant's hire waits for her current manager (or an administrator) to confirm it.
    hire_team_id: int | None = None
    hire_requested_by_id: int | None = None
    hire_requested_at: datetime | None = None

    @property
    def hire_pending(self) -> bool:
        return self.hire_team_id is not None


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
    # When it was last closed, kept when it opens again: the candidates it had then are not scored after it
    # (everyone on the panel could read every scorecard while it was closed).
    last_closed_at: datetime | None = None
    # Candidates assessed on less than this share of the target's weight are listed unranked.
    min_coverage: float = DEFAULT_MIN_COVERAGE
    # The criteria the position was advertised with, one per line: what the minutes give reasons against.
    criteria: str = ""
    version: int = field(default=0, init=False)
    panel: list[PanelSeat] = field(default_factory=list)
    candidates: list[Candidacy] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    note_requests: list[NoteRequest] = field(default_factory=list)

    @property
    def panel_ids(self) -> list[int]:
        """The users who score (in seating order)."""
        return [s.user_id for s in self.panel if s.seat == Seat.PANEL]

    @property
    def committee_ids(self) -> list[int]:
        """The hiring committee: they read the results and the minutes, and never score."""
        return [s.user_id for s in self.panel if s.seat == Seat.COMMITTEE]

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def candidate_ids(self) -> set[int]:
        return {c.person_id for c in self.candidates}

    def require_open(self) -> None:
        if not self.is_open:
            raise NotAllowedNow("error.round_closed")

    def require_closed(self) -> None:
        if self.is_open:
            raise NotAllowedNow("error.round_still_open")

    def require_scorable(self, person_id: int) -> None:
        """A new scorecard of this candidate may begin: the round is open, and the candidate came after its
        last closing (blind scoring cannot be restored for the candidates everyone could read then)."""
        self.require_open()
        candidacy = self.candidacy(person_id)
        if candidacy is None:
            raise InvalidInput("person_id", "error.not_in_round")
        if self.last_closed_at is not None and candidacy.added_at <= self.last_closed_at:
            raise NotAllowedNow("error.round_reopened_scored")

    def candidacy(self, person_id: int) -> Candidacy | None:
        return next((c for c in self.candidates if c.person_id == person_id), None)

    def request_hire(self, person_id: int, team_id: int, requested_by: int | None, now: datetime) -> None:
        """Ask to hire the candidate (an internal applicant) into the team; her manager confirms it."""
        self.require_closed()
        candidacy = self.candidacy(person_id)
        if candidacy is None:
            raise InvalidInput("person_id", "error.not_in_round")
        candidacy.hire_team_id, candidacy.hire_requested_by_id, candidacy.hire_requested_at = team_id, requested_by, now

    def settle_hire_request(self, person_id: int) -> int:
        """The candidate's waiting hire is answered (confirmed or declined); the team it was for."""
        candidacy = self.candidacy(person_id)
        if candidacy is None or candidacy.hire_team_id is None:
            raise NotAllowedNow("error.no_hire_request")
        team_id = candidacy.hire_team_id
        candidacy.hire_team_id = candidacy.hire_requested_by_id = candidacy.hire_requested_at = None
        return team_id

    def seat_panel(self, user_ids: Iterable[int], committee_ids: Iterable[int] = ()) -> None:
        """The panel and the committee become exactly these users (in this order; repeats ignored); seats kept
        are not re-made. Nobody sits on both: a committee member who scores is a panel member."""
        panel = list(dict.fromkeys(user_ids))
        committee = list(dict.fromkeys(committee_ids))
        if set(panel) & set(committee):
            raise InvalidInput("committee_user_ids", "error.panel_and_committee")
        wanted = {**dict.fromkeys(panel, Seat.PANEL), **dict.fromkeys(committee, Seat.COMMITTEE)}
        kept = [seat for seat in self.panel if wanted.get(seat.user_id) == seat.seat]
        seated = {seat.user_id for seat in kept}
        self.panel = kept + [PanelSeat(user_id=u, seat=kind) for u, kind in wanted.items() if u not in seated]

    def declaration(self, user_id: int, person_id: int) -> Declaration | None:
        return next((d for d in self.declarations if d.user_id == user_id and d.person_id == person_id), None)

    def declare(self, user_id: int, person_id: int, disqualified: bool, reason: str, now: datetime) -> Declaration:
        """A member's declaration about a candidate, dated. "Not disqualified" may become "disqualified" when the
        member learns something (their scorecards of the candidate then no longer count); never the other way."""
        if self.candidacy(person_id) is None:
            raise InvalidInput("person_id", "error.not_in_round")
        if disqualified and not reason.strip():
            raise InvalidInput("reason", "error.disqualified_reason")
        before = self.declaration(user_id, person_id)
        if before is not None and before.disqualified:
            raise NotAllowedNow("error.already_disqualified")
        if before is not None and not disqualified:
            return before
        if before is not None:
            self.declarations.remove(before)
        declared = Declaration(user_id=user_id, person_id=person_id, disqualified=disqualified, reason=reason.strip(),
                               declared_at=now)
        self.declarations.append(declared)
        return declared

    def may_score(self, user_id: int, person_id: int) -> None:
        """The member has declared themself not disqualified for the candidate (before any scoring)."""
        declared = self.declaration(user_id, person_id)
        if declared is None:
            raise NotAllowedNow("error.declare_first")
        if declared.disqualified:
            raise NotAllowedNow("error.disqualified")

    def ask_for_note(self, interview_id: int, question_id: str, requested_by: int | None, now: datetime) -> bool:
        """Ask the rater of a scorecard for a note on one question; whether it was not asked before."""
        if any(r.interview_id == interview_id and r.question_id == question_id for r in self.note_requests):
            return False
        self.note_requests.append(
            NoteRequest(interview_id=interview_id, question_id=question_id, requested_by_id=requested_by, requested_at=now)
        )
        return True

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
        """Close the round (no more scoring; blind scoring ends) or open it again (for candidates placed after)."""
        self.status = status
        self.closed_at = now if status is RoundStatus.CLOSED else None
        if status is RoundStatus.CLOSED:
            self.last_closed_at = now
