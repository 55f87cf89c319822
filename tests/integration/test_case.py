"""A recruitment round as an administrative case: notes as case documents (no private notes, a note behind
every low rating and every unasked core question, notes asked for where the panel disagrees), declarations
of disqualification before scoring, the hiring committee, and the same questions from the same panel."""

from __future__ import annotations

import pytest

from profiling.services import cases, comparison, interviews, people, results, rounds
from profiling.services.actors import Role
from profiling.services.errors import AccessDenied, InvalidInput, NotAllowedNow, NotFound
from profiling.services.views import InterviewStatus
from tests.integration.helpers import complete_scorecard, declare_eligible, make_round_with_panel, make_user


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
        assert interviews.get_interview(anne, uow, interview_id).notes_missing == [core[0].id, core[1].id]
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
        needed = cases.round_case(owner, uow, catalog, round_id).notes_needed
    assert {n.rater_name for n in needed} == {"Anne Panel"}  # Bo's ratings of 2 carry their notes already
    assert len(needed) == len(catalog.guide("rekruttering").scored_questions())
    with uow_factory() as uow, pytest.raises(AccessDenied):
        cases.ask_for_notes(anne, uow, catalog, round_id)  # the owner asks
    with uow_factory() as uow:
        assert cases.ask_for_notes(owner, uow, catalog, round_id) == len(needed)
    annes = needed[0].interview_id
    question = needed[0].question_id
    with uow_factory() as uow:
        asked = interviews.get_interview(anne, uow, annes)
        assert question in asked.notes_requested
    with uow_factory() as uow, pytest.raises(NotAllowedNow):  # Bo was not asked
        interviews.add_requested_note(bo, uow, bos, question, "Min grund")
    with uow_factory() as uow:
        interviews.add_requested_note(anne, uow, annes, question, "Kim gav to konkrete eksempler")
    with uow_factory() as uow, pytest.raises(NotAllowedNow):
        interviews.add_requested_note(anne, uow, annes, question, "Noget andet")  # once, never changed
    with uow_factory() as uow:
        after = cases.round_case(owner, uow, catalog, round_id)
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
        people.get_person(bo, uow, kim)
    with uow_factory() as uow:
        assert rounds.get_round(bo, uow, round_id).candidates == []
    with uow_factory() as uow, pytest.raises(NotAllowedNow):
        cases.declare(bo, uow, round_id, kim, False)  # it stands
    complete_scorecard(uow_factory, catalog, anne, kim, value=4, round_id=round_id)
    with uow_factory() as uow:
        assert comparison.compare_round(bo, uow, catalog, round_id).candidates == []
        record = cases.round_case(owner, uow, catalog, round_id).declarations
    assert sorted((d.user_name, d.disqualified, d.reason) for d in record if d.person_id == kim) == [
        ("Anne Panel", False, ""), ("Bo Panel", True, "Kim er min svoger"),
    ]


def test_a_member_disqualified_after_scoring_leaves_the_case_and_their_scorecard_stops_counting(uow_factory, catalog, case):
    owner, anne, bo, _, round_id, kim = case
    complete_scorecard(uow_factory, catalog, anne, kim, value=4, round_id=round_id)
    bos = complete_scorecard(uow_factory, catalog, bo, kim, value=2, round_id=round_id)
    with uow_factory() as uow:
        cases.declare(bo, uow, round_id, kim, True, "Jeg har opdaget, at vi er naboer og venner")
    with uow_factory() as uow:
        result = results.person_result(owner, uow, kim, f"round:{round_id}")
        excluded = interviews.get_interview(bo, uow, bos)  # his own, kept in the case as left out
    assert [i.rater_name for i in result.interviews] == ["Anne Panel"]
    assert excluded.summary.status is InterviewStatus.EXCLUDED


def test_the_hiring_committee_reads_the_consolidated_result_but_never_scores_or_opens_a_scorecard(uow_factory, catalog, case):
    _, anne, _, tina, round_id, kim = case
    annes = complete_scorecard(uow_factory, catalog, anne, kim, value=3, round_id=round_id)
    with uow_factory() as uow:
        assert [r.id for r in rounds.list_rounds(tina, uow)] == [round_id]
        assert rounds.sits_on_a_committee(tina, uow)
        result = results.person_result(tina, uow, kim, f"round:{round_id}")
        compared = comparison.compare_round(tina, uow, catalog, round_id)
    assert result.panel.consolidated.competences and result.evidence == []  # the scores, no notes
    assert all(r.rater.startswith("Panel") for r in result.panel.raters)
    assert [c.person.name for c in compared.candidates] == ["Kim Kandidat"]
    with uow_factory() as uow, pytest.raises(NotFound):
        interviews.get_interview(tina, uow, annes)
    with uow_factory() as uow:
        cases.declare(tina, uow, round_id, kim, False)  # a committee member declares too
    with uow_factory() as uow, pytest.raises(AccessDenied):
        interviews.start_interview(tina, uow, catalog, person_id=kim, round_id=round_id)


def test_a_seat_is_on_the_panel_or_on_the_committee_never_both(uow_factory, catalog, case):
    owner, anne, _, _, round_id, _ = case
    with uow_factory() as uow:
        current = rounds.get_round(owner, uow, round_id)
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
        flags = {c.person_id: c for c in cases.round_case(owner, uow, catalog, round_id).consistency}
    assert not flags[kim].flagged and not flags[lea].flagged
    assert flags[kim].core_asked == flags[kim].core_total == 12
    assert flags[mads].flagged and flags[mads].other_panel and flags[mads].core_asked == 1
    assert len(flags[mads].missing_core) == 11 and flags[mads].panel == ("Anne Panel",)
