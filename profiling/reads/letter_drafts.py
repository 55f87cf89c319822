"""Drafts the manager edits before sending: the answer to an applicant who did not get the position (their
own results, nothing about others) and the hearing letter on a reference that weighs against a candidate.
"""

from __future__ import annotations

from datetime import date

from profiling.catalog import Catalog
from profiling.domain.rounds import Round
from profiling.domain.scoring import Scorer
from profiling.domain.text import Language
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.query import query, round_
from profiling.reads.results import scored_raters
from profiling.reads.target_levels import target_of
from profiling.reads.views import InterviewStatus
from profiling.reports import letters
from profiling.services import access
from profiling.services.actors import Actor
from profiling.services.errors import NotAllowedNow, NotFound


def own_results(uow: UnitOfWork, catalog: Catalog, row: Round, person_id: int) -> list[letters.OwnResult]:
    """The applicant's own consolidated result per competence, against the round's target (nobody else's)."""
    rows = [r for r in uow.interviews.query(person_ids=[person_id], round_ids=[row.id], status=InterviewStatus.COMPLETED)]
    framework = catalog.framework(row.framework_id)
    target, _ = target_of(uow, framework, row.target_profile_id)
    if not rows:
        return []
    scored = scored_raters(uow, rows, framework, target)
    panel = Scorer.build(framework, target).consolidate(list(scored.values())).consolidated
    return [
        letters.OwnResult(framework.competence(c.competence_id).name.da, c.score, c.target)
        for c in panel.competences if c.score is not None
    ]


@query(depends_on=[round_()])
def answer_draft(actor: Actor, uow: UnitOfWork, catalog: Catalog, round_id: int, person_id: int, language: Language) -> str:
    """The draft answer to an applicant who did not get the position: the criteria, the minutes' reasons about them
    and their own results - nothing about any other applicant. The manager edits it before sending."""
    row = access.round_to_decide(actor, uow, round_id)
    if row.minutes is None:
        raise NotAllowedNow("error.answer_before_minutes")
    person = uow.people.get(person_id)
    if person is None or person_id not in row.candidate_ids:
        raise NotFound(f"candidate {person_id}")
    results = own_results(uow, catalog, row, person_id)
    if language == "en":
        framework = catalog.framework(row.framework_id)
        results = [
            letters.OwnResult(next(c.name.en for c in framework.competences if c.name.da == r.competence), r.score, r.target)
            for r in results
        ]
    return letters.answer_letter(
        language=language, applicant=person.name, position=row.title, criteria=row.criteria,
        reasons=row.minutes.reason_for(person_id), results=results, today=uow.now().date(),
    )


@query(depends_on=[round_()])
def hearing_draft(
    actor: Actor, uow: UnitOfWork, catalog: Catalog, round_id: int, reference_id: int, deadline: date, language: Language
) -> str:
    """The draft hearing letter for a reference that weighs against the candidate."""
    row = access.round_to_decide(actor, uow, round_id)
    reference = next((r for r in row.references if r.id == reference_id), None)
    if reference is None:
        raise NotFound(f"reference {reference_id}")
    framework = catalog.framework(row.framework_id)
    named = {c.id: c.name.in_language(language) for c in framework.competences}
    information = [reference.summary] + [f"{named.get(k, k)}: {v}" for k, v in reference.answers.items()]
    person = uow.people.one(reference.person_id)
    return letters.hearing_letter(
        language=language, candidate=person.name, position=row.title, referee=reference.referee_name,
        information=information, deadline=deadline, today=uow.now().date(),
    )
