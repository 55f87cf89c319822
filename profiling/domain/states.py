"""The kinds and states the records of the tool go through."""

from __future__ import annotations

from enum import StrEnum


class PersonKind(StrEnum):
    """An employee of the municipality or a job candidate."""

    EMPLOYEE = "employee"
    CANDIDATE = "candidate"


class InterviewStatus(StrEnum):
    """A scorecard in progress, finished, or closed unfinished with its round (never counted, never resumed)."""

    DRAFT = "draft"
    COMPLETED = "completed"
    INCOMPLETE = "incomplete"


class RoundStatus(StrEnum):
    """An open round takes candidates and scores; a closed one is kept for the record."""

    OPEN = "open"
    CLOSED = "closed"
