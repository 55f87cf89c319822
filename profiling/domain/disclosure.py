"""Whether published sums single out one person's value (auditing sum queries).

A theme day publishes, per competence, the mean of a set of values and how many there are: their sum.
Sums over overlapping sets can be combined: {a, b, c, d, e} and {a, b, c, d, e, f} give f; a reader who
knows their own value removes it from every sum they are in. `singled_out(releases, known)` answers which
values a reader who knows `known` could compute exactly from all the releases together.

It solves the linear system exactly, in fractions: a value is determined when its unit vector lies in the
row space of the releases. Values that occur in exactly the same releases are only ever seen together,
so they form one column; only a column of a single value can single anyone out (a column of two gives
their sum, never either of them).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TypeVar

Value = TypeVar("Value", bound=Hashable)
Reader = TypeVar("Reader", bound=Hashable)


def singled_out(releases: Sequence[frozenset[Value]], known: Iterable[Value] = ()) -> set[Value]:
    """The values (not in `known`) that the sums over `releases` determine exactly, once `known` is subtracted."""
    known = set(known)
    together: dict[tuple[int, ...], list[Value]] = {}
    for value in set().union(*releases) - known if releases else set():
        pattern = tuple(i for i, release in enumerate(releases) if value in release)
        together.setdefault(pattern, []).append(value)
    columns = list(together)
    rows = [[Fraction(int(i in pattern)) for pattern in columns] for i in range(len(releases))]
    return {
        together[columns[c]][0] for c in _determined_columns(rows, len(columns)) if len(together[columns[c]]) == 1
    }


def exposed(releases: Sequence[frozenset[Value]], readers: Mapping[Reader, Iterable[Value]]) -> dict[Reader, set[Value]]:
    """Per reader (with what they know), the values of others the releases let them compute; empty readers left out."""
    found = {}
    for reader, known in readers.items():
        values = singled_out(releases, known)
        if values:
            found[reader] = values
    return found


def _determined_columns(rows: list[list[Fraction]], width: int) -> set[int]:
    """The columns whose unit vector lies in the row space: after reduction to row echelon form (reduced),
    exactly those with a row that is that unit vector."""
    matrix = [row[:] for row in rows]
    pivot_row = 0
    pivots: list[int] = []
    for column in range(width):
        found = next((r for r in range(pivot_row, len(matrix)) if matrix[r][column] != 0), None)
        if found is None:
            continue
        matrix[pivot_row], matrix[found] = matrix[found], matrix[pivot_row]
        lead = matrix[pivot_row][column]
        matrix[pivot_row] = [x / lead for x in matrix[pivot_row]]
        for r in range(len(matrix)):
            if r != pivot_row and matrix[r][column] != 0:
                factor = matrix[r][column]
                matrix[r] = [x - factor * y for x, y in zip(matrix[r], matrix[pivot_row], strict=True)]
        pivots.append(column)
        pivot_row += 1
        if pivot_row == len(matrix):
            break
    return {
        column for r, column in enumerate(pivots) if all(x == 0 for c, x in enumerate(matrix[r]) if c != column)
    }
