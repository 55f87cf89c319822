"""A scorecard: one rater's interview of one person with one guide, and what may happen to it.

A draft is rated question by question (each rating carries the version the rater's screen showed, so a
save from a stale screen is refused rather than lost), moved through, and completed once something is
rated; a completed scorecard never changes again. A round's draft still open when the round closes is
closed as incomplete: kept, never counted, never resumed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from profiling.domain.errors import EditConflict, InvalidInput, NotAllowedNow
from profiling.domain.framework import Framework, RatingScale
from profiling.domain.guide import Guide, GuideMode
from profiling.domain.scoring import RaterRole
from profiling.domain.states import InterviewStatus

QUESTION_PREFIX = "q:"
LOW_SCORE = 2  # a rating this low needs a note in a round: what was heard that gave it (notatpligt)


def question_key(question_id: str) -> str:
    """The key a rating of a question is stored under."""
    return QUESTION_PREFIX + question_id


def is_noted(note: str, addendum: str) -> bool:
    """Whether a rating's note or addendum says what it rests on (blank space says nothing)."""
    return bool(note.strip() or addendum.strip())


@dataclass(eq=False, kw_only=True)
class RatingEntry:
    """One rating with its note; an entry exists once the rater has touched the question."""

    id: int = field(init=False)
    interview_id: int = field(init=False)
    # "q:<question id>" or "c:<competence id>": one key per rated item, unique per interview.
    item_key: str
    value: int | None = None
    # True when the rater chose "not assessed" (value stays empty).
    not_assessed: bool = False
    note: str = ""
    private: bool = False
    updated_at: datetime
    # A note added to a completed round scorecard when the round's owner asked for it (never changed after).
    addendum: str = ""
    addendum_at: datetime | None = None
    # 0 until first stored, then counted up by every stored change (what `expected_version` compares with).
    version: int = field(default=0, init=False)

    @property
    def noted(self) -> bool:
        """Whether the rating has a note (or an addendum) saying what it rests on."""
        return is_noted(self.note, self.addendum)

    @property
    def question_id(self) -> str:
        return self.item_key.removeprefix(QUESTION_PREFIX)

    @property
    def answered(self) -> bool:
        """Rated, or deliberately marked not assessed."""
        return self.value is not None or self.not_assessed


@dataclass(eq=False, kw_only=True)
class Interview:
    """One rater's scorecard of one person with one guide (in a round, or outside one)."""

    id: int = field(init=False)
    person_id: int
    round_id: int | None = None
    guide_id: str
    guide_snapshot_id: int
    framework_id: str
    framework_version: str
    framework_snapshot_id: int
    target_profile_id: int | None = None
    rater_id: int | None = None
    rater_name: str
    rater_role: str
    mode: str
    status: str = InterviewStatus.DRAFT
    position: int = 0
    started_at: datetime
    completed_at: datetime | None = None
    due_on: date | None = None
    # Who invited the person to a self-assessment (they see whether it is done, not the answers).
    invited_by_id: int | None = None
    outcome: str = ""
    # An interview held on paper (the printed kit) and entered afterwards: the day it was held.
    held_on: date | None = None
    entered_from_paper: bool = False
    # A manager's MUS rating: when they chose to see the self-assessment before completing it (None: rated blind).
    self_shown_at: datetime | None = None
    version: int = field(default=0, init=False)
    ratings: list[RatingEntry] = field(default_factory=list)

    @classmethod
    def begin(
        cls,
        *,
        person_id: int,
        guide: Guide,
        framework: Framework,
        guide_snapshot_id: int,
        framework_snapshot_id: int,
        rater_id: int | None,
        rater_name: str,
        rater_role: RaterRole,
        now: datetime,
        round_id: int | None = None,
        target_profile_id: int | None = None,
    ) -> Interview:
        """A new draft scorecard, run with exactly this guide and framework (their stored snapshots)."""
        return cls(
            person_id=person_id,
            round_id=round_id,
            guide_id=guide.id,
            guide_snapshot_id=guide_snapshot_id,
            framework_id=framework.id,
            framework_version=framework.version,
            framework_snapshot_id=framework_snapshot_id,
            target_profile_id=target_profile_id,
            rater_id=rater_id,
            rater_name=rater_name,
            rater_role=rater_role,
            mode=guide.mode,
            started_at=now,
        )

    @property
    def is_draft(self) -> bool:
        return self.status == InterviewStatus.DRAFT

    def rating_of(self, item_key: str) -> RatingEntry | None:
        return next((r for r in self.ratings if r.item_key == item_key), None)

    def _require_draft(self) -> None:
        if self.status == InterviewStatus.INCOMPLETE:
            raise NotAllowedNow("error.interview_closed_with_round")
        if self.status == InterviewStatus.EXCLUDED:
            raise NotAllowedNow("error.interview_excluded")
        if not self.is_draft:
            raise NotAllowedNow("error.interview_completed")

    def close_incomplete(self) -> None:
        """Its round closed before it was completed: it stays as it is, never counted and never resumed (a
        panel member who could read the others' scorecards once the round closed must not score after it)."""
        self._require_draft()
        self.status = InterviewStatus.INCOMPLETE

    def rate(
        self,
        guide: Guide,
        scale: RatingScale,
        question_id: str,
        *,
        value: int | None,
        not_assessed: bool,
        note: str,
        private: bool,
        expected_version: int,
        now: datetime,
    ) -> RatingEntry:
        """Store the rating and note of one question at once.

        `expected_version` is the version the rater's screen showed (0 when nothing was stored); when the
        stored rating has moved on since, nothing changes and EditConflict carries the stored entry (or None).
        """
        self._require_draft()
        question = next((q for q in guide.questions if q.id == question_id), None)
        if question is None:
            raise InvalidInput("question_id", "error.unknown_question")
        if not question.scored and (value is not None or not_assessed):
            raise InvalidInput("value", "error.dialogue_not_rated")
        if value is not None and not scale.contains(value):
            raise InvalidInput("value", "error.off_scale")
        if private and self.round_id is not None:  # in a round, a note is a case document (notatpligt)
            raise InvalidInput("private", "error.no_private_in_rounds")
        key = question_key(question_id)
        entry = self.rating_of(key)
        if (entry.version if entry else 0) != expected_version:
            raise EditConflict(entry)
        if entry is None:
            entry = RatingEntry(item_key=key, updated_at=now)
            self.ratings.append(entry)
        entry.value = value
        entry.not_assessed = not_assessed and value is None
        entry.note = note
        entry.private = private
        entry.updated_at = now
        return entry

    def enter_from_paper(self, held_on: date, earliest: date, today: date) -> None:
        """Mark the scorecard as held on paper on `held_on` (from `earliest` - the person's time here - and not
        in the future) and entered afterwards."""
        self._require_draft()
        if held_on > today:
            raise InvalidInput("held_on", "error.held_in_future")
        if held_on < earliest:
            raise InvalidInput("held_on", "error.held_too_early", earliest=earliest)
        self.held_on = held_on
        self.entered_from_paper = True

    def move_to(self, guide: Guide, position: int) -> int:
        """Remember where in the conversation the rater is (0 = introduction, last = summary); the position kept."""
        self._require_draft()
        self.position = max(0, min(position, len(guide.competence_order()) + 1))
        return self.position

    def notes_missing(self, guide: Guide) -> list[str]:
        """The questions of a round scorecard that need a note before it is completed (offentlighedsloven § 13):
        a rating of 2 or lower, or "not assessed" on a core question, without a note. None outside rounds."""
        if self.round_id is None:
            return []
        core = {q.id for q in guide.questions if q.core}
        missing = []
        for entry in self.ratings:
            low = entry.value is not None and entry.value <= LOW_SCORE
            unasked_core = entry.not_assessed and entry.question_id in core
            if (low or unasked_core) and not entry.noted:
                missing.append(entry.question_id)
        order = {q.id: i for i, q in enumerate(guide.questions)}
        return sorted(missing, key=lambda q: order.get(q, len(order)))

    def complete(self, now: datetime, guide: Guide | None = None) -> None:
        """Finish the scorecard; refused while nothing is rated (a blank scorecard would count as an opinion), and
        in a round while a low rating or an unasked core question has no note (`guide` given)."""
        self._require_draft()
        if not any(r.value is not None for r in self.ratings):
            raise NotAllowedNow("error.nothing_rated")
        if guide is not None and (missing := self.notes_missing(guide)):
            raise InvalidInput("notes", "error.notes_missing", count=len(missing))
        self.status = InterviewStatus.COMPLETED
        self.completed_at = now

    def show_self_assessment(self, now: datetime) -> bool:
        """The manager sees the self-assessment before completing this MUS rating: recorded once (the comparison
        of the two says so). False when it was already shown."""
        self._require_draft()
        if self.mode != GuideMode.DEVELOPMENT:
            raise NotAllowedNow("error.self_shown_development_only")
        if self.self_shown_at is not None:
            return False
        self.self_shown_at = now
        return True

    def add_addendum(self, question_id: str, text: str, now: datetime) -> RatingEntry:
        """A note added to a completed scorecard's rating, when asked for; written once, never changed."""
        if self.status != InterviewStatus.COMPLETED:
            raise NotAllowedNow("error.addendum_completed_only")
        if not text.strip():
            raise InvalidInput("text", "error.required")
        entry = self.rating_of(question_key(question_id))
        if entry is None:
            raise InvalidInput("question_id", "error.unknown_question")
        if entry.addendum:
            raise NotAllowedNow("error.addendum_written")
        entry.addendum, entry.addendum_at = text.strip(), now
        return entry

    def exclude(self) -> None:
        """Its rater declared themself disqualified for the candidate: it leaves the case (kept, never counted)."""
        self.status = InterviewStatus.EXCLUDED
