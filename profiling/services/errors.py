"""Errors the services raise, named in the words of the business; the UI turns them into messages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from profiling.domain.errors import ConcurrentEdit


class ServiceError(Exception):
    """Base of every error a service raises on purpose."""


class NotFound(ServiceError):
    """The thing asked for does not exist (or the actor may not know that it does)."""


class AccessDenied(ServiceError):
    """The acting user may not do this."""


class InvalidInput(ServiceError):
    """Input that breaks a rule; `field` names the field the message belongs beside."""

    def __init__(self, field: str, message_key: str, **values: Any) -> None:
        self.field = field
        self.message_key = message_key
        self.values = values
        super().__init__(f"{field}: {message_key}")


class EditConflict(ServiceError):
    """Someone else saved this item after the actor loaded it; `current` is what is stored now."""

    def __init__(self, current: Any) -> None:
        self.current = current
        super().__init__("edited elsewhere")


class NotAllowedNow(ServiceError):
    """The action does not fit the current state (e.g. rating a completed interview)."""

    def __init__(self, message_key: str) -> None:
        self.message_key = message_key
        super().__init__(message_key)


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
