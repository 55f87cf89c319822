"""Cross-field rules that report the exact location of each problem inside a data file."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

Location = tuple[str | int, ...]


def raise_if_problems(title: str, problems: Sequence[tuple[Location, str]]) -> None:
    """Raise one ValidationError carrying every (location, message) in `problems`, if any.

    Raised from a validator, pydantic prefixes each location with the path of the
    model being validated, so a nested rule still reports `areas[2].competences[0]...`.
    """
    if not problems:
        return
    details = [
        InitErrorDetails(
            type=PydanticCustomError("rule", "{message}", {"message": message}),
            loc=location,
            input=None,
        )
        for location, message in problems
    ]
    raise ValidationError.from_exception_data(title, details)


def duplicates(items: Iterable[tuple[Location, str]]) -> list[tuple[Location, str]]:
    """Every (location, id) whose id was already seen earlier, as a problem."""
    seen: dict[str, Location] = {}
    problems: list[tuple[Location, str]] = []
    for location, identifier in items:
        if identifier in seen:
            first = format_location(seen[identifier])
            problems.append((location, f"duplicate id '{identifier}' (first used at {first})"))
        else:
            seen[identifier] = location
    return problems


def format_location(location: Location) -> str:
    """('areas', 2, 'competences', 0, 'anchors', 5) -> 'areas[2].competences[0].anchors.5'."""
    text = ""
    for part in location:
        if isinstance(part, int) and not isinstance(part, bool) and text and not text.endswith("."):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text
