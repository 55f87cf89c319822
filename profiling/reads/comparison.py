"""Recruitment comparison: candidates of a round side by side, panel agreement and rater calibration."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from pydantic import Field

from profiling.catalog import Catalog
from profiling.domain import decision
from profiling.domain.agreement import PairwiseCalibration, PooledAgreement
from profiling.domain.decision import CompetenceAgreement, RaterCalibration
from profiling.domain.framework import Framework
from profiling.domain.scoring import PanelProfile, RaterProfile, Scorer
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.directory import person_views
from profiling.reads.query import Audited, query, round_
from profiling.reads.results import scored_raters
from profiling.reads.round_views import get_round
from profiling.reads.target_levels import target_of
from profiling.reads.views import InterviewStatus, PersonView, RoundView, View
from profiling.services import access
from profiling.services.actors import Actor
from profiling.services.content import parse_snapshot


class CandidateResult(View):
    """One candidate's consolidated result in a round, and their group in the ordering by fit."""

    person: PersonView
    panel: PanelProfile
    group: int | None = Field(description="1 is the best; one group cannot be told apart. None: incomplete, unranked.")
    complete: bool = Field(description="Coverage reaches the round's minimum.")
    above_target: float | None = Field(description="Weighted mean of how far scores exceed their targets.")
    fit_error: float = Field(0.0, description="Standard error of the lower fit bound.")


class RoundComparison(View):
    """Everything the comparison page shows."""

    round: RoundView
    framework: Framework
    target_name: str | None
    candidates: list[CandidateResult]
    agreement: list[CompetenceAgreement]
    round_agreement: PooledAgreement
    calibration: list[RaterCalibration]
    pairwise: PairwiseCalibration | None = None  # two raters: one sentence about the pair
    # The day the panel's minutes record the decision; until then the ranking is a proposal for them (GDPR art. 22).
    decided_on: date | None = None


@query(depends_on=[round_()], audits=lambda comparison, a: [
    Audited("comparison.read", c.person.id, f"round:{a['round_id']}") for c in comparison.candidates
])
def compare_round(
    actor: Actor, uow: UnitOfWork, catalog: Catalog, round_id: int, person_ids: Sequence[int] | None = None
) -> RoundComparison:
    """The round's candidates (all, or those chosen) in groups by fit, with agreement and calibration.

    Only completed scorecards the actor may see count, so blind scoring holds while the round is open.
    The number of queries does not depend on the number of candidates or raters.
    """
    round_row = access.visible_round(actor, uow, round_id)
    view = get_round(actor, uow, round_id)
    in_round = {c.id for c in view.candidates}
    chosen = in_round if person_ids is None else in_round & set(person_ids)
    completed = uow.interviews.query(round_ids=[round_id], status=InterviewStatus.COMPLETED, newest_first=False)
    rows = [r for r in access.visible_scorecards(actor, uow, completed) if r.person_id in chosen]
    if rows:
        snapshots = uow.snapshots.by_ids({r.framework_snapshot_id for r in rows})
        newest = max(rows, key=lambda r: r.completed_at or r.started_at)
        framework = parse_snapshot(snapshots[newest.framework_snapshot_id], Framework)
    else:
        framework = catalog.framework(round_row.framework_id)
    target, target_name = target_of(uow, framework, round_row.target_profile_id)
    answers = uow.interviews.answers([r.id for r in rows])
    scored = scored_raters(uow, rows, framework, target, answers)
    scorer = Scorer.build(framework, target)
    by_person: dict[int, list[RaterProfile]] = defaultdict(list)
    for row in rows:
        by_person[row.person_id].append(scored[row.id])
    people = {p.id: p for p in person_views(uow, list(uow.people.by_ids(set(by_person)).values()))}
    panels = {pid: scorer.consolidate(raters) for pid, raters in by_person.items()}
    ranking = decision.rank_panels(panels, round_row.min_coverage)
    errors = decision.fit_standard_errors(panels)
    return RoundComparison(
        round=view,
        framework=framework,
        target_name=target_name,
        candidates=[
            CandidateResult(
                person=people[r.key], panel=panels[r.key], group=r.group, complete=r.complete,
                above_target=decision.above_target(panels[r.key].consolidated), fit_error=errors[r.key],
            )
            for r in ranking
        ],
        agreement=decision.competence_agreement(framework, list(panels.values())),
        round_agreement=decision.round_agreement(framework, list(panels.values())),
        pairwise=decision.pairwise_calibration(panels),
        calibration=decision.calibrate_raters(
            ((row.rater_name, [value for _, value, _ in answers[row.id]]) for row in rows), panels
        ),
        decided_on=round_row.minutes.decided_on if round_row.minutes is not None else None,
    )
