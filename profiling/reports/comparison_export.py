"""The recruitment comparison as tables: a CSV file and an Excel workbook with one sheet per view."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from profiling.domain.agreement import QuestionVerdict, compare_question
from profiling.domain.text import DataModel, Language
from profiling.i18n import translate
from profiling.reads.comparison import CandidateResult, RoundComparison
from profiling.reports import sentences, spreadsheet

Table = list[dict[str, Any]]


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def ranking_table(comparison: RoundComparison, language: Language) -> Table:
    """One row per candidate: in groups by the lower bound of fit (one group cannot be told apart), then the
    incomplete ones."""
    def h(key: str) -> str:
        return translate(f"export.{key}", language)

    return [
        {
            h("group"): c.group if c.group is not None else sentences.group_text(c, language),
            h("candidate"): c.person.name,
            h("fit_low"): _r(c.panel.consolidated.fit_low, 1),
            h("fit_high"): _r(c.panel.consolidated.fit_high, 1),
            h("fit_error"): _r(c.fit_error, 1),
            h("above_target"): _r(c.above_target),
            h("coverage"): _r(c.panel.consolidated.coverage * 100, 1),
            h("raters"): len([r for r in c.panel.raters if r.role.value != "self"]),
            h("questions_compared"): c.panel.questions.compared,
            h("questions_within_one"): c.panel.questions.within_one,
            h("disagreements"): sentences.disagreement_count(c),
        }
        for c in comparison.candidates
    ]


def matrix_table(comparison: RoundComparison, language: Language) -> Table:
    """Competences × candidates: each candidate's consolidated score and gap to target."""
    framework = comparison.framework
    rows = []
    for competence in framework.competences:
        row: dict[str, Any] = {
            translate("export.competence", language): competence.name.in_language(language),
            translate("export.target", language): comparison.candidates[0].panel.consolidated.competence(competence.id).target
            if comparison.candidates
            else None,
        }
        for candidate in comparison.candidates:
            score = candidate.panel.consolidated.competence(competence.id)
            row[f"{candidate.person.name} · {translate('export.score', language)}"] = _r(score.score)
            row[f"{candidate.person.name} · {translate('export.gap', language)}"] = _r(score.gap)
        rows.append(row)
    return rows


def long_table(comparison: RoundComparison, language: Language) -> Table:
    """Every candidate × competence in one tidy table: the CSV export."""
    def h(key: str) -> str:
        return translate(f"export.{key}", language)

    rows = []
    for candidate in comparison.candidates:
        consolidated = candidate.panel.consolidated
        for score in consolidated.competences:
            competence = comparison.framework.competence(score.competence_id)
            rows.append(
                {
                    h("round"): comparison.round.title,
                    h("group"): candidate.group if candidate.group is not None else sentences.group_text(candidate, language),
                    h("candidate"): candidate.person.name,
                    h("fit_low"): _r(consolidated.fit_low, 1),
                    h("fit_high"): _r(consolidated.fit_high, 1),
                    h("coverage"): _r(consolidated.coverage * 100, 1),
                    h("competence_id"): score.competence_id,
                    h("competence"): competence.name.in_language(language),
                    h("score"): _r(score.score),
                    h("target"): score.target,
                    h("gap"): _r(score.gap),
                    h("raters"): score.n_raters,
                    h("spread"): _r(score.spread),
                    h("questions_compared"): score.compared,
                    h("questions_apart"): score.apart,
                    h("questions_unmatched"): score.unmatched,
                    h("disagreement"): score.disagreement,
                }
            )
    return rows


def agreement_table(comparison: RoundComparison, language: Language) -> Table:
    """Pooled agreement r*wg(J) per competence over the round's questions rated by two raters or more (rule 2;
    random answers give 0), and the candidates with a disagreement on it (rule 1)."""
    def h(key: str) -> str:
        return translate(f"export.{key}", language)

    return [
        {
            h("competence"): comparison.framework.competence(a.competence_id).name.in_language(language),
            h("rwg_pooled"): _r(a.rwg),
            h("questions"): a.questions,
            h("raters"): a.raters,
            h("note"): sentences.agreement_note(a, language),
            h("candidates"): a.candidates,
            h("disagreements"): a.disagreements,
        }
        for a in comparison.agreement
    ]


def calibration_table(comparison: RoundComparison, language: Language) -> Table:
    """Each rater's mean, spread and leave-one-out distance from the other raters (rule 3). With two raters the
    distances mirror each other: the table leaves them out and the pairwise sentence says the one fact."""
    def h(key: str) -> str:
        return translate(f"export.{key}", language)

    rows: Table = []
    for c in comparison.calibration:
        row: dict[str, Any] = {
            h("rater"): c.rater_name, h("scorecards"): c.scorecards, h("ratings"): c.ratings, h("mean"): _r(c.mean),
            h("spread"): _r(c.spread), h("shared_candidates"): c.shared_candidates,
        }
        if comparison.pairwise is None:
            row[h("deviation")] = _r(c.deviation)
            row[h("flag")] = sentences.calibration_note(c, language)
        rows.append(row)
    if comparison.pairwise is not None:  # one fact, said once: in the first row, the column empty below
        said = sentences.pairwise_sentence(comparison.pairwise, language)
        for index, row in enumerate(rows):
            row[h("pairwise")] = said if index == 0 else ""
    return rows


def ratings_table(comparison: RoundComparison, language: Language) -> Table:
    """The raters side by side, question by question, per candidate: each rater's rating ("not assessed" spelt
    out) and how the question came out (rule 1)."""
    def h(key: str) -> str:
        return translate(f"export.{key}", language)

    raters = sorted({r.rater for c in comparison.candidates for r in c.panel.raters if r.role.value != "self"})
    rows = []
    for candidate in comparison.candidates:
        for question in side_by_side(candidate):
            given = {rater: question.ratings.get(rater) for rater in raters}
            rows.append(
                {
                    h("candidate"): candidate.person.name,
                    h("competence"): comparison.framework.competence(question.competence_id).name.in_language(language),
                    h("question"): question.key,
                    **{rater: "" if value is None else (translate("export.not_assessed", language) if value == NOT_ASSESSED
                                                        else value)
                       for rater, value in given.items()},
                    h("verdict"): translate(f"questions.verdict.{question.verdict.value}", language) if question.verdict else "",
                }
            )
    return rows


NOT_ASSESSED = -1  # a rater's "not assessed", in `SideBySide.ratings`


class SideBySide(DataModel):
    """One question of one candidate: every non-self rater's rating (None: not answered; NOT_ASSESSED), and the
    verdict (None: fewer than two raters answered it)."""

    key: str
    competence_id: str
    ratings: dict[str, int | None]
    verdict: QuestionVerdict | None


def side_by_side(candidate: CandidateResult) -> list[SideBySide]:
    """The candidate's questions in the order the raters answered them, with every rater's rating."""
    raters = [r for r in candidate.panel.raters if r.role.value != "self"]
    names = [r.rater for r in raters]
    by_question: dict[str, dict[str, int | None]] = {}
    competences: dict[str, str] = {}
    for rater in raters:
        for key, competence, value in rater.items:
            by_question.setdefault(key, dict.fromkeys(names))[rater.rater] = int(value)
            competences[key] = competence
        for key, competence in rater.unassessed:
            by_question.setdefault(key, dict.fromkeys(names))[rater.rater] = NOT_ASSESSED
            competences[key] = competence
    order = {c.competence_id: i for i, c in enumerate(candidate.panel.consolidated.competences)}
    result = []
    for key, ratings in by_question.items():
        values = [v for v in ratings.values() if v is not None and v != NOT_ASSESSED]
        unassessed = sum(1 for v in ratings.values() if v == NOT_ASSESSED)
        result.append(SideBySide(key=key, competence_id=competences[key], ratings=ratings,
                                 verdict=compare_question(values, unassessed)))
    return sorted(result, key=lambda q: order.get(q.competence_id, len(order)))


def sheets(comparison: RoundComparison, language: Language) -> dict[str, Table]:
    """Every view of the comparison, by sheet name."""
    return {
        translate("export.sheet.ranking", language): ranking_table(comparison, language),
        translate("export.sheet.matrix", language): matrix_table(comparison, language),
        translate("export.sheet.agreement", language): agreement_table(comparison, language),
        translate("export.sheet.calibration", language): calibration_table(comparison, language),
        translate("export.sheet.ratings", language): ratings_table(comparison, language),
    }


def to_csv(comparison: RoundComparison, language: Language) -> bytes:
    """The comparison as one CSV file in the language's Excel conventions (see spreadsheet.to_csv)."""
    return spreadsheet.to_csv(long_table(comparison, language), language)


def to_excel(comparison: RoundComparison, language: Language) -> bytes:
    """The comparison as an Excel workbook, one sheet per view."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, table in sheets(comparison, language).items():
        spreadsheet.add_sheet(workbook, name, table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
