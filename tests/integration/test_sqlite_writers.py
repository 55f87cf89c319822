"""SQLite writes one transaction at a time: this process's writers queue for their turn (database.py), and every
way a transaction ends gives the turn back - else the next writer would wait for it."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from profiling.persistence import database
from profiling.persistence.tables import Base
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import people
from profiling.services.actors import Role
from tests.integration.helpers import make_user


def free_for_another_thread() -> bool:
    """Whether another thread could take the writers' turn now (the lock is re-entrant for its own holder)."""
    taken: list[bool] = []

    def attempt() -> None:
        got = database._writer.acquire(blocking=False)
        taken.append(got)
        if got:
            database._writer.release()

    thread = threading.Thread(target=attempt)
    thread.start()
    thread.join()
    return taken[0]


@pytest.fixture
def uow_factory(tmp_path):  # type: ignore[no-untyped-def]
    """Units of work on a SQLite database of their own (the writers' queue is SQLite's: PostgreSQL locks rows)."""
    engine = database.create_database_engine(f"sqlite:///{tmp_path / 'writers.db'}")
    Base.metadata.create_all(engine)
    factory = database.session_factory(engine)
    yield lambda: UnitOfWork(factory)
    engine.dispose()


def test_a_committed_write_gives_the_writers_turn_back(uow_factory):
    with uow_factory() as uow:
        admin = make_user(uow, "Ada Admin", Role.ADMIN)
    with uow_factory() as uow:
        people.create_person(admin, uow, {"name": "Emil Thorsen", "kind": "candidate"})
        assert free_for_another_thread()


@pytest.mark.parametrize("ending", ["rollback", "close"])
def test_a_write_taken_back_gives_the_writers_turn_back(uow_factory, ending):
    with uow_factory() as uow:
        admin = make_user(uow, "Ada Admin", Role.ADMIN)
    with uow_factory() as uow:
        uow.session.execute(text("UPDATE users SET name = 'Ada' WHERE id = :id"), {"id": admin.user_id})
        assert not free_for_another_thread()  # the turn is taken at the first write
        if ending == "rollback":
            uow.rollback()
            assert free_for_another_thread()
    assert free_for_another_thread()  # closed without a commit


def test_twenty_threads_writing_at_once_all_land(uow_factory):
    with uow_factory() as uow:
        admin = make_user(uow, "Ada Admin", Role.ADMIN)
    failures: list[BaseException] = []

    def write(number: int) -> None:
        try:
            for round_ in range(5):
                with uow_factory() as uow:
                    people.create_person(admin, uow, {"name": f"Kandidat {number}-{round_}", "kind": "candidate"})
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with uow_factory() as uow:
        assert uow.session.scalar(text("SELECT count(*) FROM people WHERE name LIKE 'Kandidat %'")) == 100
    assert free_for_another_thread()
