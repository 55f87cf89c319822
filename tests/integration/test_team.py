"""The team overview: managers' assessments, and the digital mapping of seed 003 from self-assessments."""

from __future__ import annotations

from profiling.reads import team
from profiling.services import interviews
from profiling.services.actors import Role
from tests.integration.helpers import make_person, make_team, make_user


def test_the_digital_mapping_shows_the_teams_self_assessments_labelled_as_such(uow_factory, catalog):
    with uow_factory() as uow:
        manager = make_user(uow, "Mette Leder", Role.MANAGER)
        anne_user = make_user(uow, "Anne Ansat", Role.EMPLOYEE)
        nord = make_team(uow, "Nord", manager)
        anne = make_person(uow, "Anne Ansat", team_id=nord, user=anne_user)
        make_person(uow, "Bo Ansat", team_id=nord)
    guide = catalog.guide("digital-kortlaegning")
    with uow_factory() as uow:
        interview_id = interviews.start_interview(anne_user, uow, catalog, person_id=anne, guide_id=guide.id)
    for question in guide.questions:
        with uow_factory() as uow:
            interviews.save_rating(anne_user, uow, interview_id, question.id, value=2, expected_version=0)
    with uow_factory() as uow:
        interviews.complete_interview(anne_user, uow, interview_id)
    with uow_factory() as uow:
        digital = team.team_overview(manager, uow, catalog, "digitale-kompetencer", team_ids=[nord])
        specialist = team.team_overview(manager, uow, catalog, "specialist-i-borgerkontakt", team_ids=[nord])
    assert digital.self_assessed is True and specialist.self_assessed is False
    assert [m.person.name for m in digital.members if m.profile is not None] == ["Anne Ansat"]
    assert digital.average.competence("soegning").score == 2.0
    assert digital.needs  # below the default target: a shared training need shows
