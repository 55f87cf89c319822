"""People and rounds pages: create with validation at the field, search, start a conversation, run a round."""

from __future__ import annotations

import json

from profiling.persistence.database import create_database_engine, session_factory
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads import directory, round_views
from profiling.services import rounds
from profiling.services.system import actor_of
from tests.app.conftest import open_account_menu, open_expander, units


def form_input(app, label: str, value: str):
    next(w for w in app.text_input if w.label == label).input(value)


def submit(app, label: str = "Gem"):
    next(b for b in app.button if b.label == label).click().run()


def test_creating_a_person_with_a_bad_e_mail_shows_the_message_at_the_field_and_keeps_the_input(database_url, open_page):
    app = open_page("people.py")
    form_input(app, "Navn", "Bo Berg")
    form_input(app, "E-mail", "bo@")
    submit(app)
    assert not app.exception
    assert [e.value for e in app.error] == ["Det ligner ikke en e-mailadresse."]
    assert next(w for w in app.text_input if w.label == "Navn").value == "Bo Berg"
    form_input(app, "E-mail", "bo@eksempelby.example")
    submit(app)
    assert not app.error
    assert any("Bo Berg er oprettet" in s.value for s in app.success)


def test_with_nobody_registered_yet_the_people_page_opens_at_the_new_person_form(database_url, open_page):
    app = open_page("people.py")
    assert [w.label for w in app.text_input] == ["Navn", "E-mail"]
    assert app.session_state["people_tab"] == "Opret person"


def test_the_new_person_form_runs_only_once_its_tab_is_opened(demo_database, open_page):
    """A filled directory opens at the search; the form of a new person costs the search's runs nothing."""
    app = open_page("people.py")
    assert "Navn" not in [w.label for w in app.text_input]
    assert app.text_input(key="people_search") is not None
    app.session_state["people_tab"] = "Opret person"  # as a click on the tab
    app.run()
    assert [w.label for w in app.text_input] == ["Navn", "E-mail"]
    assert not [w for w in app.text_input if w.key == "people_search"]


def test_an_empty_name_is_refused_at_the_field(database_url, open_page):
    app = open_page("people.py")
    submit(app)
    assert [e.value for e in app.error] == ["Skal udfyldes."]


def test_searching_people_filters_the_list(demo_database, open_page):
    app = open_page("people.py")
    app.text_input(key="people_search").input("mølgaard").run()
    assert not app.exception
    assert app.dataframe[0].value.iloc[:, 0].tolist() == ["Anne Mølgaard"]


def test_a_selected_person_can_be_edited_and_a_conversation_started(demo_database, admin, open_page):
    engine = create_database_engine(demo_database)
    with UnitOfWork(session_factory(engine)) as uow:
        person = directory.list_people(admin, uow, "Bente Kjær")[0]
    app = open_page("people.py", person=person.id)
    assert any(h.value == "Bente Kjær" for h in app.subheader)
    next(b for b in app.button if b.label == "Start samtalen").click().run()
    assert not app.exception
    assert app.title[0].value == "Bente Kjær"  # now on the conversation page
    assert any(f"Interviewer: {admin.name}" in c.value for c in app.caption)


def test_a_round_is_created_a_candidate_added_declared_for_and_scoring_started(database_url, admin, open_page):
    app = open_page("rounds.py")
    assert not [i for i in app.text_input if i.label == "Stillingsbetegnelse"]  # the form runs only in its tab
    app.session_state["rounds_tab"] = "Opret runde"
    app.run()
    form_input(app, "Stillingsbetegnelse", "Specialist i borgerkontakt, Kontaktcenter")
    submit(app)
    assert not app.exception
    assert any(h.value == "Specialist i borgerkontakt, Kontaktcenter" for h in app.subheader)
    assert not [i for i in app.text_input if i.label == "Navn"]  # the adding form runs only once opened
    open_expander(app, "Tilføj kandidat")
    form_input(app, "Navn", "Kim Kandidat")
    submit(app, "Opret og tilføj")
    assert not app.exception
    assert any("Kim Kandidat" in m.value for m in app.markdown)
    assert not [b for b in app.button if b.label == "Start interview"]  # declared (not) disqualified first: FVL § 3
    next(b for b in app.button if b.label == "Jeg er habil (1 kandidat)").click().run()
    assert not app.exception
    next(b for b in app.button if b.label == "Start interview").click().run()
    assert not app.exception
    assert app.title[0].value == "Kim Kandidat"
    engine = create_database_engine(database_url)
    with UnitOfWork(session_factory(engine)) as uow:
        (created,) = round_views.list_rounds(admin, uow, rounds.RoundStatus.OPEN)
        assert [s.person_name for s in round_views.round_scorecards(admin, uow, created.id).scorecards] == ["Kim Kandidat"]


def test_the_comparison_of_the_demo_round_overlays_and_ranks_the_candidates_with_completed_scorecards(
    demo_database, open_page
):
    app = open_page("comparison.py")
    assert not app.exception
    assert len(app.multiselect[0].value) == 3  # Rasmus Kirk has no completed scorecard yet
    traces = [trace["name"] for trace in json.loads(app.get("plotly_chart")[0].proto.spec)["data"]]
    assert traces == ["Maja Friis", "Nikolaj Skov", "Olivia Bjerre", "Målprofil"]
    ranking = open_page("comparison.py", tab="Rangering")
    names = ranking.dataframe[0].value["Kandidat"].tolist()
    assert names[0] == "Maja Friis" and set(names) == {"Maja Friis", "Nikolaj Skov", "Olivia Bjerre"}
    matrix = open_page("comparison.py", tab="Matrix")
    assert any(w.value.startswith("Panelet er uenigt") for w in matrix.warning)  # Nikolaj's communication: 4 vs 2
    agreement = open_page("comparison.py", tab="Enighed og kalibrering")
    assert [d.value.columns[0] for d in agreement.dataframe] == ["Kompetence", "Bedømmer"]
    agreement_table, calibration_table = (d.value for d in agreement.dataframe)
    # No r_wg per candidate or per competence: the pooled r*wg(J) only where 10 questions or more carry it
    assert "Enighed r*wg(J)" in agreement_table.columns and "Ved tilfældige svar" not in agreement_table.columns
    assert all(note.startswith("for få spørgsmål til at vurdere") for note in agreement_table["Bemærkning"])
    said = [m.value for m in agreement.markdown]
    assert any(m.startswith("Rundens enighed r\\*wg\\(J\\) = 0,82 over 37 spørgsmål") for m in said)
    # Two raters share two candidates: one pairwise sentence, no mirrored per-rater distances or flags
    assert any("vurderer i gennemsnit 0,1 niveau højere end" in m and "For få fælles kandidater" in m for m in said)
    assert set(calibration_table["Fælles kandidater"]) == {2}
    assert "Afstand til panelet" not in calibration_table.columns and "Tendens" not in calibration_table.columns


def test_the_team_overview_shows_the_heatmap_and_training_needs_and_the_radar_and_members_in_their_tabs(
    demo_database, open_page
):
    app = open_page("team.py")
    assert not app.exception
    assert [c.proto.id.endswith("team_heatmap") for c in app.get("plotly_chart")] == [True]  # only the open tab runs
    assert any(s.value == "Fælles kompetenceløft" for s in app.subheader)
    assert any(m.label == "Medarbejdere" for m in app.metric)
    assert not app.dataframe
    radar = open_page("team.py", tab="Teamets radar")
    assert [c.proto.id.endswith("team_radar") for c in radar.get("plotly_chart")] == [True]
    members = open_page("team.py", tab="Medarbejdere")
    assert str(len(members.dataframe[0].value)) == next(m for m in members.metric if m.label == "Medarbejdere").value


def test_the_comparison_speaks_english_with_the_same_rules(demo_database, open_page):
    app = open_page("comparison.py")
    open_account_menu(app)
    app.sidebar.segmented_control[0].set_value("en").run()
    app.query_params["tab"] = "Agreement and calibration"
    app.run()
    assert not app.exception
    agreement_table = app.dataframe[0].value
    assert "Agreement r*wg(J)" in agreement_table.columns and "With random answers" not in agreement_table.columns
    assert any(m.value.startswith("The round's agreement r\\*wg(J) =") or "too few" in m.value.lower() for m in app.markdown)


def test_the_team_overview_maps_the_digital_competences_from_the_teams_self_assessments(demo_database, open_page):
    app = open_page("team.py")
    framework = next(s for s in app.selectbox if s.label == "Kompetenceprofil")
    framework.set_value("digitale-kompetencer").run()
    assert not app.exception
    assert any(i.value.startswith("Selvvurderet kortlægning") for i in app.info)
    assert next(m for m in app.metric if m.label == "Vurderet").value == "6"  # every member of Nord mapped
    assert len(app.get("plotly_chart")) == 1  # the heatmap (the radar is in its own tab)


def test_the_case_page_shows_the_demo_round_run_as_a_case_from_minutes_to_filing(demo_database, open_page):

    email = "jonas.kristensen@eksempelby.example"
    with units(demo_database)() as uow:
        jonas = actor_of(uow.users.by_email(email))
        spring = next(r for r in round_views.list_rounds(jonas, uow) if r.status is rounds.RoundStatus.CLOSED)
    app = open_page("case.py", as_email=email, round=spring.id)
    assert not app.exception, [e.value for e in app.exception]
    assert any(s.value.startswith("Afgørelsen er truffet") for s in app.success)
    assert any("Sofie Dam" in text.value for text in app.text)
    assert [tab.label for tab in app.tabs] == ["Referat og afgørelse", "Referencer og høring", "Ansøgerne: aktindsigt og svar",
                                              "Journalisering"]
    assert any(s.value.startswith("Kandidaten svarede") for s in app.success)  # the hearing, answered
    assert any(c.value.startswith("Svar sendt") for c in app.caption)  # Tobias was answered
    assert any(s.value.startswith("Journaliseret") and "81.03.00-A00-14-26" in s.value.replace("\\", "") for s in app.success)


def test_the_owner_writes_the_minutes_on_the_case_page_once_the_panel_owes_no_notes(database_url, admin, open_page):
    from profiling.catalog import load_catalog
    from profiling.services import cases
    from profiling.settings import Settings
    from tests.integration.helpers import complete_scorecard

    catalog = load_catalog([Settings().questionnaires_dir])
    factory = units(database_url)
    with factory() as uow:
        created = rounds.create_round(admin, uow, catalog, {"title": "Specialist", "guide_id": "rekruttering",
                                                            "criteria": "Medbetjening"})
    with factory() as uow:
        kim = rounds.add_new_candidate(admin, uow, created.id, {"name": "Kim Kandidat"}).candidates[0].id
    with factory() as uow:
        cases.declare(admin, uow, created.id, kim, False)
    complete_scorecard(factory, catalog, admin, kim, value=4, round_id=created.id)
    app = open_page("case.py", round=created.id)
    assert not app.exception, [e.value for e in app.exception]
    assert any(i.value.startswith("Der er endnu ikke skrevet et referat") for i in app.info)
    next(a for a in app.text_area if a.label == "Væsentligste grunde: Kim Kandidat").input("Stærk på medbetjening")
    next(b for b in app.button if b.label == "Gem referatet").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any(s.value.startswith("Afgørelsen er truffet") for s in app.success)


def round_with_a_scored_candidate(factory, catalog, admin):  # type: ignore[no-untyped-def]
    """A new recruitment round with one candidate, Kim, scored by the administrator: (round, Kim's id)."""
    from tests.integration.helpers import complete_scorecard

    with factory() as uow:
        created = rounds.create_round(admin, uow, catalog, {"title": "Specialist", "guide_id": "rekruttering"})
    with factory() as uow:
        kim = rounds.add_new_candidate(admin, uow, created.id, {"name": "Kim Kandidat"}).candidates[0].id
    complete_scorecard(factory, catalog, admin, kim, value=4, round_id=created.id)
    return created, kim


def test_the_round_page_shows_the_decision_on_hold_and_then_who_has_not_been_answered(database_url, admin, open_page):
    from profiling.catalog import load_catalog
    from profiling.services import decisions
    from profiling.settings import Settings
    from tests.integration.helpers import decide_and_close

    catalog = load_catalog([Settings().questionnaires_dir])
    factory = units(database_url)
    created, kim = round_with_a_scored_candidate(factory, catalog, admin)
    with factory() as uow:
        lea = rounds.add_new_candidate(admin, uow, created.id, {"name": "Lea *Ansøger*"}).candidates[-1].id
    with factory() as uow:
        decisions.request_access(admin, uow, created.id, lea)
    app = open_page("rounds.py", round=created.id)
    assert not app.exception, [e.value for e in app.exception]
    assert any("aktindsigt" in w.value and "§ 21" in w.value for w in app.warning)
    with factory() as uow:
        decisions.deliver_access(admin, uow, created.id, lea)
    decide_and_close(factory, catalog, admin, created.id, recommended=[kim])
    with factory() as uow:
        decisions.record_answer(admin, uow, created.id, kim, "Du er indstillet til stillingen.")
    app = open_page("rounds.py", round=created.id)
    assert not app.exception, [e.value for e in app.exception]
    unanswered = [w.value for w in app.warning if "ikke fået svar" in w.value]
    assert unanswered == ["1 ansøger har ikke fået svar: Lea \\*Ansøger\\*"]  # the name escaped, not rendered
    assert not any("§ 21" in w.value for w in app.warning)


def test_a_person_who_left_is_off_the_list_until_asked_for_and_then_shown_with_the_day(demo_database, open_page):
    from datetime import date

    with units(demo_database)() as uow:
        bente = next(p for p in uow.people.everyone() if p.name == "Bente Kjær")
        bente.left_on = date(2026, 11, 30)
        uow.commit()
    app = open_page("people.py")
    assert not app.exception
    names = app.dataframe[0].value["Navn"].tolist()
    assert "Bente Kjær" not in names and "Anne Mølgaard" in names
    app.toggle(key="people_left").set_value(True).run()
    table = app.dataframe[0].value
    row = table[table["Navn"] == "Bente Kjær"].iloc[0]
    assert row["Type"] == "fratrådt 30. nov. 2026"


def test_marking_a_candidate_hired_asks_for_confirmation_first(demo_database, admin, open_page):
    from profiling.catalog import load_catalog
    from profiling.services import cases
    from profiling.settings import Settings
    from tests.integration.helpers import decide_and_close

    catalog = load_catalog([Settings().questionnaires_dir])
    factory = units(demo_database)
    created, kim = round_with_a_scored_candidate(factory, catalog, admin)
    decide_and_close(factory, catalog, admin, created.id, recommended=[kim])
    app = open_page("rounds.py", round=created.id)
    assert not app.exception, [e.value for e in app.exception]
    open_expander(app, "Ansæt en kandidat")
    next(b for b in app.button if b.label == "Marker som ansat").click().run()
    assert any("Sæt kryds i »Jeg bekræfter" in e.value for e in app.error)
    with factory() as uow:
        assert not any(c.hired_from_round_id for c in round_views.get_round(admin, uow, created.id).candidates)
    next(c for c in app.checkbox if c.label.startswith("Jeg bekræfter")).check()
    next(b for b in app.button if b.label == "Marker som ansat").click().run()
    assert not app.error
    with factory() as uow:
        assert [c.id for c in round_views.get_round(admin, uow, created.id).candidates if c.hired_from_round_id] == [kim]
    # Kim is also a candidate in another, open round: hired, he is scored there no more.
    with factory() as uow:
        other = rounds.create_round(admin, uow, catalog, {"title": "Specialist, Syd", "guide_id": "rekruttering"})
    with factory() as uow:
        rounds.add_candidate(admin, uow, other.id, kim)
        lea = rounds.add_new_candidate(admin, uow, other.id, {"name": "Lea Ansøger"}).candidates[-1].id
    for candidate in (kim, lea):
        with factory() as uow:
            cases.declare(admin, uow, other.id, candidate, False)  # not disqualified: may score either
    elsewhere = open_page("rounds.py", round=other.id)
    assert not elsewhere.exception
    starts = [b.key for b in elsewhere.button if b.label == "Start interview"]
    assert starts == [f"score_{other.id}_{lea}"]  # Lea's, not Kim's


def test_an_existing_person_is_found_by_typing_part_of_the_name_and_added_to_the_round(demo_database, admin, open_page):
    from profiling.catalog import load_catalog
    from profiling.settings import Settings

    catalog = load_catalog([Settings().questionnaires_dir])
    with units(demo_database)() as uow:
        created = rounds.create_round(admin, uow, catalog, {"title": "Specialist, Vest", "guide_id": "rekruttering"})
    app = open_page("rounds.py", round=created.id)
    assert not app.exception, [e.value for e in app.exception]
    open_expander(app, "Tilføj kandidat")
    assert not [s for s in app.selectbox if s.label == "Eller vælg en eksisterende kandidat"]  # nobody listed before a search
    app.text_input(key=f"find_existing_{created.id}").input("zz").run()
    assert any(c.value == "Ingen person, der kan tilføjes, passer til søgningen." for c in app.caption)
    app.text_input(key=f"find_existing_{created.id}").input("bente").run()
    (picker,) = [s for s in app.selectbox if s.label == "Eller vælg en eksisterende kandidat"]
    assert [option.split(" (")[0] for option in picker.options] == ["Bente Kjær"]
    next(b for b in app.button if b.label == "Tilføj").click().run()
    assert not app.exception
    with units(demo_database)() as uow:
        assert [c.name for c in round_views.get_round(admin, uow, created.id).candidates] == ["Bente Kjær"]


def test_a_candidates_interview_kit_is_offered_in_the_rounds_kits_built_only_once_they_are_opened(demo_database, admin, open_page):
    from profiling.reads.views import RoundStatus

    with units(demo_database)() as uow:
        (demo_round,) = round_views.list_rounds(admin, uow, RoundStatus.OPEN)
    app = open_page("rounds.py", round=demo_round.id)
    assert not app.exception, [e.value for e in app.exception]
    assert not app.get("download_button")  # nothing built on every run of the page: only once the kits are opened
    open_expander(app, "Interviewkit til print")
    (picker,) = [s for s in app.selectbox if s.label == "Kandidat"]
    assert list(picker.options) == [c.name for c in demo_round.candidates]
    picker.set_value(demo_round.candidates[-1].id).run()
    (download,) = app.get("download_button")
    assert download.proto.label == "Hent interviewkit (PDF)"
    assert app.session_state[f"kit_candidate_{demo_round.id}"] == demo_round.candidates[-1].id


def test_a_started_scorecard_is_continued_from_its_row_and_only_candidates_nobody_scored_can_be_removed(
    database_url, admin, open_page
):
    from profiling.catalog import load_catalog
    from profiling.services import cases, interviews
    from profiling.settings import Settings

    catalog = load_catalog([Settings().questionnaires_dir])
    with units(database_url)() as uow:
        created = rounds.create_round(admin, uow, catalog, {"title": "Specialist, Nord", "guide_id": "rekruttering"})
    with units(database_url)() as uow:
        kim = rounds.add_new_candidate(admin, uow, created.id, {"name": "Kim Kandidat"}).candidates[-1].id
    with units(database_url)() as uow:
        lea = rounds.add_new_candidate(admin, uow, created.id, {"name": "Lea Ansøger"}).candidates[-1].id
    with units(database_url)() as uow:
        cases.declare_not_disqualified(admin, uow, created.id, [kim, lea])
    with units(database_url)() as uow:
        draft = interviews.start_interview(admin, uow, catalog, person_id=kim, round_id=created.id)
    app = open_page("rounds.py", round=created.id)
    assert not app.exception, [e.value for e in app.exception]
    (kims_row,) = [link for link in app.get("page_link") if "Kim Kandidat" in link.proto.label]
    assert "Fortsæt" in kims_row.proto.label and kims_row.proto.query_string == f"interview={draft}"
    assert [b.key for b in app.button if b.label == "Start interview"] == [f"score_{created.id}_{lea}"]
    assert not [s for s in app.selectbox if s.label == "Kandidat"]  # the removal runs only once opened
    open_expander(app, "Fjern en kandidat fra runden")
    (picker,) = [s for s in app.selectbox if s.label == "Kandidat"]
    assert list(picker.options) == ["Lea Ansøger"]  # Kim has a scorecard: part of the case, he stays
    next(b for b in app.button if b.label == "Fjern").click().run()
    assert not app.exception
    with units(database_url)() as uow:
        assert [c.name for c in round_views.get_round(admin, uow, created.id).candidates] == ["Kim Kandidat"]


def test_the_owner_sees_how_many_ratings_need_a_note_and_which_once_the_list_is_opened(demo_database, open_page):
    app = open_page("rounds.py", round=1)  # the demo round: three ratings two apart without a note
    assert not app.exception
    assert any(m.value.startswith("**3 vurderinger mangler et notat") for m in app.markdown)
    assert not app.dataframe  # the ratings themselves only once asked for
    open_expander(app, "Se vurderingerne")
    (needed,) = app.dataframe
    assert len(needed.value) == 3 and list(needed.value.columns) == ["Kandidat", "Spørgsmål", "Bedømmer"]
