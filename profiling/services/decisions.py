"""The decision of a recruitment round as an administrative case: reference checks and the hearing of what weighs
against a candidate (forvaltningsloven § 19), an applicant's access to their own case (§ 9, stk. 3; the decision
waits meanwhile, § 21), the written minutes with the human decision (GDPR art. 22), and the answer each applicant
is sent with its reasons (§§ 22, 24).

The rules are the domain's (profiling.domain.rounds); who may do what is the policy's: the round's owner (or an
administrator) works the case, its panel takes references, its hiring committee reads the minutes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from profiling.catalog import Catalog
from profiling.domain.policy import Candidature, Permission
from profiling.domain.rounds import Candidacy, Minutes, Reference, Round
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.decision_views import (
    ApplicantState,
    MinutesView,
    ReferenceView,
    applicant_state,
    case_state,
    minutes_view,
    reference_view,
)
from profiling.services import access, audit
from profiling.services.actors import Actor
from profiling.services.errors import InvalidInput, NotAllowedNow, NotFound, committed
from profiling.services.inputs import NAME_MAX, NOTE_MAX, clean_text, validate_input

Text = Annotated[str, StringConstraints(max_length=NOTE_MAX)]


class MinutesInput(BaseModel):
    """What the owner writes as the minutes of the decision."""

    model_config = ConfigDict(extra="forbid")

    recommended: list[int] = []
    recommendation: Text = ""
    reasons: dict[int, Text] = {}
    explanations: dict[int, Text] = {}
    decided_by: Annotated[str, StringConstraints(max_length=NAME_MAX * 4)] = ""
    decided_on: date


class ReferenceInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    referee_name: Annotated[str, StringConstraints(min_length=1, max_length=NAME_MAX)]
    referee_relation: Annotated[str, StringConstraints(max_length=160)] = ""
    consent_on: date  # the day the candidate consented to the reference being taken
    answers: dict[str, Text] = {}
    summary: Text = ""
    weighs_against: bool = False


def write_minutes(actor: Actor, uow: UnitOfWork, catalog: Catalog, round_id: int, data: dict[str, object]) -> MinutesView:
    """The minutes of the decision: the recommendation, the main reasons per assessed candidate against the
    advertised criteria, why a candidate was interviewed differently, who decided and when. Refused while the
    decision waits or a note is owed (see Round.write_minutes); the ranking was only ever a proposal."""
    row = access.round_to_decide(actor, uow, round_id)
    given = validate_input(MinutesInput, data)
    assessed, flagged, owed = case_state(uow, catalog, row)
    minutes = Minutes(
        recommended=list(dict.fromkeys(given.recommended)), recommendation=clean_text(given.recommendation),
        reasons={str(k): clean_text(v) for k, v in given.reasons.items() if clean_text(v)},
        explanations={str(k): clean_text(v) for k, v in given.explanations.items() if clean_text(v)},
        decided_by=clean_text(given.decided_by), decided_on=given.decided_on, written_by_id=actor.user_id,
        written_at=uow.now(),
    )
    row.write_minutes(minutes, assessed=assessed, flagged=flagged, notes_outstanding=owed, today=uow.now().date())
    audit.record(uow, actor, "round.minutes", subject=f"round:{row.id}", recommended=len(minutes.recommended))
    return committed(uow, lambda: minutes_view(row, set()), lambda: None)  # type: ignore[return-value]


def add_reference(
    actor: Actor, uow: UnitOfWork, catalog: Catalog, round_id: int, person_id: int, data: dict[str, object]
) -> ReferenceView:
    """A reference on a candidate, taken with their consent, the same question per competence of the round's guide;
    marked when it weighs against them (a hearing then comes before the decision)."""
    row = access.visible_round(actor, uow, round_id)
    person = access.visible_person(actor, uow, person_id)
    if person.id not in row.candidate_ids:
        raise InvalidInput("person_id", "error.not_in_round")
    access.require(actor, Permission.SCORE_CANDIDATE, access.relations(actor, uow),
                   Candidature(access.round_facts(row), access.facts_with_rounds(uow, person)))
    row.require_open()
    given = validate_input(ReferenceInput, data)
    now = uow.now()
    if given.consent_on > now.date():
        raise InvalidInput("consent_on", "error.held_in_future")
    competences = set(catalog.guide(row.guide_id).competence_order())
    answers = {k: clean_text(v) for k, v in given.answers.items() if clean_text(v)}
    if not set(answers) <= competences:
        raise InvalidInput("answers", "error.invalid")
    reference = Reference(
        person_id=person.id, referee_name=clean_text(given.referee_name), referee_relation=clean_text(given.referee_relation),
        consent_at=datetime.combine(given.consent_on, now.timetz()), taken_by_id=actor.user_id, taken_at=now,
        answers=answers, summary=clean_text(given.summary), weighs_against=given.weighs_against,
    )
    row.references.append(reference)
    audit.record(uow, actor, "round.reference", person_id=person.id, subject=f"round:{row.id}",
                 weighs_against=given.weighs_against)
    return committed(uow, lambda: reference_view(reference, now.date()), lambda: None)  # type: ignore[return-value]


def _reference(uow: UnitOfWork, row: Round, reference_id: int) -> Reference:
    found = next((r for r in row.references if r.id == reference_id), None)
    if found is None:
        raise NotFound(f"reference {reference_id}")
    return found


def start_hearing(actor: Actor, uow: UnitOfWork, round_id: int, reference_id: int, letter: str, deadline: date) -> ReferenceView:
    """Put what weighs against the candidate to them: the letter as sent, and the deadline for their answer."""
    row = access.round_to_decide(actor, uow, round_id)
    reference = _reference(uow, row, reference_id)
    reference.start_hearing(clean_text(letter), deadline, uow.now())
    audit.record(uow, actor, "round.hearing", person_id=reference.person_id, subject=f"round:{row.id}")
    return committed(uow, lambda: reference_view(reference, uow.now().date()), lambda: None)  # type: ignore[return-value]


def record_hearing_answer(actor: Actor, uow: UnitOfWork, round_id: int, reference_id: int, text: str) -> ReferenceView:
    """The candidate's answer to the hearing, as received."""
    row = access.round_to_decide(actor, uow, round_id)
    reference = _reference(uow, row, reference_id)
    reference.record_answer(clean_text(text), uow.now())
    audit.record(uow, actor, "round.hearing_answer", person_id=reference.person_id, subject=f"round:{row.id}")
    return committed(uow, lambda: reference_view(reference, uow.now().date()), lambda: None)  # type: ignore[return-value]


def _candidacy(row: Round, person_id: int) -> Candidacy:
    found = row.candidacy(person_id)
    if found is None:
        raise NotFound(f"candidate {person_id} of round {row.id}")
    return found


def request_access(actor: Actor, uow: UnitOfWork, round_id: int, person_id: int) -> ApplicantState:
    """Record an applicant's request to see the documents of their case: the decision waits until it is met."""
    row = access.round_to_decide(actor, uow, round_id)
    candidacy = _candidacy(row, person_id)
    if candidacy.access_open:
        raise NotAllowedNow("error.access_already_requested")
    candidacy.access_requested_at, candidacy.access_delivered_at = uow.now(), None
    audit.record(uow, actor, "round.access_request", person_id=person_id, subject=f"round:{row.id}")
    return committed(uow, lambda: applicant_state(candidacy), lambda: None)  # type: ignore[return-value]


def deliver_access(actor: Actor, uow: UnitOfWork, round_id: int, person_id: int) -> ApplicantState:
    """Record that the applicant was given their documents (the package from `case_file.access_package`)."""
    row = access.round_to_decide(actor, uow, round_id)
    candidacy = _candidacy(row, person_id)
    if not candidacy.access_open:
        raise NotAllowedNow("error.no_access_request")
    candidacy.access_delivered_at = uow.now()
    audit.record(uow, actor, "round.access_delivered", person_id=person_id, subject=f"round:{row.id}")
    return committed(uow, lambda: applicant_state(candidacy), lambda: None)  # type: ignore[return-value]


def record_answer(actor: Actor, uow: UnitOfWork, round_id: int, person_id: int, text: str) -> ApplicantState:
    """The answer sent to an applicant (their letter, as sent), once the round's decision is made (closed)."""
    row = access.round_to_decide(actor, uow, round_id)
    row.require_closed()
    candidacy = _candidacy(row, person_id)
    text = clean_text(text)
    if not text:
        raise InvalidInput("text", "error.required")
    if len(text) > NOTE_MAX * 2:
        raise InvalidInput("text", "error.too_long", max=NOTE_MAX * 2)
    candidacy.answer, candidacy.answered_at, candidacy.answered_by_id = text, uow.now(), actor.user_id
    audit.record(uow, actor, "round.answer", person_id=person_id, subject=f"round:{row.id}")
    return committed(uow, lambda: applicant_state(candidacy), lambda: None)  # type: ignore[return-value]


