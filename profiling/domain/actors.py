"""Who is acting: the signed-in user and their role. Every service takes one."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a user may do; see docs/privacy.md for the full rules."""

    ADMIN = "admin"
    MANAGER = "manager"
    RECRUITER = "recruiter"
    EMPLOYEE = "employee"


@dataclass(frozen=True)
class Actor:
    """The user on whose behalf a service runs."""

    user_id: int
    name: str
    role: Role
    email: str = ""
    language: str = "da"  # the user's own choice of language, kept with their account
    reminders: bool = True  # reminders by mail (the user's choice, kept with their account)

    @property
    def is_admin(self) -> bool:
        """Administrators see and do everything."""
        return self.role is Role.ADMIN

