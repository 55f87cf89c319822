"""Results: completed scorecards of a person scored, consolidated and backed by their notes."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from profiling.domain.assessments import Completed, Instrument, group_assessments, measurements
from profiling.domain.framework import Framework, TargetLevel
from profiling.domain.guide import Guide
from profiling.domain.interviews import QUESTION_PREFIX, Interview, RatingEntry
from profiling.domain.scoring import Profile, RaterProfile, RaterRole, Scorer
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.directory import person_views
from profiling.reads.interview_views import panel_label, summaries
from profiling.reads.query import Audited, person, query
from profiling.reads.target_levels import target_of
from profiling.reads.views import AssessmentContext, Evidence, InterviewStatus, ResultView, View
from profiling.services import access
from profiling.services.actors import Actor
from profiling.services.content import parse_snapshot
from profiling.services.errors import NotFound

Answers = dict[int, list[tuple[str, int | None, bool]]]  # interview id -> (item key, value, not assessed) of its ratings


def answers_of(ratings: dict[int, list[RatingEntry]]) -> Answers:
    """The answers of ratings loaded whole (for their notes), as `InterviewRepository.answers` reads them."""
    return {interview_id: [(r.item_key, r.value, r.not_assessed) for r in rows] for interview_id, rows in ratings.items()}


def scored_raters(
    uow: UnitOfWork,
    rows: Sequence[Interview],
    framework: Framework,
    target: dict[str, TargetLevel],
    answers: Answers | None = None,
) -> dict[int, RaterProfile]:
    """Each scorecard scored against one framework and target, with its item ratings; loaded in one go.

    Pass `answers` when they are at hand already (see `answers_of`); otherwise they are read.
    """
    if answers is None:
        answers = uow.interviews.answers([r.id for r in rows])
    snapshots = uow.snapshots.by_ids({r.guide_snapshot_id for r in rows})
    scorers: dict[int, Scorer] = {}
    known = {c.id for c in framework.competences}
    scored = {}
    for row in rows:
        scorer = scorers.get(row.guide_snapshot_id)
        if scorer is None:
            guide = parse_snapshot(snapshots[row.guide_snapshot_id], Guide)
            # A question about a competence the framework no longer has cannot count.
            scorable = [q for q in guide.questions if q.competence in known]
            scorer = scorers[row.guide_snapshot_id] = Scorer.build(framework, target, scorable)
        usable = [
            (question_id, value, not_assessed)
            for key, value, not_assessed in answers[row.id]
            if (question_id := key.removeprefix(QUESTION_PREFIX)) in scorer.questions
        ]
        values = [(question_id, value) for question_id, value, _ in usable]
        scored[row.id] = RaterProfile(
            rater=row.rater_name, role=row.rater_role, profile=scorer.score_questions(values), items=scorer.items_of(values),
            unassessed=scorer.unassessed_of(q for q, value, not_assessed in usable if not_assessed and value is None),
        )
    return scored


def _contexts(rows: Sequence[Interview], withheld: Collection[int] = ()) -> list[AssessmentContext]:
    cards = [
        Completed(row.id, row.completed_at, row.framework_id, row.round_id, row.rater_role == RaterRole.SELF)
        for row in rows if row.status == InterviewStatus.COMPLETED and row.completed_at is not None
    ]
    completed = {row.id: row for row in rows}
    return [
        AssessmentContext(
            key=group.key,
            round_id=group.round_id,
            interview_ids=[m.id for m in group.members],
            completed_at=group.completed_at,
            rater_names=(
                [panel_label(i) for i in range(len(group.members))]
                if any(m.id in withheld for m in group.members)
                else sorted({completed[m.id].rater_name for m in group.members})
            ),
            guide_id=completed[group.members[0].id].guide_id,
            framework_id=group.members[0].framework_id,
        )
        for group in group_assessments(cards)
    ]


def _visible_completed(actor: Actor, uow: UnitOfWork, person_id: int) -> tuple[list[Interview], set[int]]:
    """The person's completed scorecards the actor may see, and the ids of those whose evidence is withheld from them
    (see access.readable_scorecards)."""
    person = access.visible_person(actor, uow, person_id)
    rows = uow.interviews.query(person_ids=[person.id], status=InterviewStatus.COMPLETED)
    visible, withheld = access.readable_scorecards(actor, uow, rows)
    return access.without_withheld_self_assessments(actor, uow, person.id, visible), withheld


@query(depends_on=[person()])
def person_contexts(actor: Actor, uow: UnitOfWork, person_id: int) -> list[AssessmentContext]:
    """The assessments of a person the actor may see, newest first."""
    return _contexts(*_visible_completed(actor, uow, person_id))


def _evidence(actor: Actor, rows: Sequence[Interview], ratings: dict[int, list[RatingEntry]], guides: dict[int, Guide]) -> list[Evidence]:
    evidence = []
    for row in rows:
        # Dialogue topics are never evidence for a score: their notes stay in the conversation.
        competence_of = {q.id: q.competence for q in guides[row.id].scored_questions()}
        for rating in ratings[row.id]:
            question_id = rating.question_id
            note = access.note_shown(actor, rating, row)
            if question_id in competence_of and (note or rating.addendum or rating.value is not None):
                evidence.append(
                    Evidence(
                        interview_id=row.id,
                        rater_name=row.rater_name,
                        rater_role=row.rater_role,
                        question_id=question_id,
                        competence_id=competence_of[question_id],
                        value=rating.value,
                        note=note,
                        addendum=rating.addendum,
                        addendum_at=rating.addendum_at,
                    )
                )
    return evidence


@query(depends_on=[person()],
       audits=lambda result, _: [Audited("result.read", result.person.id, result.context.key)])
def person_result(actor: Actor, uow: UnitOfWork, person_id: int, context_key: str | None = None) -> ResultView:
    """The scored result of one assessment of a person (the newest when no key is given)."""
    rows, withheld = _visible_completed(actor, uow, person_id)
    contexts = _contexts(rows, withheld)
    context = next((c for c in contexts if context_key in (None, c.key)), None)
    if context is None:
        raise NotFound(f"assessment {context_key} of person {person_id}")
    members = [r for r in rows if r.id in context.interview_ids]
    snapshots = uow.snapshots.by_ids({r.framework_snapshot_id for r in members} | {r.guide_snapshot_id for r in members})
    newest = max(members, key=lambda r: r.completed_at or r.started_at)
    framework = parse_snapshot(snapshots[newest.framework_snapshot_id], Framework)
    target_profile_id = next((r.target_profile_id for r in members if r.target_profile_id), None)
    if context.round_id is not None:
        round_row = uow.rounds.get(context.round_id)
        target_profile_id = round_row.target_profile_id if round_row else target_profile_id
    target, target_name = target_of(uow, framework, target_profile_id)
    ratings = uow.interviews.ratings([r.id for r in members])
    scored = scored_raters(uow, members, framework, target, answers_of(ratings))
    panel = Scorer.build(framework, target).consolidate([scored[r.id] for r in members])
    guides = {r.id: parse_snapshot(snapshots[r.guide_snapshot_id], Guide) for r in members}
    listed = summaries(uow, members)
    evidence = _evidence(actor, members, ratings, guides)
    if any(r.id in withheld for r in members):  # the scores only: no notes, and the raters unnamed
        evidence = []
        listed = [s.model_copy(update={"rater_name": panel_label(i), "rater_id": None}) for i, s in enumerate(listed)]
        panel = panel.model_copy(update={
            "raters": [r.model_copy(update={"rater": panel_label(i)}) for i, r in enumerate(panel.raters)]
        })
    return ResultView(
        context=context,
        person=person_views(uow, [uow.people.one(person_id)])[0],
        framework=framework,
        target_name=target_name,
        interviews=listed,
        panel=panel,
        evidence=evidence,
    )


class HistoryPoint(View):
    """One measurement of a person, for the picture over time: a round's panel, a manager's conversation or a
    self-assessment - each instrument its own series (see domain.assessments.measurements)."""

    instrument: Instrument
    completed_at: datetime
    profile: Profile


@query(depends_on=[person()],
       audits=lambda _, a: [Audited("history.read", a["person_id"], f"framework:{a['framework_id']}")])
def person_history(actor: Actor, uow: UnitOfWork, person_id: int, framework_id: str) -> list[HistoryPoint]:
    """Every measurement of a person against one framework, oldest first, scored in one batch.

    Each is scored against the newest stored version of the framework among them and its default
    target, so the points are comparable over time.
    """
    rows = [r for r in _visible_completed(actor, uow, person_id)[0] if r.framework_id == framework_id]
    if not rows:
        return []
    snapshots = uow.snapshots.by_ids({r.framework_snapshot_id for r in rows})
    newest = max(rows, key=lambda r: r.completed_at or r.started_at)
    framework = parse_snapshot(snapshots[newest.framework_snapshot_id], Framework)
    target = dict(framework.default_target)
    scored = scored_raters(uow, rows, framework, target)
    scorer = Scorer.build(framework, target)
    cards = [Completed(r.id, r.completed_at, r.framework_id, r.round_id, r.rater_role == RaterRole.SELF)
             for r in rows if r.completed_at is not None]
    points = []
    for measurement in measurements(cards):
        raters = [scored[m.id] for m in measurement.members]
        profile = raters[0].profile if measurement.instrument is Instrument.SELF else scorer.consolidate(raters).consolidated
        if any(c.score is not None for c in profile.competences):
            points.append(HistoryPoint(instrument=measurement.instrument, completed_at=measurement.completed_at, profile=profile))
    return points
