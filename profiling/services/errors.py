"""Errors the services raise, named in the words of the business; the UI turns them into messages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from profiling.domain.errors import ConcurrentEdit, DomainError, EditConflict, InvalidInput, NotAllowedNow

__all__ = [
    "AccessDenied",
    "EditConflict",
    "InvalidInput",
    "NotAllowedNow",
    "NotFound",
    "ServiceError",
    "committed",
    "conflict_reported",
]


# Every error raised on purpose - by a rule of the domain or by a service - is a ServiceError to the UI.
ServiceError = DomainError


class NotFound(ServiceError):
    """The thing asked for does not exist (or the actor may not know that it does)."""


class AccessDenied(ServiceError):
    """The acting user may not do this."""


Result = TypeVar("Result")


def committed(uow: Any, view: Callable[[], Result], current: Callable[[], Any]) -> Result:
    """Flush, build the view of what was saved, commit: the last step of an edit that others may race.

    EditConflict carrying `current()` (what is stored now) if another writer got there first.
    """
    with conflict_reported(uow, current):
        uow.flush()
        result = view()
        uow.commit()
    return result


@contextmanager
def conflict_reported(uow: Any, current: Callable[[], Any]) -> Iterator[None]:
    """Turn a concurrent writer's win inside the block into EditConflict carrying what is stored now.

    `current` is called after the rollback, so it reads the other writer's committed state.
    """
    try:
        yield
    except ConcurrentEdit:
        uow.rollback()
        raise EditConflict(current()) from None
