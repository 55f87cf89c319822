"""A recruitment round as an administrative case: declarations of disqualification, requested notes, the
notes still needed where the panel disagrees, and how consistently the candidates were interviewed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pydantic import Field

from profiling.catalog import Catalog
from profiling.domain import policy
from profiling.domain.cases import Card, Consistency, NoteNeeded, consistency, notes_needed
from profiling.domain.guide import Guide
from profiling.domain.interviews import Interview
from profiling.domain.policy import Permission
from profiling.domain.rounds import Round
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.interview_views import summaries
from profiling.reads.query import EVERY_ROLE, PEOPLE_ROWS, SHARED_ONLY, query, round_
from profiling.reads.views import InterviewStatus, InterviewSummary, View
from profiling.services import access
from profiling.services.actors import Actor
from profiling.services.content import parse_snapshot
from profiling.services.privacy import candidate_information


class DeclarationView(View):
    """A member's declaration about a candidate."""

    user_id: int
    user_name: str
    person_id: int
    person_name: str = ""
    disqualified: bool
    reason: str
    declared_at: datetime


class NoteRequestView(View):
    """A note the owner asked a rater for, and whether it has come."""

    interview_id: int
    person_id: int
    question_id: str
    rater_id: int | None
    rater_name: str
    requested_at: datetime
    answered: bool


class RoundCase(View):
    """The case side of a round as its page shows it to one actor, with the scorecards they may see."""

    round_id: int
    scorecards: list[InterviewSummary]  # the round's scorecards the actor may see (blind scoring holds)
    unfinished: int  # of all the round's scorecards (closing the round closes them as incomplete)
    declarations: list[DeclarationView]
    own_declarations: dict[int, bool]  # candidate -> disqualified, for the actor
    note_requests: list[NoteRequestView]
    notes_needed: list[NoteNeeded]  # for whoever may change the round: what to ask for
    consistency: list[Consistency]
    may_declare: bool
    may_manage: bool
    holds: list[str] = Field(default_factory=list)  # message keys: what the round's decision waits for now (a hearing, an access request)
    # Once the round is closed, for whoever may change it: the candidates not yet sent an answer.
    unanswered: list[int] = Field(default_factory=list)
    # For its owner while it is open: candidates may be added (who: round_views.people_to_add, read when asked).
    may_add: bool = False


def _cards(uow: UnitOfWork, rows: Sequence[Interview]) -> list[Card]:
    answers = uow.interviews.case_answers([r.id for r in rows])
    return [
        Card(
            interview_id=row.id, person_id=row.person_id, rater_id=row.rater_id, rater_name=row.rater_name,
            answers=dict(answers[row.id]),
        )
        for row in rows
    ]


@query(depends_on=[round_(), PEOPLE_ROWS])
def round_case(actor: Actor, uow: UnitOfWork, catalog: Catalog, round_id: int) -> RoundCase:
    """Declarations, requested notes, the notes still needed where the panel disagrees, and how consistently the
    candidates were interviewed - as far as the actor may see the round's scorecards (blind scoring holds)."""
    row = access.visible_round(actor, uow, round_id)
    known = access.relations(actor, uow)
    facts = access.round_facts(row)
    may_manage = policy.can(actor, Permission.CHANGE_ROUND, known, facts)
    every = uow.interviews.query(round_ids=[row.id], newest_first=False)
    seen = access.visible_scorecards(actor, uow, every)
    listed = summaries(uow, seen)
    visible = [r for r in seen if r.status == InterviewStatus.COMPLETED]
    cards = _cards(uow, visible)
    core = _core(_round_guide(uow, catalog, row, visible))
    users = uow.users.by_ids({d.user_id for d in row.declarations})
    named = uow.people.by_ids({d.person_id for d in row.declarations})
    hidden = {pid for r, pid in known.disqualified if r == row.id}
    requests = [
        NoteRequestView(
            interview_id=r.interview_id, person_id=card.person_id, question_id=r.question_id, rater_id=card.rater_id,
            rater_name=card.rater_name, requested_at=r.requested_at,
            answered=bool(card.answers.get(r.question_id) and card.answers[r.question_id].noted),
        )
        for r in row.note_requests
        if (card := next((c for c in cards if c.interview_id == r.interview_id), None)) is not None
        and (may_manage or card.rater_id == actor.user_id)
    ]
    asked = {(r.interview_id, r.question_id) for r in row.note_requests}
    return RoundCase(
        round_id=row.id,
        scorecards=listed,
        unfinished=sum(1 for r in every if r.status == InterviewStatus.DRAFT),
        declarations=[
            DeclarationView(user_id=d.user_id, user_name=users[d.user_id].name if d.user_id in users else "",
                            person_id=d.person_id, person_name=named[d.person_id].name if d.person_id in named else "",
                            disqualified=d.disqualified, reason=d.reason, declared_at=d.declared_at)
            for d in sorted(row.declarations, key=lambda d: d.declared_at)
            if d.person_id not in hidden or d.user_id == actor.user_id
        ],
        own_declarations={d.person_id: d.disqualified for d in row.declarations if d.user_id == actor.user_id},
        note_requests=requests,
        notes_needed=[n for n in notes_needed(cards) if (n.interview_id, n.question_id) not in asked] if may_manage else [],
        consistency=consistency(cards, core, row.candidate_ids - hidden),
        may_declare=policy.can(actor, Permission.DECLARE, known, facts),
        may_manage=may_manage,
        may_add=may_manage and row.is_open,
        holds=row.holds(uow.now().date()) if row.is_open else [],
        unanswered=[c.person_id for c in row.candidates if c.answered_at is None]
        if may_manage and not row.is_open else [],
    )


def round_evidence(uow: UnitOfWork, catalog: Catalog, row: Round) -> tuple[list[Card], list[str]]:
    """Every completed scorecard of the round as the case rules read them, and the core questions of its guide."""
    completed = uow.interviews.query(round_ids=[row.id], status=InterviewStatus.COMPLETED, newest_first=False)
    cards = _cards(uow, completed)
    return cards, _core(_round_guide(uow, catalog, row, completed))


def _core(guide: Guide) -> list[str]:
    """The core questions every candidate is asked (every scored question, in a guide that marks none)."""
    return [q.id for q in guide.scored_questions() if q.core] or [q.id for q in guide.scored_questions()]


def _round_guide(uow: UnitOfWork, catalog: Catalog, row: Round, cards: Sequence[Interview]) -> Guide:
    """The guide the round was run with: its scorecards' stored snapshot, else the catalog's."""
    if cards:  # loaded with the scorecards' summaries already, where they were read: no second query
        return parse_snapshot(uow.snapshots.one(cards[0].guide_snapshot_id), Guide)
    return catalog.guide(row.guide_id)


@query(depends_on=[SHARED_ONLY], same_for_roles=EVERY_ROLE)
def candidate_information_shown(actor: Actor, uow: UnitOfWork) -> dict[str, str]:
    """The text shown when a candidate is added, as a page reads it (settings are shared data)."""
    return candidate_information(uow)
