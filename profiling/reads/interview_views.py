"""Scorecards as lists and pages show them: summaries, a rating's view, a scorecard's content and the
ratings the actor may see; the reads of one's drafts, recent results and a person's scorecards.
"""

from __future__ import annotations

from collections.abc import Sequence

from profiling.domain.framework import Framework
from profiling.domain.guide import Guide
from profiling.domain.interviews import Interview, RatingEntry
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.query import EVERY_ROW, person, query
from profiling.reads.views import (
    InterviewStatus,
    InterviewSummary,
    RatingView,
)
from profiling.services import access
from profiling.services.actors import Actor
from profiling.services.content import parse_snapshot


def rating_view(row: RatingEntry) -> RatingView:
    """A stored rating as a view."""
    return RatingView(
        question_id=row.question_id,
        value=row.value,
        not_assessed=row.not_assessed,
        note=row.note,
        private=row.private,
        version=row.version,
        updated_at=row.updated_at,
        addendum=row.addendum,
        addendum_at=row.addendum_at,
    )


def summaries(uow: UnitOfWork, rows: Sequence[Interview]) -> list[InterviewSummary]:
    """List views of interviews, in a constant number of queries whatever their number."""
    people = uow.people.by_ids({r.person_id for r in rows})
    snapshots = uow.snapshots.by_ids({r.guide_snapshot_id for r in rows})
    answered = uow.interviews.answered_counts([r.id for r in rows])
    result = []
    for row in rows:
        guide = parse_snapshot(snapshots[row.guide_snapshot_id], Guide)
        person = people[row.person_id]
        result.append(
            InterviewSummary(
                id=row.id,
                person_id=row.person_id,
                person_name=person.name,
                person_kind=person.kind,
                round_id=row.round_id,
                guide_id=row.guide_id,
                guide_title_da=guide.title.da,
                guide_title_en=guide.title.en,
                framework_id=row.framework_id,
                framework_version=row.framework_version,
                rater_id=row.rater_id,
                rater_name=row.rater_name,
                rater_role=row.rater_role,
                mode=row.mode,
                status=row.status,
                position=row.position,
                started_at=row.started_at,
                completed_at=row.completed_at,
                due_on=row.due_on,
                answered=answered.get(row.id, 0),
                total=len(guide.scored_questions()),
                held_on=row.held_on,
                entered_from_paper=row.entered_from_paper,
                self_shown_at=row.self_shown_at,
            )
        )
    return result


def panel_label(index: int) -> str:
    """How a rater is named to someone who may read the scores but not who gave them."""
    return f"Panel {index + 1}"


def _named_summaries(uow: UnitOfWork, rows: Sequence[Interview], withheld: set[int]) -> list[InterviewSummary]:
    """Summaries of scorecards the actor may read, the rater unnamed where they may read the scores only (`withheld`:
    see access.readable_scorecards)."""
    return [
        s.model_copy(update={"rater_name": panel_label(0), "rater_id": None}) if s.id in withheld else s
        for s in summaries(uow, rows)
    ]


def content_of(uow: UnitOfWork, row: Interview) -> tuple[Framework, Guide]:
    """The framework and guide an interview was run with (its stored snapshots)."""
    snapshots = uow.snapshots.by_ids({row.guide_snapshot_id, row.framework_snapshot_id})
    return (
        parse_snapshot(snapshots[row.framework_snapshot_id], Framework),
        parse_snapshot(snapshots[row.guide_snapshot_id], Guide),
    )


def visible_ratings(actor: Actor, row: Interview, ratings: list[RatingEntry]) -> dict[str, RatingView]:
    """The scorecard's ratings by question, each note as the actor may read it (the policy's private-note rule)."""
    views = {}
    for rating in ratings:
        view = rating_view(rating)
        if (note := access.note_shown(actor, rating, row)) != view.note:
            view = view.model_copy(update={"note": note})
        views[view.question_id] = view
    return views


@query(depends_on=[EVERY_ROW])
def my_drafts(actor: Actor, uow: UnitOfWork, limit: int = 50) -> list[InterviewSummary]:
    """The actor's interviews in progress, most recent first."""
    rows = uow.interviews.query(rater_id=actor.user_id, status=InterviewStatus.DRAFT, limit=limit)
    return summaries(uow, rows)


@query(depends_on=[EVERY_ROW])
def recent_results(actor: Actor, uow: UnitOfWork, limit: int = 10) -> list[InterviewSummary]:
    """Recently completed scorecards the actor may see."""
    rows = uow.interviews.query(
        status=InterviewStatus.COMPLETED, person_scope=access.person_scope(actor, uow), limit=limit * 3
    )
    readable, withheld = access.readable_scorecards(actor, uow, rows)
    return _named_summaries(uow, readable[:limit], withheld)


@query(depends_on=[person()])
def interviews_of_person(actor: Actor, uow: UnitOfWork, person_id: int) -> list[InterviewSummary]:
    """Every scorecard of one person the actor may see, newest first."""
    person = access.visible_person(actor, uow, person_id)
    return _named_summaries(uow, *access.readable_scorecards(actor, uow, uow.interviews.query(person_ids=[person.id])))


@query(depends_on=[EVERY_ROW])
def openable(actor: Actor, uow: UnitOfWork, interview_ids: list[int]) -> set[int]:
    """The ids among `interview_ids` the actor may open in full (see access.may_open_scorecard)."""
    rows = [uow.interviews.get(i) for i in interview_ids]
    return {row.id for row in rows if row is not None and access.may_open_scorecard(actor, uow, row)}
