"""Self-assessments as invitations: their status and due date (never their answers), per person and
the actor's own still to complete.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from profiling.catalog import Catalog
from profiling.domain.guide import Guide
from profiling.domain.interviews import Interview
from profiling.domain.people import Person
from profiling.domain.scoring import RaterRole
from profiling.domain.text import LocalizedText
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.query import EVERY_ROW, person, query
from profiling.reads.views import InterviewStatus, View
from profiling.services import access
from profiling.services.actors import Actor
from profiling.services.content import parse_snapshot


class InvitationStatus(StrEnum):
    """Where an invited self-assessment stands; the manager sees this, not the answers."""

    INVITED = "invited"
    STARTED = "started"
    COMPLETED = "completed"


class InvitationView(View):
    interview_id: int
    person_id: int
    person_name: str
    guide_id: str
    guide_title: LocalizedText
    invited_by_name: str | None
    due_on: date | None
    status: InvitationStatus
    completed_at: datetime | None


def invitation_view(uow: UnitOfWork, row: Interview, person: Person, guide: Guide, answered: int) -> InvitationView:
    inviter = uow.users.get(row.invited_by_id) if row.invited_by_id else None
    if row.status == InterviewStatus.COMPLETED:
        status = InvitationStatus.COMPLETED
    else:
        status = InvitationStatus.STARTED if answered or row.position else InvitationStatus.INVITED
    return InvitationView(
        interview_id=row.id, person_id=person.id, person_name=person.name, guide_id=row.guide_id,
        guide_title=guide.title, invited_by_name=inviter.name if inviter else None, due_on=row.due_on,
        status=status, completed_at=row.completed_at,
    )


@query(depends_on=[person()])
def invitations_of(actor: Actor, uow: UnitOfWork, catalog: Catalog, person_id: int) -> list[InvitationView]:
    """The person's self-assessments with their status and due date (never their answers)."""
    person = access.require_leader_or_self(actor, uow, person_id)
    rows = [r for r in uow.interviews.query(person_ids=[person.id]) if r.rater_role == RaterRole.SELF]
    answered = uow.interviews.answered_counts([r.id for r in rows])
    snapshots = uow.snapshots.by_ids({r.guide_snapshot_id for r in rows})
    return [
        invitation_view(uow, r, person, parse_snapshot(snapshots[r.guide_snapshot_id], Guide), answered.get(r.id, 0))
        for r in rows
    ]


@query(depends_on=[EVERY_ROW])
def my_open_self_assessments(actor: Actor, uow: UnitOfWork, catalog: Catalog) -> list[InvitationView]:
    """The actor's own self-assessments still to complete, soonest due first."""
    person = uow.people.by_user(actor.user_id)
    if person is None:
        return []
    open_ones = [i for i in invitations_of(actor, uow, catalog, person.id) if i.status is not InvitationStatus.COMPLETED]
    return sorted(open_ones, key=lambda i: (i.due_on or date.max, i.interview_id))
