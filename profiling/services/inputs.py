"""Validation of typed input: one place turns pydantic errors into field-level message keys."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from profiling.services.errors import InvalidInput

InputModel = TypeVar("InputModel", bound=BaseModel)

NAME_MAX = 120
TITLE_MAX = 160
NOTE_MAX = 4000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(value: str) -> str:
    """Strip surrounding space and drop control characters (except newline and tab)."""
    return _CONTROL.sub("", value).strip()


def _message_key(field: str, error: ErrorDetails) -> tuple[str, dict[str, Any]]:
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind in ("missing", "string_too_short") or error.get("input") in (None, ""):
        return "error.required", {}
    if kind == "string_too_long":
        return "error.too_long", {"max": context.get("max_length")}
    if field == "email" or kind == "value_error" and "email" in str(error.get("msg", "")):
        return "error.email_invalid", {}
    return "error.invalid", {}


def validate_input(model: type[InputModel], data: dict[str, Any]) -> InputModel:
    """`model` from `data`, or InvalidInput naming the first field that is wrong."""
    cleaned = {k: clean_text(v) if isinstance(v, str) else v for k, v in data.items()}
    try:
        return model.model_validate(cleaned)
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "form"
        key, values = _message_key(field, first)
        raise InvalidInput(field, key, **values) from None
