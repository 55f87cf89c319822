"""The development loop: invitation -> self-assessment -> preparation -> plan -> next year."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from profiling.domain.assessments import Instrument
from profiling.domain.scoring import Alignment
from profiling.reads import preparation, results, scorecards, self_assessments, team
from profiling.reads.self_assessments import InvitationStatus
from profiling.reports import sentences
from profiling.services import audit, interviews, invitations, outcomes, plans, targets
from profiling.services.actors import Role
from profiling.services.errors import AccessDenied, InvalidInput, NotFound
from profiling.services.plans import GoalStatus
from tests.integration.helpers import make_person, make_team, make_user

FRAMEWORK = "specialist-i-borgerkontakt"


@pytest.fixture
def nord(uow_factory):
    with uow_factory() as uow:
        admin = make_user(uow, "Admin")
        manager = make_user(uow, "Mette Leder", Role.MANAGER)
        employee = make_user(uow, "Anne Ansat", Role.EMPLOYEE)
        team_id = make_team(uow, "Nord", manager)
        anne = make_person(uow, "Anne Ansat", team_id=team_id, user=employee)
    return admin, manager, employee, anne, team_id


def answer_all(uow_factory, actor, interview_id, value_of):
    with uow_factory() as uow:
        view = scorecards.get_interview(actor, uow, interview_id)
    for question in view.guide.scored_questions():
        with uow_factory() as uow:
            interviews.save_rating(
                actor, uow, interview_id, question.id, value=value_of(question.competence),
                note=view.rating(question.id).note, expected_version=view.rating(question.id).version,
            )
    with uow_factory() as uow:
        interviews.complete_interview(actor, uow, interview_id)


SELF = {"veludviklede-kommunikationsevner": 5, "digitalt-kompetent": 2}  # others 4
MANAGER = {"veludviklede-kommunikationsevner": 3, "digitalt-kompetent": 4, "kan-medbetjene-borgeren": 2}  # others 4


def test_the_development_year_from_invitation_to_next_years_plan(uow_factory, catalog, nord, clock):
    _admin, manager, employee, anne, _ = nord
    # 1. The manager invites; the employee sees it on their list; the manager sees status, not answers.
    with uow_factory() as uow:
        invitation = invitations.invite_to_self_assessment(actor=manager, uow=uow, catalog=catalog, person_id=anne,
                                                            due_on=clock.now.date() + timedelta(days=14))
    assert invitation.status is InvitationStatus.INVITED
    with uow_factory() as uow:
        (task,) = self_assessments.my_open_self_assessments(employee, uow, catalog)
    assert task.interview_id == invitation.interview_id and task.due_on == clock.now.date() + timedelta(days=14)
    first = catalog.guide("selvvurdering").questions[0]
    with uow_factory() as uow:
        interviews.save_rating(employee, uow, task.interview_id, first.id, value=5, note="mit eksempel", expected_version=0)
    with uow_factory() as uow:
        (status,) = self_assessments.invitations_of(manager, uow, catalog, anne)
        assert status.status is InvitationStatus.STARTED
        with pytest.raises(NotFound):
            scorecards.get_interview(manager, uow, task.interview_id)  # no answers before submission
    # 2. The employee completes; now the manager may read it.
    answer_all(uow_factory, employee, task.interview_id, lambda c: SELF.get(c, 4))
    with uow_factory() as uow:
        assert self_assessments.invitations_of(manager, uow, catalog, anne)[0].status is InvitationStatus.COMPLETED
        assert scorecards.get_interview(manager, uow, task.interview_id).rating(first.id).note == "mit eksempel"
    # 3. The MUS: the manager rates; the preparation classifies each competence.
    clock.advance(days=10)
    with uow_factory() as uow:
        mus = interviews.start_interview(manager, uow, catalog, person_id=anne, guide_id="udviklingssamtale")
    answer_all(uow_factory, manager, mus, lambda c: MANAGER.get(c, 4))
    with uow_factory() as uow:
        outcomes.save_outcome(manager, uow, mus, "Fokus på medbetjening")
    with uow_factory() as uow:
        prep = preparation.mus_preparation(employee, uow, catalog, anne, FRAMEWORK)
    by_id = {i.competence_id: i for i in prep.items}
    assert by_id["veludviklede-kommunikationsevner"].alignment is Alignment.BLIND_SPOT  # self 5 vs manager 3
    assert by_id["digitalt-kompetent"].alignment is Alignment.HIDDEN_STRENGTH  # self 2 vs manager 4
    assert by_id["serviceminded"].alignment is Alignment.ALIGNED and by_id["serviceminded"].reasons == []
    assert by_id["kan-medbetjene-borgeren"].reasons == ["blind_spot", "gap"]  # self 4 vs manager 2, target 4
    assert by_id["kan-medbetjene-borgeren"].coaching  # the development guide's coaching questions come along
    assert prep.previous_plan is None
    # 4. A plan from the largest gaps, agreed and dated by both.
    suggestions = preparation.suggest_goals(prep, catalog)
    assert suggestions[0].competence_id == "kan-medbetjene-borgeren"
    goals = [{**g.model_dump(), "actions": "Skulder ved skulder med Bente", "deadline": clock.now.date() + timedelta(days=120)}
             for g in suggestions]
    with uow_factory() as uow, pytest.raises(AccessDenied):
        plans.save_plan(employee, uow, catalog, anne, "Min plan", goals)
    with uow_factory() as uow:
        plan = plans.save_plan(manager, uow, catalog, anne, "Udviklingsplan 2026", goals, interview_id=mus)
    with uow_factory() as uow:
        plans.agree_plan(manager, uow, plan.id)
    clock.advance(days=1)
    with uow_factory() as uow:
        agreed = plans.agree_plan(employee, uow, plan.id)
    assert agreed.agreed and agreed.manager_agreed_at < agreed.employee_agreed_at
    with uow_factory() as uow:
        plans.set_goal_status(employee, uow, agreed.goals[0].id, GoalStatus.IN_PROGRESS)
    # 5. A year later: the next MUS opens with last year's plan and its status; the trend has two points.
    clock.advance(days=365)
    with uow_factory() as uow:
        next_mus = interviews.start_interview(manager, uow, catalog, person_id=anne, guide_id="udviklingssamtale")
    answer_all(uow_factory, manager, next_mus, lambda c: 4)
    with uow_factory() as uow:
        prep = preparation.mus_preparation(manager, uow, catalog, anne, FRAMEWORK)
        history = results.person_history(manager, uow, anne, FRAMEWORK)
    assert prep.previous_plan.id == plan.id
    assert prep.previous_plan.goals[0].status is GoalStatus.IN_PROGRESS
    managers = [p for p in history if p.instrument is Instrument.MANAGER]
    assert [p.profile.competence("kan-medbetjene-borgeren").score for p in managers] == [2.0, 4.0]


def test_changing_an_agreed_plan_asks_both_to_agree_again(uow_factory, catalog, nord):
    _, manager, employee, anne, _ = nord
    goal = {"competence_id": "serviceminded", "goal": "Hilse på alle"}
    with uow_factory() as uow:
        plan = plans.save_plan(manager, uow, catalog, anne, "Plan", [goal])
    for actor in (manager, employee):
        with uow_factory() as uow:
            plan = plans.agree_plan(actor, uow, plan.id)
    assert plan.agreed
    with uow_factory() as uow:
        changed = plans.save_plan(manager, uow, catalog, anne, "Plan", [goal, {**goal, "goal": "Mere"}],
                                        plan_id=plan.id, expected_version=plan.version)
    assert not changed.agreed and changed.manager_agreed_at is None and len(changed.goals) == 2


@pytest.mark.parametrize(
    ("goals", "field"),
    [([], "goals"), ([{"competence_id": "serviceminded", "goal": ""}], "goals[0]"), ([{"competence_id": "nope", "goal": "x"}], "goals[0]")],
)
def test_a_plan_needs_goals_with_a_known_competence_and_a_text(uow_factory, catalog, nord, goals, field):
    _, manager, _, anne, _ = nord
    with uow_factory() as uow, pytest.raises(InvalidInput) as refused:
        plans.save_plan(manager, uow, catalog, anne, "Plan", goals)
    assert refused.value.field == field


def test_only_the_persons_manager_invites_and_never_to_a_past_date(uow_factory, catalog, nord, clock):
    _, manager, employee, anne, _ = nord
    with uow_factory() as uow:
        other = make_user(uow, "Jonas Leder", Role.MANAGER)
    with uow_factory() as uow, pytest.raises((AccessDenied, NotFound)):
        invitations.invite_to_self_assessment(other, uow, catalog, anne, clock.now.date() + timedelta(days=3))
    with uow_factory() as uow, pytest.raises(InvalidInput):
        invitations.invite_to_self_assessment(manager, uow, catalog, anne, clock.now.date() - timedelta(days=1))
    with uow_factory() as uow, pytest.raises(AccessDenied):
        invitations.invite_to_self_assessment(employee, uow, catalog, anne, clock.now.date() + timedelta(days=3))


def test_inviting_twice_moves_the_due_date_of_the_open_invitation(uow_factory, catalog, nord, clock):
    _, manager, _, anne, _ = nord
    with uow_factory() as uow:
        first = invitations.invite_to_self_assessment(manager, uow, catalog, anne, clock.now.date() + timedelta(days=3))
    with uow_factory() as uow:
        second = invitations.invite_to_self_assessment(manager, uow, catalog, anne, clock.now.date() + timedelta(days=9))
    assert first.interview_id == second.interview_id and second.due_on == clock.now.date() + timedelta(days=9)


def test_a_new_target_version_leaves_earlier_interviews_on_their_version(uow_factory, catalog, nord):
    admin, manager, _, anne, team_id = nord
    levels = {c.id: (3, 1.0) for c in catalog.framework(FRAMEWORK).competences}
    with uow_factory() as uow:
        v1 = targets.save_target_profile(admin, uow, catalog, "Nyansat i Borgerservice", FRAMEWORK, levels)
    with uow_factory() as uow:
        targets.assign_team_target(admin, uow, catalog, team_id, v1.id)
    with uow_factory() as uow:
        first = interviews.start_interview(manager, uow, catalog, person_id=anne, guide_id="udviklingssamtale")
    with uow_factory() as uow:
        v2 = targets.save_target_profile(admin, uow, catalog, "Nyansat i Borgerservice", FRAMEWORK, {**levels, "serviceminded": (5, 2.0)})
    assert (v1.version, v2.version) == (1, 2)
    with uow_factory() as uow:
        targets.assign_team_target(admin, uow, catalog, team_id, v2.id)
    with uow_factory() as uow:
        old = scorecards.get_interview(manager, uow, first)
    assert old.target["serviceminded"].level == 3 and old.target_name == "Nyansat i Borgerservice (v1)"
    answer_all(uow_factory, manager, first, lambda c: 3)
    with uow_factory() as uow:
        overview = team.team_overview(manager, uow, catalog, FRAMEWORK, team_ids=[team_id])
    assert overview.target_name == "Nyansat i Borgerservice (v2)"
    assert overview.average.competence("serviceminded").target == 5


def test_only_administrators_edit_target_profiles_and_levels_must_lie_on_the_scale(uow_factory, catalog, nord):
    admin, manager, _, _, team_id = nord
    with uow_factory() as uow, pytest.raises(AccessDenied):
        targets.save_target_profile(manager, uow, catalog, "X", FRAMEWORK, {"serviceminded": (3, 1.0)})
    with uow_factory() as uow, pytest.raises(InvalidInput):
        targets.save_target_profile(admin, uow, catalog, "X", FRAMEWORK, {"serviceminded": (7, 1.0)})
    with uow_factory() as uow, pytest.raises(AccessDenied):
        targets.assign_team_target(manager, uow, catalog, team_id, None)


def _self_assessed_and_mus_started(uow_factory, catalog, nord):
    _, manager, employee, anne, _ = nord
    with uow_factory() as uow:
        invitation = invitations.invite_to_self_assessment(actor=manager, uow=uow, catalog=catalog, person_id=anne,
                                                           due_on=date(2026, 12, 31), guide_id="selvvurdering")
    answer_all(uow_factory, employee, invitation.interview_id, lambda c: SELF.get(c, 4))
    with uow_factory() as uow:
        mus = interviews.start_interview(manager, uow, catalog, person_id=anne, guide_id="udviklingssamtale")
    return invitation.interview_id, mus


def test_the_manager_rates_the_mus_before_the_self_assessment_is_shown_to_them(uow_factory, catalog, nord):
    _, manager, employee, anne, _ = nord
    own, mus = _self_assessed_and_mus_started(uow_factory, catalog, nord)
    with uow_factory() as uow:
        prep = preparation.mus_preparation(manager, uow, catalog, anne, FRAMEWORK)
        contexts = results.person_contexts(manager, uow, anne)
        history = results.person_history(manager, uow, anne, FRAMEWORK)
    assert prep.self_withheld and prep.self_interview_id is None
    assert all(item.self_score is None for item in prep.items)
    assert not any(own in c.interview_ids for c in contexts) and history == []
    with uow_factory() as uow:  # the employee's own view is not affected
        assert preparation.mus_preparation(employee, uow, catalog, anne, FRAMEWORK).self_interview_id == own
    answer_all(uow_factory, manager, mus, lambda c: MANAGER.get(c, 4))
    with uow_factory() as uow:
        prep = preparation.mus_preparation(manager, uow, catalog, anne, FRAMEWORK)
        history = results.person_history(manager, uow, anne, FRAMEWORK)
    assert not prep.self_withheld and prep.self_interview_id == own and prep.manager_saw_self_at is None
    assert {p.instrument for p in history} == {Instrument.SELF, Instrument.MANAGER}


def test_a_manager_who_chooses_to_see_the_self_assessment_first_is_recorded_and_the_comparison_says_so(
    uow_factory, catalog, nord, clock
):
    admin, manager, employee, anne, _ = nord
    own, mus = _self_assessed_and_mus_started(uow_factory, catalog, nord)
    with uow_factory() as uow, pytest.raises(AccessDenied):
        interviews.show_self_assessment(employee, uow, mus)  # only the rater chooses
    with uow_factory() as uow:
        interviews.show_self_assessment(manager, uow, mus)
    shown_at = clock.now
    with uow_factory() as uow:
        prep = preparation.mus_preparation(manager, uow, catalog, anne, FRAMEWORK)
    assert not prep.self_withheld and prep.self_interview_id == own
    with uow_factory() as uow:
        assert "interview.self_shown_early" in [e.action for e in audit.list_entries(admin, uow, person_id=anne)]
    answer_all(uow_factory, manager, mus, lambda c: MANAGER.get(c, 4))
    with uow_factory() as uow:
        prep = preparation.mus_preparation(employee, uow, catalog, anne, FRAMEWORK)
    assert prep.manager_saw_self_at == shown_at
    said = sentences.self_manager_notes(prep, "da")
    assert any(s.startswith("Lederen så selvvurderingen, før sin vurdering var afsluttet") for s in said)


def test_a_target_of_another_framework_cannot_be_given_to_a_team_and_old_such_data_never_breaks_the_mus(
    uow_factory, catalog, nord
):
    admin, manager, _, anne, team_id = nord
    digital = "digitale-kompetencer"
    levels = {c.id: (3, 1.0) for c in catalog.framework(digital).competences}
    with uow_factory() as uow:
        wrong = targets.save_target_profile(admin, uow, catalog, "Digital borgerservice", digital, levels)
    with uow_factory() as uow, pytest.raises(InvalidInput) as refused:
        targets.assign_team_target(admin, uow, catalog, team_id, wrong.id)
    assert refused.value.message_key == "error.target_not_for_teams"
    with uow_factory() as uow:  # as an earlier version allowed: the team measured against a digital target
        uow.teams.get(team_id).target_profile_id = wrong.id
        uow.commit()
    with uow_factory() as uow:
        prep = preparation.mus_preparation(manager, uow, catalog, anne, FRAMEWORK)
    assert prep.misfitting_target == "Digital borgerservice (v1)" and prep.target_name is None
    assert {i.target for i in prep.items} == {c.level for c in catalog.framework(FRAMEWORK).default_target.values()}
    with uow_factory() as uow:
        overview = team.team_overview(manager, uow, catalog, FRAMEWORK, team_ids=[team_id])
    assert overview.target_name is None  # the default stands in, no incident
