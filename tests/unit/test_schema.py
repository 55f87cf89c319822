"""The JSON Schema files in questionnaires/schema/ match the models (run `profiling schema` to refresh)."""

from __future__ import annotations

import json

import pytest

from profiling.schema import SCHEMA_FILES, render_schema
from profiling.settings import SHIPPED_QUESTIONNAIRES

SCHEMA_DIR = SHIPPED_QUESTIONNAIRES / "schema"


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_the_stored_json_schema_is_in_sync_with_the_model(kind):
    stored = (SCHEMA_DIR / SCHEMA_FILES[kind]).read_text(encoding="utf-8")
    assert stored == render_schema(kind), "questionnaires/schema is stale: run `profiling schema`"


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_the_json_schema_requires_the_kind_and_forbids_unknown_keys(kind):
    schema = json.loads(render_schema(kind))
    assert schema["properties"]["kind"] == {"const": kind, "description": f"Always '{kind}'."}
    assert "kind" in schema["required"]
    assert schema["additionalProperties"] is False
