"""The audit log: who read or changed what, when, about which person. Append-only; never names or notes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from profiling.domain.records import AuditEvent
from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.views import View
from profiling.services import access
from profiling.services.actors import Actor


class AuditEntry(View):
    """One line of the audit log."""

    id: int
    at: datetime
    actor_id: int | None
    actor_role: str
    action: str
    person_id: int | None
    subject: str
    detail: dict[str, Any]


def record(
    uow: UnitOfWork, actor: Actor | None, action: str, person_id: int | None = None, subject: str = "", **detail: Any
) -> None:
    """Add one entry to the unit of work (written when the service commits).

    `detail` holds ids, counts and field names only - never a name, an e-mail address or a note.
    """
    uow.audit.add(
        AuditEvent(
            at=uow.now(),
            actor_id=actor.user_id if actor else None,
            actor_role=actor.role.value if actor else "system",
            action=action,
            person_id=person_id,
            subject=subject,
            detail=detail,
        )
    )


def record_reads(actor: Actor, uow: UnitOfWork, reads: Iterable[tuple[str, int | None, str]]) -> None:
    """Write reads to the log - (action, person id, subject) each - in one statement, and commit.

    The read side calls this after a read (profiling/reads): a read itself never commits, and the UI writes
    each read once per browser session, not on every rerun.
    """
    rows: list[dict[str, Any]] = [
        {
            "at": uow.now(), "actor_id": actor.user_id, "actor_role": actor.role.value,
            "action": action, "person_id": person_id, "subject": subject, "detail": {},
        }
        for action, person_id, subject in dict.fromkeys(reads)
    ]
    if rows:
        uow.audit.add_many(rows)
        uow.commit()


def list_entries(
    actor: Actor,
    uow: UnitOfWork,
    *,
    action: str | None = None,
    person_id: int | None = None,
    actor_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 500,
) -> list[AuditEntry]:
    """The newest entries matching the filters (administrators only)."""
    access.require_admin(actor)
    rows = uow.audit.search(action, person_id, actor_id, since, until, limit)
    return [
        AuditEntry(
            id=r.id, at=r.at, actor_id=r.actor_id, actor_role=r.actor_role, action=r.action,
            person_id=r.person_id, subject=r.subject, detail=r.detail or {},
        )
        for r in rows
    ]


def export_csv(actor: Actor, uow: UnitOfWork, entries: list[AuditEntry]) -> bytes:
    """The given entries as CSV; the export itself is audited."""
    access.require_admin(actor)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "at", "actor_id", "actor_role", "action", "person_id", "subject", "detail"])
    for e in entries:
        writer.writerow([e.id, e.at.isoformat(), e.actor_id, e.actor_role, e.action, e.person_id, e.subject, e.detail])
    record(uow, actor, "audit.export", entries=len(entries))
    uow.commit()
    return buffer.getvalue().encode("utf-8")
