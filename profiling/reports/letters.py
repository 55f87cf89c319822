"""The drafts of the letters a recruitment round sends, in Danish or English: the hearing of what weighs against a
candidate (forvaltningsloven § 19) and the answer to a rejected applicant with the reasons (§§ 22, 24; the state's
Personaleadministrativ vejledning 15.9.5). A draft is plain text the manager edits before sending.

An answer is built from the position's criteria, the minutes' reasons about this applicant and this applicant's
own results only - never another applicant's data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from profiling import formatting
from profiling.domain.text import Language
from profiling.i18n import translate


@dataclass(frozen=True)
class OwnResult:
    """One competence of the applicant's own consolidated result."""

    competence: str
    score: float | None
    target: int | None


def answer_letter(
    *, language: Language, applicant: str, position: str, criteria: str, reasons: str, results: Sequence[OwnResult],
    today: date,
) -> str:
    """The answer to a rejected applicant: the decision, the criteria it was made against, the main reasons for
    them, and what their own interview showed - to be edited before it is sent."""
    t = lambda key, **v: translate(key, language, **v)
    lines = [
        formatting.day(today, language), "",
        t("letter.answer.greeting", name=applicant), "",
        t("letter.answer.decision", position=position), "",
    ]
    listed = [c.strip() for c in criteria.splitlines() if c.strip()]
    if listed:
        lines += [t("letter.answer.criteria"), *(f"- {c}" for c in listed), ""]
    lines += [t("letter.answer.reasons"), reasons.strip() or t("letter.answer.reasons_missing"), ""]
    shown = [r for r in results if r.score is not None]
    if shown:
        lines.append(t("letter.answer.results"))
        for result in shown:
            target = t("letter.answer.target", target=result.target) if result.target is not None else ""
            lines.append(f"- {result.competence}: {formatting.number(result.score, language)}{target}")
        lines.append("")
    lines += [t("letter.answer.access"), "", t("letter.answer.closing")]
    return "\n".join(lines)


def hearing_letter(
    *, language: Language, candidate: str, position: str, referee: str, information: Sequence[str], deadline: date,
    today: date,
) -> str:
    """The hearing of a candidate (partshøring): the information from a reference that weighs against them, and the
    deadline for their answer, before the decision."""
    t = lambda key, **v: translate(key, language, **v)
    return "\n".join([
        formatting.day(today, language), "",
        t("letter.hearing.greeting", name=candidate), "",
        t("letter.hearing.why", position=position, referee=referee), "",
        *(f"- {item}" for item in information if item.strip()), "",
        t("letter.hearing.deadline", date=formatting.day(deadline, language)), "",
        t("letter.hearing.closing"),
    ])
