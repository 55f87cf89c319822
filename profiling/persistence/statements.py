"""Statements run on every page run, compiled once per database kind and then run as the driver's own SQL:
building a statement and compiling it (or finding it in SQLAlchemy's cache by its key) costs more than running it
(the change marks: 170 -> 50 µs; the actor's relations: 390 -> 50 µs)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import ClauseElement, Connection
from sqlalchemy.sql.compiler import SQLCompiler

_compiled: dict[tuple[Hashable, str, str], tuple[str, tuple[str, ...]]] = {}


def run_compiled(
    connection: Connection, key: Hashable, build: Callable[[], ClauseElement], values: Mapping[str, Any]
) -> Iterable[Sequence[Any]]:
    """The rows of the statement `build()` makes - with bound parameters named as `values`' keys - compiled the
    first time `key` is run on this kind of database."""
    dialect = connection.dialect
    kind = (key, dialect.name, dialect.paramstyle)
    found = _compiled.get(kind)
    if found is None:  # two runs compiling it at once store the same: no lock on this path
        compiled = cast(SQLCompiler, build().compile(dialect=dialect))
        found = _compiled[kind] = (str(compiled), tuple(compiled.positiontup or ()))
    sql, names = found
    parameters: Any = tuple(values[name] for name in names) if dialect.positional else dict(values)
    return connection.exec_driver_sql(sql, parameters)
