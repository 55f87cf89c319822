"""A unit of work in memory, for command tests where the rule is the point (no database).

As in *Architecture Patterns with Python*: the fake keeps what a command staged apart from what it committed,
so a test can say "refused, and nothing was written" as well as "stored, in one commit".
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any, Self

NOW = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)


class FakeSettings:
    """The settings repository: key -> a JSON-like value."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}

    def value(self, key: str) -> dict[str, Any] | None:
        return copy.deepcopy(self.rows.get(key))

    def store(self, key: str, value: dict[str, Any], now: datetime) -> None:
        self.rows[key] = copy.deepcopy(value)


class FakeAudit:
    """The audit repository: entries as the columns they would be written with."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, event: object) -> None:
        self.rows.append({name: getattr(event, name) for name in ("actor_id", "actor_role", "action", "person_id", "subject")})

    def add_many(self, entries: list[dict[str, Any]]) -> None:
        self.rows.extend({k: e[k] for k in ("actor_id", "actor_role", "action", "person_id", "subject")} for e in entries)


class FakeUnitOfWork:
    """Settings and the audit log in memory; `committed` holds what the last commit wrote."""

    def __init__(self) -> None:
        self.settings = FakeSettings()
        self.audit = FakeAudit()
        self.commits = 0
        self.committed: dict[str, Any] = {"settings": {}, "audit": []}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.rollback()

    def now(self) -> datetime:
        return NOW

    def commit(self) -> None:
        self.commits += 1
        self.committed = {"settings": copy.deepcopy(self.settings.rows), "audit": list(self.audit.rows)}

    def rollback(self) -> None:
        self.settings.rows = copy.deepcopy(self.committed["settings"])
        self.audit.rows = list(self.committed["audit"])
