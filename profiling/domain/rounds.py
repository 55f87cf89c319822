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

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
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
    # The applicant's request to see their case (forvaltningsloven § 9): the decision waits while it is open (§ 21).
    access_requested_at: datetime | None = None
    access_delivered_at: datetime | None = None
    # The answer the applicant was sent (a rejection with its reasons, FVL §§ 22, 24), as sent, and when.
    answer: str = ""
    answered_at: datetime | None = None
    answered_by_id: int | None = None

    @property
    def hire_pending(self) -> bool:
        return self.hire_team_id is not None

    @property
    def access_open(self) -> bool:
        return self.access_requested_at is not None and self.access_delivered_at is None


@dataclass(eq=False, kw_only=True)
class Minutes:
    """The panel's written minutes and the human decision (GDPR art. 22): whom it recommends (in order), the
    recommendation in words, the main reasons per candidate against the advertised criteria, why a candidate
    was interviewed differently where that happened, and who decided, when."""

    round_id: int = field(init=False)
    recommended: list[int] = field(default_factory=list)
    recommendation: str
    reasons: dict[str, str] = field(default_factory=dict)  # by candidate (person id as text: JSON keys)
    explanations: dict[str, str] = field(default_factory=dict)  # by flagged candidate
    decided_by: str
    decided_on: date
    written_by_id: int | None = None
    written_at: datetime
    version: int = field(default=0, init=False)

    def reason_for(self, person_id: int) -> str:
        return self.reasons.get(str(person_id), "")


@dataclass(eq=False, kw_only=True)
class Reference:
    """A structured reference check on a candidate: consent recorded, the same question per competence, notes;
    information that weighs against the candidate is put to them before the decision (partshøring, FVL § 19)."""

    id: int = field(init=False)
    round_id: int = field(init=False)
    person_id: int
    referee_name: str
    referee_relation: str = ""
    consent_at: datetime  # when the candidate consented to the reference being taken
    taken_by_id: int | None = None
    taken_at: datetime
    answers: dict[str, str] = field(default_factory=dict)  # by competence id
    summary: str = ""
    weighs_against: bool = False
    hearing_letter: str = ""
    hearing_sent_at: datetime | None = None
    hearing_deadline: date | None = None
    hearing_answer: str = ""
    hearing_answered_at: datetime | None = None

    def start_hearing(self, letter: str, deadline: date, now: datetime) -> None:
        """Put the information to the candidate: the letter as sent, and the deadline for their answer."""
        if not self.weighs_against:
            raise NotAllowedNow("error.hearing_not_needed")
        if self.hearing_sent_at is not None:
            raise NotAllowedNow("error.hearing_sent")
        if not letter.strip():
            raise InvalidInput("letter", "error.required")
        if deadline <= now.date():
            raise InvalidInput("deadline", "error.hearing_deadline_future")
        self.hearing_letter, self.hearing_deadline, self.hearing_sent_at = letter.strip(), deadline, now

    def record_answer(self, text: str, now: datetime) -> None:
        """The candidate's answer to the hearing (their own words, as received)."""
        if self.hearing_sent_at is None:
            raise NotAllowedNow("error.hearing_not_sent")
        if not text.strip():
            raise InvalidInput("answer", "error.required")
        self.hearing_answer, self.hearing_answered_at = text.strip(), now

    def holds_decision(self, today: date) -> bool:
        """Whether the decision must wait: information against the candidate not yet put to them, or put to them
        with a deadline not passed and no answer."""
        if not self.weighs_against or self.hearing_answered_at is not None:
            return False
        return self.hearing_deadline is None or today <= self.hearing_deadline


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
    minutes: Minutes | None = None
    references: list[Reference] = field(default_factory=list)
    # Filed in the municipality's case system (ESDH): when, and under which case number.
    journalised_at: datetime | None = None
    case_number: str = ""

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

    def forget_candidate(self, person_id: int, name: str, shown_as: str) -> None:
        """Once the case is filed and the kassation rule has run (or the person is erased): remove what the round's
        case says about one candidate - the answer they were sent, the reasons in the minutes and in declarations
        about them, their references - and their name wherever the minutes' free text uses it. The fact that they
        were a candidate, and their scores, stay."""
        for candidacy in self.candidates:
            if candidacy.person_id == person_id:
                candidacy.answer = ""
        for declaration in self.declarations:
            if declaration.person_id == person_id:
                declaration.reason = ""
        self.references = [r for r in self.references if r.person_id != person_id]
        if self.minutes is not None:
            key = str(person_id)
            self.minutes.reasons = {k: v for k, v in self.minutes.reasons.items() if k != key}
            self.minutes.explanations = {k: v for k, v in self.minutes.explanations.items() if k != key}
            if name.strip():
                self.minutes.recommendation = self.minutes.recommendation.replace(name, shown_as)
                self.minutes.reasons = {k: v.replace(name, shown_as) for k, v in self.minutes.reasons.items()}
                self.minutes.explanations = {k: v.replace(name, shown_as) for k, v in self.minutes.explanations.items()}

    def holds(self, today: date) -> list[str]:
        """What the decision waits for now (message keys): an applicant's open request to see their case
        (forvaltningsloven § 21), information against a candidate not yet heard (§ 19)."""
        waits = []
        if any(c.access_open for c in self.candidates):
            waits.append("error.decision_on_hold_access")
        if any(r.holds_decision(today) for r in self.references):
            waits.append("error.decision_on_hold_hearing")
        return waits

    def write_minutes(
        self, minutes: Minutes, *, assessed: Collection[int], flagged: Collection[int], notes_outstanding: int,
        today: date,
    ) -> None:
        """The minutes of the decision, refused while the decision waits (a hearing, an access request), while a
        note the panel owes is missing, and unless every assessed candidate has reasons and every candidate
        interviewed differently an explanation."""
        self.require_open()
        if waits := self.holds(today):
            raise NotAllowedNow(waits[0])
        if notes_outstanding:
            raise NotAllowedNow("error.minutes_notes_outstanding")
        if not set(minutes.recommended) <= self.candidate_ids:
            raise InvalidInput("recommended", "error.not_in_round")
        if not minutes.decided_by.strip():
            raise InvalidInput("decided_by", "error.required")
        for person_id in sorted(assessed):
            if not minutes.reason_for(person_id).strip():
                raise InvalidInput(f"reasons.{person_id}", "error.minutes_reason_missing")
        for person_id in sorted(flagged):
            if not minutes.explanations.get(str(person_id), "").strip():
                raise InvalidInput(f"explanations.{person_id}", "error.minutes_explanation_missing")
        if self.minutes is None:
            self.minutes = minutes
        else:  # rewritten while the round is open: the same record, its version moves
            for name in ("recommended", "recommendation", "reasons", "explanations", "decided_by", "decided_on",
                         "written_by_id", "written_at"):
                setattr(self.minutes, name, getattr(minutes, name))

    def set_status(self, status: RoundStatus, now: datetime) -> None:
        """Close the round - only with its minutes written (written anew after a reopening) and nothing holding
        the decision (no more scoring; blind scoring ends) - or open it again (for candidates placed after), unless
        its case is filed."""
        if status is RoundStatus.CLOSED and self.is_open:
            if self.minutes is None:
                raise NotAllowedNow("error.close_without_minutes")
            if self.last_closed_at is not None and self.minutes.written_at <= self.last_closed_at:
                raise NotAllowedNow("error.close_with_old_minutes")  # reopened: the decision is taken anew
            if waits := self.holds(now.date()):
                raise NotAllowedNow(waits[0])
        if status is RoundStatus.OPEN and self.journalised_at is not None:
            raise NotAllowedNow("error.reopen_filed")
        self.status = status
        self.closed_at = now if status is RoundStatus.CLOSED else None
        if status is RoundStatus.CLOSED:
            self.last_closed_at = now
