"""The development pages: MUS preparation, the plan, invitations, target profiles; and the PDF downloads."""

from __future__ import annotations

import json

from profiling.reads import development_plans, directory
from profiling.services.actors import Role
from profiling.services.system import actor_of
from tests.app.conftest import units
from tests.app.test_roles_and_sign_in import DEMO


def person_id(url: str, name: str) -> int:
    with units(url)() as uow:
        admin = actor_of(uow.users.by_email(DEMO[Role.ADMIN]))
        return directory.list_people(admin, uow, name)[0].id


def test_the_employee_sees_their_own_preparation_with_the_three_layers(demo_database, open_page):
    app = open_page("development.py", as_email=DEMO[Role.EMPLOYEE])
    assert not app.exception
    assert any("Anne Mølgaard" in c.value for c in app.caption)
    traces = [t["name"] for t in json.loads(app.get("plotly_chart")[0].proto.spec)["data"]]
    assert traces == ["Selvvurdering", "Lederens vurdering", "Målprofil"]
    assert any("Tal om" in frame.value.columns for frame in app.dataframe)
    assert not any(b.label == "Hold udviklingssamtalen" for b in app.button)  # employees do not hold it


def test_the_manager_holds_the_mus_from_the_preparation(demo_database, open_page):
    anne = person_id(demo_database, "Anne Mølgaard")
    app = open_page("development.py", as_email=DEMO[Role.MANAGER], person=anne)
    next(b for b in app.button if b.label == "Hold udviklingssamtalen").click().run()
    assert not app.exception
    assert app.title[0].value == "Anne Mølgaard"  # the conversation page
    assert any("Udviklingssamtale" in c.value for c in app.caption)


def test_the_manager_saves_a_plan_suggested_from_the_gaps_and_the_employee_agrees(demo_database, open_page):
    bente = person_id(demo_database, "Bente Kjær")  # Anne has last year's plan; Bente has none yet
    app = open_page("development.py", as_email=DEMO[Role.MANAGER], person=bente, tab="Udviklingsplan")
    assert not app.exception
    next(b for b in app.button if b.label == "Gem planen").click().run()
    assert not app.exception
    assert any(b.label == "Godkend som leder" for b in app.button)
    next(b for b in app.button if b.label == "Godkend som leder").click().run()
    with units(demo_database)() as uow:
        mette = actor_of(uow.users.by_email(DEMO[Role.MANAGER]))
        (plan,) = development_plans.plans_of(mette, uow, bente)
    assert plan.manager_agreed_at is not None and plan.employee_agreed_at is None and len(plan.goals) == 3
    employee = open_page("development.py", as_email="bente.kjaer@eksempelby.example", tab="Udviklingsplan")
    next(b for b in employee.button if b.label == "Godkend som medarbejder").click().run()
    assert any(s.value == "Aftalt og dateret af begge." for s in employee.success)
    assert not any(b.label == "Gem planen" for b in employee.button)  # the employee follows up, the manager edits


def test_the_manager_invites_to_a_self_assessment_and_sees_its_status(demo_database, open_page):
    bente = person_id(demo_database, "Bente Kjær")
    app = open_page("development.py", as_email=DEMO[Role.MANAGER], person=bente, tab="Selvvurdering")
    next(b for b in app.button if b.label == "Send invitation").click().run()
    assert not app.exception
    assert any("Bente Kjær er inviteret" in s.value for s in app.success)
    statuses = open_page("development.py", as_email=DEMO[Role.MANAGER], person=bente, tab="Selvvurdering")
    assert "Inviteret" in set(statuses.dataframe[0].value["Status"])
    overview = open_page(as_email="bente.kjaer@eksempelby.example")
    assert any(h.value == "Dine opgaver" for h in overview.subheader)


def test_the_administrator_saves_a_new_version_of_a_target_profile(demo_database, open_page):
    app = open_page("targets.py")
    assert not app.exception
    assert "Specialist i borgerkontakt (standard)" in set(app.dataframe[0].value["Navn"])
    assert not [w for w in app.text_input if w.label == "Navn"]  # the editor runs only in its tab
    app = open_page("targets.py", tab="Lav eller ret en målprofil")
    next(w for w in app.text_input if w.label == "Navn").input("Nyansat i Borgerservice")
    next(b for b in app.button if b.label == "Gem som ny version").click().run()
    assert any("Nyansat i Borgerservice er gemt som version 1" in s.value for s in app.success)
    next(w for w in app.text_input if w.label == "Navn").input("Nyansat i Borgerservice")
    next(b for b in app.button if b.label == "Gem som ny version").click().run()
    assert any("version 2" in s.value for s in app.success)


def test_the_administrator_picks_a_team_and_gives_it_another_target_profile(demo_database, open_page):
    with units(demo_database)() as uow:
        before = next(team for team in uow.teams.all() if team.name == "Borgerservice Nord").target_profile_id
        specialist = uow.targets.latest("Specialist i borgerkontakt (standard)").id
    app = open_page("targets.py")
    teams = app.dataframe[-1].value  # every team's target profile in one table
    assert "Borgerservice Nord" in set(teams["Team"])
    picker = app.selectbox(key="targets_team")
    picker.select_index(picker.options.index("Borgerservice Nord"))
    wanted = "Specialist i borgerkontakt (standard) (v1)"
    app.selectbox(key="targets_team_target").set_value(specialist)  # by value: the options show names
    next(b for b in app.button if b.label == "Skift teamets målprofil").click().run()
    assert not app.exception
    assert [e.value for e in app.error] == []
    assert any(s.value.startswith("Borgerservice Nord måles nu mod Specialist i borgerkontakt") for s in app.success), [s.value for s in app.success]
    with units(demo_database)() as uow:
        nord = next(team for team in uow.teams.all() if team.name == "Borgerservice Nord")
        assert before != specialist and nord.target_profile_id == specialist
    teams = app.dataframe[-1].value
    assert teams[teams["Team"] == "Borgerservice Nord"]["Målprofil"].iloc[0] == wanted


def test_a_team_target_of_another_framework_shows_a_warning_not_an_incident(demo_database, open_page):
    anne = person_id(demo_database, "Anne Mølgaard")
    with units(demo_database)() as uow:  # as an earlier version allowed
        digital = uow.targets.latest("Digitale kompetencer i medbetjening (standard)")
        team = uow.teams.get(uow.people.get(anne).team_id)
        team.target_profile_id = digital.id
        uow.commit()
    app = open_page("development.py", as_email=DEMO[Role.MANAGER], person=anne)
    assert not app.exception
    said = [w.value.replace("\\", "") for w in app.warning]  # the name is shown literally (markdown escaped)
    assert any(w.startswith("Teamets målprofil Digitale kompetencer i medbetjening (standard) (v1) hører til") for w in said)
    assert len(app.get("plotly_chart")) == 1  # the preparation is still there, against the default target
