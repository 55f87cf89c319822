"""Who may see and do what: every role against every service operation, including the sly cases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pytest

from profiling.services import accounts, audit, comparison, interviews, people, privacy, results, rounds, team
from profiling.services.actors import Actor, Role
from profiling.services.errors import AccessDenied, NotFound
from tests.integration.helpers import make_person, make_team, make_user


@dataclass
class Municipality:
    admin: Actor
    manager: Actor  # leads Nord
    other_manager: Actor  # leads Syd
    recruiter: Actor  # on the panel of the round
    outsider: Actor  # a recruiter on no panel
    employee: Actor  # Anne, in Nord
    anne: int
    bo: int  # in Syd
    kim: int  # candidate in the round
    round_id: int
    mus: int  # the manager's completed MUS of Anne, with a private note
    self_assessment: int  # Anne's completed self-assessment
    kim_scorecard: int  # the recruiter's completed scorecard of Kim
    team_nord: int
    team_syd: int


@pytest.fixture
def town(uow_factory, catalog) -> Municipality:
    with uow_factory() as uow:
        admin = make_user(uow, "Admin")
        manager = make_user(uow, "Mette Leder", Role.MANAGER)
        other = make_user(uow, "Jonas Leder", Role.MANAGER)
        recruiter = make_user(uow, "Camilla Rekrutterer", Role.RECRUITER)
        outsider = make_user(uow, "Ulla Udenfor", Role.RECRUITER)
        employee = make_user(uow, "Anne Ansat", Role.EMPLOYEE)
        nord, syd = make_team(uow, "Nord", manager), make_team(uow, "Syd", other)
        anne = make_person(uow, "Anne Ansat", team_id=nord, user=employee)
        bo = make_person(uow, "Bo Ansat", team_id=syd)
    with uow_factory() as uow:
        created = rounds.create_round(
            manager, uow, catalog, {"title": "Specialist", "guide_id": "rekruttering", "panel_user_ids": [recruiter.user_id]}
        )
    with uow_factory() as uow:
        kim = rounds.add_new_candidate(manager, uow, created.id, {"name": "Kim Kandidat"}).candidates[0].id

    def completed(actor: Actor, person: int, guide: str | None, round_id: int | None = None, private: bool = False) -> int:
        with uow_factory() as uow:
            interview_id = interviews.start_interview(actor, uow, catalog, person_id=person, guide_id=guide, round_id=round_id)
            question = interviews.get_interview(actor, uow, interview_id).guide.questions[0]
            interviews.save_rating(actor, uow, interview_id, question.id, value=3, note="privat vurdering" if private else "note",
                                   private=private, expected_version=0)
        with uow_factory() as uow:
            interviews.complete_interview(actor, uow, interview_id)
        return interview_id

    return Municipality(
        admin=admin, manager=manager, other_manager=other, recruiter=recruiter, outsider=outsider, employee=employee,
        anne=anne, bo=bo, kim=kim, round_id=created.id,
        mus=completed(manager, anne, "udviklingssamtale", private=True),
        self_assessment=completed(employee, anne, "selvvurdering"),
        kim_scorecard=completed(recruiter, kim, None, round_id=created.id),
        team_nord=nord, team_syd=syd,
    )


ROLES = ["admin", "manager", "other_manager", "recruiter", "outsider", "employee"]

# operation -> roles allowed; everyone else is refused (AccessDenied or NotFound).
MATRIX: dict[str, set[str]] = {
    "see Anne": {"admin", "manager", "employee"},
    "see Bo": {"admin", "other_manager"},
    "see candidate Kim": {"admin", "manager", "recruiter"},
    "create a person": {"admin", "manager", "other_manager", "recruiter", "outsider"},
    "read Anne's MUS": {"admin", "manager", "employee"},
    "read Kim's scorecard": {"admin", "manager", "recruiter"},
    "read Anne's result": {"admin", "manager", "employee"},
    "read Kim's result": {"admin", "manager", "recruiter"},
    "start a MUS with Anne": {"admin", "manager"},
    "see the round": {"admin", "manager", "recruiter"},
    "close the round": {"admin", "manager"},
    "compare the round": {"admin", "manager", "recruiter"},
    "overview team Nord": {"admin", "manager"},
    "read the audit log": {"admin"},
    "manage users": {"admin"},
    "export Anne's data": {"admin"},
    "set retention": {"admin"},
}


def operation(name: str, town: Municipality, catalog) -> Callable[[Actor, object], object]:
    return {
        "see Anne": lambda a, uow: people.get_person(a, uow, town.anne),
        "see Bo": lambda a, uow: people.get_person(a, uow, town.bo),
        "see candidate Kim": lambda a, uow: people.get_person(a, uow, town.kim),
        "create a person": lambda a, uow: people.create_person(a, uow, {"kind": "candidate", "name": "Ny"}),
        "read Anne's MUS": lambda a, uow: interviews.get_interview(a, uow, town.mus),
        "read Kim's scorecard": lambda a, uow: interviews.get_interview(a, uow, town.kim_scorecard),
        "read Anne's result": lambda a, uow: results.person_result(a, uow, town.anne, f"interview:{town.mus}"),
        "read Kim's result": lambda a, uow: results.person_result(a, uow, town.kim, f"round:{town.round_id}"),
        "start a MUS with Anne": lambda a, uow: interviews.start_interview(a, uow, catalog, person_id=town.anne, guide_id="udviklingssamtale"),
        "see the round": lambda a, uow: rounds.get_round(a, uow, town.round_id),
        "close the round": lambda a, uow: rounds.set_round_status(a, uow, town.round_id, rounds.RoundStatus.CLOSED),
        "compare the round": lambda a, uow: comparison.compare_round(a, uow, catalog, town.round_id),
        "overview team Nord": lambda a, uow: team.team_overview(a, uow, catalog, "specialist-i-borgerkontakt", team_ids=[town.team_nord]),
        "read the audit log": lambda a, uow: audit.list_entries(a, uow),
        "manage users": lambda a, uow: accounts.list_accounts(a, uow),
        "export Anne's data": lambda a, uow: privacy.export_person(a, uow, town.anne),
        "set retention": lambda a, uow: privacy.set_retention(a, uow, 90, ""),
    }[name]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_role_is_allowed_or_refused_as_the_rules_say(uow_factory, catalog, town, role, name):
    actor = getattr(town, role)
    action = operation(name, town, catalog)
    with uow_factory() as uow:
        if role in MATRIX[name]:
            action(actor, uow)
        else:
            with pytest.raises((AccessDenied, NotFound)):
                action(actor, uow)


def test_a_manager_sees_the_result_of_a_team_member_but_not_another_raters_scorecard(uow_factory, catalog, town):
    with uow_factory() as uow:
        interview_id = interviews.start_interview(town.admin, uow, catalog, person_id=town.anne, guide_id="udviklingssamtale")
        question = interviews.get_interview(town.admin, uow, interview_id).guide.questions[0]
        interviews.save_rating(town.admin, uow, interview_id, question.id, value=5, note="fra admin", expected_version=0)
    with uow_factory() as uow:
        interviews.complete_interview(town.admin, uow, interview_id)
    with uow_factory() as uow:
        result = results.person_result(town.manager, uow, town.anne, f"interview:{interview_id}")
        assert result.panel.consolidated.competence(question.competence).score == 5
        with pytest.raises(NotFound):
            interviews.get_interview(town.manager, uow, interview_id)


def test_a_manager_moved_to_another_team_loses_the_old_team_at_once(uow_factory, town):
    with uow_factory() as uow:
        people.get_person(town.manager, uow, town.anne)
    with uow_factory() as uow:  # Nord gets Jonas as manager; Mette now leads nobody
        uow.teams.get(town.team_nord).manager_id = town.other_manager.user_id
        uow.commit()
    with uow_factory() as uow, pytest.raises(NotFound):
        people.get_person(town.manager, uow, town.anne)
    with uow_factory() as uow, pytest.raises(NotFound):
        interviews.get_interview(town.other_manager, uow, town.mus)  # her own scorecards were not his...
    with uow_factory() as uow:
        people.get_person(town.other_manager, uow, town.anne)  # ...but Anne is now in his team


def test_someone_elses_interview_id_gives_not_found_not_a_hint(uow_factory, town):
    with uow_factory() as uow, pytest.raises(NotFound):
        interviews.get_interview(town.other_manager, uow, town.mus)
    with uow_factory() as uow, pytest.raises(NotFound):
        interviews.get_interview(town.employee, uow, town.kim_scorecard)
    with uow_factory() as uow, pytest.raises(NotFound):
        interviews.get_interview(town.employee, uow, 987654)


def test_a_private_note_is_seen_only_by_its_rater(uow_factory, town):
    with uow_factory() as uow:
        own = interviews.get_interview(town.manager, uow, town.mus)
        for_admin = interviews.get_interview(town.admin, uow, town.mus)
        for_anne = interviews.get_interview(town.employee, uow, town.mus)
        result = results.person_result(town.employee, uow, town.anne, f"interview:{town.mus}")
    question = own.guide.questions[0].id
    assert own.rating(question).note == "privat vurdering"
    assert for_admin.rating(question).note == "" and for_anne.rating(question).note == ""
    assert for_anne.rating(question).value == 3  # the rating itself still counts
    assert all(e.note != "privat vurdering" for e in result.evidence)


def test_an_employee_sees_only_themself_in_every_list(uow_factory, town):
    with uow_factory() as uow:
        assert [p.id for p in people.list_people(town.employee, uow)] == [town.anne]
        assert rounds.list_rounds(town.employee, uow) == []
        assert {r.person_id for r in interviews.recent_results(town.employee, uow)} == {town.anne}


def test_reading_assessment_data_is_audited_also_for_the_person_themself(uow_factory, town):
    with uow_factory() as uow:
        results.person_result(town.employee, uow, town.anne, f"interview:{town.mus}")
    with uow_factory() as uow:
        entries = audit.list_entries(town.admin, uow, action="result.read", person_id=town.anne)
    assert [(e.actor_id, e.person_id) for e in entries] == [(town.employee.user_id, town.anne)]


def test_a_team_overview_records_one_read_per_member_shown(uow_factory, catalog, town):
    with uow_factory() as uow:
        team.team_overview(town.manager, uow, catalog, "specialist-i-borgerkontakt", team_ids=[town.team_nord])
    with uow_factory() as uow:
        entries = audit.list_entries(town.admin, uow, action="team.read")
    assert [e.person_id for e in entries] == [town.anne]
