"""The rules of a recruitment round as an administrative case that read the panel's scorecards together.

- Notes where the panel disagrees (offentlighedsloven § 13): a question two or more of whose ratings lie two
  levels or more apart needs a note from each rater of it; the owner asks the raters without one.
- Same questions, same panel: every candidate is asked every core question of the round's guide, by the same
  panel; a candidate who got fewer core questions, or another panel than most candidates, is flagged, and the
  minutes must say why before they can be written.

Pure: the services hand in what the scorecards hold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

APART = 2  # ratings this many levels apart or more: the panel heard different things - each says what


@dataclass(frozen=True)
class Answer:
    """One question of a scorecard as the case reads it."""

    value: int | None
    not_assessed: bool
    noted: bool  # a note or an addendum says what the rating rests on


@dataclass(frozen=True)
class Card:
    """One completed scorecard of the round."""

    interview_id: int
    person_id: int
    rater_id: int | None
    rater_name: str
    answers: Mapping[str, Answer]  # by question id


@dataclass(frozen=True)
class NoteNeeded:
    """A rater's rating of a question that needs a note: the panel's ratings of it lie far apart."""

    interview_id: int
    person_id: int
    question_id: str
    rater_name: str


@dataclass(frozen=True)
class Consistency:
    """How a candidate was interviewed compared with the others: the core questions nobody asked them, and
    whether their panel was another than most candidates had."""

    person_id: int
    panel: tuple[str, ...]  # the raters' names
    core_asked: int
    core_total: int
    missing_core: tuple[str, ...]
    other_panel: bool

    @property
    def flagged(self) -> bool:
        return bool(self.missing_core) or self.other_panel


def notes_needed(cards: Sequence[Card]) -> list[NoteNeeded]:
    """Per candidate and question whose ratings lie APART or more apart, each rating of it without a note."""
    needed: list[NoteNeeded] = []
    by_person: dict[int, list[Card]] = {}
    for card in cards:
        by_person.setdefault(card.person_id, []).append(card)
    for person_id, theirs in sorted(by_person.items()):
        questions = sorted({q for card in theirs for q in card.answers})
        for question in questions:
            rated = [(card, card.answers[question]) for card in theirs if card.answers.get(question) is not None]
            values = [a.value for _, a in rated if a.value is not None]
            if len(values) < 2 or max(values) - min(values) < APART:
                continue
            needed.extend(
                NoteNeeded(card.interview_id, person_id, question, card.rater_name)
                for card, answer in rated if answer.value is not None and not answer.noted
            )
    return needed


def consistency(cards: Sequence[Card], core: Collection[str], candidates: Collection[int]) -> list[Consistency]:
    """Per candidate (those with a completed scorecard): the core questions asked and the panel, compared with the
    panel most candidates had (on a tie, the larger)."""
    by_person: dict[int, list[Card]] = {}
    for card in cards:
        by_person.setdefault(card.person_id, []).append(card)
    panels = {pid: frozenset(c.rater_id for c in theirs) for pid, theirs in by_person.items()}
    counted = Counter(panels.values())
    usual = max(counted, key=lambda panel: (counted[panel], len(panel), sorted(r or 0 for r in panel))) if counted else None
    found = []
    for person_id in sorted(candidates):
        theirs = by_person.get(person_id)
        if not theirs:
            continue
        asked = {q for card in theirs for q, a in card.answers.items() if a.value is not None or a.not_assessed}
        missing = tuple(q for q in core if q not in asked)
        found.append(Consistency(
            person_id=person_id, panel=tuple(sorted({c.rater_name for c in theirs})), core_asked=len(core) - len(missing),
            core_total=len(core), missing_core=missing, other_panel=len(counted) > 1 and panels[person_id] != usual,
        ))
    return found
