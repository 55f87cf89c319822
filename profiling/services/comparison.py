"""Recruitment comparison: candidates of a round side by side, panel agreement and rater calibration."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence

from profiling.catalog import Catalog
from profiling.domain.framework import Framework
from profiling.domain.scoring import PanelProfile, RaterProfile, Scorer
from profiling.persistence.rows import InterviewRow, RatingRow
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import access, audit
from profiling.services.actors import Actor
from profiling.services.content import parse_snapshot
from profiling.services.people import person_views
from profiling.services.results import score_scorecards
from profiling.services.rounds import round_views
from profiling.services.targets import target_of
from profiling.services.views import InterviewStatus, PersonView, RoundView, View

# A rater whose scores sit this far above or below the panel's on average is flagged.
CALIBRATION_FLAG = 0.5


class CandidateResult(View):
    """One candidate's consolidated result in a round, and their place in the ranking by fit."""

    person: PersonView
    panel: PanelProfile
    rank: int


class CompetenceAgreement(View):
    """How far the raters agree on one competence across the round's candidates."""

    competence_id: str
    rwg: float | None
    candidates: int
    disagreements: int


class RaterCalibration(View):
    """One rater's ratings over the round; `deviation` is their mean distance from the panel consensus."""

    rater_name: str
    scorecards: int
    ratings: int
    mean: float | None
    spread: float | None
    deviation: float | None
    flag: str | None


class RoundComparison(View):
    """Everything the comparison page shows."""

    round: RoundView
    framework: Framework
    target_name: str | None
    candidates: list[CandidateResult]
    agreement: list[CompetenceAgreement]
    calibration: list[RaterCalibration]


def rwg(values: Sequence[float], options: int) -> float | None:
    """Within-group agreement r_wg (James, Demaree & Wolf 1984) of several raters' scores of one item.

    1 − observed variance / variance of a uniform random answer over `options` levels, clamped to 0..1;
    None with fewer than two raters.
    """
    if len(values) < 2:
        return None
    expected = (options**2 - 1) / 12
    return max(0.0, min(1.0, 1 - statistics.variance(values) / expected))


def calibration_flag(deviation: float | None) -> str | None:
    """'lenient' or 'harsh' where a rater sits half a level or more from the panel; else None."""
    if deviation is None:
        return None
    if deviation >= CALIBRATION_FLAG:
        return "lenient"
    if deviation <= -CALIBRATION_FLAG:
        return "harsh"
    return None


def _agreement(framework: Framework, panels: Sequence[PanelProfile]) -> list[CompetenceAgreement]:
    options = len(framework.scale.levels)
    result = []
    for competence in framework.competences:
        values = []
        for panel in panels:
            scores = [s for r in panel.raters if (s := r.profile.competence(competence.id).score) is not None]
            if (value := rwg(scores, options)) is not None:
                values.append(value)
        result.append(
            CompetenceAgreement(
                competence_id=competence.id,
                rwg=statistics.fmean(values) if values else None,
                candidates=len(values),
                disagreements=sum(p.consolidated.competence(competence.id).disagreement for p in panels),
            )
        )
    return result


def _calibration(
    rows: Sequence[InterviewRow], ratings: dict[int, list[RatingRow]], panels: Sequence[PanelProfile]
) -> list[RaterCalibration]:
    values: dict[str, list[int]] = defaultdict(list)
    scorecards: dict[str, int] = defaultdict(int)
    for row in rows:
        scorecards[row.rater_name] += 1
        values[row.rater_name] += [r.value for r in ratings[row.id] if r.value is not None]
    deviations: dict[str, list[float]] = defaultdict(list)
    for panel in panels:
        for rater in panel.raters:
            for score in rater.profile.competences:
                consensus = panel.consolidated.competence(score.competence_id)
                if score.score is not None and consensus.score is not None and consensus.n_raters > 1:
                    deviations[rater.rater].append(score.score - consensus.score)
    result = []
    for name in sorted(scorecards):
        deviation = statistics.fmean(deviations[name]) if deviations[name] else None
        result.append(
            RaterCalibration(
                rater_name=name,
                scorecards=scorecards[name],
                ratings=len(values[name]),
                mean=statistics.fmean(values[name]) if values[name] else None,
                spread=statistics.pstdev(values[name]) if len(values[name]) > 1 else None,
                deviation=deviation,
                flag=calibration_flag(deviation),
            )
        )
    return result


def compare_round(
    actor: Actor, uow: UnitOfWork, catalog: Catalog, round_id: int, person_ids: Sequence[int] | None = None
) -> RoundComparison:
    """The round's candidates (all, or those chosen) ranked by fit, with agreement and calibration.

    Only completed scorecards the actor may see count, so blind scoring holds while the round is open.
    The number of queries does not depend on the number of candidates or raters.
    """
    round_row = access.visible_round(actor, uow, round_id)
    view = round_views(uow, [round_row])[0]
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
    ratings = uow.interviews.ratings([r.id for r in rows])
    profiles = score_scorecards(uow, rows, framework, target, ratings)
    scorer = Scorer.build(framework, target)
    by_person: dict[int, list[RaterProfile]] = defaultdict(list)
    for row in rows:
        by_person[row.person_id].append(RaterProfile(rater=row.rater_name, role=row.rater_role, profile=profiles[row.id]))
    people = {p.id: p for p in person_views(uow, list(uow.people.by_ids(set(by_person)).values()))}
    panels = {pid: scorer.consolidate(raters) for pid, raters in by_person.items()}
    ranked = sorted(panels, key=lambda pid: (-(panels[pid].consolidated.fit or -1.0), people[pid].name))
    audit.record_reads(uow, actor, "comparison.read", panels, subject=f"round:{round_id}")
    uow.commit()
    return RoundComparison(
        round=view,
        framework=framework,
        target_name=target_name,
        candidates=[CandidateResult(person=people[pid], panel=panels[pid], rank=i + 1) for i, pid in enumerate(ranked)],
        agreement=_agreement(framework, list(panels.values())),
        calibration=_calibration(rows, ratings, list(panels.values())),
    )
