"""The agreed outcome of a development conversation, written by its rater and read with the scorecard."""

from __future__ import annotations

from profiling.persistence.unit_of_work import UnitOfWork
from profiling.services import access, audit
from profiling.services.actors import Actor
from profiling.services.errors import InvalidInput, NotFound
from profiling.services.inputs import NOTE_MAX, clean_text


def save_outcome(actor: Actor, uow: UnitOfWork, interview_id: int, text: str) -> None:
    """The agreed outcome of a development conversation, written by its rater."""
    row = uow.interviews.get(interview_id)
    if row is None:
        raise NotFound(f"interview {interview_id}")
    access.require_rater(actor, row)
    text = clean_text(text)
    if len(text) > NOTE_MAX:
        raise InvalidInput("outcome", "error.too_long", max=NOTE_MAX)
    row.outcome = text
    audit.record(uow, actor, "interview.outcome", person_id=row.person_id, subject=f"interview:{row.id}")
    uow.commit()


def mus_outcome(actor: Actor, uow: UnitOfWork, interview_id: int | None) -> str:
    """The agreed outcome written in a development conversation, if the actor may open it; else ''."""
    if interview_id is None:
        return ""
    row = uow.interviews.get(interview_id)
    return row.outcome if row is not None and access.may_open_scorecard(actor, uow, row) else ""
