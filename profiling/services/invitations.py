"""Self-assessment invitations: a manager invites an employee to assess themselves by a date, and sees
whether it is done - never the answers."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from profiling.catalog import Catalog, UnknownGuide
from profiling.domain.guide import Guide, GuideMode
from profiling.domain.interviews import Interview
from profiling.domain.people import Person
from profiling.domain.scoring import RaterRole
from profiling.domain.text import LocalizedText
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.query import EVERY_ROW, person, query
from profiling.reads.views import InterviewStatus, PersonKind, View
from profiling.services import access, audit, notifications
from profiling.services.actors import Actor
from profiling.services.content import parse_snapshot
from profiling.services.errors import InvalidInput
from profiling.services.interviews import begin_interview

SELF_ASSESSMENT_GUIDE = "selvvurdering"


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


def _invitation_view(uow: UnitOfWork, row: Interview, person: Person, guide: Guide, answered: int) -> InvitationView:
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


def self_assessment_guides(catalog: Catalog, framework_id: str) -> list[Guide]:
    """The self-assessment guides, the MUS preparation's own first ("Selvvurdering før MUS"), then the others
    of the same framework, then the rest (e.g. the digital mapping)."""
    guides = [g for g in catalog.guides.values() if g.mode is GuideMode.SELF_ASSESSMENT]
    return sorted(guides, key=lambda g: (g.id != SELF_ASSESSMENT_GUIDE, g.framework != framework_id, g.id))


def invite_to_self_assessment(
    actor: Actor, uow: UnitOfWork, catalog: Catalog, person_id: int, due_on: date, guide_id: str = SELF_ASSESSMENT_GUIDE
) -> InvitationView:
    """Invite an employee to fill a self-assessment by a date; an open invitation is moved to the new date."""
    person = access.require_leader(actor, uow, person_id)
    if person.kind != PersonKind.EMPLOYEE or person.user_id is None:
        raise InvalidInput("person_id", "error.no_account")
    if due_on < uow.now().date():
        raise InvalidInput("due_on", "error.due_in_past")
    try:
        guide = catalog.guide(guide_id)
    except UnknownGuide:
        raise InvalidInput("guide_id", "error.unknown_guide") from None
    if guide.mode is not GuideMode.SELF_ASSESSMENT:
        raise InvalidInput("guide_id", "error.not_self_assessment")
    row = uow.interviews.find(person.id, None, person.user_id, guide.id, InterviewStatus.DRAFT)
    if row is None:
        employee = uow.users.get(person.user_id)
        framework = catalog.framework(guide.framework)
        team = uow.teams.get(person.team_id) if person.team_id else None
        row = begin_interview(
            uow, guide, framework, person_id=person.id, rater_id=person.user_id,
            rater_name=employee.name if employee else person.name, rater_role=RaterRole.SELF,
            target_profile_id=team.target_profile_id if team else None,
        )
    row.due_on = due_on
    row.invited_by_id = actor.user_id
    uow.flush()
    audit.record(uow, actor, "self_assessment.invite", person_id=person.id, subject=f"interview:{row.id}")
    employee_account = uow.users.get(person.user_id)
    if employee_account is not None:  # the mail says who asks and by when - nothing else
        notifications.self_assessment_invited(uow, employee_account, actor.name, due_on, row.id)
    view = _invitation_view(uow, row, person, guide, uow.interviews.answered_counts([row.id]).get(row.id, 0))
    uow.commit()
    return view


@query(depends_on=[person()])
def invitations_of(actor: Actor, uow: UnitOfWork, catalog: Catalog, person_id: int) -> list[InvitationView]:
    """The person's self-assessments with their status and due date (never their answers)."""
    person = access.require_leader_or_self(actor, uow, person_id)
    rows = [r for r in uow.interviews.query(person_ids=[person.id]) if r.rater_role == RaterRole.SELF]
    answered = uow.interviews.answered_counts([r.id for r in rows])
    snapshots = uow.snapshots.by_ids({r.guide_snapshot_id for r in rows})
    return [
        _invitation_view(uow, r, person, parse_snapshot(snapshots[r.guide_snapshot_id], Guide), answered.get(r.id, 0))
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
