"""The access policy, cell by cell: every permission, on every kind of subject, for every kind of actor.

The actors: an administrator; Mette, manager of team 1, who owns the open round 10 and sits on the panel
of the open round 11; Camilla, recruiter, who owns round 20 (closed) and sits on the panel of round 10;
Jonas, manager of team 2 only; Emil, employee in team 2 (person 100); Tina, an employee without a team who
sits on round 10's hiring committee (the union representative); Peter, recruiter on round 10's panel, who
declared himself disqualified for its external candidate (person 102). Each row of the table names who may.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from profiling.domain import policy
from profiling.domain.actors import Actor, Role
from profiling.domain.policy import (
    Candidature,
    Hiring,
    Joining,
    Permission,
    PersonFacts,
    Placement,
    PrivateNote,
    Relations,
    RoundFacts,
    ScorecardFacts,
    TeamFacts,
)

ADMIN = Actor(1, "Anders", Role.ADMIN)
METTE = Actor(2, "Mette", Role.MANAGER)
CAMILLA = Actor(3, "Camilla", Role.RECRUITER)
JONAS = Actor(5, "Jonas", Role.MANAGER)
EMIL = Actor(4, "Emil", Role.EMPLOYEE)
TINA = Actor(6, "Tina", Role.EMPLOYEE)
PETER = Actor(7, "Peter", Role.RECRUITER)
EVERYONE = {"admin": ADMIN, "mette": METTE, "camilla": CAMILLA, "jonas": JONAS, "emil": EMIL, "tina": TINA, "peter": PETER}
RELATIONS = {
    "admin": policy.NO_RELATIONS,
    "mette": Relations(led_team_ids=frozenset({1}), owned_round_ids=frozenset({10}), panel_round_ids=frozenset({11})),
    "camilla": Relations(owned_round_ids=frozenset({20}), panel_round_ids=frozenset({10})),
    "jonas": Relations(led_team_ids=frozenset({2})),
    "emil": Relations(own_person_id=100, own_team_id=2),
    "tina": Relations(own_person_id=106, committee_round_ids=frozenset({10})),
    "peter": Relations(panel_round_ids=frozenset({10}), disqualified=frozenset({(10, 102)})),
}

IN_TEAM_1 = PersonFacts(id=101, kind="employee", team_id=1, user_id=11)
EMIL_PERSON = PersonFacts(id=100, kind="employee", team_id=2, user_id=4)
EXTERNAL = PersonFacts(id=102, kind="candidate", candidate_round_ids=frozenset({10}))
INTERNAL_APPLICANT = PersonFacts(id=103, kind="employee", team_id=2, user_id=13, candidate_round_ids=frozenset({10}))
IN_ROUND_20 = PersonFacts(id=104, kind="candidate", candidate_round_ids=frozenset({20}))
HIRED_EMIL = PersonFacts(id=100, kind="employee", team_id=2, user_id=4, candidate_round_ids=frozenset({10}),
                         hired_from_round_id=10)
ROUND_10 = RoundFacts(id=10, owner_id=2, is_open=True)
ROUND_11 = RoundFacts(id=11, owner_id=9, is_open=True)
ROUND_20 = RoundFacts(id=20, owner_id=3, is_open=False)


def card(rater: int, person: PersonFacts, round_: RoundFacts | None = None, *, completed: bool = True,
         role: str = "manager", own_done: bool = False) -> ScorecardFacts:
    return ScorecardFacts(rater_id=rater, rater_role=role, completed=completed, person=person, round=round_,
                          actor_completed_own=own_done)


A, M, C, J, E, T, P = "admin", "mette", "camilla", "jonas", "emil", "tina", "peter"
MATRIX: list[tuple[str, Permission, object, set[str]]] = [
    ("users and settings", Permission.ADMINISTER, None, {A}),
    ("people records at all", Permission.MANAGE_PEOPLE, None, {A, M, C, J, P}),
    ("recruitment at all", Permission.RUN_RECRUITMENT, None, {A, M, C, J, P}),
    ("see a team 1 member", Permission.SEE_PERSON, IN_TEAM_1, {A, M}),
    ("see Emil", Permission.SEE_PERSON, EMIL_PERSON, {A, J, E}),
    ("see an external candidate of round 10", Permission.SEE_PERSON, EXTERNAL, {A, M, C, T}),
    ("see an internal applicant (team 2, round 10)", Permission.SEE_PERSON, INTERNAL_APPLICANT, {A, M, C, J, T, P}),
    ("lead a team 1 member", Permission.LEAD_PERSON, IN_TEAM_1, {A, M}),
    ("lead an internal applicant", Permission.LEAD_PERSON, INTERNAL_APPLICANT, {A, J}),
    ("lead an external candidate", Permission.LEAD_PERSON, EXTERNAL, {A}),
    ("development data of Emil", Permission.SEE_DEVELOPMENT, EMIL_PERSON, {A, J, E}),
    ("development data of an internal applicant", Permission.SEE_DEVELOPMENT, INTERNAL_APPLICANT, {A, J}),
    ("edit a team 1 member", Permission.EDIT_PERSON, IN_TEAM_1, {A, M}),
    ("edit an external candidate of one's own round", Permission.EDIT_PERSON, EXTERNAL, {A, M}),
    ("edit an internal applicant", Permission.EDIT_PERSON, INTERNAL_APPLICANT, {A, J}),
    ("edit oneself as an employee", Permission.EDIT_PERSON, EMIL_PERSON, {A, J}),
    ("put an employee into team 1", Permission.PLACE_PERSON, Placement("employee", 1), {A, M}),
    ("put an employee into no team", Permission.PLACE_PERSON, Placement("employee", None), {A}),
    ("put a candidate into no team", Permission.PLACE_PERSON, Placement("candidate", None), {A, M, C, J, P}),
    ("add a team 1 member to round 10", Permission.ADD_TO_ROUND, Joining(IN_TEAM_1, 10), {A, M}),
    ("add round 10's candidate to round 10 again", Permission.ADD_TO_ROUND, Joining(EXTERNAL, 10), {A}),
    ("add round 10's candidate to round 30", Permission.ADD_TO_ROUND, Joining(EXTERNAL, 30), {A, M}),
    ("add round 20's candidate to round 30", Permission.ADD_TO_ROUND, Joining(IN_ROUND_20, 30), {A, C}),
    ("see round 10", Permission.SEE_ROUND, ROUND_10, {A, M, C, T, P}),
    ("see round 11", Permission.SEE_ROUND, ROUND_11, {A, M}),
    ("change round 10", Permission.CHANGE_ROUND, ROUND_10, {A, M}),
    ("change round 20", Permission.CHANGE_ROUND, ROUND_20, {A, C}),
    ("edit Mette's scorecard", Permission.EDIT_SCORECARD, card(2, IN_TEAM_1), {M}),
    ("read Mette's MUS scorecard of a team 1 member", Permission.READ_SCORECARD, card(2, IN_TEAM_1), {A, M}),
    ("read a draft of Mette's", Permission.READ_SCORECARD, card(2, IN_TEAM_1, completed=False), {A, M}),
    ("read Jonas's MUS scorecard of Emil", Permission.READ_SCORECARD, card(5, EMIL_PERSON), {A, J, E}),
    ("read Mette's round 10 scorecard (Camilla not done)", Permission.READ_SCORECARD, card(2, EXTERNAL, ROUND_10), {A, M, T}),
    ("read Mette's round 10 scorecard (Camilla done)", Permission.READ_SCORECARD, card(2, EXTERNAL, ROUND_10, own_done=True), {A, M, C, T}),
    ("read a round 20 scorecard (closed: no longer blind)", Permission.READ_SCORECARD, card(9, IN_ROUND_20, ROUND_20), {A, C}),
    ("read an internal applicant's round 10 scorecard", Permission.READ_SCORECARD, card(3, INTERNAL_APPLICANT, ROUND_10), {A, M, C, T}),
    ("open Jonas's MUS scorecard of Emil", Permission.OPEN_SCORECARD, card(5, EMIL_PERSON), {A, J, E}),
    ("open another rater's MUS scorecard of Emil", Permission.OPEN_SCORECARD, card(9, EMIL_PERSON), {A, E}),
    ("open Emil's submitted self-assessment", Permission.OPEN_SCORECARD, card(4, EMIL_PERSON, role="self"), {A, J, E}),
    ("open Emil's self-assessment draft", Permission.OPEN_SCORECARD, card(4, EMIL_PERSON, role="self", completed=False), {A, E}),
    ("open a round 20 scorecard", Permission.OPEN_SCORECARD, card(9, IN_ROUND_20, ROUND_20), {A, C}),
    ("team overviews at all", Permission.SEE_TEAM_OVERVIEW, None, {A, M, J}),
    ("Jonas's private note on his MUS scorecard of Emil", Permission.READ_PRIVATE_NOTE, PrivateNote(5), {J}),
    ("Mette's private note on a team 1 member", Permission.READ_PRIVATE_NOTE, PrivateNote(2), {M}),
    ("a private note of a deleted account", Permission.READ_PRIVATE_NOTE, PrivateNote(None), set()),
    ("score in round 10", Permission.SCORE_IN_ROUND, ROUND_10, {A, M, C, P}),
    ("score in round 11", Permission.SCORE_IN_ROUND, ROUND_11, {A, M}),
    ("hold a MUS with a team 1 member", Permission.HOLD_CONVERSATION, IN_TEAM_1, {A, M}),
    ("hold a MUS with Emil", Permission.HOLD_CONVERSATION, EMIL_PERSON, {A, J}),
    ("hold a MUS with an external candidate", Permission.HOLD_CONVERSATION, EXTERNAL, {A}),
    ("fill Emil's self-assessment", Permission.FILL_SELF_ASSESSMENT, EMIL_PERSON, {E}),
    ("fill a team 1 member's self-assessment", Permission.FILL_SELF_ASSESSMENT, IN_TEAM_1, set()),
    ("hire round 10's candidate into team 1", Permission.HIRE, Hiring(ROUND_10, EXTERNAL, 1), {A, M}),
    ("hire round 10's candidate into team 2", Permission.HIRE, Hiring(ROUND_10, EXTERNAL, 2), {A}),
    ("hire round 20's candidate into team 2", Permission.HIRE, Hiring(ROUND_20, IN_ROUND_20, 2), {A}),
    ("hire someone from a round they are not in", Permission.HIRE, Hiring(ROUND_10, IN_ROUND_20, 1), set()),
    ("read the round 10 scorecard of Emil, hired from it", Permission.READ_SCORECARD, card(3, HIRED_EMIL, ROUND_10),
     {A, M, C, J, E, T}),
    ("open the round 10 scorecard of Emil, hired from it", Permission.OPEN_SCORECARD, card(3, HIRED_EMIL, ROUND_10),
     {A, M, C}),
    # The person hired from a round and their new manager read its scores, never the panel's notes or names.
    ("the notes behind the round 10 scorecard of Emil, hired from it", Permission.READ_EVIDENCE,
     card(3, HIRED_EMIL, ROUND_10), {A, M, C}),
    ("the notes behind Mette's MUS scorecard of a team 1 member", Permission.READ_EVIDENCE, card(2, IN_TEAM_1), {A, M}),
    ("the notes behind Jonas's MUS scorecard of Emil", Permission.READ_EVIDENCE, card(5, EMIL_PERSON), {A, J, E}),
    ("the notes behind Mette's round 10 scorecard (Camilla not done)", Permission.READ_EVIDENCE,
     card(2, EXTERNAL, ROUND_10), {A, M}),
    ("the notes behind Mette's round 10 scorecard (Camilla done)", Permission.READ_EVIDENCE,
     card(2, EXTERNAL, ROUND_10, own_done=True), {A, M, C}),
    # An internal applicant is hired away only with her current manager's (or an administrator's) yes.
    ("confirm the hire of an internal applicant of team 2", Permission.CONFIRM_HIRE, INTERNAL_APPLICANT, {A, J}),
    ("confirm the hire of a team 1 member", Permission.CONFIRM_HIRE, IN_TEAM_1, {A, M}),
    ("confirm the hire of an external candidate", Permission.CONFIRM_HIRE, EXTERNAL, {A}),
    ("confirm one's own hire", Permission.CONFIRM_HIRE, EMIL_PERSON, {A, J}),
    # The round as a case: the hiring committee reads results, never scores; a disqualified member neither
    # scores nor sees the candidate; everyone on the round declares before scoring.
    ("score round 10's external candidate", Permission.SCORE_CANDIDATE, Candidature(ROUND_10, EXTERNAL), {A, M, C}),
    ("score round 10's internal applicant", Permission.SCORE_CANDIDATE, Candidature(ROUND_10, INTERNAL_APPLICANT),
     {A, M, C, P}),
    ("score in round 11 someone not on it", Permission.SCORE_CANDIDATE, Candidature(ROUND_11, EXTERNAL), set()),
    ("declare (dis)qualification in round 10", Permission.DECLARE, ROUND_10, {A, M, C, T, P}),
    ("declare (dis)qualification in round 11", Permission.DECLARE, ROUND_11, {A, M}),
    ("declare (dis)qualification in round 20", Permission.DECLARE, ROUND_20, {A, C}),
    ("plan team 1's theme day", Permission.PLAN_THEME_DAY, TeamFacts(1), {A, M}),
    ("plan team 2's theme day", Permission.PLAN_THEME_DAY, TeamFacts(2), {A, J}),
    ("see team 1's theme day", Permission.SEE_THEME_DAY, TeamFacts(1), {A, M}),
    ("see team 2's theme day", Permission.SEE_THEME_DAY, TeamFacts(2), {A, J, E}),
    ("check in on Emil's goal", Permission.PRACTISE_GOAL, EMIL_PERSON, {E}),
    ("check in on a team 1 member's goal", Permission.PRACTISE_GOAL, IN_TEAM_1, set()),
    ("respond to Emil's check-in", Permission.RESPOND_TO_PRACTICE, EMIL_PERSON, {A, J}),
    ("respond to a team 1 member's check-in", Permission.RESPOND_TO_PRACTICE, IN_TEAM_1, {A, M}),
]


def test_the_matrix_names_every_permission():
    assert {permission for _, permission, _, _ in MATRIX} == set(Permission)


@pytest.mark.parametrize("who", list(EVERYONE))
@pytest.mark.parametrize(("case", "permission", "subject", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
def test_each_actor_may_exactly_what_the_rules_say(who, case, permission, subject, allowed):
    expected = who in allowed
    assert policy.can(EVERYONE[who], permission, RELATIONS[who], subject) is expected, (who, case)
    if not expected:
        with pytest.raises(policy.Refused):
            policy.require(EVERYONE[who], permission, RELATIONS[who], subject)


def test_an_employee_sees_only_their_own_record_and_no_rounds():
    seen = policy.people_visible(EMIL, RELATIONS["emil"])
    assert (seen.everyone, seen.person_ids, seen.team_ids, seen.round_ids) == (False, {100}, set(), set())
    assert policy.rounds_visible(EMIL, RELATIONS["emil"]) == frozenset()
    assert policy.rounds_visible(ADMIN, policy.NO_RELATIONS) is None


def test_team_overviews_reach_every_team_for_an_administrator_and_the_led_ones_for_a_manager():
    assert policy.teams_reachable(ADMIN, policy.NO_RELATIONS) is None
    assert policy.teams_reachable(METTE, RELATIONS["mette"]) == {1}
    assert policy.teams_reachable(CAMILLA, RELATIONS["camilla"]) == frozenset()


def test_a_recruiter_leading_no_team_is_never_given_a_teams_people():
    teams = frozenset({1, 2})
    assert policy.led_teams(CAMILLA, Relations(led_team_ids=teams)) == frozenset()
    assert policy.led_teams(METTE, Relations(led_team_ids=teams)) == teams


@given(rater=st.integers(1, 6), person_team=st.one_of(st.none(), st.integers(1, 3)), completed=st.booleans())
def test_whoever_may_open_a_scorecard_may_also_read_it(rater, person_team, completed):
    person = PersonFacts(id=200, kind="employee", team_id=person_team, user_id=6)
    scorecard = card(rater, person, completed=completed)
    for who, actor in EVERYONE.items():
        if policy.can(actor, Permission.OPEN_SCORECARD, RELATIONS[who], scorecard):
            assert policy.can(actor, Permission.READ_SCORECARD, RELATIONS[who], scorecard)
