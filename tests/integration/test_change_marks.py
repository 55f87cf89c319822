"""Change marks: a save moves the marks of exactly what it changed, so a page's cached read is fresh."""

from __future__ import annotations

from profiling.persistence.changes import EVERYTHING, SHARED, person_scope, round_scope, team_scope
from profiling.reads import preparation, results, scorecards, team
from profiling.services import accounts, audit, interviews, people, rounds, sign_in
from profiling.services.actors import Role
from tests.integration.helpers import declare_eligible, make_person, make_round_with_panel, make_team, make_user


def marks(uow_factory, *scopes: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        return dict(zip(sorted(scopes), uow.marks(scopes), strict=True))


def test_a_rating_moves_the_marks_of_its_person_and_their_team_and_nobody_elses(uow_factory, catalog):
    with uow_factory() as uow:
        manager = make_user(uow, "Lene Leder", Role.MANAGER)
        team_id = make_team(uow, "Borgerservice Nord", manager)
        other_team = make_team(uow, "Borgerservice Syd", manager)
        emil = make_person(uow, "Emil Thorsen", team_id=team_id)
        sara = make_person(uow, "Sara Holm", team_id=other_team)
    with uow_factory() as uow:
        interview_id = interviews.start_interview(manager, uow, catalog, person_id=emil, guide_id="udviklingssamtale")
    scopes = (person_scope(emil), team_scope(team_id), person_scope(sara), team_scope(other_team), EVERYTHING, SHARED)
    before = marks(uow_factory, *scopes)
    with uow_factory() as uow:
        view = scorecards.get_interview(manager, uow, interview_id)
        question = view.guide.scored_questions()[0]
        interviews.save_rating(manager, uow, interview_id, question.id, value=4, expected_version=0)
    after = marks(uow_factory, *scopes)

    moved = {scope for scope in scopes if after[scope] != before[scope]}
    assert moved == {person_scope(emil), team_scope(team_id), EVERYTHING}


def a_mus_being_held(uow_factory, catalog):  # type: ignore[no-untyped-def]
    """A manager, her team Nord with Emil in it, and the MUS she has started with him: (manager, team, Emil, its id)."""
    with uow_factory() as uow:
        manager = make_user(uow, "Lene Leder", Role.MANAGER)
        team_id = make_team(uow, "Borgerservice Nord", manager)
        emil = make_person(uow, "Emil Thorsen", team_id=team_id)
    with uow_factory() as uow:
        interview_id = interviews.start_interview(manager, uow, catalog, person_id=emil, guide_id="udviklingssamtale")
    return manager, team_id, emil, interview_id


def rate_the_first_question(uow_factory, manager, interview_id: int, value: int) -> None:  # type: ignore[no-untyped-def]
    with uow_factory() as uow:
        question = scorecards.get_interview(manager, uow, interview_id).guide.scored_questions()[0]
        interviews.save_rating(manager, uow, interview_id, question.id, value=value, expected_version=0)


def version(uow_factory, query, **arguments):  # type: ignore[no-untyped-def]
    """The marks of the data a read declares it depends on, as the pages' runner compares them."""
    with uow_factory() as uow:
        return uow.marks(query.scopes(uow, arguments))


def test_a_reads_version_changes_when_another_user_saves_and_not_when_someone_only_reads(uow_factory, catalog):
    with uow_factory() as uow:
        manager = make_user(uow, "Lene Leder", Role.MANAGER)
        team_id = make_team(uow, "Borgerservice Nord", manager)
        emil = make_person(uow, "Emil Thorsen", team_id=team_id)
    first = version(uow_factory, results.person_result, person_id=emil)
    team_first = version(uow_factory, team.team_overview, team_ids=[team_id])
    with uow_factory() as uow:  # reading a profile writes an audit row, which changes nothing shown
        audit.record_reads(manager, uow, [("result.read", emil, "")])
    assert version(uow_factory, results.person_result, person_id=emil) == first
    with uow_factory() as uow:
        interviews.start_interview(manager, uow, catalog, person_id=emil, guide_id="udviklingssamtale")
    assert version(uow_factory, results.person_result, person_id=emil) != first
    assert version(uow_factory, team.team_overview, team_ids=[team_id]) != team_first


def test_a_sign_in_moves_no_mark_but_a_changed_role_moves_the_shared_one(uow_factory):
    with uow_factory() as uow:
        admin = make_user(uow, "Anna Admin")
        accounts.create_user(admin, uow, {
            "name": "Bo Bruger", "email": "bo@eksempelby.example", "role": "manager", "password": "lyseblå-kaffekande-93",
        })
    before = marks(uow_factory, SHARED, EVERYTHING)
    accounts_before = marks(uow_factory, "accounts")["accounts"]
    with uow_factory() as uow:
        sign_in.sign_in(uow, "bo@eksempelby.example", "lyseblå-kaffekande-93", "test", 12)
    assert marks(uow_factory, SHARED, EVERYTHING) == before
    assert marks(uow_factory, "accounts")["accounts"] > accounts_before  # the administrator's list shows the sign-in
    with uow_factory() as uow:
        bo = uow.users.by_email("bo@eksempelby.example")
        accounts.update_account(admin, uow, bo.id, role=Role.RECRUITER)
    assert marks(uow_factory, SHARED)[SHARED] > before[SHARED]


def test_a_panel_members_scorecard_moves_the_rounds_mark(uow_factory, catalog):
    owner, anne, _bo, created = make_round_with_panel(uow_factory, catalog)
    with uow_factory() as uow:
        placed = rounds.add_new_candidate(owner, uow, created.id, {"name": "Karin Kandidat", "email": None})
    candidate = placed.candidates[0].id
    declare_eligible(uow_factory, created.id, candidate, anne)
    before = marks(uow_factory, round_scope(created.id), person_scope(candidate))
    with uow_factory() as uow:
        interviews.start_interview(anne, uow, catalog, person_id=candidate, round_id=created.id)
    after = marks(uow_factory, round_scope(created.id), person_scope(candidate))
    assert after[round_scope(created.id)] > before[round_scope(created.id)]
    assert after[person_scope(candidate)] > before[person_scope(candidate)]


def test_renaming_a_candidate_moves_the_marks_of_the_rounds_they_are_in(uow_factory, catalog):
    owner, _anne, _bo, created = make_round_with_panel(uow_factory, catalog)
    with uow_factory() as uow:
        placed = rounds.add_new_candidate(owner, uow, created.id, {"name": "Karin Kandidat", "email": None})
    candidate = placed.candidates[0]
    before = marks(uow_factory, round_scope(created.id))
    with uow_factory() as uow:
        people.update_person(
            owner, uow, candidate.id, {"name": "Karin K. Kandidat", "email": None, "kind": candidate.kind, "team_id": None},
            candidate.version,
        )
    assert marks(uow_factory, round_scope(created.id))[round_scope(created.id)] > before[round_scope(created.id)]


def test_a_rating_moves_neither_the_list_of_people_nor_the_list_of_rounds_but_a_new_round_and_a_new_person_do(uow_factory, catalog):
    owner, _anne, _bo, created = make_round_with_panel(uow_factory, catalog)
    manager, _team, _emil, interview_id = a_mus_being_held(uow_factory, catalog)
    before = marks(uow_factory, "people", "rounds")
    rate_the_first_question(uow_factory, manager, interview_id, 3)
    assert marks(uow_factory, "people", "rounds") == before
    with uow_factory() as uow:
        rounds.add_new_candidate(owner, uow, created.id, {"name": "Karin Kandidat", "email": None})
    after = marks(uow_factory, "people", "rounds")
    assert after["people"] > before["people"] and after["rounds"] > before["rounds"]


def test_a_rating_in_a_conversation_still_held_leaves_the_mus_preparation_and_completing_it_moves_it(uow_factory, catalog):
    """The manager's screen keeps the preparation beside the questions: their own ratings do not change it (they
    count once the conversation is completed), so it is not built again after each one."""
    manager, _team, emil, interview_id = a_mus_being_held(uow_factory, catalog)
    started = version(uow_factory, preparation.mus_preparation, person_id=emil)
    result_before = version(uow_factory, results.person_result, person_id=emil)
    rate_the_first_question(uow_factory, manager, interview_id, 4)
    assert version(uow_factory, preparation.mus_preparation, person_id=emil) == started
    assert version(uow_factory, results.person_result, person_id=emil) != result_before  # the profile shows drafts
    with uow_factory() as uow:
        interviews.complete_interview(manager, uow, interview_id)
    completed = version(uow_factory, preparation.mus_preparation, person_id=emil)
    assert completed != started
    with uow_factory() as uow:  # a completed scorecard's rating changed (as an erasure or a correction would)
        card = uow.interviews.get(interview_id)
        card.ratings[0].note = "rettet"
        uow.commit()
    assert version(uow_factory, preparation.mus_preparation, person_id=emil) != completed


def test_a_declared_disqualification_moves_the_list_of_rounds_whose_pickers_count_the_candidates_a_member_sees(
    uow_factory, catalog
):
    from profiling.services import cases

    owner, _anne, bo, created = make_round_with_panel(uow_factory, catalog)
    with uow_factory() as uow:
        placed = rounds.add_new_candidate(owner, uow, created.id, {"name": "Karin Kandidat", "email": None})
    before = marks(uow_factory, "rounds", round_scope(created.id))
    with uow_factory() as uow:
        cases.declare(bo, uow, created.id, placed.candidates[0].id, True, "Karin er min søster")
    after = marks(uow_factory, "rounds", round_scope(created.id))
    assert after["rounds"] > before["rounds"]
    assert after[round_scope(created.id)] > before[round_scope(created.id)]
