"""The kinds and states the records of the tool go through."""

from __future__ import annotations

from enum import StrEnum


class PersonKind(StrEnum):
    """An employee of the municipality or a job candidate."""

    EMPLOYEE = "employee"
    CANDIDATE = "candidate"


class InterviewStatus(StrEnum):
    """A scorecard in progress, finished, closed unfinished with its round, or left out of the round's case because
    its rater declared themself disqualified for the candidate (the last two never count, never resume)."""

    DRAFT = "draft"
    COMPLETED = "completed"
    INCOMPLETE = "incomplete"
    EXCLUDED = "excluded"


class RoundStatus(StrEnum):
    """An open round takes candidates and scores; a closed one is kept for the record."""

    OPEN = "open"
    CLOSED = "closed"
