"""Two people (or two tabs) saving the same thing at the same moment: the second is told, never a traceback.

The race is made deterministic: just before the first save writes, a second unit of work commits its
own change of the same row (a `before_flush` hook), exactly what a concurrent tab or colleague does.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import event

from profiling.services import interviews, people, plans, rounds
from profiling.services.actors import Role
from profiling.services.errors import EditConflict
from tests.integration.helpers import make_person, make_team, make_user


def racing(uow, other: Callable[[], None]) -> None:  # type: ignore[no-untyped-def]
    """Let `other` commit its change just before `uow` writes its first change."""
    done = []

    def before_flush(session, _context, _instances):  # type: ignore[no-untyped-def]
        if not done:
            done.append(1)
            other()

    event.listen(uow.session, "before_flush", before_flush)


@pytest.fixture
def team(uow_factory):
    with uow_factory() as uow:
        manager = make_user(uow, "Mette Leder", Role.MANAGER)
        nord = make_team(uow, "Nord", manager)
        anne = make_person(uow, "Anne Ansat", team_id=nord)
    return manager, nord, anne


def test_two_managers_saving_the_same_person_get_a_conflict_with_the_stored_value(uow_factory, team):
    manager, nord, anne = team

    def colleague() -> None:
        with uow_factory() as uow:
            people.update_person(manager, uow, anne, {"kind": "employee", "name": "Anne Kollega", "team_id": nord}, 1)

    with uow_factory() as uow, pytest.raises(EditConflict) as conflict:
        racing(uow, colleague)
        people.update_person(manager, uow, anne, {"kind": "employee", "name": "Anne Mig", "team_id": nord}, 1)
    assert conflict.value.current.name == "Anne Kollega"


def test_two_tabs_changing_the_same_round_get_a_conflict(uow_factory, catalog):
    with uow_factory() as uow:
        owner = make_user(uow, "Mette Leder", Role.MANAGER)
    with uow_factory() as uow:
        created = rounds.create_round(owner, uow, catalog, {"title": "Specialist", "guide_id": "rekruttering"})

    def other_tab() -> None:
        with uow_factory() as uow:
            rounds.update_round(owner, uow, catalog, created.id, {"title": "Fra den anden fane", "guide_id": "rekruttering"}, 1)

    with uow_factory() as uow, pytest.raises(EditConflict) as conflict:
        racing(uow, other_tab)
        rounds.update_round(owner, uow, catalog, created.id, {"title": "Min titel", "guide_id": "rekruttering"}, 1)
    assert conflict.value.current.title == "Fra den anden fane"


def test_two_tabs_saving_one_plan_get_a_conflict(uow_factory, catalog, team):
    manager, _nord, anne = team
    goal = [{"competence_id": "kan-medbetjene-borgeren", "goal": "Mål"}]
    with uow_factory() as uow:
        plan = plans.save_plan(manager, uow, catalog, anne, "Plan", goal)

    def other_tab() -> None:
        with uow_factory() as uow:
            plans.save_plan(manager, uow, catalog, anne, "Fra den anden fane", goal, plan_id=plan.id,
                                  expected_version=plan.version)

    with uow_factory() as uow, pytest.raises(EditConflict) as conflict:
        racing(uow, other_tab)
        plans.save_plan(manager, uow, catalog, anne, "Min plan", goal, plan_id=plan.id, expected_version=plan.version)
    assert conflict.value.current.title == "Fra den anden fane"


def test_two_tabs_of_one_rater_rating_the_same_question_get_a_conflict(uow_factory, catalog, team):
    manager, _nord, anne = team
    with uow_factory() as uow:
        interview_id = interviews.start_interview(manager, uow, catalog, person_id=anne, guide_id="udviklingssamtale")
    question = "mus-kommunikation-1"

    def other_tab() -> None:
        with uow_factory() as uow:
            interviews.save_rating(manager, uow, interview_id, question, value=2, note="fane 2", expected_version=0)

    with uow_factory() as uow, pytest.raises(EditConflict) as conflict:
        racing(uow, other_tab)
        interviews.save_rating(manager, uow, interview_id, question, value=4, note="fane 1", expected_version=0)
    assert (conflict.value.current.value, conflict.value.current.note) == (2, "fane 2")


def test_moving_in_two_tabs_at_once_keeps_the_other_tabs_place_without_an_error(uow_factory, catalog, team):
    manager, _nord, anne = team
    with uow_factory() as uow:
        interview_id = interviews.start_interview(manager, uow, catalog, person_id=anne, guide_id="udviklingssamtale")

    def other_tab() -> None:
        with uow_factory() as uow:
            interviews.move_to(manager, uow, interview_id, 3)

    with uow_factory() as uow:
        racing(uow, other_tab)
        assert interviews.move_to(manager, uow, interview_id, 5) == 3
