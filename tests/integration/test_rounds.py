"""Recruitment rounds: one guide for every candidate, a panel that scores blind, then compares."""

from __future__ import annotations

import pytest

from profiling.reads import directory, results, round_views, scorecards
from profiling.reads.views import InterviewStatus, RoundStatus
from profiling.services import interviews, rounds
from profiling.services.actors import Role
from profiling.services.errors import AccessDenied, InvalidInput, NotAllowedNow, NotFound
from tests.integration.helpers import decide_and_close, declare_eligible


@pytest.fixture
def round_setting(uow_factory, catalog):
    from tests.integration.helpers import make_round_with_panel

    owner, anne, bo, created = make_round_with_panel(uow_factory, catalog)
    with uow_factory() as uow:
        with_candidate = rounds.add_new_candidate(owner, uow, created.id, {"name": "Kim Kandidat", "email": "kim@x.example"})
    declare_eligible(uow_factory, created.id, with_candidate.candidates[0].id, owner, anne, bo)
    return owner, anne, bo, with_candidate.id, with_candidate.candidates[0].id


def test_a_round_is_created_with_its_panel_and_candidates(uow_factory, round_setting):
    owner, _anne, _bo, round_id, _candidate = round_setting
    with uow_factory() as uow:
        view = round_views.get_round(owner, uow, round_id)
    assert [p.name for p in view.panel] == ["Anne Panel", "Bo Panel"]
    assert [c.name for c in view.candidates] == ["Kim Kandidat"]
    assert view.status is RoundStatus.OPEN and view.framework_id == "specialist-i-borgerkontakt"


def test_a_round_needs_a_recruitment_guide_and_a_title(uow_factory, catalog, round_setting):
    owner = round_setting[0]
    with uow_factory() as uow, pytest.raises(InvalidInput) as raised:
        rounds.create_round(owner, uow, catalog, {"title": "X", "guide_id": "selvvurdering"})
    assert raised.value.message_key == "error.not_recruitment_guide"
    with uow_factory() as uow, pytest.raises(InvalidInput) as raised:
        rounds.create_round(owner, uow, catalog, {"title": " ", "guide_id": "rekruttering"})
    assert raised.value.field == "title"


def test_every_panel_member_scores_with_the_round_guide(uow_factory, catalog, round_setting):
    _, anne, bo, round_id, candidate = round_setting
    with uow_factory() as uow:
        mine = interviews.start_interview(anne, uow, catalog, person_id=candidate, round_id=round_id, guide_id="udviklingssamtale")
        theirs = interviews.start_interview(bo, uow, catalog, person_id=candidate, round_id=round_id)
    with uow_factory() as uow:
        assert scorecards.get_interview(anne, uow, mine).summary.guide_id == "rekruttering"
        assert scorecards.get_interview(bo, uow, theirs).summary.rater_role.value == "panel"
    assert mine != theirs


def test_a_panel_member_sees_other_scorecards_only_after_completing_their_own(uow_factory, catalog, round_setting):
    _, anne, bo, round_id, candidate = round_setting
    question = catalog.guide("rekruttering").questions[0]
    with uow_factory() as uow:
        mine = interviews.start_interview(anne, uow, catalog, person_id=candidate, round_id=round_id)
        theirs = interviews.start_interview(bo, uow, catalog, person_id=candidate, round_id=round_id)
        interviews.save_rating(bo, uow, theirs, question.id, value=5, expected_version=0)
    with uow_factory() as uow:
        interviews.complete_interview(bo, uow, theirs)
    with uow_factory() as uow:
        assert [s.id for s in round_views.round_scorecards(anne, uow, round_id).scorecards] == [mine]
        with pytest.raises(NotFound):
            scorecards.get_interview(anne, uow, theirs)
    with uow_factory() as uow:
        interviews.save_rating(anne, uow, mine, question.id, value=3, expected_version=0)
    with uow_factory() as uow:
        interviews.complete_interview(anne, uow, mine)
    with uow_factory() as uow:
        assert {s.id for s in round_views.round_scorecards(anne, uow, round_id).scorecards} == {mine, theirs}
        result = results.person_result(anne, uow, candidate, f"round:{round_id}")
    score = result.panel.consolidated.competence(question.competence)
    assert (score.score, score.spread, score.disagreement, score.n_raters) == (4.0, 2.0, True, 2)


def test_only_the_panel_scores_a_round_and_not_after_it_closes(uow_factory, catalog, round_setting):
    owner, anne, _, round_id, candidate = round_setting
    from tests.integration.helpers import make_user

    with uow_factory() as uow:
        outsider = make_user(uow, "Ulla Udenfor", Role.RECRUITER)
    with uow_factory() as uow, pytest.raises(NotFound):
        interviews.start_interview(outsider, uow, catalog, person_id=candidate, round_id=round_id)
    decide_and_close(uow_factory, catalog, owner, round_id)
    with uow_factory() as uow, pytest.raises(NotAllowedNow):
        interviews.start_interview(anne, uow, catalog, person_id=candidate, round_id=round_id)


def test_only_the_owner_changes_a_round(uow_factory, catalog, round_setting):
    _, anne, _, round_id, _ = round_setting
    with uow_factory() as uow, pytest.raises(AccessDenied):
        rounds.set_round_status(anne, uow, round_id, RoundStatus.CLOSED)


def test_a_panel_member_sees_the_round_and_its_candidates_but_not_other_rounds(uow_factory, catalog, round_setting):
    owner, anne, _, round_id, candidate = round_setting
    with uow_factory() as uow:
        other = rounds.create_round(owner, uow, catalog, {"title": "Andet job", "guide_id": "rekruttering"})
    with uow_factory() as uow:
        assert [r.id for r in round_views.list_rounds(anne, uow)] == [round_id]
        assert [p.id for p in directory.list_people(anne, uow)] == [candidate]
        with pytest.raises(NotFound):
            round_views.get_round(anne, uow, other.id)


def test_a_candidate_with_scorecards_cannot_be_removed(uow_factory, catalog, round_setting):
    owner, anne, _, round_id, candidate = round_setting
    with uow_factory() as uow:
        interviews.start_interview(anne, uow, catalog, person_id=candidate, round_id=round_id)
    with uow_factory() as uow, pytest.raises(NotAllowedNow):
        rounds.remove_candidate(owner, uow, round_id, candidate)


def test_a_closed_round_takes_no_ratings_and_closes_open_drafts_so_blind_scoring_cannot_be_bypassed(
    uow_factory, catalog, round_setting, clock
):
    # The probe: Bo, with a draft, closes nothing himself - the owner closes the round - then reads Anne's
    # completed scorecard and changes and completes his own.
    owner, anne, bo, round_id, candidate = round_setting
    question = catalog.guide("rekruttering").scored_questions()[0]
    with uow_factory() as uow:
        annes = interviews.start_interview(anne, uow, catalog, person_id=candidate, round_id=round_id)
        bos = interviews.start_interview(bo, uow, catalog, person_id=candidate, round_id=round_id)
        interviews.save_rating(anne, uow, annes, question.id, value=5, expected_version=0)
        interviews.save_rating(bo, uow, bos, question.id, value=2, expected_version=0)
        interviews.complete_interview(anne, uow, annes)
    with uow_factory() as uow:
        assert round_views.round_scorecards(owner, uow, round_id).unfinished == 1
    decide_and_close(uow_factory, catalog, owner, round_id)
    with uow_factory() as uow:
        scorecards.get_interview(bo, uow, annes)  # a closed round is no longer blind...
        assert scorecards.get_interview(bo, uow, bos).summary.status is InterviewStatus.INCOMPLETE
    for change in (
        lambda uow: interviews.save_rating(bo, uow, bos, question.id, value=5, expected_version=1),
        lambda uow: interviews.complete_interview(bo, uow, bos),
        lambda uow: interviews.move_to(bo, uow, bos, 2),
        lambda uow: interviews.discard_draft(bo, uow, bos),
    ):
        with uow_factory() as uow, pytest.raises(NotAllowedNow):  # ...so nothing of his may change any more
            change(uow)
    with uow_factory() as uow:
        rounds.set_round_status(owner, uow, round_id, RoundStatus.OPEN)
    with uow_factory() as uow, pytest.raises(NotAllowedNow) as refused:  # opened again: not for the candidates he read
        interviews.start_interview(bo, uow, catalog, person_id=candidate, round_id=round_id)
    assert refused.value.message_key == "error.round_reopened_scored"
    with uow_factory() as uow, pytest.raises(NotAllowedNow) as refused:
        interviews.save_rating(bo, uow, bos, question.id, value=5, expected_version=1)
    assert refused.value.message_key == "error.interview_closed_with_round"
    clock.advance(days=1)
    with uow_factory() as uow:
        view = rounds.add_new_candidate(owner, uow, round_id, {"name": "Lea Sen"})
    late = next(c.id for c in view.candidates if c.name == "Lea Sen")
    declare_eligible(uow_factory, round_id, late, bo)
    with uow_factory() as uow:  # a candidate added after the reopening is scored as before
        interviews.start_interview(bo, uow, catalog, person_id=late, round_id=round_id)
    with uow_factory() as uow:
        assert round_views.get_round(owner, uow, round_id).unscorable == {candidate}
        kept = results.person_result(owner, uow, candidate, f"round:{round_id}")
    assert [i.rater_name for i in kept.interviews] == ["Anne Panel"]  # the unfinished one is never counted


def test_the_list_of_open_rounds_counts_candidates_and_panel_as_each_whole_round_does(uow_factory, catalog, round_setting):
    from tests.integration.helpers import make_user

    owner, anne, bo, round_id, _candidate = round_setting
    with uow_factory() as uow:
        union = make_user(uow, "Ulla Tillid", Role.EMPLOYEE)
    with uow_factory() as uow:  # a newer round with a committee seat (it does not score: not counted in the panel)
        newer = rounds.create_round(owner, uow, catalog, {
            "title": "Nyere job", "guide_id": "rekruttering", "panel_user_ids": [anne.user_id],
            "committee_user_ids": [union.user_id],
        })
    with uow_factory() as uow:
        for name in ("Sara Søger", "Tom Søger"):
            rounds.add_new_candidate(owner, uow, newer.id, {"name": name})
    with uow_factory() as uow:
        rounds.create_round(owner, uow, catalog, {"title": "Nyeste job", "guide_id": "rekruttering"})
    for actor in (owner, anne, bo, union):
        for limit in (None, 2):
            with uow_factory() as uow:
                titles = round_views.round_titles(actor, uow, RoundStatus.OPEN, limit=limit)
                whole = round_views.list_rounds(actor, uow, RoundStatus.OPEN, limit=limit)
            assert [(r.id, r.title, r.candidates, r.panel) for r in titles] == [
                (r.id, r.title, len(r.candidates), len(r.panel)) for r in whole
            ]
    with uow_factory() as uow:
        listed = round_views.round_titles(owner, uow, RoundStatus.OPEN, limit=2)
    assert [(r.title, r.candidates, r.panel) for r in listed] == [("Nyeste job", 0, 0), ("Nyere job", 2, 1)]
    with uow_factory() as uow:
        assert [r.id for r in round_views.round_titles(anne, uow, RoundStatus.OPEN)] == [newer.id, round_id]
