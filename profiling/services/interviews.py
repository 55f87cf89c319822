"""Running a profiling conversation: start, rate and note as you go, resume, finish."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict

from profiling.catalog import Catalog, UnknownGuide
from profiling.domain.errors import ConcurrentEdit
from profiling.domain.framework import Framework
from profiling.domain.guide import Guide, GuideMode
from profiling.domain.interviews import Interview, question_key
from profiling.domain.people import Person
from profiling.domain.policy import Candidature, Permission
from profiling.domain.scoring import RaterRole
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.interview_views import content_of, rating_view, summaries
from profiling.reads.views import (
    InterviewStatus,
    InterviewSummary,
    RatingView,
)
from profiling.services import access, audit
from profiling.services.actors import Actor, Role
from profiling.services.content import store_snapshot
from profiling.services.errors import (
    AccessDenied,
    EditConflict,
    InvalidInput,
    NotAllowedNow,
    NotFound,
    committed,
    conflict_reported,
)
from profiling.services.inputs import NOTE_MAX, clean_text


def _rater_role_for(guide: Guide, actor: Actor, uow: UnitOfWork, person: Person, in_round: bool) -> RaterRole:
    if guide.mode is GuideMode.SELF_ASSESSMENT:
        access.require(actor, Permission.FILL_SELF_ASSESSMENT, subject=access.person_facts(person))
        return RaterRole.SELF
    if actor.role is Role.EMPLOYEE:
        raise AccessDenied("employees fill self-assessments only")
    if in_round:
        return RaterRole.PANEL
    # Outside a round a conversation feeds the person's development history, team overview and MUS:
    # only their own manager (or an administrator) holds one.
    access.require(actor, Permission.HOLD_CONVERSATION, access.relations(actor, uow), access.person_facts(person))
    return RaterRole.MANAGER


def start_interview(
    actor: Actor,
    uow: UnitOfWork,
    catalog: Catalog,
    *,
    person_id: int,
    guide_id: str | None = None,
    round_id: int | None = None,
) -> int:
    """Start (or resume) the actor's scorecard of a person; returns the interview id.

    In a round the round's guide is used, so every candidate gets the same questions; an existing
    draft of the same rater, person, guide and round is resumed instead of starting a second one.
    """
    person = access.visible_person(actor, uow, person_id)
    target_profile_id = None
    if round_id is not None:
        round_row = access.visible_round(actor, uow, round_id)
        round_row.require_scorable(person.id)
        access.require(actor, Permission.SCORE_IN_ROUND, access.relations(actor, uow), access.round_facts(round_row))
        candidature = Candidature(access.round_facts(round_row), access.facts_with_rounds(uow, person))
        access.require(actor, Permission.SCORE_CANDIDATE, access.relations(actor, uow), candidature)
        round_row.may_score(actor.user_id, person.id)  # declared "not disqualified" for this candidate first
        guide_id = round_row.guide_id
        target_profile_id = round_row.target_profile_id
    if guide_id is None:
        raise InvalidInput("guide_id", "error.required")
    try:
        guide = catalog.guide(guide_id)
    except UnknownGuide:
        raise InvalidInput("guide_id", "error.unknown_guide") from None
    framework = catalog.framework(guide.framework)
    role = _rater_role_for(guide, actor, uow, person, round_id is not None)
    existing = uow.interviews.find(person.id, round_id, actor.user_id, guide.id, InterviewStatus.DRAFT)
    if existing is not None:
        return existing.id
    if round_id is None and person.team_id is not None:
        team = uow.teams.get(person.team_id)
        target_profile_id = team.target_profile_id if team else None
    row = begin_interview(
        uow, guide, framework, person_id=person.id, rater_id=actor.user_id, rater_name=actor.name, rater_role=role,
        round_id=round_id, target_profile_id=target_profile_id,
    )
    uow.flush()
    interview_id = row.id
    audit.record(uow, actor, "interview.start", person_id=person.id, subject=f"interview:{interview_id}", guide=guide.id)
    uow.commit()
    return interview_id


def begin_interview(
    uow: UnitOfWork,
    guide: Guide,
    framework: Framework,
    *,
    person_id: int,
    rater_id: int | None,
    rater_name: str,
    rater_role: RaterRole,
    round_id: int | None = None,
    target_profile_id: int | None = None,
) -> Interview:
    """A new draft scorecard in the unit of work, its guide and framework stored as snapshots (not committed)."""
    guide_snapshot, framework_snapshot = store_snapshot(uow, guide), store_snapshot(uow, framework)
    uow.flush()
    interview = Interview.begin(
        person_id=person_id, guide=guide, framework=framework, guide_snapshot_id=guide_snapshot.id,
        framework_snapshot_id=framework_snapshot.id, rater_id=rater_id, rater_name=rater_name, rater_role=rater_role,
        now=uow.now(), round_id=round_id, target_profile_id=target_profile_id,
    )
    uow.interviews.add(interview)
    return interview


def _editable(actor: Actor, uow: UnitOfWork, interview_id: int) -> Interview:
    """The actor's own draft (a completed scorecard never changes: the entity refuses), in an open round if
    it belongs to one (once a round closes, its panel may read every scorecard: none of theirs may change)."""
    interview = uow.interviews.get(interview_id)
    if interview is None:
        raise NotFound(f"interview {interview_id}")
    access.require_rater(actor, interview)
    if interview.round_id is not None:
        round_row = uow.rounds.get(interview.round_id)
        if round_row is not None:
            round_row.require_open()
    if not interview.is_draft:
        interview.close_incomplete()  # refuses with the reason: completed, or closed with its round
    return interview


PAPER_GRACE = timedelta(days=365)


def _earliest_held_on(uow: UnitOfWork, interview: Interview) -> date:
    """The first day a conversation entered from paper may have been held: in a round, the day the round was
    created; otherwise a year before the person was registered (a conversation held before the tool knew them)."""
    if interview.round_id is not None and (round_row := uow.rounds.get(interview.round_id)) is not None:
        return round_row.created_at.date()
    person = uow.people.one(interview.person_id)
    return person.created_at.date() - PAPER_GRACE


def save_rating(
    actor: Actor,
    uow: UnitOfWork,
    interview_id: int,
    question_id: str,
    *,
    value: int | None,
    not_assessed: bool = False,
    note: str = "",
    private: bool = False,
    expected_version: int,
) -> RatingView:
    """Store the rating and note of one question at once (see Interview.rate).

    `expected_version` is the version the rater's screen was showing (0 when nothing was stored);
    if the stored rating has moved on since - another tab, another device - nothing is written and
    EditConflict carries the stored rating so the rater can see it.
    """
    interview = _editable(actor, uow, interview_id)
    framework, guide = content_of(uow, interview)
    note = clean_text(note)
    if len(note) > NOTE_MAX:
        raise InvalidInput("note", "error.too_long", max=NOTE_MAX)
    try:
        entry = interview.rate(
            guide, framework.scale, question_id, value=value, not_assessed=not_assessed, note=note,
            private=private, expected_version=expected_version, now=uow.now(),
        )
    except EditConflict as conflict:
        raise EditConflict(rating_view(conflict.current) if conflict.current else RatingView(question_id=question_id)) from None
    audit.record(uow, actor, "rating.save", person_id=interview.person_id, subject=f"interview:{interview.id}", question=question_id)

    def stored_now() -> RatingView:  # a concurrent writer (another tab, another device) won the race
        current = uow.interviews.rating(interview_id, question_key(question_id))
        return rating_view(current) if current else RatingView(question_id=question_id)

    return committed(uow, lambda: rating_view(entry), stored_now)


def move_to(actor: Actor, uow: UnitOfWork, interview_id: int, position: int) -> int:
    """Remember where in the conversation the rater is (0 = introduction); returns the position kept."""
    interview = _editable(actor, uow, interview_id)
    _, guide = content_of(uow, interview)
    kept = interview.move_to(guide, position)
    try:
        uow.commit()
    except ConcurrentEdit:  # another tab of the same rater moved at the same moment: theirs stands
        uow.rollback()
        stored = uow.interviews.get(interview_id)
        return stored.position if stored is not None else kept
    return kept


def complete_interview(actor: Actor, uow: UnitOfWork, interview_id: int) -> None:
    """Mark the scorecard completed (see Interview.complete); it can no longer be changed."""
    interview = _editable(actor, uow, interview_id)
    _, guide = content_of(uow, interview)
    interview.complete(uow.now(), guide)
    audit.record(uow, actor, "interview.complete", person_id=interview.person_id, subject=f"interview:{interview.id}")
    with conflict_reported(uow, lambda: summaries(uow, [uow.interviews.one(interview_id)])):
        uow.commit()


def show_self_assessment(actor: Actor, uow: UnitOfWork, interview_id: int) -> None:
    """The manager chooses to see the person's self-assessment before completing their MUS rating. Recorded on
    the scorecard and in the audit log; every comparison of the two then says the rating was not blind."""
    interview = _editable(actor, uow, interview_id)
    if interview.show_self_assessment(uow.now()):
        audit.record(uow, actor, "interview.self_shown_early", person_id=interview.person_id,
                     subject=f"interview:{interview.id}")
        uow.commit()


class PaperEntry(BaseModel):
    """One question as entered from a paper scorecard: the value (or "not assessed"), the note, and the version
    of the rating the form showed (0: none stored)."""

    model_config = ConfigDict(extra="forbid")

    question_id: str
    value: int | None = None
    not_assessed: bool = False
    note: str = ""
    version: int = 0


def enter_from_paper(
    actor: Actor, uow: UnitOfWork, interview_id: int, held_on: date, entries: list[PaperEntry], *, complete: bool = False
) -> InterviewSummary:
    """A conversation held on paper, entered afterwards in one step: every question's rating and note at once,
    the scorecard marked as entered from paper with the day it was held; completed when asked. Nothing is
    saved if any entry is refused (or was changed elsewhere since the form was shown)."""
    interview = _editable(actor, uow, interview_id)
    framework, guide = content_of(uow, interview)
    now = uow.now()
    interview.enter_from_paper(held_on, _earliest_held_on(uow, interview), now.date())
    for entry in entries:
        note = clean_text(entry.note)
        if len(note) > NOTE_MAX:
            raise InvalidInput(f"note:{entry.question_id}", "error.too_long", max=NOTE_MAX)
        stored = interview.rating_of(question_key(entry.question_id))
        unchanged = stored is not None and (stored.value, stored.not_assessed, stored.note) == (
            entry.value, entry.not_assessed and entry.value is None, note
        )
        if unchanged or (stored is None and entry.value is None and not entry.not_assessed and not note):
            continue
        interview.rate(
            guide, framework.scale, entry.question_id, value=entry.value, not_assessed=entry.not_assessed, note=note,
            private=stored.private if stored else False, expected_version=entry.version, now=now,
        )
    if complete:
        interview.complete(now, guide)
    audit.record(uow, actor, "interview.paper_entry", person_id=interview.person_id, subject=f"interview:{interview.id}",
                 completed=complete)
    with conflict_reported(uow, lambda: None):
        uow.flush()
        summary = summaries(uow, [interview])[0]
        uow.commit()
    return summary


def add_requested_note(actor: Actor, uow: UnitOfWork, interview_id: int, question_id: str, text: str) -> RatingView:
    """The rater's note on one question of their completed round scorecard, which the round's owner asked for
    (the panel's ratings lie two or more apart): added once, dated, never changed after."""
    interview = uow.interviews.get(interview_id)
    if interview is None or interview.round_id is None:
        raise NotFound(f"interview {interview_id}")
    access.require_rater(actor, interview)
    if question_id not in {r.question_id for r in uow.interviews.note_requests(interview.id)}:
        raise NotAllowedNow("error.note_not_requested")
    text = clean_text(text)
    if len(text) > NOTE_MAX:
        raise InvalidInput("text", "error.too_long", max=NOTE_MAX)
    entry = interview.add_addendum(question_id, text, uow.now())
    audit.record(uow, actor, "rating.addendum", person_id=interview.person_id, subject=f"interview:{interview.id}",
                 question=question_id)
    return committed(uow, lambda: rating_view(entry), lambda: None)


def discard_draft(actor: Actor, uow: UnitOfWork, interview_id: int) -> None:
    """Delete a draft scorecard of the actor's, with its ratings."""
    row = _editable(actor, uow, interview_id)
    audit.record(uow, actor, "interview.discard", person_id=row.person_id, subject=f"interview:{row.id}")
    uow.interviews.delete(row)
    with conflict_reported(uow, lambda: None):
        uow.commit()


