"""Which guide texts touch subjects a Danish public employer may not ask about or score.

Pure: the word lists come in as data (profiling/data/sensitive-subjects.yaml, read by the catalog); a
guide's introduction, question texts, self-assessment statements, probes, anchors and coaching questions, in
every language, are checked against them; so is a rater's free-text note as it is written. The result is a list of warnings with the location of each text, not errors: the author decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from profiling.domain.guide import Guide
from profiling.domain.text import LocalizedText
from profiling.domain.validation import Location


@dataclass(frozen=True)
class SensitiveSubject:
    """One protected or sensitive subject and the words that name it."""

    key: str
    label: LocalizedText
    words: tuple[str, ...]


def _pattern(words: Sequence[str]) -> re.Pattern[str]:
    """One regex for whole words and phrases; a trailing * matches any ending."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        stem = re.escape(word.rstrip("*").lower()).replace(r"\ ", r"\s+")
        parts.append(stem + (r"[\w-]*" if word.endswith("*") else ""))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class SubjectList:
    """The subjects and the allowed phrases (about the citizen, not the person assessed)."""

    subjects: tuple[SensitiveSubject, ...]
    allowed: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_patterns", [(s, _pattern(s.words)) for s in self.subjects])
        object.__setattr__(self, "_allowed", _pattern(self.allowed) if self.allowed else None)

    def subjects_in(self, text: str) -> list[tuple[SensitiveSubject, str]]:
        """(subject, the words found) for every subject a text names, allowed phrases left out."""
        allowed = self._allowed  # type: ignore[attr-defined]
        cleaned = allowed.sub(" ", text) if allowed is not None else text
        found = []
        for subject, pattern in self._patterns:  # type: ignore[attr-defined]
            hits = sorted({m.group(0).lower() for m in pattern.finditer(cleaned)})
            if hits:
                found.append((subject, ", ".join(hits)))
        return found


def _texts(guide: Guide) -> Iterator[tuple[Location, LocalizedText]]:
    intro = guide.introduction
    for part, text in (("opening", intro.opening), ("purpose", intro.purpose), ("practical", intro.practical)):
        if text is not None:
            yield ("introduction", part), text
    for i, question in enumerate(guide.questions):
        yield ("questions", i, "text"), question.text
        if question.statement is not None:
            yield ("questions", i, "statement"), question.statement
        for j, probe in enumerate(question.probes):
            yield ("questions", i, "probes", j, "text"), probe.text
        for level, anchor in question.anchors.items():
            yield ("questions", i, "anchors", level), anchor
        for j, coaching in enumerate(question.coaching):
            yield ("questions", i, "coaching", j), coaching


def lawfulness_warnings(guide: Guide, subjects: SubjectList) -> list[tuple[Location, str]]:
    """A warning for every text of the guide that names a protected or sensitive subject."""
    warnings = []
    for location, text in _texts(guide):
        for language, value in (("da", text.da), ("en", text.en)):
            for subject, words in subjects.subjects_in(value):
                warnings.append(
                    (location + (language,), f"warning: touches {subject.label.en} ('{words}'); a public employer may not ask about or score this")
                )
    return warnings


def subject_list(data: Mapping[str, object]) -> SubjectList:
    """The subject list from the data file's content (categories -> label, words; allowed)."""
    categories = data.get("categories", {})
    assert isinstance(categories, Mapping)
    subjects = tuple(
        SensitiveSubject(key=key, label=LocalizedText(**value["label"]), words=tuple(str(w) for w in value["words"]))
        for key, value in categories.items()
    )
    allowed = data.get("allowed", [])
    assert isinstance(allowed, list)
    return SubjectList(subjects=subjects, allowed=tuple(str(a) for a in allowed))
