"""Errors of the domain that any layer may raise or catch; the UI turns them into messages."""

from __future__ import annotations

from typing import Any


class ConcurrentEdit(Exception):
    """Someone else changed or created the same thing at the same moment; nothing of this change was kept."""


class DomainError(Exception):
    """Base of every error raised on purpose because a rule or a state says no."""


class InvalidInput(DomainError):
    """Input that breaks a rule; `field` names the field the message belongs beside."""

    def __init__(self, field: str, message_key: str, **values: Any) -> None:
        self.field = field
        self.message_key = message_key
        self.values = values
        super().__init__(f"{field}: {message_key}")


class NotAllowedNow(DomainError):
    """The action does not fit the current state (e.g. rating a completed interview)."""

    def __init__(self, message_key: str) -> None:
        self.message_key = message_key
        super().__init__(message_key)


class EditConflict(DomainError):
    """Someone else saved this item after the actor loaded it; `current` is what is stored now."""

    def __init__(self, current: Any) -> None:
        self.current = current
        super().__init__("edited elsewhere")
