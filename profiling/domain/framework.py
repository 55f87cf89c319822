"""Competence frameworks: areas, competences, the rating scale and the default target profile."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated

from pydantic import Field, StrictInt, StringConstraints, model_validator

from profiling.domain.text import DataModel, LocalizedText, Source
from profiling.domain.validation import Location, duplicates, raise_if_problems

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80),
    Field(description="Lower-case id: letters a-z, digits and single hyphens (æøå spelled ae, oe, aa)."),
]
Level = Annotated[StrictInt, Field(description="A level on the framework's rating scale.")]
Weight = Annotated[float, Field(ge=0, le=100, description="Relative weight; 0 leaves it out of fit and coverage.")]
Anchors = Annotated[
    dict[Level, LocalizedText],
    Field(description="What behaviour at a level looks like, keyed by level (at least 1, 3 and 5 on a 1-5 scale)."),
]


# A level's label may not say that nothing was shown: "no example" is "not assessed", which counts as no evidence
# (a level would count as a low score).
NO_EVIDENCE = re.compile(
    r"\b(ikke vist|ikke demonstreret|intet eksempel|ingen eksempler|ikke vurderet|not (shown|demonstrated|assessed)|no example)\b",
    re.IGNORECASE,
)


class RatingScale(DataModel):
    """An integer scale from `min_level` to `max_level` with a label for every level."""

    min_level: StrictInt = Field(1, description="Lowest level of the scale.")
    max_level: StrictInt = Field(5, description="Highest level of the scale.")
    labels: dict[Level, LocalizedText] = Field(description="One label per level, keyed by level.")

    @model_validator(mode="after")
    def _every_level_has_a_label(self) -> RatingScale:
        problems: list[tuple[Location, str]] = []
        if self.max_level <= self.min_level:
            problems.append((("max_level",), f"must be greater than min_level ({self.min_level})"))
        else:
            for level in self.labels:
                if not self.contains(level):
                    problems.append((("labels", str(level)), self.off_scale_message(level)))
            for level in self.levels:
                if level not in self.labels:
                    problems.append((("labels",), f"no label for level {level}"))
            for level, label in self.labels.items():
                if any(NO_EVIDENCE.search(text) for text in (label.da, label.en)):
                    message = "a level rates the evidence given; 'no example' is said with 'not assessed', never a level"
                    problems.append((("labels", str(level)), message))
        raise_if_problems("RatingScale", problems)
        return self

    @property
    def levels(self) -> range:
        """Every level of the scale, lowest first."""
        return range(self.min_level, self.max_level + 1)

    @property
    def midpoint(self) -> int:
        """The middle level (3 on a 1-5 scale)."""
        return (self.min_level + self.max_level) // 2

    def contains(self, level: int) -> bool:
        """Whether `level` lies on the scale."""
        return self.min_level <= level <= self.max_level

    def off_scale_message(self, level: int) -> str:
        """The message for a level that is not on this scale."""
        return f"level {level} is not on the scale {self.min_level}-{self.max_level}"

    def anchor_problems(self, anchors: dict[int, LocalizedText], at: Location) -> list[tuple[Location, str]]:
        """Anchors must lie on the scale and include the lowest, middle and highest level."""
        problems = [((*at, str(level)), self.off_scale_message(level)) for level in anchors if not self.contains(level)]
        if anchors:
            for required in (self.min_level, self.midpoint, self.max_level):
                if required not in anchors:
                    problems.append((at, f"an anchor for level {required} is required"))
        return problems


class Competence(DataModel):
    """One competence with its description split into observable behaviour."""

    id: Identifier
    name: LocalizedText
    seed_text: str | None = Field(None, description="The seed's own wording of the name, where we corrected it.")
    source: Source = Field(description="Where the name and description come from: a seed file, or 'local'.")
    description: LocalizedText = Field(description="The competence as the source describes it.")
    indicators: list[LocalizedText] = Field(
        min_length=1,
        description="Behavioural indicators: what someone with this competence does (each its own `source` "
        "where it differs from the competence's).",
    )
    anchors: Anchors = Field(
        default_factory=dict, description="Generic anchors for a quick rating without an interview guide."
    )


def source_of(text: LocalizedText, default: str) -> str:
    """A text's own source, else its item's."""
    return text.source or default


class Area(DataModel):
    """A group of related competences (e.g. Kommunikation)."""

    id: Identifier
    name: LocalizedText
    source: Source = Field(description="Where the area and its grouping come from: a seed file, or 'local'.")
    description: LocalizedText | None = None
    competences: list[Competence] = Field(min_length=1)


class TargetLevel(DataModel):
    """The level expected of one competence in a position, and how much it counts."""

    level: Level
    weight: Weight = 1.0


class Framework(DataModel):
    """A competence framework such as "Specialist i borgerkontakt"."""

    id: Identifier
    version: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] = Field(
        description="Version of the content; change it whenever the content changes."
    )
    title: LocalizedText
    description: LocalizedText
    source: str | None = Field(None, description="Where the content comes from (publication, page).")
    scale: RatingScale
    areas: list[Area] = Field(min_length=1)
    default_target: dict[Identifier, TargetLevel] = Field(
        description="Target level and weight per competence id; competences left out have no target."
    )

    @model_validator(mode="after")
    def _ids_unique_and_references_resolve(self) -> Framework:
        problems = duplicates((("areas", i, "id"), area.id) for i, area in enumerate(self.areas))
        problems += duplicates(
            (("areas", i, "competences", j, "id"), competence.id)
            for i, area in enumerate(self.areas)
            for j, competence in enumerate(area.competences)
        )
        for i, area in enumerate(self.areas):
            for j, competence in enumerate(area.competences):
                problems += self.scale.anchor_problems(competence.anchors, ("areas", i, "competences", j, "anchors"))
        problems += self.target_problems(self.default_target, ("default_target",))
        raise_if_problems("Framework", problems)
        return self

    def target_problems(self, target: Mapping[str, TargetLevel], at: Location) -> list[tuple[Location, str]]:
        """Every target entry that names an unknown competence or a level off the scale."""
        known = {c.id for c in self.competences}
        problems: list[tuple[Location, str]] = []
        for competence_id, level in target.items():
            if competence_id not in known:
                problems.append(((*at, competence_id), f"unknown competence '{competence_id}' in '{self.id}'"))
            elif not self.scale.contains(level.level):
                problems.append(((*at, competence_id, "level"), self.scale.off_scale_message(level.level)))
        return problems

    @property
    def competences(self) -> list[Competence]:
        """Every competence, area by area, in the order of the file."""
        return [competence for area in self.areas for competence in area.competences]

    def competence(self, competence_id: str) -> Competence:
        """The competence with this id; KeyError if there is none."""
        for competence in self.competences:
            if competence.id == competence_id:
                return competence
        raise KeyError(competence_id)

    def area_of(self, competence_id: str) -> Area:
        """The area that holds this competence; KeyError if there is none."""
        for area in self.areas:
            if any(c.id == competence_id for c in area.competences):
                return area
        raise KeyError(competence_id)
