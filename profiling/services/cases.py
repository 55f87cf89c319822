"""A recruitment round as an administrative case (sag): declarations of disqualification, the notes the owner
asks for where the panel disagrees, and whether every candidate got the same questions from the same panel.

The rules are the domain's (profiling.domain.rounds, profiling.domain.cases); who may do what is the policy's.
"""

from __future__ import annotations

from collections.abc import Sequence

from profiling.catalog import Catalog
from profiling.domain.policy import Permission
from profiling.domain.rounds import Declaration, Round
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.round_case import DeclarationView, round_case
from profiling.services import access, audit
from profiling.services.actors import Actor
from profiling.services.errors import InvalidInput, committed
from profiling.services.inputs import NOTE_MAX, clean_text


def declare(actor: Actor, uow: UnitOfWork, round_id: int, person_id: int, disqualified: bool, reason: str = "") -> DeclarationView:
    """The actor declares themself not disqualified, or disqualified (with the reason), for a candidate of the round
    (forvaltningsloven § 3); dated in the case. A member disqualified after scoring leaves the case: their
    scorecards of the candidate no longer count."""
    row = _round_to_declare_in(actor, uow, round_id)
    reason = clean_text(reason)
    if len(reason) > NOTE_MAX:
        raise InvalidInput("reason", "error.too_long", max=NOTE_MAX)
    declared = _declare(actor, uow, row, person_id, disqualified, reason)
    user = uow.users.get(actor.user_id)
    return committed(uow, lambda: DeclarationView(
        user_id=actor.user_id, user_name=user.name if user else actor.name, person_id=person_id,
        disqualified=declared.disqualified, reason=declared.reason, declared_at=declared.declared_at,
    ), lambda: None)


def declare_not_disqualified(actor: Actor, uow: UnitOfWork, round_id: int, person_ids: Sequence[int]) -> int:
    """The actor declares themself not disqualified for each of these candidates of the round, in one step (the
    candidates are named where it is asked); one declaration per candidate, dated in the case. How many."""
    row = _round_to_declare_in(actor, uow, round_id)
    named = list(dict.fromkeys(person_ids))  # each once, in the order given
    for person_id in named:
        _declare(actor, uow, row, person_id, False, "")
    uow.commit()
    return len(named)


def _round_to_declare_in(actor: Actor, uow: UnitOfWork, round_id: int) -> Round:
    row = access.visible_round(actor, uow, round_id)
    access.require(actor, Permission.DECLARE, access.relations(actor, uow), access.round_facts(row))
    return row


def _declare(actor: Actor, uow: UnitOfWork, row: Round, person_id: int, disqualified: bool, reason: str) -> Declaration:
    """One declaration, audited; a disqualified member's scorecards of the candidate leave the case."""
    declared = row.declare(actor.user_id, person_id, disqualified, reason, uow.now())
    excluded = 0
    if disqualified:
        for card in uow.interviews.query(person_ids=[person_id], round_ids=[row.id], rater_id=actor.user_id):
            card.exclude()
            excluded += 1
    audit.record(uow, actor, "round.declare", person_id=person_id, subject=f"round:{row.id}",
                 disqualified=disqualified, excluded=excluded)
    return declared


def ask_for_notes(actor: Actor, uow: UnitOfWork, catalog: Catalog, round_id: int) -> int:
    """The owner asks each rater for a note on every rating of theirs where the panel's ratings lie two or more
    apart and no note says why; how many requests were made."""
    row = access.visible_round(actor, uow, round_id)
    access.require_round_manager(actor, row)
    case = round_case(actor, uow, catalog, round_id)
    made = sum(row.ask_for_note(n.interview_id, n.question_id, actor.user_id, uow.now()) for n in case.notes_needed)
    if not made:
        return 0
    audit.record(uow, actor, "round.ask_for_notes", subject=f"round:{row.id}", requests=made)
    return committed(uow, lambda: made, lambda: None)
