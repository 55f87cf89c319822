"""The theme-day page (anonymous team profile, themes, agreements, the printed sheet), practice check-ins on
the development page, goals without practice on the overview, and hiring from a round."""

from __future__ import annotations

from datetime import date

from profiling.catalog import load_catalog
from profiling.services import theme_days
from profiling.services.system import actor_of
from profiling.settings import Settings
from tests.app.conftest import units

METTE = "mette.soerensen@eksempelby.example"
ANNE = "anne.moelgaard@eksempelby.example"


def test_a_manager_sees_the_held_theme_day_with_its_team_profile_themes_and_agreements(demo_database, open_page):
    app = open_page("theme_day.py", as_email=METTE)
    assert not app.exception
    assert [s.value for s in app.selectbox if s.label == "Team"] and len(app.get("plotly_chart")) == 1
    table = app.dataframe[0].value
    assert "Gennemsnit" in table.columns and "På eller over mål" in table.columns
    assert not {"Navn", "Medarbejder", "Laveste", "Højeste"} & set(table.columns)  # nobody can be singled out
    assert any(s.value == "Fælles udviklingstemaer" for s in app.subheader)
    assert any("Vi viser borgeren selvbetjeningen" in text.value for text in app.text)
    assert any(b.label == "Gem aftalerne" for b in app.button)  # the manager writes them


def test_an_employee_sees_her_teams_theme_day_but_cannot_plan_or_write_agreements(demo_database, open_page):
    app = open_page("theme_day.py", as_email=ANNE)
    assert not app.exception
    assert len(app.get("plotly_chart")) == 1
    assert not [e for e in app.expander if e.label == "Planlæg en temadag"]
    assert not [t for t in app.text_area]


def test_below_k_the_preview_says_why_and_the_published_day_stays_as_it_was(demo_database, open_page):
    with units(demo_database)() as uow:
        admin = actor_of(uow.users.by_email("anders.andersen@eksempelby.example"))
        mette = actor_of(uow.users.by_email(METTE))
        theme_days.set_coaching_settings(admin, uow, 8, 4)  # Nord has 6 contributors
        nord = next(t.id for t in uow.teams.all() if t.name == "Borgerservice Nord")
        held = uow.theme_days.of_team(nord)[0].id
    with units(demo_database)() as uow:
        day = theme_days.plan_theme_day(mette, uow, load_catalog([Settings().questionnaires_dir]), nord, {
            "title": "Ny temadag", "held_on": date(2027, 2, 1), "framework_id": "specialist-i-borgerkontakt"})
    app = open_page("theme_day.py", as_email=METTE, team=nord, day=day.id)
    assert not app.exception
    assert any(w.value.startswith("Forhåndsvisning") for w in app.warning)
    assert any("For få til at vurdere" in w.value and "mindst 8" in w.value for w in app.warning)
    assert not app.get("plotly_chart") and not app.dataframe
    assert not app.text_area and not [b for b in app.button if b.label == "Gem aftalerne"]  # no agreements below k
    frozen = open_page("theme_day.py", as_email=METTE, team=nord, day=held)
    assert len(frozen.get("plotly_chart")) == 1  # published with k = 5: a later k does not change it


def test_the_team_sees_a_new_day_only_once_its_manager_publishes_it(demo_database, open_page):
    with units(demo_database)() as uow:
        mette = actor_of(uow.users.by_email(METTE))
        nord = next(t.id for t in uow.teams.all() if t.name == "Borgerservice Nord")
    with units(demo_database)() as uow:
        day = theme_days.plan_theme_day(mette, uow, load_catalog([Settings().questionnaires_dir]), nord, {
            "title": "Ny temadag", "held_on": date(2027, 2, 1), "framework_id": "specialist-i-borgerkontakt"})
    seen = open_page("theme_day.py", as_email=ANNE, day=day.id)
    assert not seen.exception
    assert any(i.value.startswith("Teamprofilen er ikke offentliggjort") for i in seen.info)
    assert not seen.get("plotly_chart") and not [b for b in seen.get("download_button")]
    manager = open_page("theme_day.py", as_email=METTE, team=nord, day=day.id)
    assert len(manager.get("plotly_chart")) == 1  # the preview
    next(b for b in manager.button if b.label == "Offentliggør teamprofilen").click().run()
    assert not manager.exception
    assert any(c.value.startswith("Offentliggjort") for c in manager.caption)
    seen = open_page("theme_day.py", as_email=ANNE, day=day.id)
    assert len(seen.get("plotly_chart")) == 1


def test_a_manager_plans_a_theme_day_for_the_digital_mapping(demo_database, open_page):
    app = open_page("theme_day.py", as_email=METTE)
    framework = next(s for s in app.selectbox if s.label == "Kompetenceprofil")
    framework.set_value("digitale-kompetencer")
    next(r for r in app.radio if r.label == "Teamprofilen bygges på").set_value(theme_days.Source.SELF)
    next(b for b in app.button if b.label == "Planlæg temadag").click().run()
    assert not app.exception
    with units(demo_database)() as uow:
        nord = next(t for t in uow.teams.all() if t.name == "Borgerservice Nord")
        planned = {(d.framework_id, d.source) for d in uow.theme_days.of_team(nord.id)}
    assert planned == {("specialist-i-borgerkontakt", "manager"), ("digitale-kompetencer", "self")}
    # The new day opens at once: six self-assessed digital mappings in Nord, a profile from k = 5.
    assert len(app.get("plotly_chart")) == 1


def test_an_employee_notes_practice_on_her_goal_and_the_overview_lists_the_quiet_goal(demo_database, open_page):
    app = open_page("development.py", as_email=ANNE, tab="Udviklingsplan")
    assert not app.exception
    area = next(a for a in app.text_area if a.label == "Hvad prøvede du, og hvad skete der?")
    area.input("Spurgte åbent ind hos en vred borger - hun faldt til ro.")
    next(b for b in app.button if b.label == "Gem notat").click().run()
    assert not app.exception
    assert any("Spurgte åbent ind" in text.value for text in app.text)
    # its date leads a plain caption, never a numbered list ("2. dec. 2026 · …" read as list item 2)
    assert any(c.value.startswith("Skrevet ") for c in app.caption)
    overview = open_page(as_email=METTE)
    assert any(s.value.startswith("Mål uden øvelse") for s in overview.subheader)
    assert any("Spørge åbent ind" in link.proto.label for link in overview.get("page_link"))
