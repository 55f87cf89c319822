"""Statements run on every page run, compiled once per database kind and then run as the driver's own SQL:
building a statement and compiling it (or finding it in SQLAlchemy's cache by its key) costs more than running it
(the change marks: 170 -> 50 µs; the actor's relations: 390 -> 50 µs; a session's check: 400 -> 80 µs)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Connection, Dialect, SelectBase
from sqlalchemy.sql.compiler import SQLCompiler

Processor = Callable[[Any], Any]
_compiled: dict[tuple[Hashable, str, str], tuple[str, tuple[str, ...], tuple[Processor | None, ...] | None]] = {}


def run_compiled(
    connection: Connection, key: Hashable, build: Callable[[], SelectBase], values: Mapping[str, Any]
) -> Iterable[Sequence[Any]]:
    """The rows of the query `build()` makes - with bound parameters named as `values`' keys - compiled the
    first time `key` is run on this kind of database. Values come back as the columns' types make them (a
    moment in time aware, a flag a bool), as from SQLAlchemy's own execution."""
    dialect = connection.dialect
    kind = (key, dialect.name, dialect.paramstyle)
    found = _compiled.get(kind)
    if found is None:  # two runs compiling it at once store the same: no lock on this path
        statement = build()
        compiled = cast(SQLCompiler, statement.compile(dialect=dialect))
        found = _compiled[kind] = (str(compiled), tuple(compiled.positiontup or ()), _processors(statement, dialect))
    sql, names, processors = found
    parameters: Any = tuple(values[name] for name in names) if dialect.positional else dict(values)
    rows = connection.exec_driver_sql(sql, parameters)
    if processors is None:
        return rows
    return [tuple(value if process is None else process(value) for process, value in zip(processors, row, strict=True))
            for row in rows]


def _processors(statement: SelectBase, dialect: Dialect) -> tuple[Processor | None, ...] | None:
    """What turns each column's value from the driver into the column type's value; None when no column needs it."""
    processors = tuple(
        column.type.dialect_impl(dialect).result_processor(dialect, None) for column in statement.selected_columns
    )
    return None if all(process is None for process in processors) else processors
