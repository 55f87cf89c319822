"""Self-assessment invitations: a manager invites an employee to assess themselves by a date, and sees
whether it is done - never the answers."""

from __future__ import annotations

from datetime import date

from profiling.catalog import Catalog, UnknownGuide
from profiling.domain.guide import Guide, GuideMode
from profiling.domain.scoring import RaterRole
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.self_assessments import InvitationView, invitation_view
from profiling.reads.views import InterviewStatus, PersonKind
from profiling.services import access, audit, notifications
from profiling.services.actors import Actor
from profiling.services.errors import InvalidInput
from profiling.services.interviews import begin_interview

SELF_ASSESSMENT_GUIDE = "selvvurdering"


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
    view = invitation_view(uow, row, person, guide, uow.interviews.answered_counts([row.id]).get(row.id, 0))
    uow.commit()
    return view


