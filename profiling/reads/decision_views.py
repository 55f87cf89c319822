"""A round's decision as the case shows it: the minutes, the references and hearings, each applicant's
access request and answer, and what the decision still waits for (forvaltningsloven, offentlighedsloven).
"""

from __future__ import annotations

from datetime import date, datetime

from profiling.catalog import Catalog
from profiling.domain import policy
from profiling.domain.cases import consistency, notes_needed
from profiling.domain.policy import Permission
from profiling.domain.rounds import Candidacy, Reference, Round
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.query import query, round_
from profiling.reads.round_case import round_evidence
from profiling.reads.views import View
from profiling.services import access
from profiling.services.actors import Actor


class MinutesView(View):
    """The minutes as the actor may read them (a disqualified member: without the candidate they are out of)."""

    round_id: int
    recommended: list[int]
    recommendation: str
    reasons: dict[int, str]
    explanations: dict[int, str]
    decided_by: str
    decided_on: date
    written_at: datetime
    version: int


class ReferenceView(View):
    id: int
    person_id: int
    referee_name: str
    referee_relation: str
    consent_at: datetime
    taken_at: datetime
    answers: dict[str, str]
    summary: str
    weighs_against: bool
    hearing_letter: str
    hearing_sent_at: datetime | None
    hearing_deadline: date | None
    hearing_answer: str
    hearing_answered_at: datetime | None
    holds_decision: bool


class ApplicantState(View):
    """Where one applicant's case stands: access asked and given, the answer sent."""

    person_id: int
    access_requested_at: datetime | None
    access_delivered_at: datetime | None
    answered_at: datetime | None
    answer: str


class DecisionView(View):
    """The decision side of a round as its case page shows it."""

    round_id: int
    minutes: MinutesView | None
    references: list[ReferenceView]
    applicants: list[ApplicantState]
    holds: list[str]  # message keys: what the decision waits for now
    assessed: list[int]  # candidates with a completed scorecard: the minutes give each their reasons
    flagged: list[int]  # candidates interviewed differently: the minutes say why
    notes_outstanding: int
    may_decide: bool  # the owner (or an administrator) works the case
    may_take_references: bool


def _hidden(actor: Actor, uow: UnitOfWork, row: Round) -> set[int]:
    """The candidates the actor declared themself disqualified for in this round."""
    return {pid for rid, pid in access.relations(actor, uow).disqualified if rid == row.id}


def minutes_view(row: Round, hidden: set[int]) -> MinutesView | None:
    minutes = row.minutes
    if minutes is None:
        return None
    return MinutesView(
        round_id=row.id, recommended=[p for p in minutes.recommended if p not in hidden],
        recommendation=minutes.recommendation,
        reasons={int(k): v for k, v in minutes.reasons.items() if int(k) not in hidden},
        explanations={int(k): v for k, v in minutes.explanations.items() if int(k) not in hidden},
        decided_by=minutes.decided_by, decided_on=minutes.decided_on, written_at=minutes.written_at,
        version=minutes.version,
    )


def reference_view(reference: Reference, today: date) -> ReferenceView:
    return ReferenceView(
        id=reference.id, person_id=reference.person_id, referee_name=reference.referee_name,
        referee_relation=reference.referee_relation, consent_at=reference.consent_at, taken_at=reference.taken_at,
        answers=dict(reference.answers), summary=reference.summary, weighs_against=reference.weighs_against,
        hearing_letter=reference.hearing_letter, hearing_sent_at=reference.hearing_sent_at,
        hearing_deadline=reference.hearing_deadline, hearing_answer=reference.hearing_answer,
        hearing_answered_at=reference.hearing_answered_at, holds_decision=reference.holds_decision(today),
    )


def case_state(uow: UnitOfWork, catalog: Catalog, row: Round) -> tuple[list[int], list[int], int]:
    """(assessed candidates, flagged candidates, notes the panel still owes - asked for or not) from all of the
    round's completed scorecards: the rule of the case, whoever looks."""
    cards, core = round_evidence(uow, catalog, row)
    flags = consistency(cards, core, row.candidate_ids)
    return sorted({c.person_id for c in cards}), [f.person_id for f in flags if f.flagged], len(notes_needed(cards))


@query(depends_on=[round_()])
def decision(actor: Actor, uow: UnitOfWork, catalog: Catalog, round_id: int) -> DecisionView:
    """The minutes, the references and hearings, each applicant's access request and answer, and what the decision
    waits for - as far as the actor may see them (the committee: the minutes; staff: the references too)."""
    row = access.visible_round(actor, uow, round_id)
    known = access.relations(actor, uow)
    facts = access.round_facts(row)
    may_decide = policy.can(actor, Permission.CHANGE_ROUND, known, facts)
    staff = actor.is_admin or row.id in known.staff_round_ids
    hidden = _hidden(actor, uow, row)
    today = uow.now().date()
    assessed, flagged, owed = case_state(uow, catalog, row)
    return DecisionView(
        round_id=row.id,
        minutes=minutes_view(row, hidden),
        references=[reference_view(r, today) for r in row.references if staff and r.person_id not in hidden],
        applicants=[
            ApplicantState(person_id=c.person_id, access_requested_at=c.access_requested_at,
                           access_delivered_at=c.access_delivered_at, answered_at=c.answered_at, answer=c.answer)
            for c in row.candidates if may_decide and c.person_id not in hidden
        ],
        holds=row.holds(today),
        assessed=[p for p in assessed if p not in hidden],
        flagged=[p for p in flagged if p not in hidden],
        notes_outstanding=owed,
        may_decide=may_decide,
        may_take_references=staff and row.is_open,
    )


def applicant_state(candidacy: Candidacy) -> ApplicantState:
    return ApplicantState(
        person_id=candidacy.person_id, access_requested_at=candidacy.access_requested_at,
        access_delivered_at=candidacy.access_delivered_at, answered_at=candidacy.answered_at, answer=candidacy.answer,
    )
