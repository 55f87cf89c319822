"""The mail outbox as the administrator sees it: counts per status and the mails that need attention."""

from __future__ import annotations

from datetime import datetime

from profiling.persistence.unit_of_work import UnitOfWork
from profiling.reads.query import EVERY_ROLE, MAIL, query
from profiling.reads.views import View
from profiling.services import access
from profiling.services.actors import Actor


class OutboxStatus(View):
    """What the administrator sees of the outbox: mails per status, and the ones that need them."""

    counts: dict[str, int]
    attention: list[tuple[int, str, str, str, str, datetime]]  # id, recipient, kind, status, the server's answer, created


@query(depends_on=[MAIL], same_for_roles=EVERY_ROLE)
def outbox_status(actor: Actor, uow: UnitOfWork) -> OutboxStatus:
    access.require_admin(actor)
    return OutboxStatus(
        counts=uow.outbox.counts(),
        attention=[(m.id, m.recipient, m.kind, m.status, m.last_error, m.created_at) for m in uow.outbox.needing_attention()],
    )
