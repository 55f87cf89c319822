"""Running a read outside the browser session (the CLI, the web routes, tests): build it, then write the
reads it audits in a short transaction of their own. The UI's runner (`profiling.ui.runtime.read`) does the
same and keeps the result for the session while the marks of the data it depends on stay the same."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ParamSpec, TypeVar

from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.query import Audited, Query
from profiling.services import audit
from profiling.services.actors import Actor

P = ParamSpec("P")
Model = TypeVar("Model")


def write_audited(actor: Actor, units: Callable[[], UnitOfWork], entries: Iterable[Audited]) -> None:
    """Write the audited reads in a unit of work of their own (nothing when there are none)."""
    rows = [(e.action, e.person_id, e.subject) for e in entries]
    if rows:
        with units() as uow:
            audit.record_reads(actor, uow, rows)


def run(query: Query[P, Model], actor: Actor, units: Callable[[], UnitOfWork], *args: P.args, **kwargs: P.kwargs) -> Model:
    """Build the read and write the reads it audits."""
    with units() as uow:
        model = query(actor, uow, *args, **kwargs)
    write_audited(actor, units, query.audited(model, query.arguments(*args, **kwargs)))
    return model
