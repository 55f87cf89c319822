"""Running a conversation: every change saved at once, resumable, conflict-safe, scored with its own content."""

from __future__ import annotations

from datetime import date

import pytest

from profiling.catalog import Catalog
from profiling.reads import interview_views, results, scorecards
from profiling.reads.views import InterviewStatus
from profiling.services import interviews
from profiling.services.actors import Role
from profiling.services.errors import AccessDenied, EditConflict, InvalidInput, NotAllowedNow, NotFound
from tests.integration.helpers import make_person, make_team, make_user


@pytest.fixture
def setting(uow_factory):
    """A manager with a team of one employee, and an administrator."""
    with uow_factory() as uow:
        admin = make_user(uow, "Admin")
        manager = make_user(uow, "Mette Leder", Role.MANAGER)
        team = make_team(uow, "Borgerservice Nord", manager)
        person = make_person(uow, "Anne Holm", team_id=team)
    return admin, manager, person


def first_questions(catalog: Catalog, guide_id: str, n: int = 2):
    return catalog.guide(guide_id).questions[:n]


def test_starting_an_interview_stores_a_draft_at_the_introduction(uow_factory, catalog, setting):
    _, manager, person = setting
    with uow_factory() as uow:
        interview_id = interviews.start_interview(manager, uow, catalog, person_id=person, guide_id="udviklingssamtale")
    with uow_factory() as uow:
        view = scorecards.get_interview(manager, uow, interview_id)
    assert view.summary.status is InterviewStatus.DRAFT
    assert view.summary.position == 0
    assert view.summary.rater_role.value == "manager"
    assert view.summary.total == len(catalog.guide("udviklingssamtale").scored_questions())
    assert view.guide == catalog.guide("udviklingssamtale")


def test_starting_again_resumes_the_same_draft(uow_factory, catalog, setting):
    _, manager, person = setting
    with uow_factory() as uow:
        first = interviews.start_interview(manager, uow, catalog, person_id=person, guide_id="udviklingssamtale")
    with uow_factory() as uow:
        again = interviews.start_interview(manager, uow, catalog, person_id=person, guide_id="udviklingssamtale")
    assert first == again


def test_every_rating_and_note_is_stored_at_once_and_read_back_with_position(uow_factory, catalog, setting):
    _, manager, person = setting
    q1, q2 = first_questions(catalog, "udviklingssamtale")
    with uow_factory() as uow:
        interview_id = interviews.start_interview(manager, uow, catalog, person_id=person, guide_id="udviklingssamtale")
    with uow_factory() as uow:
        interviews.save_rating(manager, uow, interview_id, q1.id, value=4, note="Lod borgeren taste selv", expected_version=0)
    with uow_factory() as uow:
        interviews.save_rating(manager, uow, interview_id, q2.id, value=None, not_assessed=True, expected_version=0)
    with uow_factory() as uow:
        interviews.move_to(manager, uow, interview_id, 3)
    with uow_factory() as uow:  # a new session: as after a reload or a server restart
        view = scorecards.get_interview(manager, uow, interview_id)
    assert (view.rating(q1.id).value, view.rating(q1.id).note) == (4, "Lod borgeren taste selv")
    assert view.rating(q2.id).not_assessed and view.rating(q2.id).value is None
    assert view.summary.position == 3
    assert view.summary.answered == 1  # "not assessed" is a choice, not a rating: progress counts ratings


def test_a_second_tab_saving_over_a_newer_rating_is_told_and_shown_the_current_value(uow_factory, catalog, setting):
    _, manager, person = setting
    (q1,) = first_questions(catalog, "udviklingssamtale", 1)
    with uow_factory() as uow:
        interview_id = interviews.start_interview(manager, uow, catalog, person_id=person, guide_id="udviklingssamtale")
    with uow_factory() as uow:  # tab A
        saved = interviews.save_rating(manager, uow, interview_id, q1.id, value=3, note="A", expected_version=0)
    with uow_factory() as uow, pytest.raises(EditConflict) as raised:  # tab B still shows the empty question
        interviews.save_rating(manager, uow, interview_id, q1.id, value=5, note="B", expected_version=0)
    assert (raised.value.current.value, raised.value.current.note) == (3, "A")
    with uow_factory() as uow:  # tab A again, from what it saved
        interviews.save_rating(manager, uow, interview_id, q1.id, value=2, note="A2", expected_version=saved.version)
    with uow_factory() as uow:
        assert scorecards.get_interview(manager, uow, interview_id).rating(q1.id).value == 2


def test_a_rating_off_the_scale_or_of_an_unknown_question_is_refused(uow_factory, catalog, setting):
    _, manager, person = setting
    (q1,) = first_questions(catalog, "udviklingssamtale", 1)
    with uow_factory() as uow:
        interview_id = interviews.start_interview(manager, uow, catalog, person_id=person, guide_id="udviklingssamtale")
    with uow_factory() as uow, pytest.raises(InvalidInput) as raised:
        interviews.save_rating(manager, uow, interview_id, q1.id, value=6, expected_version=0)
    assert raised.value.field == "value"
    with uow_factory() as uow, pytest.raises(InvalidInput) as raised:
        interviews.save_rating(manager, uow, interview_id, "nope", value=3, expected_version=0)
    assert raised.value.field == "question_id"
    with uow_factory() as uow, pytest.raises(InvalidInput) as raised:
        interviews.save_rating(manager, uow, interview_id, q1.id, value=3, note="x" * 4001, expected_version=0)
    assert raised.value.field == "note"


def test_completing_marks_it_done_and_freezes_it(uow_factory, catalog, setting):
    _, manager, person = setting
    (q1,) = first_questions(catalog, "udviklingssamtale", 1)
    with uow_factory() as uow:
        interview_id = interviews.start_interview(manager, uow, catalog, person_id=person, guide_id="udviklingssamtale")
    with uow_factory() as uow, pytest.raises(NotAllowedNow):
        interviews.complete_interview(manager, uow, interview_id)  # nothing rated yet
    with uow_factory() as uow:
        interviews.save_rating(manager, uow, interview_id, q1.id, value=4, expected_version=0)
    with uow_factory() as uow:
        interviews.complete_interview(manager, uow, interview_id)
    with uow_factory() as uow:
        view = scorecards.get_interview(manager, uow, interview_id)
        assert view.summary.status is InterviewStatus.COMPLETED and view.summary.completed_at is not None
    with uow_factory() as uow, pytest.raises(NotAllowedNow):
        interviews.save_rating(manager, uow, interview_id, q1.id, value=1, expected_version=1)


def test_only_the_rater_edits_a_scorecard_and_others_do_not_see_a_draft(uow_factory, catalog, setting):
    admin, manager, person = setting
    (q1,) = first_questions(catalog, "udviklingssamtale", 1)
    with uow_factory() as uow:
        other = make_user(uow, "Other Leder", Role.MANAGER)
        interview_id = interviews.start_interview(manager, uow, catalog, person_id=person, guide_id="udviklingssamtale")
    with uow_factory() as uow, pytest.raises(AccessDenied):
        interviews.save_rating(admin, uow, interview_id, q1.id, value=3, expected_version=0)
    with uow_factory() as uow, pytest.raises(NotFound):
        scorecards.get_interview(other, uow, interview_id)


def test_an_interview_is_scored_with_the_content_it_was_run_with(uow_factory, catalog, setting):
    _, manager, person = setting
    guide = catalog.guide("udviklingssamtale")
    q1 = guide.questions[0]
    with uow_factory() as uow:
        interview_id = interviews.start_interview(manager, uow, catalog, person_id=person, guide_id=guide.id)
        interviews.save_rating(manager, uow, interview_id, q1.id, value=2, expected_version=0)
    with uow_factory() as uow:
        interviews.complete_interview(manager, uow, interview_id)
    # The files change afterwards: the question is reweighted and the target raised.
    changed_guide = guide.model_copy(update={"questions": [q1.model_copy(update={"weight": 5.0}), *guide.questions[1:]]})
    framework = catalog.framework(guide.framework)
    changed_framework = framework.model_copy(update={"version": "2099.1"})
    edited = Catalog(frameworks={framework.id: changed_framework}, guides={guide.id: changed_guide})
    with uow_factory() as uow:
        view = scorecards.get_interview(manager, uow, interview_id)
        result = results.person_result(manager, uow, person)
    assert view.guide == guide and view.framework.version == framework.version
    assert view.guide != edited.guide(guide.id)
    assert result.panel.consolidated.competence(q1.competence).score == 2.0
    assert result.panel.consolidated.framework_version == framework.version


def test_a_self_assessment_is_filled_only_by_the_person_themself(uow_factory, catalog, setting):
    _, manager, _ = setting
    with uow_factory() as uow:
        employee = make_user(uow, "Ea Ansat", Role.EMPLOYEE)
        (team,) = uow.teams.led_by(manager.user_id)
        person = make_person(uow, "Ea Ansat", team_id=team.id, user=employee)
    with uow_factory() as uow, pytest.raises(AccessDenied):
        interviews.start_interview(manager, uow, catalog, person_id=person, guide_id="selvvurdering")
    with uow_factory() as uow:
        interview_id = interviews.start_interview(employee, uow, catalog, person_id=person, guide_id="selvvurdering")
        assert scorecards.get_interview(employee, uow, interview_id).summary.rater_role.value == "self"


def test_drafts_and_recent_results_are_listed_for_the_overview(uow_factory, catalog, setting, clock):
    _, manager, person = setting
    (q1,) = first_questions(catalog, "udviklingssamtale", 1)
    with uow_factory() as uow:
        done = interviews.start_interview(manager, uow, catalog, person_id=person, guide_id="udviklingssamtale")
        interviews.save_rating(manager, uow, done, q1.id, value=4, expected_version=0)
    with uow_factory() as uow:
        interviews.complete_interview(manager, uow, done)
    clock.advance(days=1)
    with uow_factory() as uow:
        draft = interviews.start_interview(manager, uow, catalog, person_id=person, guide_id="udviklingssamtale")
    with uow_factory() as uow:
        assert [d.id for d in interview_views.my_drafts(manager, uow)] == [draft]
        assert [r.id for r in interview_views.recent_results(manager, uow)] == [done]


def test_discarding_a_draft_removes_it(uow_factory, catalog, setting):
    _, manager, person = setting
    with uow_factory() as uow:
        draft = interviews.start_interview(manager, uow, catalog, person_id=person, guide_id="udviklingssamtale")
    with uow_factory() as uow:
        interviews.discard_draft(manager, uow, draft)
    with uow_factory() as uow:
        assert interview_views.my_drafts(manager, uow) == []


def test_a_dialogue_topic_keeps_its_note_but_is_never_rated_nor_evidence(uow_factory, catalog):
    with uow_factory() as uow:
        manager = make_user(uow, "Mette Leder", Role.MANAGER)
        anne = make_person(uow, "Anne Ansat", team_id=make_team(uow, "Nord", manager))
    with uow_factory() as uow:
        interview_id = interviews.start_interview(manager, uow, catalog, person_id=anne, guide_id="udviklingssamtale")
    with uow_factory() as uow, pytest.raises(InvalidInput):
        interviews.save_rating(manager, uow, interview_id, "mus-trivsel", value=2, expected_version=0)
    with uow_factory() as uow:
        interviews.save_rating(manager, uow, interview_id, "mus-trivsel", value=None, note="Aftalt: færre vagter i skranken", expected_version=0)
        interviews.save_rating(manager, uow, interview_id, "mus-robusthed-3", value=4, expected_version=0)
    with uow_factory() as uow:
        interviews.complete_interview(manager, uow, interview_id)
    with uow_factory() as uow:
        assert scorecards.get_interview(manager, uow, interview_id).rating("mus-trivsel").note.startswith("Aftalt")
        result = results.person_result(manager, uow, anne, f"interview:{interview_id}")
    assert result.panel.consolidated.competence("evner-at-vaere-paa").n_ratings == 1
    assert all(e.question_id != "mus-trivsel" for e in result.evidence)


def test_a_paper_interview_is_entered_at_once_and_a_stale_form_or_a_future_date_saves_nothing(uow_factory, catalog, setting, clock):
    from datetime import timedelta

    _, manager, person = setting
    q1, q2 = first_questions(catalog, "udviklingssamtale")
    with uow_factory() as uow:
        interview_id = interviews.start_interview(manager, uow, catalog, person_id=person, guide_id="udviklingssamtale")
    today = clock().date()
    entries = [interviews.PaperEntry(question_id=q1.id, value=3, note="Fra papiret"),
               interviews.PaperEntry(question_id=q2.id, not_assessed=True)]
    with uow_factory() as uow, pytest.raises(InvalidInput) as refused:
        interviews.enter_from_paper(manager, uow, interview_id, today + timedelta(days=1), entries)
    assert refused.value.field == "held_on"
    with uow_factory() as uow, pytest.raises(InvalidInput) as refused:  # the probe back-dated one to 1900
        interviews.enter_from_paper(manager, uow, interview_id, date(1900, 1, 1), entries)
    assert (refused.value.field, refused.value.message_key) == ("held_on", "error.held_too_early")
    with uow_factory() as uow, pytest.raises(InvalidInput):  # more than a year before the person was registered
        interviews.enter_from_paper(manager, uow, interview_id, today - timedelta(days=367), entries)
    with uow_factory() as uow:
        summary = interviews.enter_from_paper(manager, uow, interview_id, today - timedelta(days=2), entries)
    assert (summary.entered_from_paper, summary.held_on, summary.answered, summary.status) == (
        True, today - timedelta(days=2), 1, InterviewStatus.DRAFT)
    stale = [interviews.PaperEntry(question_id=q1.id, value=5, version=0)]  # the form showed nothing stored
    with uow_factory() as uow, pytest.raises(EditConflict):
        interviews.enter_from_paper(manager, uow, interview_id, today, stale, complete=True)
    with uow_factory() as uow:
        view = scorecards.get_interview(manager, uow, interview_id)
    assert (view.rating(q1.id).value, view.summary.status) == (3, InterviewStatus.DRAFT)
    with uow_factory() as uow:
        done = interviews.enter_from_paper(manager, uow, interview_id, today, [], complete=True)
    assert done.status == InterviewStatus.COMPLETED
