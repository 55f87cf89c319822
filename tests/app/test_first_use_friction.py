"""Friction found walking through as new users: each fixed, each kept fixed here."""

from __future__ import annotations

from profiling.catalog import load_catalog
from profiling.services import interviews
from profiling.services.actors import Role
from profiling.services.system import actor_of
from profiling.settings import Settings
from tests.app.conftest import open_account_menu, units
from tests.app.test_development_pages import person_id
from tests.app.test_roles_and_sign_in import DEMO


def test_inviting_to_a_self_assessment_preselects_the_mus_self_assessment(demo_database, open_page):
    bente = person_id(demo_database, "Bente Kjær")
    app = open_page("development.py", as_email=DEMO[Role.MANAGER], person=bente, tab="Selvvurdering")
    guide = next(s for s in app.selectbox if s.label == "Spørgeguide")
    assert guide.value == "selvvurdering"


def test_an_employees_conversation_page_offers_only_her_own_self_assessments(demo_database, open_page):
    app = open_page("conversation.py", as_email=DEMO[Role.EMPLOYEE])
    assert not app.exception
    guide = next(s for s in app.selectbox if s.label == "Spørgeguide")
    assert guide.value == "selvvurdering"
    assert set(guide.options) == {"Selvvurdering før MUS - Specialist i borgerkontakt", "Kortlægning af digitale kompetencer"}
    assert any("din egen selvvurdering" in m.value for m in app.markdown)
    next(b for b in app.button if b.label == "Start samtalen").click().run()
    assert not app.exception and not app.error  # no "no access" after choosing what the page offered


def test_progress_counts_ratings_and_names_the_questions_not_assessed(demo_database, open_page):
    catalog = load_catalog([Settings().questionnaires_dir])
    bente = person_id(demo_database, "Bente Kjær")
    with units(demo_database)() as uow:
        mette = actor_of(uow.users.by_email(DEMO[Role.MANAGER]))
        interview_id = interviews.start_interview(mette, uow, catalog, person_id=bente, guide_id="udviklingssamtale")
        first, second = catalog.guide("udviklingssamtale").scored_questions()[:2]
    with units(demo_database)() as uow:
        interviews.save_rating(mette, uow, interview_id, first.id, value=4, expected_version=0)
    with units(demo_database)() as uow:
        interviews.save_rating(mette, uow, interview_id, second.id, value=None, not_assessed=True, expected_version=0)
    app = open_page("conversation.py", as_email=DEMO[Role.MANAGER], interview=interview_id)
    assert not app.exception
    (progress,) = app.get("progress")
    assert progress.proto.text == "1 af 20 spørgsmål vurderet · 1 ikke vurderet"


def test_the_round_page_links_to_the_comparison(demo_database, open_page):
    app = open_page("rounds.py", as_email=DEMO[Role.MANAGER])
    assert not app.exception
    links = [link.proto.label for link in app.get("page_link")]
    assert "Sammenlign kandidaterne" in links


def test_the_import_page_offers_the_template_and_the_documented_columns_to_an_administrator(demo_database, open_page):
    app = open_page("import_people.py")
    assert not app.exception
    assert app.title[0].value == "Importér personer og teams"
    columns = app.dataframe[0].value
    assert list(columns["Overskrift"]) == ["Medarbejdernummer", "Navn", "E-mail", "Enhed", "Team", "Lederens e-mail",
                                           "Målprofil", "Rolle"]
    assert app.get("file_uploader") and any(b.proto.label == "Hent skabelon (CSV)" for b in app.get("download_button"))


def test_the_comparison_tables_write_numbers_as_the_rest_of_the_danish_ui(demo_database, open_page):
    app = open_page("comparison.py", tab="Rangering")
    assert not app.exception
    values = [str(v) for column in app.dataframe[0].value.columns for v in app.dataframe[0].value[column]]
    assert any("," in v and v.replace(",", "").isdigit() for v in values)  # e.g. 77,5
    assert not any("." in v and v.replace(".", "").isdigit() for v in values)  # never 77.5


def test_the_chosen_language_is_kept_with_the_account_and_opens_the_next_session(demo_database, open_page):
    app = open_page(as_email=DEMO[Role.MANAGER])
    open_account_menu(app)
    app.sidebar.segmented_control[0].set_value("en").run()
    assert app.title[0].value == "Overview"
    with units(demo_database)() as uow:
        assert uow.users.by_email(DEMO[Role.MANAGER]).language == "en"  # type: ignore[union-attr]
    reloaded = open_page(as_email=DEMO[Role.MANAGER])  # a new browser session: a reload, another tab
    assert reloaded.title[0].value == "Overview"
    open_account_menu(reloaded)
    assert reloaded.sidebar.segmented_control[0].value == "en"


def test_a_built_in_target_profile_is_named_in_english_in_the_english_ui(demo_database, open_page):
    app = open_page("comparison.py")
    open_account_menu(app)
    app.sidebar.segmented_control[0].set_value("en").run()
    caption = next(c.value for c in app.caption if c.value.startswith("Target"))
    assert "default" in caption and "standard" not in caption and "Specialist i borgerkontakt" not in caption


def test_a_self_assessment_on_its_own_says_what_is_missing_instead_of_an_empty_radar(demo_database, open_page):
    import json

    from profiling.reads import results

    with units(demo_database)() as uow:
        anne_actor = actor_of(uow.users.by_email(DEMO[Role.EMPLOYEE]))
        anne = person_id(demo_database, "Anne Mølgaard")
        contexts = results.person_contexts(anne_actor, uow, anne)
        alone = next(c for c in contexts if c.framework_id == "digitale-kompetencer")
    app = open_page("profile.py", as_email=DEMO[Role.EMPLOYEE], person=anne, assessment=alone.key)
    assert not app.exception
    assert any("selvvurdering alene" in i.value for i in app.info)
    # no "Dækning 0 %" and its warning beside the note that explains what is missing
    assert not app.metric and not app.warning
    traces = [trace["name"] for trace in json.loads(app.get("plotly_chart")[0].proto.spec)["data"]]
    assert traces == ["Selvvurdering", "Målprofil"]


def test_a_conversation_held_on_paper_is_entered_in_one_form_and_marked_so(demo_database, open_page):
    catalog = load_catalog([Settings().questionnaires_dir])
    bente = person_id(demo_database, "Bente Kjær")
    with units(demo_database)() as uow:
        mette = actor_of(uow.users.by_email(DEMO[Role.MANAGER]))
        interview_id = interviews.start_interview(mette, uow, catalog, person_id=bente, guide_id="udviklingssamtale")
    app = open_page("conversation.py", as_email=DEMO[Role.MANAGER], interview=interview_id)
    next(s for s in app.segmented_control if s.label == "Sådan udfyldes").set_value("paper").run()
    assert not app.exception
    radios = [r for r in app.radio if r.key and r.key.startswith(f"paper_{interview_id}_")]
    assert len(radios) == len(catalog.guide("udviklingssamtale").scored_questions())
    for radio in radios[:-1]:
        radio.set_value(4)
    radios[-1].set_value("na")
    next(b for b in app.button if b.label == "Gem og afslut samtalen").click().run()
    assert not app.exception
    with units(demo_database)() as uow:
        stored = uow.interviews.get(interview_id)
        assert stored is not None and (stored.status, stored.entered_from_paper) == ("completed", True)
        assert stored.held_on is not None
        assert [r.value for r in stored.ratings if not r.not_assessed] == [4] * (len(radios) - 1)
        assert sum(1 for r in stored.ratings if r.not_assessed) == 1


def test_a_click_on_a_name_in_the_people_table_opens_the_person(demo_database, open_page):
    from streamlit.proto.Dataframe_pb2 import Dataframe as DataframeProto

    app = open_page("people.py")
    # a cell (the name) is selectable, not only the row's narrow checkbox
    assert DataframeProto.SelectionMode.SINGLE_CELL in app.dataframe[0].proto.selection_mode
    first = app.dataframe[0].value["Navn"][0]
    app.session_state["people_table"] = {"selection": {"rows": [], "columns": [], "cells": [[0, "Navn"]]}}
    app.run()
    assert not app.exception
    assert app.query_params.get("person")
    assert any(first in (h.value or "") for h in app.subheader) or any(first in (m.value or "") for m in app.markdown)


def test_an_employees_own_self_assessment_names_no_interviewer_and_offers_no_paper_entry(demo_database, open_page):
    from datetime import date, timedelta

    from profiling.services import invitations

    bente = person_id(demo_database, "Bente Kjær")
    with units(demo_database)() as uow:
        mette = actor_of(uow.users.by_email(DEMO[Role.MANAGER]))
        invited = invitations.invite_to_self_assessment(
            mette, uow, load_catalog([Settings().questionnaires_dir]), bente, date.today() + timedelta(days=7))
    app = open_page("conversation.py", as_email="bente.kjaer@eksempelby.example", interview=invited.interview_id)
    assert not app.exception
    assert app.title[0].value == "Bente Kjær"
    assert not any("Interviewer" in c.value for c in app.caption)
    assert not any(s.label == "Sådan udfyldes" for s in app.get("button_group"))  # no "Indtast fra papir"
