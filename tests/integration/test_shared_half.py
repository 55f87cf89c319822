"""The shared half of Dualog: theme days with an anonymous team profile, practice check-ins between
conversations, and a candidate hired from a round whose round result starts their development history."""

from __future__ import annotations

from datetime import date

import pytest

from profiling.services import plans, practice, preparation, rounds, team, theme_days
from profiling.services.actors import Role
from profiling.services.errors import AccessDenied, InvalidInput
from profiling.services.views import PersonKind
from tests.integration.helpers import complete_scorecard, make_person, make_round_with_panel, make_team, make_user

FRAMEWORK = "specialist-i-borgerkontakt"


@pytest.fixture
def nord(uow_factory):  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        manager = make_user(uow, "Mette Leder", Role.MANAGER)
        member_user = make_user(uow, "Anne Ansat", Role.EMPLOYEE)
        team_id = make_team(uow, "Nord", manager)
        anne = make_person(uow, "Anne Ansat", team_id=team_id, user=member_user)
        others = [make_person(uow, f"Kollega {i}", team_id=team_id) for i in range(4)]
    return manager, member_user, team_id, [anne, *others]


def test_the_team_profile_appears_only_when_k_members_contribute(uow_factory, catalog, nord):
    manager, member_user, team_id, members = nord
    for person in members[:4]:
        complete_scorecard(uow_factory, catalog, manager, person, "udviklingssamtale", value=2)
    with uow_factory() as uow:
        day = theme_days.plan_theme_day(manager, uow, catalog, team_id, {"title": "Temadag", "held_on": date(2026, 12, 1),
                                                                         "framework_id": FRAMEWORK})
    with uow_factory() as uow:
        at_four = theme_days.theme_day(member_user, uow, catalog, day.id)
    assert (at_four.team_map.shown, at_four.team_map.contributors, at_four.team_map.competences) == (False, 4, [])
    assert at_four.prompts == {}
    complete_scorecard(uow_factory, catalog, manager, members[4], "udviklingssamtale", value=4)
    with uow_factory() as uow:
        at_five = theme_days.theme_day(member_user, uow, catalog, day.id)
    assert at_five.team_map.shown and at_five.team_map.contributors == 5
    scored = [c for c in at_five.team_map.competences if not c.withheld]
    assert scored and all(c.mean == pytest.approx(2.4) for c in scored)  # four at 2, one at 4
    assert at_five.team_map.themes and at_five.prompts
    assert at_five.may_plan is False  # a member sees the day; the manager plans it


def test_k_is_an_administrators_setting_that_never_goes_below_three(uow_factory, catalog, nord):
    manager, _, team_id, members = nord
    with uow_factory() as uow:
        admin = make_user(uow, "Admin")
    with uow_factory() as uow, pytest.raises(InvalidInput):
        theme_days.set_coaching_settings(admin, uow, 2, 4)
    with uow_factory() as uow, pytest.raises(AccessDenied):
        theme_days.set_coaching_settings(manager, uow, 3, 4)
    with uow_factory() as uow:
        theme_days.set_coaching_settings(admin, uow, 3, 6)
    for person in members[:3]:
        complete_scorecard(uow_factory, catalog, manager, person, "udviklingssamtale")
    with uow_factory() as uow:
        day = theme_days.plan_theme_day(manager, uow, catalog, team_id, {"title": "T", "held_on": date(2026, 12, 1),
                                                                         "framework_id": FRAMEWORK})
    with uow_factory() as uow:
        assert theme_days.theme_day(manager, uow, catalog, day.id).team_map.shown
        assert theme_days.coaching_settings(uow).check_in_weeks == 6


def test_agreements_stay_with_the_team_and_come_back_at_the_next_theme_day(uow_factory, catalog, nord):
    manager, member_user, team_id, _ = nord
    with uow_factory() as uow:
        first = theme_days.plan_theme_day(manager, uow, catalog, team_id, {"title": "Forår", "held_on": date(2026, 3, 1),
                                                                           "framework_id": FRAMEWORK})
    with uow_factory() as uow:
        theme_days.save_agreements(manager, uow, catalog, first.id, [
            {"competence_id": "kan-medbetjene-borgeren", "text": "Vi viser borgeren vejen", "follow_up_on": date(2026, 4, 1)},
            {"competence_id": "kan-afkode-borgeren", "text": ""},
        ], first.version)
    with uow_factory() as uow, pytest.raises(AccessDenied):
        theme_days.save_agreements(member_user, uow, catalog, first.id, [], first.version + 1)
    with uow_factory() as uow:
        second = theme_days.plan_theme_day(manager, uow, catalog, team_id, {"title": "Efterår", "held_on": date(2026, 9, 1),
                                                                            "framework_id": FRAMEWORK})
    with uow_factory() as uow:
        seen = theme_days.theme_day(member_user, uow, catalog, second.id)
    assert [(d.title, [(a.competence_id, a.text, a.follow_up_on) for a in d.agreements]) for d in seen.earlier] == [
        ("Forår", [("kan-medbetjene-borgeren", "Vi viser borgeren vejen", date(2026, 4, 1))]),
    ]


def test_check_ins_go_with_the_plan_into_the_next_preparation_and_a_quiet_goal_is_listed(uow_factory, catalog, clock, nord):
    manager, member_user, _, members = nord
    anne = members[0]
    with uow_factory() as uow:
        plan = plans.save_plan(manager, uow, catalog, anne, "Plan", [
            {"competence_id": "kan-medbetjene-borgeren", "goal": "Vise selvbetjening"},
            {"competence_id": "kan-afkode-borgeren", "goal": "Spørge åbent"},
        ])
    with uow_factory() as uow:
        entry = practice.check_in(member_user, uow, plan.goals[0].id, "Viste en borger MitID")
    with uow_factory() as uow:
        practice.respond(manager, uow, entry.id, "Hvad virkede?", entry.version)
    with uow_factory() as uow, pytest.raises(AccessDenied):
        practice.check_in(manager, uow, plan.goals[1].id, "Lederen skriver ikke for medarbejderen")
    clock.advance(days=5 * 7)
    with uow_factory() as uow:
        weeks, quiet = practice.quiet_goals(manager, uow)
    assert weeks == 4
    assert [q.goal for q in quiet] == ["Spørge åbent", "Vise selvbetjening"]  # never practised first
    with uow_factory() as uow:
        practice.check_in(member_user, uow, plan.goals[0].id, "Igen i dag")
    with uow_factory() as uow:
        _, quiet = practice.quiet_goals(manager, uow)
        prep = preparation.mus_preparation(member_user, uow, catalog, anne, FRAMEWORK)
    assert [q.goal for q in quiet] == ["Spørge åbent"]
    goal = prep.previous_plan.goals[0] if prep.previous_plan else None
    assert goal is not None and [(c.note, c.response) for c in goal.check_ins] == [
        ("Viste en borger MitID", "Hvad virkede?"), ("Igen i dag", ""),
    ]


def test_a_hired_candidates_first_mus_and_team_picture_start_from_the_round(uow_factory, catalog):
    owner, anne_panel, bo_panel, the_round = make_round_with_panel(uow_factory, catalog)
    with uow_factory() as uow:
        team_id = make_team(uow, "Nord", owner)
    with uow_factory() as uow:
        maja = rounds.add_new_candidate(owner, uow, the_round.id, {"name": "Maja Kandidat"}).candidates[0].id
    with uow_factory() as uow:
        rounds.add_new_candidate(owner, uow, the_round.id, {"name": "Rasmus Kandidat"})
    complete_scorecard(uow_factory, catalog, anne_panel, maja, value=3, round_id=the_round.id)
    complete_scorecard(uow_factory, catalog, bo_panel, maja, value=5, round_id=the_round.id)
    with uow_factory() as uow, pytest.raises(AccessDenied):
        rounds.hire_candidate(anne_panel, uow, the_round.id, maja, team_id)  # the panel does not hire
    with uow_factory() as uow:
        view = rounds.hire_candidate(owner, uow, the_round.id, maja, team_id)
    hired = next(c for c in view.candidates if c.id == maja)
    other = next(c for c in view.candidates if c.id != maja)
    assert (hired.kind, hired.team_id, hired.hired_from_round_id) == (PersonKind.EMPLOYEE, team_id, the_round.id)
    assert (other.kind, other.hired_from_round_id) == (PersonKind.CANDIDATE, None)
    with uow_factory() as uow:
        prep = preparation.mus_preparation(owner, uow, catalog, maja, FRAMEWORK)
        overview = team.team_overview(owner, uow, catalog, FRAMEWORK, team_ids=[team_id])
    assert prep.hired_round_id == the_round.id and prep.has_manager_view and prep.manager_interview_id is None
    scored = [i.manager_score for i in prep.items if i.manager_score is not None]
    assert scored and all(score == pytest.approx(4.0) for score in scored)  # the panel's mean of 3 and 5
    member = next(m for m in overview.members if m.person.id == maja)
    assert member.profile is not None
