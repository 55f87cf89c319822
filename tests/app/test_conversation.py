"""The conversation page: introduction, rate and note as you go, reload, conflicts, finish to the result."""

from __future__ import annotations

import pytest

from profiling.catalog import load_catalog
from profiling.persistence.database import create_database_engine, session_factory
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads import directory, round_views, scorecards
from profiling.reads.views import InterviewStatus
from profiling.services import interviews
from profiling.services.system import actor_of
from profiling.settings import Settings
from tests.app.conftest import jump_list, open_expander, units

GUIDE = "udviklingssamtale"


@pytest.fixture
def started(demo_database, admin):
    """An interview of a demo employee started by the local administrator (who runs the app)."""
    engine = create_database_engine(demo_database)
    factory = session_factory(engine)
    catalog = load_catalog([Settings().questionnaires_dir])
    with UnitOfWork(factory) as uow:
        person = directory.list_people(admin, uow, "Anne Mølgaard")[0]
        interview_id = interviews.start_interview(admin, uow, catalog, person_id=person.id, guide_id=GUIDE)
    yield interview_id, admin, factory, catalog.guide(GUIDE)
    engine.dispose()


def rating_key(interview_id: int, question_id: str) -> str:
    return f"conv_{interview_id}_{question_id}_rating"


def note_key(interview_id: int, question_id: str) -> str:
    return f"conv_{interview_id}_{question_id}_note"


def test_the_conversation_opens_with_the_guides_introduction(started, open_page):
    interview_id, _, _, guide = started
    app = open_page("conversation.py", interview=interview_id)
    assert not app.exception
    assert app.title[0].value == "Anne Mølgaard"
    assert any(guide.introduction.opening.da[:40] in m.value for m in app.markdown)
    assert jump_list(app, interview_id).value == 0


def test_rating_and_note_are_saved_at_once_and_still_there_after_a_reload(started, open_page):
    interview_id, admin, factory, guide = started
    app = open_page("conversation.py", interview=interview_id)
    next(b for b in app.button if b.label == "Næste").click().run()
    first = guide.questions_for(guide.competence_order()[0])[0]
    assert app.radio(key=rating_key(interview_id, first.id)).value is None
    app.radio(key=rating_key(interview_id, first.id)).set_value(4).run()
    app.text_area(key=note_key(interview_id, first.id)).input("Lod borgeren selv taste - **fed** <b>x</b>").run()
    assert not app.exception
    with UnitOfWork(factory) as uow:
        stored = scorecards.get_interview(admin, uow, interview_id)
    assert stored.rating(first.id).value == 4
    assert stored.rating(first.id).note == "Lod borgeren selv taste - **fed** <b>x</b>"
    assert stored.summary.position == 1

    reloaded = open_page("conversation.py", interview=interview_id)  # a new session, as after a reload
    assert jump_list(reloaded, interview_id).value == 1
    assert reloaded.radio(key=rating_key(interview_id, first.id)).value == 4
    assert reloaded.text_area(key=note_key(interview_id, first.id)).value == "Lod borgeren selv taste - **fed** <b>x</b>"


def test_a_rating_counts_in_the_progress_and_the_list_of_steps_at_once(started, open_page):
    interview_id, _, _, guide = started
    app = open_page("conversation.py", interview=interview_id)
    next(b for b in app.button if b.label == "Næste").click().run()
    before = jump_list(app, interview_id)
    first = guide.questions_for(guide.competence_order()[0])[0]
    app.radio(key=rating_key(interview_id, first.id)).set_value(3).run()
    assert app.get("progress")[0].proto.text.startswith("1 af ")
    after = jump_list(app, interview_id)
    scored = [q for q in guide.questions_for(first.competence) if q.scored]
    assert after.value == 1 and after.options[1].endswith(f"(1/{len(scored)})")
    # A choice travels as its label: a list whose labels changed is a new widget, so a browser that still shows
    # the old one cannot send a label that now means nothing, or another step.
    assert after.key != before.key


def test_not_assessed_is_a_choice_of_its_own(started, open_page):
    interview_id, admin, factory, guide = started
    app = open_page("conversation.py", interview=interview_id)
    jump_list(app, interview_id).set_value(2).run()
    question = guide.questions_for(guide.competence_order()[1])[0]
    app.radio(key=rating_key(interview_id, question.id)).set_value("na").run()
    with UnitOfWork(factory) as uow:
        rating = scorecards.get_interview(admin, uow, interview_id).rating(question.id)
    assert rating.not_assessed and rating.value is None


def test_a_change_made_in_another_tab_is_not_overwritten_silently(started, open_page):
    interview_id, admin, factory, guide = started
    first = guide.questions_for(guide.competence_order()[0])[0]
    app = open_page("conversation.py", interview=interview_id)
    jump_list(app, interview_id).set_value(1).run()
    with UnitOfWork(factory) as uow:  # the other tab saves first
        interviews.save_rating(admin, uow, interview_id, first.id, value=2, note="fra anden fane", expected_version=0)
    app.radio(key=rating_key(interview_id, first.id)).set_value(5).run()
    assert any("anden fane" in w.value for w in app.warning)
    assert app.radio(key=rating_key(interview_id, first.id)).value == 2
    assert app.text_area(key=note_key(interview_id, first.id)).value == "fra anden fane"
    with UnitOfWork(factory) as uow:
        assert scorecards.get_interview(admin, uow, interview_id).rating(first.id).value == 2


def test_finishing_a_development_conversation_completes_it_and_opens_the_result(started, open_page):
    interview_id, admin, factory, guide = started
    for question in guide.scored_questions():
        with UnitOfWork(factory) as uow:
            interviews.save_rating(admin, uow, interview_id, question.id, value=3, expected_version=0)
    app = open_page("conversation.py", interview=interview_id)
    last = len(guide.competence_order()) + 1
    jump_list(app, interview_id).set_value(last).run()
    next(b for b in app.button if b.label.startswith("Afslut samtalen")).click().run()
    assert not app.exception
    with UnitOfWork(factory) as uow:
        assert scorecards.get_interview(admin, uow, interview_id).summary.status is InterviewStatus.COMPLETED
    assert app.title[0].value == "Anne Mølgaard"
    assert app.get("plotly_chart"), "the result page shows the radar"
    assert any(m.label == "Match med målprofil" for m in app.metric)
    assert any(link.label == "Lav udviklingsplanen ud fra samtalen" for link in app.get("page_link"))


def test_a_note_is_shown_as_plain_text_on_the_result(started, open_page):
    interview_id, admin, factory, guide = started
    question = guide.questions[0]
    with UnitOfWork(factory) as uow:
        interviews.save_rating(admin, uow, interview_id, question.id, value=4, note="**fed** [link](http://x.example)", expected_version=0)
    with UnitOfWork(factory) as uow:
        interviews.complete_interview(admin, uow, interview_id)
    app = open_page(
        "profile.py", person=interviews_person(factory, admin, interview_id), assessment=f"interview:{interview_id}",
        tab="Noter og scorekort",
    )
    assert not app.exception
    assert "**fed** [link](http://x.example)" in [t.value for t in app.text]
    assert not any("http://x.example" in m.value for m in app.markdown)


def interviews_person(factory, admin, interview_id):
    with UnitOfWork(factory) as uow:
        return scorecards.get_interview(admin, uow, interview_id).summary.person_id


def test_an_unknown_interview_id_in_the_url_gives_a_message_not_a_traceback(demo_database, open_page):
    app = open_page("conversation.py", interview=99999)
    assert not app.exception
    assert any("Findes ikke" in e.value for e in app.error)


def test_a_non_numeric_interview_id_shows_the_start_form(demo_database, open_page):
    app = open_page("conversation.py", interview="abc")
    assert not app.exception
    assert app.title[0].value == "Ny samtale"


def test_a_recruitment_interview_with_low_ratings_finishes_only_with_their_notes_then_opens_the_result(
    demo_database, admin, open_page, catalog
):
    from profiling.services import cases, rounds

    factory = units(demo_database)
    with factory() as uow:
        (round_view,) = round_views.list_rounds(admin, uow, rounds.RoundStatus.OPEN)
        rasmus = next(c for c in round_view.candidates if c.name == "Rasmus Kirk")
    with factory() as uow:
        cases.declare(admin, uow, round_view.id, rasmus.id, False)
    with factory() as uow:
        interview_id = interviews.start_interview(admin, uow, catalog, person_id=rasmus.id, round_id=round_view.id)
    questions = catalog.guide("rekruttering").questions
    for question in questions:
        with factory() as uow:
            interviews.save_rating(admin, uow, interview_id, question.id, value=2, expected_version=0)
    app = open_page("conversation.py", interview=interview_id)
    jump_list(app, interview_id).set_value(11).run()
    assert any(w.value.startswith("20 spørgsmål skal have et notat") for w in app.warning)  # the duty to note
    assert next(b for b in app.button if b.label.startswith("Afslut samtalen")).disabled
    for question in questions:
        with factory() as uow:
            interviews.save_rating(admin, uow, interview_id, question.id, value=2, note="Kunne ikke give et eksempel",
                                   expected_version=1)
    app = open_page("conversation.py", interview=interview_id)
    jump_list(app, interview_id).set_value(11).run()
    next(b for b in app.button if b.label.startswith("Afslut samtalen")).click().run()
    assert not app.exception
    assert app.title[0].value == "Rasmus Kirk"
    assert app.get("plotly_chart")


def test_a_dialogue_topic_shows_a_note_field_and_no_rating(started, open_page):
    interview_id, _admin, _factory, guide = started
    topic = next(q for q in guide.questions if not q.scored)
    step = guide.competence_order().index(topic.competence) + 1
    app = open_page("conversation.py", interview=interview_id)
    jump_list(app, interview_id).set_value(step).run()
    assert not app.exception
    radio_keys = {r.key for r in app.radio}
    assert f"conv_{interview_id}_{topic.id}_rating" not in radio_keys
    assert any(a.key == f"conv_{interview_id}_{topic.id}_note" for a in app.text_area)
    assert any("aldrig vurderes" in i.value for i in app.info)


def test_a_self_assessment_shows_its_own_level_labels(demo_database, open_page):
    email = "anne.moelgaard@eksempelby.example"
    with units(demo_database)() as uow:
        anne = uow.people.by_email(email)
        interview_id = interviews.start_interview(
            actor_of(uow.users.by_email(email)), uow, load_catalog([Settings().questionnaires_dir]),
            person_id=anne.id, guide_id="selvvurdering",
        )
    app = open_page("conversation.py", as_email=email, interview=interview_id)
    jump_list(app, interview_id).set_value(1).run()
    assert not app.exception
    captions = [list(r.proto.captions) for r in app.radio]
    assert captions and all(c[0] == "Passer slet ikke på mig" and c[4] == "Passer helt på mig" for c in captions)


def test_the_recruitment_introduction_shows_the_time_plan_and_questions_say_core_or_optional(demo_database, open_page):
    from profiling.services import cases

    email = "mette.soerensen@eksempelby.example"
    with units(demo_database)() as uow:
        mette = actor_of(uow.users.by_email(email))
        (the_round,) = round_views.list_rounds(mette, uow)
        candidate = the_round.candidates[0].id
    with units(demo_database)() as uow:
        cases.declare(mette, uow, the_round.id, candidate, False)
    with units(demo_database)() as uow:
        interview_id = interviews.start_interview(
            mette, uow, load_catalog([Settings().questionnaires_dir]), person_id=candidate, round_id=the_round.id
        )
    app = open_page("conversation.py", as_email=email, interview=interview_id)
    assert not app.exception
    assert any(i.value.startswith("Tidsplan: 12 kernespørgsmål") and "ca. 80 minutter" in i.value for i in app.info)
    jump_list(app, interview_id).set_value(1).run()
    # rek-kommunikation-1 (behavioural, 3 probes) takes 6 minutes; rek-kommunikation-2 5
    kinds = [m.value.split("\n\n")[0] for m in app.markdown if m.value.startswith(":gray[:small[")]  # each question's first line
    assert kinds[:2] == [
        ":gray[:small[Adfærdsspørgsmål · 1 · kernespørgsmål · ca. 6 min.]]",
        ":gray[:small[Situationsspørgsmål · 2 · kernespørgsmål · ca. 5 min.]]",
    ]


def test_a_profile_with_every_competence_below_target_says_there_are_no_strengths_yet(started, open_page):
    interview_id, admin, factory, guide = started
    for question in guide.scored_questions():
        with UnitOfWork(factory) as uow:
            interviews.save_rating(admin, uow, interview_id, question.id, value=1, expected_version=0)
    with UnitOfWork(factory) as uow:
        interviews.complete_interview(admin, uow, interview_id)
    app = open_page("profile.py", person=interviews_person(factory, admin, interview_id),
                    assessment=f"interview:{interview_id}")
    assert not app.exception
    assert any(m.value.startswith("**Styrker**") and "Ingen kompetencer på eller over målet endnu." in m.value
               for m in app.markdown)


def test_the_manager_sees_the_self_assessment_beside_the_questions_only_after_choosing_to_which_is_recorded(
    started, open_page
):
    interview_id, admin, factory, _ = started
    with UnitOfWork(factory) as uow:
        interviews.move_to(admin, uow, interview_id, 1)
    app = open_page("conversation.py", interview=interview_id)
    line = next(i.value for i in app.info if "Målniveau" in i.value or "Mål" in i.value)
    assert "Selvvurdering:" not in line  # Anne's self-assessment waits: it would anchor the rating
    assert any(c.value.startswith("Selvvurderingen vises, når du har afsluttet") for c in app.caption)
    app.button(key=f"show_self_{interview_id}").click().run()
    assert not app.exception
    assert any("Selvvurdering:" in i.value for i in app.info)
    assert any(c.value.startswith("Du valgte at se selvvurderingen") for c in app.caption)
    with UnitOfWork(factory) as uow:
        assert scorecards.get_interview(admin, uow, interview_id).summary.self_shown_at is not None


def test_a_note_that_names_a_protected_subject_is_saved_with_a_warning_beside_it(started, open_page):
    interview_id, admin, factory, guide = started
    app = open_page("conversation.py", interview=interview_id)
    next(b for b in app.button if b.label == "Næste").click().run()
    first = guide.questions_for(guide.competence_order()[0])[0]
    assert not any("En offentlig arbejdsgiver må ikke" in w.value for w in app.warning)
    app.text_area(key=note_key(interview_id, first.id)).input("Forklarede tydeligt, selv om hun var sygemeldt sidste år").run()
    assert not app.exception
    (warning,) = [w.value for w in app.warning if "En offentlig arbejdsgiver må ikke" in w.value]
    assert "helbred" in warning and "sygemeldt" in warning
    with UnitOfWork(factory) as uow:  # a warning, never a block: the rater decides
        assert scorecards.get_interview(admin, uow, interview_id).rating(first.id).note.endswith("sygemeldt sidste år")
    first_line = next(m.value for m in app.markdown if m.value.startswith(":gray[:small[")).split("\n\n")[0]
    assert "ca. " in first_line and "min." in first_line  # the time per question


def test_among_many_people_the_person_of_a_new_conversation_is_found_by_name(demo_database, open_page, monkeypatch):
    from profiling.ui import widgets

    monkeypatch.setattr(widgets, "MATCHES_SHOWN", 3)  # the demo's people stand in for a municipality's thousands
    app = open_page("conversation.py")
    person = next(s for s in app.selectbox if s.label == "Person")
    assert person.options == []  # nobody listed until a name is typed
    next(b for b in app.button if b.label == "Start samtalen").click().run()
    assert [e.value for e in app.error] == ["Find og vælg personen først."]
    app.text_input(key="conversation_find").input("mø").run()
    person = next(s for s in app.selectbox if s.label == "Person")
    assert 0 < len(person.options) <= 3 and all("mø" in option.casefold() for option in person.options)
    app.text_input(key="conversation_find").input("zzqx").run()
    assert any(c.value == "Ingen af dem, du kan holde en samtale med, passer til søgningen." for c in app.caption)
    app.text_input(key="conversation_find").input("Anne Mølgaard").run()
    next(b for b in app.button if b.label == "Start samtalen").click().run()
    assert not app.exception
    assert app.title[0].value == "Anne Mølgaard"  # the conversation opened


def test_a_rating_is_shown_without_building_the_step_again_yet_another_tabs_save_in_between_shows(
    started, open_page, monkeypatch
):
    interview_id, admin, factory, guide = started
    app = open_page("conversation.py", interview=interview_id)
    next(b for b in app.button if b.label == "Næste").click().run()
    first, second = [q for q in guide.questions_for(guide.competence_order()[0]) if q.scored][:2]
    built: list[int] = []
    content_of = scorecards.content_of
    monkeypatch.setattr(scorecards, "content_of", lambda uow, row: built.append(row.id) or content_of(uow, row))

    app.radio(key=rating_key(interview_id, first.id)).set_value(3).run()
    assert built == []  # the kept view, changed by the saved rating
    assert app.get("progress")[0].proto.text.startswith("1 af ")

    with UnitOfWork(factory) as uow:  # another tab rates the second question
        interviews.save_rating(admin, uow, interview_id, second.id, value=5, expected_version=0)
    app.radio(key=rating_key(interview_id, first.id)).set_value(4).run()
    assert built == [interview_id]  # two changes since the view was built: built again
    assert app.get("progress")[0].proto.text.startswith("2 af ")  # the other tab's rating counts
    with UnitOfWork(factory) as uow:
        stored = scorecards.get_interview(admin, uow, interview_id)
    assert (stored.rating(first.id).value, stored.rating(second.id).value) == (4, 5)


def test_what_a_competence_means_is_shown_once_its_section_is_opened(started, open_page):
    interview_id, _, _, guide = started
    app = open_page("conversation.py", interview=interview_id)
    next(b for b in app.button if b.label == "Næste").click().run()
    competence = load_catalog([Settings().questionnaires_dir]).framework(guide.framework).competence(guide.competence_order()[0])
    description = competence.description.da[:40]
    assert not any(description in m.value for m in app.markdown)  # not built while closed: a rating reruns the step
    open_expander(app, "Om kompetencen")
    assert any(description in m.value for m in app.markdown)
