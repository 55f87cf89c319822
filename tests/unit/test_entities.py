"""What may happen to a scorecard, a round and a development plan: the entities' own rules, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from profiling.domain.errors import EditConflict, InvalidInput, NotAllowedNow
from profiling.domain.interviews import Interview, question_key
from profiling.domain.plans import Goal, Plan
from profiling.domain.rounds import Minutes, Reference, Round
from profiling.domain.scoring import RaterRole
from profiling.domain.states import InterviewStatus, RoundStatus

NOW = datetime(2026, 11, 2, 10, tzinfo=UTC)


@pytest.fixture
def guide(catalog):
    return catalog.guide("udviklingssamtale")


@pytest.fixture
def draft(catalog, guide):
    return Interview.begin(
        person_id=1, guide=guide, framework=catalog.framework(guide.framework), guide_snapshot_id=1,
        framework_snapshot_id=2, rater_id=3, rater_name="Leder", rater_role=RaterRole.MANAGER, now=NOW,
    )


def rate(interview, guide, catalog, question_id, version=0, **values):
    values = {"value": 3, "not_assessed": False, "note": "", "private": False, **values}
    scale = catalog.framework(guide.framework).scale
    return interview.rate(guide, scale, question_id, expected_version=version, now=NOW, **values)


def test_a_new_scorecard_is_a_draft_at_the_introduction_with_the_guides_mode(draft, guide):
    assert (draft.status, draft.position, draft.mode, draft.ratings) == (InterviewStatus.DRAFT, 0, guide.mode, [])


def test_rating_a_question_twice_keeps_one_entry_with_the_latest_value_and_note(draft, guide, catalog):
    question = guide.scored_questions()[0]
    entry = rate(draft, guide, catalog, question.id, value=2, note="første")
    entry.version = 1  # as stored
    again = rate(draft, guide, catalog, question.id, version=1, value=4, note="anden")
    assert again is entry
    assert (len(draft.ratings), entry.item_key, entry.value, entry.note) == (1, question_key(question.id), 4, "anden")


def test_a_save_from_a_screen_that_showed_an_older_version_changes_nothing_and_hands_back_what_is_stored(draft, guide, catalog):
    question = guide.scored_questions()[0]
    entry = rate(draft, guide, catalog, question.id, value=2)
    entry.version = 3
    with pytest.raises(EditConflict) as conflict:
        rate(draft, guide, catalog, question.id, version=2, value=5)
    assert conflict.value.current is entry
    assert entry.value == 2


def test_a_first_save_from_a_screen_that_believed_something_was_stored_is_refused(draft, guide, catalog):
    with pytest.raises(EditConflict) as conflict:
        rate(draft, guide, catalog, guide.scored_questions()[0].id, version=1)
    assert conflict.value.current is None
    assert draft.ratings == []


def test_not_assessed_never_stands_beside_a_value(draft, guide, catalog):
    question = guide.scored_questions()[0]
    assert rate(draft, guide, catalog, question.id, value=None, not_assessed=True).answered
    entry = rate(draft, guide, catalog, guide.scored_questions()[1].id, value=4, not_assessed=True)
    assert (entry.value, entry.not_assessed) == (4, False)


def test_a_dialogue_topic_takes_a_note_but_never_a_rating(draft, guide, catalog):
    topic = next(q for q in guide.questions if not q.scored)
    assert rate(draft, guide, catalog, topic.id, value=None, note="Trives godt").note == "Trives godt"
    with pytest.raises(InvalidInput) as refused:
        rate(draft, guide, catalog, topic.id, value=3)
    assert refused.value.field == "value"


def test_a_value_off_the_scale_or_an_unknown_question_is_refused_with_the_field_named(draft, guide, catalog):
    scale = catalog.framework(guide.framework).scale
    with pytest.raises(InvalidInput) as off:
        rate(draft, guide, catalog, guide.scored_questions()[0].id, value=scale.max_level + 1)
    with pytest.raises(InvalidInput) as unknown:
        rate(draft, guide, catalog, "no-such-question")
    assert (off.value.field, unknown.value.field) == ("value", "question_id")
    assert draft.ratings == []


def test_a_scorecard_with_nothing_rated_cannot_be_completed(draft, guide, catalog):
    rate(draft, guide, catalog, guide.scored_questions()[0].id, value=None, not_assessed=True)
    with pytest.raises(NotAllowedNow):
        draft.complete(NOW)
    assert draft.status == InterviewStatus.DRAFT


def test_a_completed_scorecard_is_dated_and_never_changes_again(draft, guide, catalog):
    question = guide.scored_questions()[0]
    rate(draft, guide, catalog, question.id, value=3)
    draft.complete(NOW)
    assert (draft.status, draft.completed_at) == (InterviewStatus.COMPLETED, NOW)
    for change in (
        lambda: rate(draft, guide, catalog, question.id, value=1),
        lambda: draft.move_to(guide, 1),
        lambda: draft.complete(NOW),
    ):
        with pytest.raises(NotAllowedNow):
            change()
    assert draft.ratings[0].value == 3


@given(st.integers(min_value=-50, max_value=50))
def test_the_position_in_a_conversation_stays_between_the_introduction_and_the_summary(catalog, position):
    guide = catalog.guide("udviklingssamtale")
    interview = Interview.begin(
        person_id=1, guide=guide, framework=catalog.framework(guide.framework), guide_snapshot_id=1,
        framework_snapshot_id=2, rater_id=3, rater_name="Leder", rater_role=RaterRole.MANAGER, now=NOW,
    )
    kept = interview.move_to(guide, position)
    assert 0 <= kept <= len(guide.competence_order()) + 1
    assert kept == position or not 0 <= position <= len(guide.competence_order()) + 1


def a_round() -> Round:
    return Round(title="Borgerservicemedarbejder", framework_id="f", guide_id="rekruttering", created_at=NOW)


def test_a_candidate_is_placed_on_a_round_once_and_can_be_withdrawn():
    round_ = a_round()
    assert round_.place(7, NOW) is True
    assert round_.place(7, NOW + timedelta(days=1)) is False
    assert [(c.person_id, c.added_at) for c in round_.candidates] == [(7, NOW)]
    assert (round_.withdraw(7), round_.withdraw(7), round_.candidate_ids) == (True, False, set())


def test_seating_a_panel_keeps_the_seats_of_those_who_stay_and_ignores_repeats():
    round_ = a_round()
    round_.seat_panel([1, 2, 2])
    stays = round_.panel[1]
    round_.seat_panel([3, 2])
    assert [seat.user_id for seat in round_.panel] == [2, 3]
    assert round_.panel[0] is stays


def minutes(**values: object) -> Minutes:
    return Minutes(recommendation="", decided_by="Ansættelsesudvalget", decided_on=NOW.date(), written_at=NOW,
                   **values)  # type: ignore[arg-type]


def test_a_round_closes_only_with_its_minutes_and_nothing_holding_the_decision():
    round_ = a_round()
    with pytest.raises(NotAllowedNow) as refused:
        round_.set_status(RoundStatus.CLOSED, NOW)
    assert refused.value.message_key == "error.close_without_minutes"
    round_.write_minutes(minutes(), assessed=[], flagged=[], notes_outstanding=0, today=NOW.date())
    round_.place(7, NOW)
    round_.candidacy(7).access_requested_at = NOW  # type: ignore[union-attr]  # an applicant asks to see their case
    with pytest.raises(NotAllowedNow) as refused:
        round_.set_status(RoundStatus.CLOSED, NOW)
    assert refused.value.message_key == "error.decision_on_hold_access"
    round_.candidacy(7).access_delivered_at = NOW  # type: ignore[union-attr]
    round_.set_status(RoundStatus.CLOSED, NOW)


def test_the_minutes_need_reasons_for_every_assessed_candidate_and_an_explanation_for_every_flagged_one():
    round_ = a_round()
    for person in (1, 2):
        round_.place(person, NOW)
    with pytest.raises(InvalidInput) as refused:
        round_.write_minutes(minutes(reasons={"1": "Stærk"}), assessed=[1, 2], flagged=[], notes_outstanding=0, today=NOW.date())
    assert refused.value.field == "reasons.2"
    with pytest.raises(InvalidInput) as refused:
        round_.write_minutes(minutes(reasons={"1": "a", "2": "b"}), assessed=[1, 2], flagged=[2], notes_outstanding=0,
                             today=NOW.date())
    assert refused.value.field == "explanations.2"
    with pytest.raises(NotAllowedNow):
        round_.write_minutes(minutes(reasons={"1": "a", "2": "b"}), assessed=[1, 2], flagged=[], notes_outstanding=1,
                             today=NOW.date())
    with pytest.raises(InvalidInput):
        round_.write_minutes(minutes(recommended=[9]), assessed=[], flagged=[], notes_outstanding=0, today=NOW.date())
    round_.write_minutes(minutes(recommended=[1], reasons={"1": "a", "2": "b"}, explanations={"2": "syg"}),
                         assessed=[1, 2], flagged=[2], notes_outstanding=0, today=NOW.date())
    assert round_.minutes is not None and round_.minutes.reason_for(2) == "b"


def test_a_reference_against_the_candidate_holds_the_decision_until_the_answer_or_the_deadline():
    reference = Reference(person_id=1, referee_name="Tidligere leder", consent_at=NOW, taken_at=NOW, weighs_against=True)
    today = NOW.date()
    assert reference.holds_decision(today)  # not yet put to the candidate
    with pytest.raises(InvalidInput):
        reference.start_hearing("Oplysningerne ...", today, NOW)  # the deadline lies ahead
    reference.start_hearing("Oplysningerne ...", today + timedelta(days=7), NOW)
    assert reference.holds_decision(today + timedelta(days=7)) and not reference.holds_decision(today + timedelta(days=8))
    reference.record_answer("Det passer ikke: se min udtalelse", NOW)
    assert not reference.holds_decision(today)
    assert not Reference(person_id=1, referee_name="R", consent_at=NOW, taken_at=NOW).holds_decision(today)


def test_a_closed_round_is_dated_refuses_changes_and_can_be_opened_again():
    round_ = a_round()
    round_.write_minutes(minutes(), assessed=[], flagged=[], notes_outstanding=0, today=NOW.date())
    round_.set_status(RoundStatus.CLOSED, NOW)
    assert (round_.is_open, round_.closed_at) == (False, NOW)
    with pytest.raises(NotAllowedNow):
        round_.require_open()
    round_.set_status(RoundStatus.OPEN, NOW)
    assert (round_.is_open, round_.closed_at) == (True, None)
    round_.require_open()


def test_revising_an_agreed_plan_withdraws_both_agreements_and_numbers_the_goals():
    plan = Plan(person_id=1, framework_id="f", title="Plan 2026", created_at=NOW)
    plan.agree(as_employee=False, now=NOW)
    plan.agree(as_employee=True, now=NOW)
    assert plan.agreed
    plan.revise("Plan 2027", [Goal(competence_id="a", goal="Lære"), Goal(competence_id="b", goal="Øve")])
    assert (plan.title, plan.manager_agreed_at, plan.employee_agreed_at, plan.agreed) == ("Plan 2027", None, None, False)
    assert [(g.position, g.competence_id) for g in plan.goals] == [(0, "a"), (1, "b")]


def test_a_plan_agreed_by_one_party_only_is_not_agreed():
    plan = Plan(person_id=1, framework_id="f", title="Plan", created_at=NOW)
    plan.agree(as_employee=True, now=NOW)
    assert (plan.employee_agreed_at, plan.manager_agreed_at, plan.agreed) == (NOW, None, False)


def test_a_check_in_is_dated_and_a_response_can_be_given_and_withdrawn():
    goal = Goal(competence_id="a", goal="Vise borgeren selvbetjeningen")
    entry = goal.check_in("Prøvede det med en borger", 4, NOW)
    assert (goal.last_practised(), entry.author_id, entry.response) == (NOW, 4, "")
    entry.respond("Godt set", 2, NOW + timedelta(days=1))
    assert (entry.response, entry.responded_by_id, entry.responded_at) == ("Godt set", 2, NOW + timedelta(days=1))
    entry.respond("", 2, NOW + timedelta(days=2))
    assert (entry.response, entry.responded_by_id, entry.responded_at) == ("", None, None)


def test_an_open_goal_is_quiet_when_nothing_was_practised_since_the_cutoff():
    created = NOW - timedelta(weeks=10)
    goal = Goal(competence_id="a", goal="Øve")
    assert goal.quiet_since(NOW - timedelta(weeks=4), created)  # never practised: counted from the plan's date
    goal.check_in("Øvede", 4, NOW - timedelta(weeks=1))
    assert not goal.quiet_since(NOW - timedelta(weeks=4), created)
    done = Goal(competence_id="b", goal="Færdig", status="done")
    assert not done.quiet_since(NOW, created)  # a finished goal is never nagged about


def test_revising_a_plan_keeps_the_goals_that_stay_with_their_check_ins():
    plan = Plan(person_id=1, framework_id="f", title="Plan", created_at=NOW)
    plan.revise("Plan", [Goal(competence_id="a", goal="Øve"), Goal(competence_id="b", goal="Lære")])
    kept = plan.goals[0]
    kept.check_in("Øvede", 4, NOW)
    plan.revise("Plan 2", [Goal(competence_id="c", goal="Nyt"), Goal(competence_id="a", goal="Øve", status="done")])
    assert [g.competence_id for g in plan.goals] == ["c", "a"]
    assert plan.goals[1] is kept and kept.status == "done" and len(kept.check_ins) == 1 and kept.position == 1


def test_a_hired_candidate_becomes_an_employee_of_the_team_with_the_round_behind_them():
    from profiling.domain.people import Person
    from profiling.domain.states import PersonKind

    person = Person(kind=PersonKind.CANDIDATE, name="Maja", created_at=NOW, updated_at=NOW, consent_until=NOW.date())
    person.hire(7, 3, NOW + timedelta(days=1))
    assert (person.kind, person.team_id, person.hired_from_round_id, person.consent_until) == (PersonKind.EMPLOYEE, 3, 7, None)
    assert person.updated_at == NOW + timedelta(days=1)
