"""PDF reports, read back: the MUS report and the recruitment decision report, in Danish and English."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from profiling.catalog import load_catalog
from profiling.persistence.database import create_database_engine, session_factory, upgrade
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads import comparison, development_plans, directory, preparation, round_views
from profiling.reports import pdf
from profiling.services import demo, interviews, outcomes, plans
from profiling.services.system import actor_of
from profiling.settings import Settings

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def eksempelby(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('reports') / 'demo.db'}"
    engine = create_database_engine(url)
    upgrade(engine)
    factory = session_factory(engine)
    catalog = load_catalog([Settings().questionnaires_dir])
    with UnitOfWork(factory) as uow:
        demo.build_demo(uow, catalog)
    with UnitOfWork(factory) as uow:
        mette = actor_of(uow.users.by_email("mette.soerensen@eksempelby.example"))
        anne = directory.list_people(mette, uow, "Anne Mølgaard")[0]
        mus = interviews.start_interview(mette, uow, catalog, person_id=anne.id, guide_id="udviklingssamtale")
    question = catalog.guide("udviklingssamtale").questions[0]
    with UnitOfWork(factory) as uow:
        interviews.save_rating(mette, uow, mus, question.id, value=2, note="HEMMELIG NOTE", private=True, expected_version=0)
    with UnitOfWork(factory) as uow:
        interviews.complete_interview(mette, uow, mus)
    with UnitOfWork(factory) as uow:
        outcomes.save_outcome(mette, uow, mus, "Vi aftalte mere medbetjening")
    with UnitOfWork(factory) as uow:
        plans.save_plan(
            mette, uow, catalog, anne.id, "Udviklingsplan 2026",
            [{"competence_id": "kan-medbetjene-borgeren", "goal": "Lade borgeren styre musen", "actions": "Føl med Bente"}],
        )
    yield factory, catalog, mette, anne.id, mus
    engine.dispose()


def text_of(document: bytes) -> str:
    """The text of every page, with white space folded (table cells and justified lines wrap)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages).split())


def mus_pdf(eksempelby, language):
    factory, catalog, mette, anne, mus = eksempelby
    with UnitOfWork(factory) as uow:
        prep = preparation.mus_preparation(mette, uow, catalog, anne, "specialist-i-borgerkontakt")
        plan = development_plans.plans_of(mette, uow, anne)[0]
        outcome = outcomes.mus_outcome(mette, uow, mus)
    return pdf.mus_report(prep, plan, outcome, language, NOW)


def test_the_mus_report_holds_the_radar_table_strengths_areas_and_the_plan(eksempelby):
    text = text_of(mus_pdf(eksempelby, "da"))
    for expected in (
        "Medarbejderudviklingssamtale - Anne Mølgaard", "22. nov. 2026", "Selvvurdering", "Lederens vurdering",
        "Målprofil", "Kompetencer", "Styrker", "Udviklingsområder", "Coachende spørgsmål", "Vi aftalte mere medbetjening",
        "Udviklingsplan 2026", "Lade borgeren styre musen", "Føl med Bente", "Fortroligt",
    ):
        assert expected in text, expected


def test_a_private_note_never_appears_in_a_report(eksempelby):
    assert "HEMMELIG NOTE" not in text_of(mus_pdf(eksempelby, "da"))


def test_the_mus_report_says_too_few_shared_competences_separate_no_general_difference(eksempelby):
    factory, catalog, mette, anne, _ = eksempelby
    with UnitOfWork(factory) as uow:
        prep = preparation.mus_preparation(mette, uow, catalog, anne, "specialist-i-borgerkontakt")
    text = text_of(mus_pdf(eksempelby, "da"))
    # The fixture's MUS scores one question: one competence shared with her self-assessment, fewer than 5.
    assert prep.panel.self_manager_shared == 1 and prep.panel.general_difference is None
    assert "Forskel (selv − leder)" in text
    assert "Anne Mølgaard og lederen har begge kun vurderet 1 kompetence: for få til at skille" in text
    assert "Generelt vurderer" not in text


def test_the_mus_report_is_written_in_english_on_request(eksempelby):
    text = text_of(mus_pdf(eksempelby, "en"))
    assert "Development conversation - Anne Mølgaard" in text and "Strengths" in text and "22 Nov 2026" in text


def test_the_recruitment_report_groups_the_candidates_and_flags_disagreement(eksempelby):
    factory, catalog, mette, _, _ = eksempelby
    with UnitOfWork(factory) as uow:
        (round_view,) = round_views.list_rounds(mette, uow)
        result = comparison.compare_round(mette, uow, catalog, round_view.id)
    text = text_of(pdf.recruitment_report(result, "da", NOW))
    assert "Rekrutteringsbeslutning - Specialist i borgerkontakt, Borgerservice Nord" in text
    ranked = [f"Gruppe {c.group}: {c.person.name}" for c in result.candidates]
    assert ranked[0] == "Gruppe 1: Maja Friis"
    positions = [text.index(entry) for entry in ranked]
    assert positions == sorted(positions)
    assert "Uenighed i panelet" in text and "Nikolaj Skov" in text
    assert "Camilla Holm, Peter Lund" in text
    # The same sentences and numbers as the page: derived from the flags; agreement pooled over the round.
    from profiling.reports import sentences

    assert sentences.disagreement_sentence(result, "da") in text
    assert sentences.round_agreement_sentence(result.round_agreement, "da") in text
    assert "ikke en afgørelse" in text  # the order is a proposal for the minutes
    assert "Ved tilfældige svar" not in text and "vejledende (2 bedømmere)" not in text
    assert "Panelet er enigt inden for ét niveau overalt" not in text


def test_the_old_claims_are_gone_from_every_text():
    from profiling.i18n import catalog

    every_text = " ".join(str(m.string) for language in ("da", "en") for m in catalog(language))
    for claim in ("ikke mere enige end tilfældige svar", "no more agreement than random answers",
                  "enigt inden for ét niveau overalt", "agrees within one level everywhere", "spredning på 2 eller mere"):
        assert claim not in every_text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_the_first_page_renders_to_an_image(eksempelby, tmp_path):
    path = tmp_path / "mus.pdf"
    path.write_bytes(mus_pdf(eksempelby, "da"))
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True)
    (image,) = tmp_path.glob("page*.png")
    assert image.stat().st_size > 10_000  # a drawn page, not a blank one


def kit_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_the_interview_kit_holds_every_question_with_its_anchors_and_names_the_candidate_on_the_cover_only(tmp_path):
    catalog = load_catalog([Settings().questionnaires_dir])
    guide = catalog.guide("rekruttering")
    framework = catalog.framework(guide.framework)
    data = pdf.interview_kit(guide, framework, "da", person_name="Maja Friis", round_title="Specialist, Nord")
    pages = kit_text(data)
    everything = " ".join(" ".join(page.split()) for page in pages)
    for question in guide.questions:
        assert " ".join(question.text.da.split())[:60] in everything
    assert "Maja Friis" in pages[0] and "Specialist, Nord" in pages[0]
    assert all("Maja Friis" not in page for page in pages[1:])
    low_anchor = guide.scored_questions()[0].anchors[framework.scale.min_level].da
    assert " ".join(low_anchor.split())[:40] in everything
    if shutil.which("pdftoppm"):
        path = tmp_path / "kit.pdf"
        path.write_bytes(data)
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "2", "-l", "2", str(path), str(tmp_path / "kit")], check=True)
        (image,) = tmp_path.glob("kit*.png")
        assert image.stat().st_size > 10_000  # a drawn page of questions


def test_a_blank_kit_in_english_has_empty_name_lines():
    catalog = load_catalog([Settings().questionnaires_dir])
    guide = catalog.guide("udviklingssamtale")
    pages = kit_text(pdf.interview_kit(guide, catalog.framework(guide.framework), "en"))
    assert "Name" in pages[0] and "Interviewer" in pages[0] and "Round" not in pages[0]
    assert guide.questions[0].text.en.split()[0] in " ".join(pages)


@pytest.mark.parametrize(("language", "headings"), [("da", ["Bedømmere", "Uenigheder", "Dækning"]),
                                                     ("en", ["Raters", "Disagreements", "Coverage"])])
def test_the_decision_reports_column_headings_are_never_broken_mid_word(eksempelby, language, headings):
    factory, catalog, mette, _, _ = eksempelby
    with UnitOfWork(factory) as uow:
        (round_view,) = round_views.list_rounds(mette, uow)
        result = comparison.compare_round(mette, uow, catalog, round_view.id)
    text = text_of(pdf.recruitment_report(result, language, NOW))
    for heading in headings:
        assert heading in text, heading  # a broken heading reads "Bedømmer e" once white space is folded
