"""The shared half of Dualog: theme days with an anonymous team profile, practice check-ins between
conversations, and a candidate hired from a round whose round result starts their development history."""

from __future__ import annotations

from datetime import date

import pytest

from profiling.domain.theme_days import Withheld
from profiling.reads import (
    coaching,
    directory,
    interview_views,
    preparation,
    results,
    round_views,
    team,
    theme_day_views,
)
from profiling.reads.views import PersonKind
from profiling.services import plans, practice, rounds, theme_days
from profiling.services.actors import Role
from profiling.services.errors import AccessDenied, InvalidInput, NotAllowedNow, NotFound
from tests.integration.helpers import (
    complete_scorecard,
    decide_and_close,
    make_person,
    make_round_with_panel,
    make_team,
    make_user,
)

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


def plan(uow_factory, catalog, manager, team_id, source="manager", title="Temadag"):  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        return theme_days.plan_theme_day(manager, uow, catalog, team_id, {
            "title": title, "held_on": date(2026, 12, 1), "framework_id": FRAMEWORK, "source": source,
        })


def published(uow_factory, catalog, manager, day):  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        return theme_days.publish_theme_day(manager, uow, catalog, day.id, day.version)


def test_the_team_sees_no_profile_until_its_manager_publishes_one_from_k_contributors(uow_factory, catalog, nord):
    manager, member_user, team_id, members = nord
    for person in members[:4]:
        complete_scorecard(uow_factory, catalog, manager, person, "udviklingssamtale", value=2)
    day = plan(uow_factory, catalog, manager, team_id)
    with uow_factory() as uow:
        unpublished = theme_day_views.theme_day(member_user, uow, catalog, day.id)
        preview = theme_day_views.theme_day(manager, uow, catalog, day.id)
    assert (unpublished.team_map, unpublished.preview, unpublished.prompts) == (None, False, {})
    assert preview.preview and preview.team_map is not None
    assert (preview.team_map.shown, preview.team_map.contributors, preview.team_map.competences) == (False, 4, [])
    complete_scorecard(uow_factory, catalog, manager, members[4], "udviklingssamtale", value=4)
    published(uow_factory, catalog, manager, day)
    with uow_factory() as uow:
        at_five = theme_day_views.theme_day(member_user, uow, catalog, day.id)
    assert at_five.team_map is not None and at_five.team_map.shown and at_five.team_map.contributors == 5
    assert not at_five.preview and at_five.summary.published_at is not None
    scored = [c for c in at_five.team_map.competences if not c.withheld]
    assert scored and all(c.mean == 2.5 for c in scored)  # four at 2, one at 4: 2.4, shown to a half level
    assert at_five.team_map.themes and at_five.prompts
    assert at_five.may_plan is False  # a member sees the day; the manager plans it


def test_a_published_profile_never_moves_when_a_member_leaves_or_is_reassessed(uow_factory, catalog, nord):
    # The probe opened the same day before and after one member moved team: the difference was her value.
    manager, member_user, team_id, members = nord
    with uow_factory() as uow:
        admin = make_user(uow, "Admin")
        extra = [make_person(uow, f"Ny {i}", team_id=team_id) for i in range(2)]
        elsewhere = make_team(uow, "Syd", admin)
    for index, person in enumerate([*members, *extra]):
        complete_scorecard(uow_factory, catalog, manager, person, "udviklingssamtale", value=2 + index % 3)
    day = plan(uow_factory, catalog, manager, team_id)
    published(uow_factory, catalog, manager, day)
    with uow_factory() as uow:
        before = theme_day_views.theme_day(member_user, uow, catalog, day.id).team_map
    with uow_factory() as uow:
        from profiling.services import people

        moved = directory.get_person(admin, uow, extra[0])
        people.update_person(admin, uow, extra[0], {"kind": "employee", "name": moved.name, "team_id": elsewhere}, moved.version)
    complete_scorecard(uow_factory, catalog, manager, members[1], "udviklingssamtale", value=5)
    with uow_factory() as uow:
        after = theme_day_views.theme_day(member_user, uow, catalog, day.id).team_map
        again = theme_day_views.theme_day(manager, uow, catalog, day.id)
    assert before is not None and before.shown and after == before
    assert again.team_map == before and not again.preview


def test_a_second_day_of_the_same_people_from_another_source_is_refused(uow_factory, catalog, nord):
    # The probe's attack: manager's ratings for six, "manager, else self" for seven: 7 * B - 6 * A is the
    # seventh's self-assessment.
    manager, member_user, team_id, members = nord
    with uow_factory() as uow:
        more = [make_person(uow, f"Ny {i}", team_id=team_id) for i in range(2)]
    for person in [*members, more[0]]:
        complete_scorecard(uow_factory, catalog, manager, person, "udviklingssamtale", value=3)
    first = plan(uow_factory, catalog, manager, team_id, source="manager")
    second = plan(uow_factory, catalog, manager, team_id, source="manager_else_self")  # planned before the first published
    published(uow_factory, catalog, manager, first)
    with uow_factory() as uow, pytest.raises(InvalidInput) as refused:
        theme_days.plan_theme_day(manager, uow, catalog, team_id, {
            "title": "T", "held_on": date(2026, 12, 2), "framework_id": FRAMEWORK, "source": "manager_else_self"})
    assert refused.value.message_key == "error.theme_day_source_fixed"
    published(uow_factory, catalog, manager, second)
    with uow_factory() as uow:
        seen = theme_day_views.theme_day(member_user, uow, catalog, second.id).team_map
    assert seen is not None and seen.shown
    assert {c.reason for c in seen.competences} == {Withheld.OTHER_SOURCE}
    assert all(c.mean is None for c in seen.competences)


def test_a_day_one_member_away_from_an_earlier_one_withholds_what_would_give_that_member_away(uow_factory, catalog, nord):
    manager, member_user, team_id, members = nord
    with uow_factory() as uow:
        newcomer = make_person(uow, "Ny kollega", team_id=team_id)
    for person in members:
        complete_scorecard(uow_factory, catalog, manager, person, "udviklingssamtale", value=3)
    first = plan(uow_factory, catalog, manager, team_id)
    published(uow_factory, catalog, manager, first)
    complete_scorecard(uow_factory, catalog, manager, newcomer, "udviklingssamtale", value=5)
    second = plan(uow_factory, catalog, manager, team_id)
    published(uow_factory, catalog, manager, second)
    with uow_factory() as uow:
        seen = theme_day_views.theme_day(member_user, uow, catalog, second.id).team_map
    assert seen is not None and {c.reason for c in seen.competences} == {Withheld.TOO_CLOSE}
    with uow_factory() as uow:  # the snapshot is frozen: publishing again is refused
        stored = theme_day_views.theme_days_of(manager, uow, team_id)
    with uow_factory() as uow, pytest.raises(NotAllowedNow):
        theme_days.publish_theme_day(manager, uow, catalog, second.id, next(d.version for d in stored if d.id == second.id))


def test_only_the_teams_manager_or_an_administrator_publishes(uow_factory, catalog, nord):
    manager, member_user, team_id, _ = nord
    day = plan(uow_factory, catalog, manager, team_id)
    with uow_factory() as uow, pytest.raises(AccessDenied):
        theme_days.publish_theme_day(member_user, uow, catalog, day.id, day.version)


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
    day = plan(uow_factory, catalog, manager, team_id, title="T")
    with uow_factory() as uow:
        preview = theme_day_views.theme_day(manager, uow, catalog, day.id).team_map
        assert preview is not None and preview.shown
        assert coaching.coaching_settings(uow).check_in_weeks == 6


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
        seen = theme_day_views.theme_day(member_user, uow, catalog, second.id)
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
        weeks, quiet = team.quiet_goals(manager, uow)
        named = uow.people.get(anne).name
    assert weeks == 4
    assert [q.goal for q in quiet] == ["Spørge åbent", "Vise selvbetjening"]  # never practised first
    assert [q.person_name for q in quiet] == [named, named]
    with uow_factory() as uow:
        practice.check_in(member_user, uow, plan.goals[0].id, "Igen i dag")
    with uow_factory() as uow:
        _, quiet = team.quiet_goals(manager, uow)
        prep = preparation.mus_preparation(member_user, uow, catalog, anne, FRAMEWORK)
    assert [q.goal for q in quiet] == ["Spørge åbent"]
    goal = prep.previous_plan.goals[0] if prep.previous_plan else None
    assert goal is not None and [(c.note, c.response) for c in goal.check_ins] == [
        ("Viste en borger MitID", "Hvad virkede?"), ("Igen i dag", ""),
    ]
    with uow_factory() as uow:  # an administrator reaches every team; another team's manager not this one
        admin = make_user(uow, "Ada Admin", Role.ADMIN)
        elsewhere = make_user(uow, "Søren Syd", Role.MANAGER)
        make_team(uow, "Syd", elsewhere)
    with uow_factory() as uow:
        assert [(q.person_name, q.goal) for q in team.quiet_goals(admin, uow)[1]] == [(named, "Spørge åbent")]
        assert team.quiet_goals(elsewhere, uow)[1] == []
    with uow_factory() as uow:  # who has left is no longer led: their goals are nobody's nudge
        uow.people.get(anne).left_on = uow.now().date()
        uow.commit()
    with uow_factory() as uow:
        assert team.quiet_goals(manager, uow)[1] == [] and team.quiet_goals(admin, uow)[1] == []


def test_a_hired_candidates_first_mus_and_team_picture_start_from_the_round(uow_factory, catalog):
    owner, anne_panel, bo_panel, the_round = make_round_with_panel(uow_factory, catalog)
    with uow_factory() as uow:
        team_id = make_team(uow, "Nord", owner)
    with uow_factory() as uow:
        maja = rounds.add_new_candidate(owner, uow, the_round.id, {"name": "Maja Kandidat"}).candidates[0].id
    with uow_factory() as uow:
        rounds.add_new_candidate(owner, uow, the_round.id, {"name": "Rasmus Kandidat"})
    complete_scorecard(uow_factory, catalog, anne_panel, maja, value=3, round_id=the_round.id)
    complete_scorecard(uow_factory, catalog, bo_panel, maja, value=4, round_id=the_round.id)
    with uow_factory() as uow, pytest.raises(AccessDenied):
        rounds.hire_candidate(anne_panel, uow, the_round.id, maja, team_id)  # the panel does not hire
    with uow_factory() as uow, pytest.raises(NotAllowedNow) as refused:
        rounds.hire_candidate(owner, uow, the_round.id, maja, team_id)
    assert refused.value.message_key == "error.round_still_open"  # only a closed round hires
    decide_and_close(uow_factory, catalog, owner, the_round.id, [maja])
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
    assert scored and all(score == pytest.approx(3.5) for score in scored)  # the panel's mean of 3 and 4
    member = next(m for m in overview.members if m.person.id == maja)
    assert member.profile is not None


def test_the_new_manager_and_the_hired_person_read_the_rounds_scores_but_not_the_panels_notes_or_names(uow_factory, catalog):
    owner, anne_panel, bo_panel, the_round = make_round_with_panel(uow_factory, catalog)
    with uow_factory() as uow:
        admin = make_user(uow, "Admin")
        new_manager = make_user(uow, "Jonas Leder", Role.MANAGER)
        maja_user = make_user(uow, "Maja Kandidat", Role.EMPLOYEE)
        team_id = make_team(uow, "Syd", new_manager)
    with uow_factory() as uow:
        maja = rounds.add_new_candidate(owner, uow, the_round.id, {"name": "Maja Kandidat"}).candidates[0].id
    for rater in (anne_panel, bo_panel):
        interview_id = complete_scorecard(uow_factory, catalog, rater, maja, value=4, round_id=the_round.id)
    with uow_factory() as uow:  # a note behind one rating (the helper rates without notes)
        uow.interviews.ratings([interview_id])[interview_id][0].note = "Panelets vurdering af Maja"
        uow.commit()
    decide_and_close(uow_factory, catalog, owner, the_round.id, [maja])
    with uow_factory() as uow:
        rounds.hire_candidate(admin, uow, the_round.id, maja, team_id)
    with uow_factory() as uow:
        uow.people.get(maja).user_id = maja_user.user_id
        uow.commit()
    key = f"round:{the_round.id}"
    for reader in (new_manager, maja_user):
        with uow_factory() as uow:
            result = results.person_result(reader, uow, maja, key)
            contexts = results.person_contexts(reader, uow, maja)
            listed = interview_views.interviews_of_person(reader, uow, maja)
        assert result.panel.consolidated.competences[0].score == 4  # the scores
        assert result.evidence == []  # no notes
        names = {"Anne Panel", "Bo Panel"}
        assert not names & {r.rater for r in result.panel.raters}
        assert not names & {i.rater_name for i in result.interviews} and all(i.rater_id is None for i in result.interviews)
        assert not names & {n for c in contexts for n in c.rater_names}
        assert not names & {i.rater_name for i in listed}
    with uow_factory() as uow:  # the round's own staff still read the evidence
        staff = results.person_result(owner, uow, maja, key)
    assert any(e.note == "Panelets vurdering af Maja" for e in staff.evidence)
    assert {"Anne Panel", "Bo Panel"} <= {r.rater for r in staff.panel.raters}


def test_an_internal_applicant_is_hired_away_only_when_her_manager_confirms(uow_factory, catalog):
    with uow_factory() as uow:
        mette = make_user(uow, "Mette Leder", Role.MANAGER)
        jonas = make_user(uow, "Jonas Leder", Role.MANAGER)
        admin = make_user(uow, "Admin")
        nord, syd = make_team(uow, "Nord", mette), make_team(uow, "Syd", jonas)
        anne = make_person(uow, "Anne Ansat", team_id=nord)
        bo = make_person(uow, "Bo Ansat", team_id=nord)
    with uow_factory() as uow:
        the_round = rounds.create_round(jonas, uow, catalog, {"title": "Specialist", "guide_id": "rekruttering"})
    for person in (anne, bo):
        with uow_factory() as uow:
            rounds.add_candidate(admin, uow, the_round.id, person)
    complete_scorecard(uow_factory, catalog, jonas, anne, value=4, round_id=the_round.id)
    decide_and_close(uow_factory, catalog, jonas, the_round.id, [anne])
    with uow_factory() as uow:  # the round's owner alone cannot take her from her team
        asked = rounds.hire_candidate(jonas, uow, the_round.id, anne, syd)
    assert asked.pending_hires == {anne: syd}
    with uow_factory() as uow:
        still = uow.people.get(anne)
        assert (still.team_id, still.hired_from_round_id) == (nord, None)
        assert round_views.hire_requests(jonas, uow) == []
        waiting = round_views.hire_requests(mette, uow)
    assert [(w.person.id, w.team_name, w.requested_by) for w in waiting] == [(anne, "Syd", "Jonas Leder")]
    with uow_factory() as uow, pytest.raises(NotFound):
        rounds.answer_hire_request(jonas, uow, the_round.id, anne, True)
    with uow_factory() as uow:
        rounds.answer_hire_request(mette, uow, the_round.id, anne, True)
    with uow_factory() as uow:
        moved = uow.people.get(anne)
        assert (moved.team_id, moved.hired_from_round_id) == (syd, the_round.id)
        assert round_views.hire_requests(mette, uow) == []
    with uow_factory() as uow:
        rounds.hire_candidate(jonas, uow, the_round.id, bo, syd)
    with uow_factory() as uow:
        rounds.answer_hire_request(mette, uow, the_round.id, bo, False)  # declined: Bo stays
    with uow_factory() as uow:
        stayed = uow.people.get(bo)
        assert (stayed.team_id, stayed.hired_from_round_id) == (nord, None)
        assert round_views.get_round(jonas, uow, the_round.id).pending_hires == {}
