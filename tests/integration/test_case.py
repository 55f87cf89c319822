"""A recruitment round as an administrative case: notes as case documents (no private notes, a note behind
every low rating and every unasked core question, notes asked for where the panel disagrees), declarations
of disqualification before scoring, the hiring committee, and the same questions from the same panel."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from profiling.reads import (
    comparison,
    decision_views,
    directory,
    letter_drafts,
    results,
    round_case,
    round_views,
    scorecards,
)
from profiling.reads.views import InterviewStatus
from profiling.services import case_file, cases, decisions, interviews, rounds
from profiling.services.actors import Role
from profiling.services.errors import AccessDenied, InvalidInput, NotAllowedNow, NotFound
from tests.integration.helpers import (
    complete_scorecard,
    decide_and_close,
    declare_eligible,
    make_round_with_panel,
    make_user,
)


@pytest.fixture
def case(uow_factory, catalog):  # type: ignore[no-untyped-def]
    """Mette's open round with Anne and Bo on the panel, Tina (an employee) on its hiring committee, and Kim."""
    owner, anne, bo, created = make_round_with_panel(uow_factory, catalog)
    with uow_factory() as uow:
        tina = make_user(uow, "Tina Tillidsrepræsentant", Role.EMPLOYEE)
    with uow_factory() as uow:
        rounds.update_round(owner, uow, catalog, created.id, {
            "title": created.title, "guide_id": "rekruttering", "panel_user_ids": [anne.user_id, bo.user_id],
            "committee_user_ids": [tina.user_id], "criteria": "Erfaring med borgerbetjening\nDigitale kompetencer",
        }, created.version)
    with uow_factory() as uow:
        kim = rounds.add_new_candidate(owner, uow, created.id, {"name": "Kim Kandidat"}).candidates[0].id
    return owner, anne, bo, tina, created.id, kim


def start(uow_factory, catalog, rater, round_id, person):  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        return interviews.start_interview(rater, uow, catalog, person_id=person, round_id=round_id)


def test_a_note_in_a_round_is_never_private(uow_factory, catalog, case):
    _, anne, _, _, round_id, kim = case
    declare_eligible(uow_factory, round_id, kim, anne)
    interview_id = start(uow_factory, catalog, anne, round_id, kim)
    question = catalog.guide("rekruttering").questions[0]
    with uow_factory() as uow, pytest.raises(InvalidInput) as refused:
        interviews.save_rating(anne, uow, interview_id, question.id, value=4, note="kun til mig", private=True, expected_version=0)
    assert refused.value.message_key == "error.no_private_in_rounds"


def test_a_low_rating_and_an_unasked_core_question_need_a_note_before_completing(uow_factory, catalog, case):
    _, anne, _, _, round_id, kim = case
    declare_eligible(uow_factory, round_id, kim, anne)
    interview_id = start(uow_factory, catalog, anne, round_id, kim)
    core = [q for q in catalog.guide("rekruttering").scored_questions() if q.core]
    with uow_factory() as uow:
        interviews.save_rating(anne, uow, interview_id, core[0].id, value=2, expected_version=0)
        interviews.save_rating(anne, uow, interview_id, core[1].id, value=None, not_assessed=True, expected_version=0)
        interviews.save_rating(anne, uow, interview_id, core[2].id, value=4, expected_version=0)
    with uow_factory() as uow:
        assert scorecards.get_interview(anne, uow, interview_id).notes_missing == [core[0].id, core[1].id]
    with uow_factory() as uow, pytest.raises(InvalidInput) as refused:
        interviews.complete_interview(anne, uow, interview_id)
    assert (refused.value.message_key, refused.value.values) == ("error.notes_missing", {"count": 2})
    for question, value, not_assessed in ((core[0], 2, False), (core[1], None, True)):
        with uow_factory() as uow:
            interviews.save_rating(anne, uow, interview_id, question.id, value=value, not_assessed=not_assessed,
                                   note="Kunne ikke give et eksempel", expected_version=1)
    with uow_factory() as uow:
        interviews.complete_interview(anne, uow, interview_id)


def test_the_owner_asks_for_notes_where_the_panel_is_two_apart_and_each_rater_adds_one_once(uow_factory, catalog, case):
    owner, anne, bo, _, round_id, kim = case
    complete_scorecard(uow_factory, catalog, anne, kim, value=4, round_id=round_id)
    bos = complete_scorecard(uow_factory, catalog, bo, kim, value=2, round_id=round_id)  # noted (a low rating)
    with uow_factory() as uow:
        needed = round_case.round_case(owner, uow, catalog, round_id).notes_needed
    assert {n.rater_name for n in needed} == {"Anne Panel"}  # Bo's ratings of 2 carry their notes already
    assert len(needed) == len(catalog.guide("rekruttering").scored_questions())
    with uow_factory() as uow, pytest.raises(AccessDenied):
        cases.ask_for_notes(anne, uow, catalog, round_id)  # the owner asks
    with uow_factory() as uow:
        assert cases.ask_for_notes(owner, uow, catalog, round_id) == len(needed)
    annes = needed[0].interview_id
    question = needed[0].question_id
    with uow_factory() as uow:
        asked = scorecards.get_interview(anne, uow, annes)
        assert question in asked.notes_requested
    with uow_factory() as uow, pytest.raises(NotAllowedNow):  # Bo was not asked
        interviews.add_requested_note(bo, uow, bos, question, "Min grund")
    with uow_factory() as uow:
        interviews.add_requested_note(anne, uow, annes, question, "Kim gav to konkrete eksempler")
    with uow_factory() as uow, pytest.raises(NotAllowedNow):
        interviews.add_requested_note(anne, uow, annes, question, "Noget andet")  # once, never changed
    with uow_factory() as uow:
        after = round_case.round_case(owner, uow, catalog, round_id)
        evidence = results.person_result(owner, uow, kim, f"round:{round_id}").evidence
    answered = next(r for r in after.note_requests if r.question_id == question and r.interview_id == annes)
    assert answered.answered and len(after.notes_needed) == 0
    assert any(e.addendum == "Kim gav to konkrete eksempler" and e.addendum_at is not None for e in evidence)


def test_scoring_a_candidate_waits_for_the_declaration_and_a_disqualified_member_neither_scores_nor_sees_them(
    uow_factory, catalog, case
):
    owner, anne, bo, _, round_id, kim = case
    with uow_factory() as uow, pytest.raises(NotAllowedNow) as refused:
        interviews.start_interview(bo, uow, catalog, person_id=kim, round_id=round_id)
    assert refused.value.message_key == "error.declare_first"
    with uow_factory() as uow, pytest.raises(InvalidInput):
        cases.declare(bo, uow, round_id, kim, True, "")  # a reason is required
    with uow_factory() as uow:
        declared = cases.declare(bo, uow, round_id, kim, True, "Kim er min svoger")
    assert declared.disqualified and declared.declared_at is not None
    with uow_factory() as uow, pytest.raises((AccessDenied, NotFound)):
        interviews.start_interview(bo, uow, catalog, person_id=kim, round_id=round_id)
    with uow_factory() as uow, pytest.raises(NotFound):
        directory.get_person(bo, uow, kim)
    with uow_factory() as uow:
        assert round_views.get_round(bo, uow, round_id).candidates == []
        # The rounds page's picker counts the candidates each member sees: Kim not for Bo, still for Anne.
        assert [(c.id, c.candidates) for c in round_views.round_titles(bo, uow)] == [(round_id, 0)]
        assert [(c.id, c.candidates) for c in round_views.round_titles(anne, uow)] == [(round_id, 1)]
    with uow_factory() as uow, pytest.raises(NotAllowedNow):
        cases.declare(bo, uow, round_id, kim, False)  # it stands
    complete_scorecard(uow_factory, catalog, anne, kim, value=4, round_id=round_id)
    with uow_factory() as uow:
        assert comparison.compare_round(bo, uow, catalog, round_id).candidates == []
        record = round_case.round_case(owner, uow, catalog, round_id).declarations
    assert sorted((d.user_name, d.disqualified, d.reason) for d in record if d.person_id == kim) == [
        ("Anne Panel", False, ""), ("Bo Panel", True, "Kim er min svoger"),
    ]


def test_a_member_declares_themself_not_disqualified_for_the_candidates_named_in_one_step_each_dated_and_audited(
    uow_factory, catalog, case
):
    owner, anne, bo, _, round_id, kim = case
    with uow_factory() as uow:
        lea = rounds.add_new_candidate(owner, uow, round_id, {"name": "Lea Ansøger"}).candidates[-1].id
    with uow_factory() as uow:
        assert cases.declare_not_disqualified(anne, uow, round_id, [kim, lea, kim]) == 2
    with uow_factory() as uow:
        record = round_case.round_case(owner, uow, catalog, round_id).declarations
        audited = [e.person_id for e in uow.audit.search("round.declare", actor_id=anne.user_id)]
    assert sorted((d.user_name, d.person_id, d.disqualified) for d in record) == [
        ("Anne Panel", kim, False), ("Anne Panel", lea, False)]
    assert all(d.declared_at is not None for d in record)
    assert sorted(audited) == sorted([kim, lea])
    start(uow_factory, catalog, anne, round_id, lea)  # scoring may start
    with uow_factory() as uow:
        cases.declare(bo, uow, round_id, kim, True, "Kim er min svoger")
    with uow_factory() as uow, pytest.raises(NotAllowedNow):
        cases.declare_not_disqualified(bo, uow, round_id, [lea, kim])  # a disqualification stands, and nothing is saved
    with uow_factory() as uow:
        assert [d.person_id for d in round_case.round_case(owner, uow, catalog, round_id).declarations
                if d.user_name == "Bo Panel"] == [kim]


def test_a_member_disqualified_after_scoring_leaves_the_case_and_their_scorecard_stops_counting(uow_factory, catalog, case):
    owner, anne, bo, _, round_id, kim = case
    complete_scorecard(uow_factory, catalog, anne, kim, value=4, round_id=round_id)
    bos = complete_scorecard(uow_factory, catalog, bo, kim, value=2, round_id=round_id)
    with uow_factory() as uow:
        cases.declare(bo, uow, round_id, kim, True, "Jeg har opdaget, at vi er naboer og venner")
    with uow_factory() as uow:
        result = results.person_result(owner, uow, kim, f"round:{round_id}")
        excluded = scorecards.get_interview(bo, uow, bos)  # his own, kept in the case as left out
    assert [i.rater_name for i in result.interviews] == ["Anne Panel"]
    assert excluded.summary.status is InterviewStatus.EXCLUDED


def test_the_hiring_committee_reads_the_consolidated_result_but_never_scores_or_opens_a_scorecard(uow_factory, catalog, case):
    _, anne, _, tina, round_id, kim = case
    annes = complete_scorecard(uow_factory, catalog, anne, kim, value=3, round_id=round_id)
    with uow_factory() as uow:
        assert [r.id for r in round_views.list_rounds(tina, uow)] == [round_id]
        assert round_views.sits_on_a_committee(tina, uow)
        result = results.person_result(tina, uow, kim, f"round:{round_id}")
        compared = comparison.compare_round(tina, uow, catalog, round_id)
    assert result.panel.consolidated.competences and result.evidence == []  # the scores, no notes
    assert all(r.rater.startswith("Panel") for r in result.panel.raters)
    assert [c.person.name for c in compared.candidates] == ["Kim Kandidat"]
    with uow_factory() as uow, pytest.raises(NotFound):
        scorecards.get_interview(tina, uow, annes)
    with uow_factory() as uow:
        cases.declare(tina, uow, round_id, kim, False)  # a committee member declares too
    with uow_factory() as uow, pytest.raises(AccessDenied):
        interviews.start_interview(tina, uow, catalog, person_id=kim, round_id=round_id)


def test_a_seat_is_on_the_panel_or_on_the_committee_never_both(uow_factory, catalog, case):
    owner, anne, _, _, round_id, _ = case
    with uow_factory() as uow:
        current = round_views.get_round(owner, uow, round_id)
    with uow_factory() as uow, pytest.raises(InvalidInput) as refused:
        rounds.update_round(owner, uow, catalog, round_id, {
            "title": current.title, "guide_id": "rekruttering", "panel_user_ids": [anne.user_id],
            "committee_user_ids": [anne.user_id],
        }, current.version)
    assert refused.value.message_key == "error.panel_and_committee"
    assert [u.name for u in current.committee] == ["Tina Tillidsrepræsentant"]
    assert current.criteria == "Erfaring med borgerbetjening\nDigitale kompetencer"


def test_a_candidate_asked_fewer_core_questions_or_by_another_panel_is_flagged(uow_factory, catalog, case):
    owner, anne, bo, _, round_id, kim = case
    with uow_factory() as uow:
        view = rounds.add_new_candidate(owner, uow, round_id, {"name": "Lea Kandidat"})
        lea = next(c.id for c in view.candidates if c.name == "Lea Kandidat")
    with uow_factory() as uow:
        mads = next(c.id for c in rounds.add_new_candidate(owner, uow, round_id, {"name": "Mads"}).candidates if c.name == "Mads")
    for person in (kim, lea):
        for rater in (anne, bo):
            complete_scorecard(uow_factory, catalog, rater, person, value=3, round_id=round_id)
    declare_eligible(uow_factory, round_id, mads, anne)
    interview_id = start(uow_factory, catalog, anne, round_id, mads)  # Mads: Anne alone, one core question
    first = next(q for q in catalog.guide("rekruttering").scored_questions() if q.core)
    with uow_factory() as uow:
        interviews.save_rating(anne, uow, interview_id, first.id, value=4, expected_version=0)
    with uow_factory() as uow:
        interviews.complete_interview(anne, uow, interview_id)
    with uow_factory() as uow:
        flags = {c.person_id: c for c in round_case.round_case(owner, uow, catalog, round_id).consistency}
    assert not flags[kim].flagged and not flags[lea].flagged
    assert flags[kim].core_asked == flags[kim].core_total == 12
    assert flags[mads].flagged and flags[mads].other_panel and flags[mads].core_asked == 1
    assert len(flags[mads].missing_core) == 11 and flags[mads].panel == ("Anne Panel",)


# The decision: minutes, hearings, access, answers, filing.

def decide(uow_factory, catalog, owner, round_id, **extra):  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        view = decision_views.decision(owner, uow, catalog, round_id)
    with uow_factory() as uow:
        return decisions.write_minutes(owner, uow, catalog, round_id, {
            "recommendation": "Panelets indstilling", "reasons": {p: f"Grunde for {p}" for p in view.assessed},
            "explanations": {p: "Forklaring" for p in view.flagged}, "decided_by": "Ansættelsesudvalget",
            "decided_on": date(2026, 11, 20), **extra,
        })


def two_candidates(uow_factory, catalog, case):  # type: ignore[no-untyped-def]
    owner, anne, bo, tina, round_id, kim = case
    with uow_factory() as uow:
        lea = next(c.id for c in rounds.add_new_candidate(owner, uow, round_id, {"name": "Lea Kandidat"}).candidates
                   if c.name == "Lea Kandidat")
    for person in (kim, lea):
        for rater in (anne, bo):
            complete_scorecard(uow_factory, catalog, rater, person, value=4 if person == kim else 3, round_id=round_id)
    return owner, anne, bo, tina, round_id, kim, lea


def test_the_round_closes_only_with_minutes_and_until_then_the_ranking_is_a_proposal(uow_factory, catalog, case):
    owner, _, _, tina, round_id, kim, lea = two_candidates(uow_factory, catalog, case)
    with uow_factory() as uow, pytest.raises(NotAllowedNow) as refused:
        rounds.set_round_status(owner, uow, round_id, rounds.RoundStatus.CLOSED)
    assert refused.value.message_key == "error.close_without_minutes"
    with uow_factory() as uow:
        assert comparison.compare_round(owner, uow, catalog, round_id).decided_on is None  # a proposal
    with uow_factory() as uow, pytest.raises(InvalidInput) as missing:
        decisions.write_minutes(owner, uow, catalog, round_id, {
            "reasons": {kim: "Stærk"}, "decided_by": "Udvalget", "decided_on": date(2026, 11, 20)})
    assert missing.value.field == f"reasons.{lea}"
    with uow_factory() as uow, pytest.raises(AccessDenied):
        decisions.write_minutes(tina, uow, catalog, round_id, {"decided_by": "x", "decided_on": date(2026, 11, 20)})
    decide(uow_factory, catalog, owner, round_id, recommended=[kim])
    with uow_factory() as uow:
        assert comparison.compare_round(owner, uow, catalog, round_id).decided_on == date(2026, 11, 20)
        seen = decision_views.decision(tina, uow, catalog, round_id)  # the committee reads the minutes
    assert seen.minutes is not None and seen.minutes.recommended == [kim] and seen.references == []
    with uow_factory() as uow:
        rounds.set_round_status(owner, uow, round_id, rounds.RoundStatus.CLOSED)


def test_a_reference_against_a_candidate_holds_the_decision_until_the_answer_or_the_deadline(uow_factory, catalog, case, clock):
    owner, anne, _, _, round_id, _, lea = two_candidates(uow_factory, catalog, case)
    with uow_factory() as uow, pytest.raises(InvalidInput):  # consent cannot lie in the future
        decisions.add_reference(anne, uow, catalog, round_id, lea, {
            "referee_name": "R", "consent_on": date(2099, 1, 1)})
    with uow_factory() as uow:
        reference = decisions.add_reference(anne, uow, catalog, round_id, lea, {
            "referee_name": "Kurt Holm", "referee_relation": "tidligere kollega", "consent_on": clock().date(),
            "answers": {"kan-medbetjene-borgeren": "Gjorde det hellere selv end at lære borgeren det."},
            "summary": "Taler imod", "weighs_against": True,
        })
    with uow_factory() as uow, pytest.raises(NotAllowedNow) as held:
        decide(uow_factory, catalog, owner, round_id)
    assert held.value.message_key == "error.decision_on_hold_hearing"
    deadline = clock().date() + timedelta(days=7)
    with uow_factory() as uow:
        letter = letter_drafts.hearing_draft(owner, uow, catalog, round_id, reference.id, deadline, "da")
    assert "Kurt Holm" in letter and "Gjorde det hellere selv" in letter and "Lea Kandidat" in letter
    with uow_factory() as uow:
        decisions.start_hearing(owner, uow, round_id, reference.id, letter, deadline)
    with uow_factory() as uow, pytest.raises(NotAllowedNow):
        decide(uow_factory, catalog, owner, round_id)  # the deadline has not passed, and no answer came
    clock.advance(days=8)
    decide(uow_factory, catalog, owner, round_id)  # past the deadline: the decision may be made
    with uow_factory() as uow:
        decisions.record_hearing_answer(owner, uow, round_id, reference.id, "Det var i min første måned.")
        view = decision_views.decision(owner, uow, catalog, round_id)
    assert view.references[0].hearing_answer == "Det var i min første måned." and not view.references[0].holds_decision


def test_an_open_request_for_access_puts_the_decision_on_hold_and_the_package_holds_only_her_own_case(uow_factory, catalog, case):
    owner, _, _, _, round_id, kim, lea = two_candidates(uow_factory, catalog, case)
    with uow_factory() as uow:  # a note about Kim the package for Lea must never carry
        kims = uow.interviews.query(person_ids=[kim], round_ids=[round_id])[0]
        uow.interviews.ratings([kims.id])[kims.id][0].note = "Hemmelig note om Kim 4711"
        uow.commit()
    with uow_factory() as uow:
        decisions.request_access(owner, uow, round_id, lea)
    with uow_factory() as uow:
        assert decision_views.decision(owner, uow, catalog, round_id).holds == ["error.decision_on_hold_access"]
    with pytest.raises(NotAllowedNow) as held:
        decide(uow_factory, catalog, owner, round_id)
    assert held.value.message_key == "error.decision_on_hold_access"
    with uow_factory() as uow:
        package = case_file.access_package(owner, uow, round_id, lea, "da")
    texts = pdf_texts(package)
    assert texts and all("Lea Kandidat" in text for text in texts.values())
    assert not any("Kim" in text for text in texts.values())
    assert any("habil" in text for text in texts.values())  # who declared themself (not) disqualified about her
    with uow_factory() as uow:
        decisions.deliver_access(owner, uow, round_id, lea)
    decide(uow_factory, catalog, owner, round_id)


def test_the_answer_to_a_rejected_applicant_is_built_from_the_minutes_and_her_own_results_only(uow_factory, catalog, case):
    owner, _, _, _, round_id, kim, lea = two_candidates(uow_factory, catalog, case)
    with uow_factory() as uow:  # another applicant's note, planted
        kims = uow.interviews.query(person_ids=[kim], round_ids=[round_id])[0]
        uow.interviews.ratings([kims.id])[kims.id][0].note = "Plantet note om Kim 4711"
        uow.commit()
    with uow_factory() as uow:
        decisions.write_minutes(owner, uow, catalog, round_id, {
            "recommended": [kim], "reasons": {kim: "Kims grunde 9911", lea: "Leas grunde: svagere digitalt"},
            "decided_by": "Ansættelsesudvalget", "decided_on": date(2026, 11, 20)})
    with uow_factory() as uow:
        rounds.update_round(owner, uow, catalog, round_id, {
            **{k: v for k, v in round_views.get_round(owner, uow, round_id).model_dump().items() if k in ("title", "guide_id")},
            "panel_user_ids": [u.id for u in round_views.get_round(owner, uow, round_id).panel],
            "criteria": "Erfaring med borgerbetjening", "committee_user_ids": [u.id for u in round_views.get_round(owner, uow, round_id).committee],
        }, round_views.get_round(owner, uow, round_id).version)
    with uow_factory() as uow:
        rounds.set_round_status(owner, uow, round_id, rounds.RoundStatus.CLOSED)
    for language in ("da", "en"):
        with uow_factory() as uow:
            letter = letter_drafts.answer_draft(owner, uow, catalog, round_id, lea, language)
        assert "Lea Kandidat" in letter and "Leas grunde: svagere digitalt" in letter and "Erfaring med borgerbetjening" in letter
        assert "3" in letter  # her own scores
        assert "Kim" not in letter and "9911" not in letter and "4711" not in letter
    with uow_factory() as uow:
        assert [a.person_id for a in decision_views.decision(owner, uow, catalog, round_id).applicants if a.answered_at is None] == [kim, lea]
        decisions.record_answer(owner, uow, round_id, lea, letter)
    with uow_factory() as uow:
        states = {a.person_id: a for a in decision_views.decision(owner, uow, catalog, round_id).applicants}
    assert states[lea].answered_at is not None and states[lea].answer.startswith(letter[:20])


def test_the_case_file_opens_back_every_document_readable_and_listed_in_parseable_metadata(uow_factory, catalog, case):
    owner, anne, _, _, round_id, kim, lea = two_candidates(uow_factory, catalog, case)
    with uow_factory() as uow:
        decisions.add_reference(anne, uow, catalog, round_id, kim, {"referee_name": "Lone Berg", "consent_on": date(2026, 11, 1),
                                                                    "summary": "Positiv"})
    decide(uow_factory, catalog, owner, round_id, recommended=[kim])
    with uow_factory() as uow:
        rounds.set_round_status(owner, uow, round_id, rounds.RoundStatus.CLOSED)
    with uow_factory() as uow:
        decisions.record_answer(owner, uow, round_id, lea, "Kære Lea ...")
    with uow_factory() as uow, pytest.raises(InvalidInput):
        case_file.journalise(owner, uow, round_id, "   ")
    with uow_factory() as uow:
        archive = case_file.case_file(owner, uow, round_id, "da")
    files = zipfile.ZipFile(io.BytesIO(archive))
    pdfs = sorted(n for n in files.namelist() if n.endswith(".pdf"))
    metadata = json.loads(files.read("metadata.json"))
    assert sorted(d["file"] for d in metadata["documents"]) == pdfs
    assert metadata["case"]["kle"] == "81.03.00" and {p["name"] for p in metadata["case"]["parties"]} == {"Kim Kandidat", "Lea Kandidat"}
    kinds = {d["kind"] for d in metadata["documents"]}
    assert {"minutes", "declarations", "scorecard", "reference", "answer"} <= kinds
    assert sum(1 for d in metadata["documents"] if d["kind"] == "scorecard") == 4
    rows = list(csv.DictReader(io.StringIO(files.read("metadata.csv").decode("utf-8-sig")), delimiter=";"))
    assert sorted(r["file"] for r in rows) == pdfs and all(r["kle"] == "81.03.00" for r in rows)
    assert all(len(PdfReader(io.BytesIO(files.read(name))).pages) >= 1 for name in pdfs)
    with uow_factory() as uow:
        case_file.journalise(owner, uow, round_id, "81.03.00-A00-3-26")
        filed = round_views.get_round(owner, uow, round_id)
    assert filed.case_number == "81.03.00-A00-3-26" and filed.journalised_at is not None


def pdf_texts(package: bytes) -> dict[str, str]:
    files = zipfile.ZipFile(io.BytesIO(package))
    return {
        name: " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(files.read(name))).pages)
        for name in files.namelist()
    }


def test_the_administrator_sets_the_kle_number_the_case_file_carries_and_a_malformed_one_is_refused(uow_factory, catalog, case):
    owner, _, _, _, round_id, _ = case
    with uow_factory() as uow, pytest.raises(AccessDenied):
        case_file.set_kle_number(owner, uow, "81.03")
    with uow_factory() as uow:
        admin = make_user(uow, "Ada Admin", Role.ADMIN)
    with uow_factory() as uow, pytest.raises(InvalidInput) as refused:
        case_file.set_kle_number(admin, uow, "81.3")
    assert refused.value.message_key == "error.kle_number"
    with uow_factory() as uow:
        assert case_file.set_kle_number(admin, uow, " 81.03 ") == "81.03"
    decide_and_close(uow_factory, catalog, owner, round_id)
    with uow_factory() as uow:
        metadata = json.loads(zipfile.ZipFile(io.BytesIO(case_file.case_file(owner, uow, round_id, "da"))).read("metadata.json"))
    assert metadata["case"]["kle"] == "81.03"


def test_a_reopened_round_closes_only_with_minutes_written_anew_and_a_filed_round_never_reopens(
    uow_factory, catalog, case, clock
):
    owner, _, _, _, round_id, _ = case
    decide_and_close(uow_factory, catalog, owner, round_id)
    with uow_factory() as uow:
        rounds.set_round_status(owner, uow, round_id, rounds.RoundStatus.OPEN)
    with uow_factory() as uow, pytest.raises(NotAllowedNow) as refused:
        rounds.set_round_status(owner, uow, round_id, rounds.RoundStatus.CLOSED)
    assert refused.value.message_key == "error.close_with_old_minutes"
    clock.advance(days=1)
    decide_and_close(uow_factory, catalog, owner, round_id)  # the decision taken anew
    with uow_factory() as uow:
        case_file.journalise(owner, uow, round_id, "81.03.00-A00-9-26")
    with uow_factory() as uow, pytest.raises(NotAllowedNow) as refused:
        rounds.set_round_status(owner, uow, round_id, rounds.RoundStatus.OPEN)
    assert refused.value.message_key == "error.reopen_filed"
