"""Interview guides: the questions, probes and behavioural anchors of a structured conversation."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from profiling.domain.framework import Anchors, Framework, Identifier, Level, Weight
from profiling.domain.text import DataModel, LocalizedText
from profiling.domain.validation import Location, duplicates, raise_if_problems


class GuideMode(StrEnum):
    """What a conversation is for."""

    RECRUITMENT = "recruitment"
    DEVELOPMENT = "development"
    SELF_ASSESSMENT = "self_assessment"


class QuestionKind(StrEnum):
    """How a question draws out evidence."""

    BEHAVIOURAL = "behavioural"
    SITUATIONAL = "situational"
    SELF_STATEMENT = "self_statement"
    # A conversation topic that is never rated: notes only, never in a score, chart or analysis export
    # (e.g. wellbeing in the MUS, which belongs in the conversation but may not be scored).
    DIALOGUE = "dialogue"


class StarStep(StrEnum):
    """The step of the STAR method a follow-up probe asks about."""

    SITUATION = "situation"
    TASK = "task"
    ACTION = "action"
    RESULT = "result"


class Probe(DataModel):
    """A follow-up question that draws out concrete behaviour."""

    star: StarStep | None = Field(None, description="The STAR step this probe asks about, if any.")
    text: LocalizedText


class Question(DataModel):
    """One question (or self-assessment statement) that measures one competence."""

    id: Identifier = Field(description="Unique across every guide of the same framework.")
    competence: Identifier = Field(description="Id of the competence this question measures.")
    kind: QuestionKind
    text: LocalizedText
    probes: list[Probe] = Field(default_factory=list)
    anchors: Anchors = Field(default_factory=dict, description="Required for every kind but dialogue, which has none.")
    coaching: list[LocalizedText] = Field(
        default_factory=list,
        description="Coaching questions for development, e.g. 'Hvad ville det kræve for dig at ...?'",
    )
    weight: Weight = 1.0
    core: bool = Field(
        False, description="Part of the core set asked in every interview; the others are optional additions."
    )
    statement: LocalizedText | None = Field(
        None,
        description="What the rater rates, phrased for the manager ('Medarbejderen ...'), where a self-assessment "
        "item rates the same statement phrased for the person ('Jeg ...').",
    )
    pairs_with: Identifier | None = Field(
        None,
        description="In a self-assessment: the id of the development guide's item that rates the same statement "
        "(same competence, identical anchors), so self and manager compare like with like.",
    )
    minutes: float = Field(4.0, gt=0, le=60, description="Planned minutes for the question with its probes.")

    @property
    def scored(self) -> bool:
        """Whether ratings of this question count (every kind but dialogue)."""
        return self.kind is not QuestionKind.DIALOGUE

    @model_validator(mode="after")
    def _anchors_fit_the_kind(self) -> Question:
        if self.scored and not self.anchors:
            raise ValueError("a rated question needs behavioural anchors")
        if not self.scored and self.anchors:
            raise ValueError("a dialogue question is never rated and has no anchors")
        return self


class Introduction(DataModel):
    """What the interviewer says before the first question."""

    opening: LocalizedText = Field(description="How to open the conversation.")
    purpose: LocalizedText = Field(description="How to explain the purpose to the person.")
    practical: LocalizedText | None = Field(
        None, description="Practical points: duration, notes, who sees the result, how long it is kept."
    )


class Guide(DataModel):
    """A structured interview guide for one framework."""

    id: Identifier
    title: LocalizedText
    description: LocalizedText | None = None
    framework: Identifier = Field(description="Id of the framework the questions measure.")
    mode: GuideMode
    scale_labels: dict[Level, LocalizedText] | None = Field(
        None,
        description="Labels of the rating levels as this guide asks (e.g. 'how well does the statement fit you?' "
        "in a self-assessment); default: the framework's. Every level of the scale needs one.",
    )
    introduction: Introduction
    questions: list[Question] = Field(min_length=1)
    closing: LocalizedText | None = Field(None, description="How to close the conversation.")
    frame_minutes: float = Field(
        10.0, ge=0, le=120, description="Planned minutes for the introduction, the candidate's questions and the close."
    )

    @model_validator(mode="after")
    def _question_ids_unique(self) -> Guide:
        raise_if_problems(
            "Guide", duplicates((("questions", i, "id"), q.id) for i, q in enumerate(self.questions))
        )
        return self

    def problems_against(self, framework: Framework) -> list[tuple[Location, str]]:
        """Every reference of this guide that does not resolve in `framework`, with its location."""
        problems: list[tuple[Location, str]] = []
        if framework.id != self.framework:
            return [(("framework",), f"expected framework '{self.framework}', got '{framework.id}'")]
        known = {c.id for c in framework.competences}
        if self.scale_labels is not None and set(self.scale_labels) != set(framework.scale.levels):
            problems.append((("scale_labels",), f"needs a label for each level {framework.scale.min_level}-{framework.scale.max_level}"))
        for i, question in enumerate(self.questions):
            if question.competence not in known:
                problems.append(
                    (("questions", i, "competence"), f"unknown competence '{question.competence}' in '{framework.id}'")
                )
            if question.scored:
                problems += framework.scale.anchor_problems(question.anchors, ("questions", i, "anchors"))
        return problems

    def level_labels(self, framework: Framework) -> dict[int, LocalizedText]:
        """The labels to show beside the rating levels: the guide's own, else the framework's."""
        return dict(self.scale_labels) if self.scale_labels else dict(framework.scale.labels)

    def core_questions(self) -> list[Question]:
        """The core set asked in every interview (every question, when the guide marks none as core)."""
        return [q for q in self.questions if q.core] or list(self.questions)

    @property
    def planned_minutes(self) -> float:
        """The planned length with the core set: the frame plus each core question's minutes."""
        return self.frame_minutes + sum(q.minutes for q in self.core_questions())

    def scored_questions(self) -> list[Question]:
        """The questions whose ratings count (dialogue topics left out)."""
        return [q for q in self.questions if q.scored]

    def questions_for(self, competence_id: str) -> list[Question]:
        """The questions that measure this competence, in guide order."""
        return [q for q in self.questions if q.competence == competence_id]

    def competence_order(self) -> list[str]:
        """Competence ids in the order the guide first asks about them."""
        return list(dict.fromkeys(q.competence for q in self.questions))


def pairing_problems(self_guide: Guide, development_guides: list[Guide]) -> list[tuple[Location, str]]:
    """Where a self-assessment's items are not parallel to the development guide's (empty when they are).

    Parallel: every self item names the development item it pairs with, of the same competence and with
    identical anchors; every rated development item is paired exactly once, and has a manager statement.
    A self-assessment without any `pairs_with` is not checked (e.g. the digital mapping, self-assessed only).
    """
    if not any(q.pairs_with for q in self_guide.questions):
        return []
    targets = {q.id: (guide, q) for guide in development_guides for q in guide.scored_questions()}
    problems: list[tuple[Location, str]] = []
    paired: dict[str, int] = {}
    for i, question in enumerate(self_guide.questions):
        at = ("questions", i)
        if question.pairs_with is None:
            problems.append(((*at, "pairs_with"), "every item of a parallel self-assessment names the item it pairs with"))
            continue
        target = targets.get(question.pairs_with)
        if target is None:
            problems.append(((*at, "pairs_with"), f"no rated development item '{question.pairs_with}'"))
            continue
        _, other = target
        if other.competence != question.competence:
            problems.append(((*at, "competence"), f"differs from '{other.id}' ({other.competence})"))
        if other.anchors != question.anchors:
            problems.append(((*at, "anchors"), f"must be identical to the anchors of '{other.id}'"))
        if other.statement is None:
            problems.append(((*at, "pairs_with"), f"'{other.id}' has no statement for the manager to rate"))
        if question.pairs_with in paired:
            problems.append(((*at, "pairs_with"), f"'{question.pairs_with}' is paired twice (also questions[{paired[question.pairs_with]}])"))
        paired[question.pairs_with] = i
    for item_id in sorted(set(targets) - set(paired)):
        problems.append((("questions",), f"the development item '{item_id}' has no self-assessment item"))
    return problems
