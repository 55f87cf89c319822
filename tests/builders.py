"""Builders of small frameworks, guides and ratings for tests."""

from __future__ import annotations

from typing import Any

from profiling.domain.framework import Framework
from profiling.domain.guide import Guide
from profiling.domain.scoring import Rating


def text(value: str) -> dict[str, str]:
    """A LocalizedText dict with the same text in both languages (tests only)."""
    return {"da": value, "en": value}


def framework_data(
    areas: dict[str, list[str]] | None = None,
    targets: dict[str, tuple[int, float]] | None = None,
    framework_id: str = "test-framework",
) -> dict[str, Any]:
    """The data of a framework file: areas -> competence ids; targets default to level 4, weight 1."""
    areas = areas or {"area-a": ["a1", "a2"], "area-b": ["b1"]}
    competence_ids = [c for cs in areas.values() for c in cs]
    targets = targets if targets is not None else {c: (4, 1.0) for c in competence_ids}
    return {
        "id": framework_id,
        "version": "1",
        "title": text("Test"),
        "description": text("A test framework"),
        "scale": {"min_level": 1, "max_level": 5, "labels": {level: text(f"L{level}") for level in range(1, 6)}},
        "areas": [
            {
                "id": area_id,
                "name": text(area_id),
                "source": "local",
                "competences": [
                    {"id": c, "name": text(c), "source": "local", "description": text(c), "indicators": [text(f"{c} does")]}
                    for c in competences
                ],
            }
            for area_id, competences in areas.items()
        ],
        "default_target": {c: {"level": level, "weight": weight} for c, (level, weight) in targets.items()},
    }


def make_framework(
    areas: dict[str, list[str]] | None = None, targets: dict[str, tuple[int, float]] | None = None
) -> Framework:
    """A validated framework from `framework_data`."""
    return Framework.model_validate(framework_data(areas, targets))


def question_data(question_id: str, competence: str, weight: float = 1.0, kind: str = "behavioural") -> dict[str, Any]:
    """The data of one question with anchors at 1, 3 and 5."""
    return {
        "id": question_id,
        "competence": competence,
        "kind": kind,
        "text": text(f"Question {question_id}"),
        "probes": [{"star": "situation", "text": text("What was the situation?")}],
        "anchors": {1: text("poor"), 3: text("fair"), 5: text("excellent")},
        "weight": weight,
    }


def guide_data(questions: list[dict[str, Any]], guide_id: str = "test-guide", framework: str = "test-framework") -> dict[str, Any]:
    """The data of a guide file."""
    return {
        "id": guide_id,
        "title": text("Test guide"),
        "framework": framework,
        "mode": "recruitment",
        "introduction": {"opening": text("Welcome"), "purpose": text("Why we talk")},
        "questions": questions,
    }


def make_guide(questions: list[tuple[str, str, float]]) -> Guide:
    """A guide of (question id, competence id, weight) triples."""
    return Guide.model_validate(guide_data([question_data(q, c, w) for q, c, w in questions]))


def rate(target: str, value: int | None, note: str = "") -> Rating:
    """A rating of a question id (when it starts with 'q') or else of a competence id."""
    if target.startswith("q"):
        return Rating(question=target, value=value, note=note)
    return Rating(competence=target, value=value, note=note)
