"""JSON Schema of the questionnaire file kinds, for editors that validate and autocomplete YAML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from profiling.catalog import MODELS

SCHEMA_FILES = {kind: f"{kind}.schema.json" for kind in MODELS}


def file_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one file kind ('framework' or 'guide'), including its `kind` key."""
    schema = MODELS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Profilsamtale {kind} file"
    schema["properties"] = {"kind": {"const": kind, "description": f"Always '{kind}'."}, **schema["properties"]}
    schema["required"] = ["kind", *schema.get("required", [])]
    return schema


def render_schema(kind: str) -> str:
    """The schema of one file kind as the text stored in questionnaires/schema/."""
    return json.dumps(file_schema(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write the schema of every file kind into `folder`; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, name in SCHEMA_FILES.items():
        path = folder / name
        path.write_text(render_schema(kind), encoding="utf-8")
        written.append(path)
    return written
