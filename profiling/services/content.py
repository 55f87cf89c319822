"""Stored copies of frameworks and guides: an interview is scored with the content it was run with."""

from __future__ import annotations

import json
import threading
from typing import TypeVar

from profiling.catalog import content_hash
from profiling.domain.framework import Framework
from profiling.domain.guide import Guide
from profiling.domain.records import Snapshot
from profiling.persistence.unit_of_work import UnitOfWork

Model = TypeVar("Model", Framework, Guide)

# Parsed models by content hash. Content-addressed and immutable, so sharing it between sessions
# and users is safe; it saves re-validating a guide on every page run.
_parsed: dict[str, Framework | Guide] = {}
_lock = threading.Lock()


def parse_snapshot(row: Snapshot, model: type[Model]) -> Model:
    """The framework or guide stored in a snapshot row (parsed once per content hash)."""
    with _lock:
        cached = _parsed.get(row.content_hash)
    if cached is None:
        # JSON mode: level keys were stored as JSON object keys (strings).
        cached = model.model_validate_json(json.dumps(row.content))
        with _lock:
            _parsed[row.content_hash] = cached
    assert isinstance(cached, model)
    return cached


def store_snapshot(uow: UnitOfWork, item: Framework | Guide) -> Snapshot:
    """The snapshot row of this exact content, stored now if it is new."""
    digest = content_hash(item)
    existing = uow.snapshots.by_hash(digest)
    if existing is not None:
        return existing
    row = Snapshot(
        kind="framework" if isinstance(item, Framework) else "guide",
        object_id=item.id,
        version=item.version if isinstance(item, Framework) else "",
        content_hash=digest,
        content=item.model_dump(mode="json"),
        created_at=uow.now(),
    )
    return uow.snapshots.add_once(row)  # or the same content stored by a concurrent session a moment ago
