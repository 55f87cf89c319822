"""The recruitment comparison: ranking, agreement, calibration, blind scoring, and its exports read back."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from profiling.i18n import translate
from profiling.reads import comparison, round_views
from profiling.reports import comparison_export
from profiling.services import interviews, rounds
from profiling.services.actors import Role
from tests.integration.helpers import declare_eligible, make_round_with_panel, make_user


@pytest.fixture
def scored_round(uow_factory, catalog):
    """A round with three candidates: two raters have completed scorecards with fixed ratings."""
    owner, anne, bo, created = make_round_with_panel(uow_factory, catalog, "Specialist")
    ids = {}
    for name in ("Kim", "Lea", "Mads"):
        with uow_factory() as uow:
            view = rounds.add_new_candidate(owner, uow, created.id, {"name": name})
            ids[name] = next(c.id for c in view.candidates if c.name == name)
    guide = catalog.guide("rekruttering")
    # Anne: Kim 5, Lea 3, Mads 2 on every question; Bo: Kim 4, Lea 1 (a disagreement with Anne), Mads not scored.
    plan = {anne: {"Kim": 5, "Lea": 3, "Mads": 2}, bo: {"Kim": 4, "Lea": 1}}
    for rater, values in plan.items():
        for name, value in values.items():
            declare_eligible(uow_factory, created.id, ids[name], rater)
            with uow_factory() as uow:
                interview_id = interviews.start_interview(rater, uow, catalog, person_id=ids[name], round_id=created.id)
            for question in guide.questions:
                with uow_factory() as uow:
                    interviews.save_rating(rater, uow, interview_id, question.id, value=value, note="Hørt" if value <= 2 else "",
                                           expected_version=0)
            with uow_factory() as uow:
                interviews.complete_interview(rater, uow, interview_id)
    return owner, anne, bo, created.id, ids


def test_candidates_stand_in_groups_by_fit_with_raters_and_disagreements(uow_factory, catalog, scored_round):
    owner, _, _, round_id, _ids = scored_round
    with uow_factory() as uow:
        result = comparison.compare_round(owner, uow, catalog, round_id)
    # Lea (3 and 1) and Mads (2, one rater) both have a mean of 2 everywhere: equal fit, one group.
    assert [(c.group, c.person.name) for c in result.candidates] == [(1, "Kim"), (2, "Lea"), (2, "Mads")]
    kim, lea, mads = result.candidates
    assert (kim.panel.consolidated.fit_low, kim.panel.consolidated.fit_high) == (100.0, 100.0)  # 4.5 against 4
    assert lea.panel.consolidated.fit_low == pytest.approx(100 * (1 - 20 / 30))
    assert lea.panel.consolidated.competence("serviceminded").score == pytest.approx(2.0)
    assert lea.panel.consolidated.competence("serviceminded").disagreement is True
    assert (lea.panel.questions.compared, lea.panel.questions.apart) == (20, 20)  # 3 against 1 on every question
    assert mads.panel.consolidated.competence("serviceminded").n_raters == 1 and mads.panel.questions.compared == 0
    assert lea.fit_error > 0


def test_agreement_is_pooled_over_the_rounds_questions_and_withheld_on_too_few(uow_factory, catalog, scored_round):
    owner, _, _, round_id, _ = scored_round
    with uow_factory() as uow:
        result = comparison.compare_round(owner, uow, catalog, round_id)
    # Kim: 5 and 4 on each of 20 questions (variance 0.5); Lea: 3 and 1 (variance 2); Mads: one rater, none.
    # r*wg(J) = 1 − mean variance / 2 = 1 − 1.25/2
    assert (result.round_agreement.questions, result.round_agreement.raters) == (40, 2)
    assert result.round_agreement.value == pytest.approx(1 - 1.25 / 2)
    service = next(a for a in result.agreement if a.competence_id == "serviceminded")
    assert (service.rwg, service.questions, service.candidates, service.disagreements) == (None, 4, 2, 1)  # 4 < 10


def test_calibration_compares_each_rater_with_the_others_and_holds_back_on_two_candidates(uow_factory, catalog, scored_round):
    owner, _, _, round_id, _ = scored_round
    with uow_factory() as uow:
        result = comparison.compare_round(owner, uow, catalog, round_id)
    by_name = {c.rater_name: c for c in result.calibration}
    # Leave-one-out: Anne against Bo alone on Kim (5 vs 4: +1) and Lea (3 vs 1: +2); Bo the mirror image, so
    # with two raters it is one fact about the pair. Two shared candidates are too few to judge.
    assert result.pairwise is not None
    assert (result.pairwise.higher, result.pairwise.lower, result.pairwise.difference) == ("Anne Panel", "Bo Panel", 1.5)
    assert result.pairwise.too_few_to_judge and not result.pairwise.notable
    assert by_name["Anne Panel"].deviation == pytest.approx(1.5)
    assert by_name["Bo Panel"].deviation == pytest.approx(-1.5)
    assert by_name["Anne Panel"].shared_candidates == 2
    assert by_name["Anne Panel"].flag is None and by_name["Anne Panel"].too_few_to_judge
    assert by_name["Bo Panel"].flag is None
    assert by_name["Anne Panel"].scorecards == 3
    assert by_name["Anne Panel"].mean == pytest.approx((5 + 3 + 2) / 3)


def test_a_panel_member_without_own_completed_scorecards_sees_no_other_results(uow_factory, catalog, scored_round):
    owner, _, _, round_id, _ids = scored_round
    with uow_factory() as uow:
        late = make_user(uow, "Cai Panel", Role.RECRUITER)
    with uow_factory() as uow:
        rounds.update_round(
            owner, uow, catalog, round_id,
            {"title": "Specialist", "guide_id": "rekruttering",
             "panel_user_ids": [u.id for u in round_views.get_round(owner, uow, round_id).panel] + [late.user_id]},
            round_views.get_round(owner, uow, round_id).version,
        )
    with uow_factory() as uow:
        assert comparison.compare_round(late, uow, catalog, round_id).candidates == []


def test_the_csv_export_holds_every_candidate_and_competence(uow_factory, catalog, scored_round):
    owner, _, _, round_id, _ = scored_round
    with uow_factory() as uow:
        result = comparison.compare_round(owner, uow, catalog, round_id)
    text = comparison_export.to_csv(result, "da").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 3 * 10
    kim_service = next(r for r in rows if r["Kandidat"] == "Kim" and r["Kompetence-id"] == "serviceminded")
    # Danish Excel: a decimal comma (never "4.5", which it may read as a date) and Ja/Nej
    assert (kim_service["Gruppe"], kim_service["Score"], kim_service["Mål"], kim_service["Afvigelse"]) == ("1", "4,5", "4", "0,5")
    assert (kim_service["Match, nedre (%)"], kim_service["Match, øvre (%)"]) == ("100", "100")
    assert not [column for column in rows[0] if "rwg" in column.lower()]  # no agreement coefficient per candidate
    lea_service = next(r for r in rows if r["Kandidat"] == "Lea" and r["Kompetence-id"] == "serviceminded")
    assert (lea_service["Spredning"], lea_service["Uenighed"]) == ("2", "Ja")
    english = list(csv.DictReader(io.StringIO(comparison_export.to_csv(result, "en").decode("utf-8-sig"))))
    kim_english = next(r for r in english if r["Candidate"] == "Kim" and r["Competence id"] == "serviceminded")
    assert (kim_english["Score"], kim_english["Disagreement"]) == ("4.5", "No")


def test_the_excel_export_has_one_sheet_per_view_and_the_same_numbers(uow_factory, catalog, scored_round):
    owner, _, _, round_id, _ = scored_round
    with uow_factory() as uow:
        result = comparison.compare_round(owner, uow, catalog, round_id)
    workbook = load_workbook(io.BytesIO(comparison_export.to_excel(result, "en")))
    assert workbook.sheetnames == ["Ranking", "Matrix", "Agreement", "Calibration", "Rater scores"]
    ranking = list(workbook["Ranking"].iter_rows(values_only=True))
    assert ranking[0] == ("Group", "Candidate", "Fit, lower (%)", "Fit, upper (%)", "Fit uncertainty (standard error)",
                          "Above target", "Coverage (%)", "Raters", "Questions compared", "Within one level", "Disagreements")
    assert ranking[1][:4] == (1, "Kim", 100.0, 100.0) and ranking[1][5:10] == (0.5, 100.0, 2, 20, 20)
    assert ranking[2][1] == "Lea" and ranking[2][10] == 20
    side = list(workbook["Rater scores"].iter_rows(values_only=True))
    assert side[0][:3] == ("Candidate", "Competence", "Question") and "Anne Panel" in side[0] and "Bo Panel" in side[0]
    matrix = list(workbook["Matrix"].iter_rows(values_only=True))
    header = matrix[0]
    service = next(row for row in matrix if row[0] == "Is service-minded")
    assert service[header.index("Kim · Score")] == 4.5
    assert service[header.index("Lea · Gap")] == -2.0
    # Two raters: no mirrored distances per rater, one pairwise sentence in the first row
    rows = list(workbook["Calibration"].iter_rows(values_only=True))
    assert "Distance from panel" not in rows[0] and rows[0][-1] == "Difference between the two raters"
    assert rows[1][-1] == "Anne Panel rates 1.5 levels higher than Bo Panel on average, over 2 shared candidates. " \
                          "Too few shared candidates to judge." and rows[2][-1] is None


def test_a_name_that_looks_like_a_formula_is_exported_as_text(uow_factory, catalog, scored_round):
    owner, _, _, round_id, _ = scored_round
    with uow_factory() as uow:
        rounds.add_new_candidate(owner, uow, round_id, {"name": "=HYPERLINK(\"http://x\")"})
    with uow_factory() as uow:
        result = comparison.compare_round(owner, uow, catalog, round_id)
    renamed = result.model_copy(
        update={"candidates": [c.model_copy(update={"person": c.person.model_copy(update={"name": "=1+1"})}) for c in result.candidates]}
    )
    for name in ("=1+1", "\t=1+1", "\r@SUM(A1)"):
        renamed = result.model_copy(
            update={"candidates": [c.model_copy(update={"person": c.person.model_copy(update={"name": name})}) for c in result.candidates]}
        )
        data = comparison_export.to_excel(renamed, "en")
        with zipfile.ZipFile(io.BytesIO(data)) as archive:  # no formula anywhere, header rows included
            sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any("<f>" in sheet or "<f " in sheet for sheet in sheets)
        workbook = load_workbook(io.BytesIO(data))
        stored = name.replace("\r", "\n")  # XML keeps no carriage return
        assert workbook["Ranking"]["B2"].value == stored
        assert any(str(cell.value).startswith(stored) for cell in workbook["Matrix"][1])  # names head the columns  # candidate names head the columns
        text = comparison_export.to_csv(renamed, "en").decode("utf-8-sig")
        assert f"'{name}" in text


def test_a_candidate_under_the_rounds_minimum_coverage_is_listed_last_unranked(uow_factory, catalog, scored_round):
    owner, anne, _, round_id, _ids = scored_round
    with uow_factory() as uow:  # Nora: one question rated only
        nora = next(c.id for c in rounds.add_new_candidate(owner, uow, round_id, {"name": "Nora"}).candidates if c.name == "Nora")
    declare_eligible(uow_factory, round_id, nora, anne)
    with uow_factory() as uow:
        interview_id = interviews.start_interview(anne, uow, catalog, person_id=nora, round_id=round_id)
        interviews.save_rating(anne, uow, interview_id, catalog.guide("rekruttering").questions[0].id, value=5, expected_version=0)
    with uow_factory() as uow:
        interviews.complete_interview(anne, uow, interview_id)
    with uow_factory() as uow:
        result = comparison.compare_round(owner, uow, catalog, round_id)
    assert [(c.person.name, c.group, c.complete) for c in result.candidates][-1] == ("Nora", None, False)
    assert "ufuldstændig vurdering" in comparison_export.to_csv(result, "da").decode("utf-8-sig")
    with uow_factory() as uow:  # the owner lowers the round's minimum: now Nora is ranked, on her fit
        current = round_views.get_round(owner, uow, round_id)
        rounds.update_round(owner, uow, catalog, round_id, {
            "title": current.title, "guide_id": current.guide_id, "panel_user_ids": [u.id for u in current.panel],
            "min_coverage": 0.05,
        }, current.version)
    with uow_factory() as uow:
        result = comparison.compare_round(owner, uow, catalog, round_id)
    nora_result = next(c for c in result.candidates if c.person.name == "Nora")
    # 5 on the one competence rated: 100 % counted on that alone, but nine competences without an example lie
    # anywhere between the lowest level and the target - ranked on 10 %, after everyone with evidence
    assert nora_result.complete and (nora_result.panel.consolidated.fit_low, nora_result.panel.consolidated.fit_high) == (
        pytest.approx(10.0), 100.0)
    assert result.candidates[-1].person.name == "Nora" and nora_result.group == 3


def test_no_view_of_a_candidate_carries_an_agreement_coefficient(uow_factory, catalog, scored_round):
    """r_wg(J) per candidate is gone everywhere: with 2 raters on a question it can only be 1, 0.75 or 0, and
    random raters reach 0.70 half the time. Only the round (and its competences, pooled) carry r*wg(J)."""
    from profiling.domain.scoring import CompetenceScore, PanelProfile, Profile
    from profiling.reads.comparison import CandidateResult
    from profiling.reports import pdf

    owner, _, _, round_id, _ = scored_round
    with uow_factory() as uow:
        result = comparison.compare_round(owner, uow, catalog, round_id)
    for model in (CandidateResult, PanelProfile, Profile, CompetenceScore):
        assert not [name for name in model.model_fields if "rwg" in name or name == "agreement"], model
    for language in ("da", "en"):
        sheets = comparison_export.sheets(result, language)
        agreement_sheet = translate("export.sheet.agreement", language)
        for name, table in sheets.items():
            if name != agreement_sheet:
                assert not [c for c in table[0] if "wg" in c.lower() or c == translate("export.rwg_pooled", language)], name
        pages = PdfReader(io.BytesIO(pdf.recruitment_report(result, language, datetime(2026, 12, 2, tzinfo=UTC)))).pages
        text = " ".join(" ".join(page.extract_text() for page in pages).split())
        assert "wg" not in text.split(translate("report.candidates", language))[-1]  # the candidates' part
