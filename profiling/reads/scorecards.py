"""One scorecard as its conversation screen shows it."""

from __future__ import annotations

from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.interview_views import content_of, summaries, visible_ratings
from profiling.reads.query import Audited, Depends, query
from profiling.reads.target_levels import target_of
from profiling.reads.views import InterviewView, RatingView
from profiling.services import access
from profiling.services.actors import Actor

# A scorecard is its person's data (and its round's): the change marks of both move when it is saved.
SCORECARD = Depends("scorecard", "interview_id")


@query(depends_on=[SCORECARD], audits=lambda view, _: [
    Audited("interview.read", view.summary.person_id, f"interview:{view.summary.id}")
])
def get_interview(actor: Actor, uow: UnitOfWork, interview_id: int) -> InterviewView:
    """The interview with its guide, framework, target and ratings, if the actor may read it."""
    row = access.visible_interview(actor, uow, interview_id)
    framework, guide = content_of(uow, row)
    target, target_name = target_of(uow, framework, row.target_profile_id)
    ratings = uow.interviews.ratings([row.id])[row.id]
    summary = summaries(uow, [row])[0]
    own_round_card = row.round_id is not None and row.rater_id == actor.user_id
    requested = [
        r.question_id for r in uow.interviews.note_requests(row.id)
        if not next((e for e in ratings if e.question_id == r.question_id and e.addendum), None)
    ] if own_round_card else []
    return InterviewView(
        summary=summary,
        framework=framework,
        guide=guide,
        target=target,
        target_name=target_name,
        ratings=visible_ratings(actor, row, ratings),
        version=row.version,
        notes_missing=row.notes_missing(guide) if own_round_card and row.is_draft else [],
        notes_requested=requested,
    )


def with_rating(view: InterviewView, saved: RatingView) -> InterviewView | None:
    """`view` as `get_interview` builds it for the scorecard's own rater once `saved` is stored - a rating saved
    a moment ago, the only change since `view` was built (see runtime.refresh_kept). None for a round's
    scorecard: what its notes must say follows the round's rules, so it is built again."""
    if view.summary.round_id is not None:
        return None
    ratings = {**view.ratings, saved.question_id: saved}
    answered = sum(1 for rating in ratings.values() if rating.value is not None)  # as answered_counts counts
    return view.model_copy(update={"ratings": ratings, "summary": view.summary.model_copy(update={"answered": answered})})
