"""People: created and edited with field-level validation, found by search, seen only by those allowed."""

from __future__ import annotations

import pytest

from profiling.reads import directory
from profiling.reads.views import PersonKind
from profiling.services import people
from profiling.services.actors import Role
from profiling.services.errors import AccessDenied, EditConflict, InvalidInput, NotFound
from tests.integration.helpers import make_person, make_team, make_user


@pytest.fixture
def admin(uow_factory):
    with uow_factory() as uow:
        return make_user(uow, "Admin")


def test_a_person_is_created_with_team_and_manager(uow_factory, admin):
    with uow_factory() as uow:
        manager = make_user(uow, "Mette Leder", Role.MANAGER)
        team = make_team(uow, "Borgerservice Nord", manager)
    with uow_factory() as uow:
        created = people.create_person(
            admin, uow, {"kind": "employee", "name": "  Anne Holm ", "email": "anne@eksempelby.example", "team_id": team}
        )
    with uow_factory() as uow:
        stored = directory.get_person(admin, uow, created.id)
    assert (stored.name, stored.team_name, stored.manager_name) == ("Anne Holm", "Borgerservice Nord", "Mette Leder")
    assert stored.kind is PersonKind.EMPLOYEE


@pytest.mark.parametrize(
    ("data", "field", "key"),
    [
        ({"kind": "candidate", "name": ""}, "name", "error.required"),
        ({"kind": "candidate", "name": "   "}, "name", "error.required"),
        ({"kind": "candidate", "name": "x" * 121}, "name", "error.too_long"),
        ({"kind": "candidate", "name": "Bo", "email": "bo@"}, "email", "error.email_invalid"),
        ({"kind": "candidate", "name": "Bo", "email": "not an address"}, "email", "error.email_invalid"),
        ({"kind": "alien", "name": "Bo"}, "kind", "error.invalid"),
        ({"kind": "employee", "name": "Bo", "team_id": 999}, "team_id", "error.invalid"),
    ],
)
def test_invalid_input_is_refused_with_the_field_and_a_message_key(uow_factory, admin, data, field, key):
    with uow_factory() as uow, pytest.raises(InvalidInput) as raised:
        people.create_person(admin, uow, data)
    assert (raised.value.field, raised.value.message_key) == (field, key)
    with uow_factory() as uow:
        assert directory.list_people(admin, uow) == []


def test_an_e_mail_already_registered_is_refused(uow_factory, admin):
    with uow_factory() as uow:
        people.create_person(admin, uow, {"kind": "candidate", "name": "Bo", "email": "bo@eksempelby.example"})
    with uow_factory() as uow, pytest.raises(InvalidInput) as raised:
        people.create_person(admin, uow, {"kind": "candidate", "name": "Bo 2", "email": "BO@eksempelby.example"})
    assert raised.value.message_key == "error.email_taken"


def test_an_edit_based_on_an_old_version_is_refused_and_shows_the_current_value(uow_factory, admin):
    with uow_factory() as uow:
        person = people.create_person(admin, uow, {"kind": "candidate", "name": "Bo"})
    with uow_factory() as uow:
        people.update_person(admin, uow, person.id, {"kind": "candidate", "name": "Bo Berg"}, person.version)
    with uow_factory() as uow, pytest.raises(EditConflict) as raised:
        people.update_person(admin, uow, person.id, {"kind": "candidate", "name": "Bo Bager"}, person.version)
    assert raised.value.current.name == "Bo Berg"


def test_search_finds_people_by_part_of_name_or_e_mail_case_insensitively(uow_factory, admin):
    with uow_factory() as uow:
        for name, email in [("Anne Holm", "anne@x.example"), ("Bo Berg", "bo@holm.example"), ("Cai Dam", None)]:
            people.create_person(admin, uow, {"kind": "candidate", "name": name, "email": email})
    with uow_factory() as uow:
        assert [p.name for p in directory.list_people(admin, uow, "HOLM")] == ["Anne Holm", "Bo Berg"]
        assert [p.name for p in directory.list_people(admin, uow, kind=PersonKind.EMPLOYEE)] == []


def test_a_manager_sees_only_the_people_of_the_teams_they_lead(uow_factory, admin):
    with uow_factory() as uow:
        mette = make_user(uow, "Mette", Role.MANAGER)
        jonas = make_user(uow, "Jonas", Role.MANAGER)
        nord, syd = make_team(uow, "Nord", mette), make_team(uow, "Syd", jonas)
        anne = make_person(uow, "Anne", team_id=nord)
        bo = make_person(uow, "Bo", team_id=syd)
    with uow_factory() as uow:
        assert [p.name for p in directory.list_people(mette, uow)] == ["Anne"]
        directory.get_person(mette, uow, anne)
        with pytest.raises(NotFound):
            directory.get_person(mette, uow, bo)


def test_an_employee_cannot_create_people(uow_factory):
    with uow_factory() as uow:
        employee = make_user(uow, "Ea", Role.EMPLOYEE)
    with uow_factory() as uow, pytest.raises(AccessDenied):
        people.create_person(employee, uow, {"kind": "candidate", "name": "Bo"})


def test_the_demo_loads_at_first_start_or_by_an_administrator_and_only_into_an_empty_database(uow_factory, catalog):
    from profiling.services import demo
    from profiling.services.errors import NotAllowedNow

    with uow_factory() as uow:
        admin = make_user(uow, "Ada Admin", Role.ADMIN)
        manager = make_user(uow, "Mads Leder", Role.MANAGER)
    with uow_factory() as uow, pytest.raises(AccessDenied):
        demo.load_demo(None, uow, catalog)  # the first start is over once a user exists
    with uow_factory() as uow, pytest.raises(AccessDenied):
        demo.load_demo(manager, uow, catalog)
    with uow_factory() as uow:
        summary = demo.load_demo(admin, uow, catalog)
        assert summary.people > 0
    with uow_factory() as uow, pytest.raises(NotAllowedNow):
        demo.load_demo(admin, uow, catalog)  # never on top of real (or demo) people


@pytest.mark.parametrize("typed", ["Åse", "åse", "ÅSE", "ærø", "ÆRØ", "søren"])
def test_search_finds_danish_letters_whatever_their_case(uow_factory, admin, typed):
    with uow_factory() as uow:
        for name in ("Åse Ærø", "Søren Ørum", "Anne Holm"):
            people.create_person(admin, uow, {"kind": "employee", "name": name})
    with uow_factory() as uow:
        found = [p.name for p in directory.list_people(admin, uow, typed)]
    assert found == (["Søren Ørum"] if typed == "søren" else ["Åse Ærø"])
