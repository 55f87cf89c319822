"""The recruitment comparison as tables: a CSV file and an Excel workbook with one sheet per view."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from profiling.domain.text import Language
from profiling.i18n import translate
from profiling.reports import sentences, spreadsheet
from profiling.services.comparison import RoundComparison

Table = list[dict[str, Any]]


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def ranking_table(comparison: RoundComparison, language: Language) -> Table:
    """One row per candidate: ranked ones by fit (ties share a rank), then the incomplete ones."""
    def h(key: str) -> str:
        return translate(f"export.{key}", language)

    return [
        {
            h("rank"): c.rank if c.rank is not None else sentences.rank_text(c, language),
            h("candidate"): c.person.name,
            h("fit"): _r(c.panel.consolidated.fit, 1),
            h("above_target"): _r(c.above_target),
            h("coverage"): _r(c.panel.consolidated.coverage * 100, 1),
            h("raters"): len([r for r in c.panel.raters if r.role.value != "self"]),
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
                    h("rank"): candidate.rank if candidate.rank is not None else sentences.rank_text(candidate, language),
                    h("candidate"): candidate.person.name,
                    h("fit"): _r(consolidated.fit, 1),
                    h("coverage"): _r(consolidated.coverage * 100, 1),
                    h("competence_id"): score.competence_id,
                    h("competence"): competence.name.in_language(language),
                    h("score"): _r(score.score),
                    h("target"): score.target,
                    h("gap"): _r(score.gap),
                    h("raters"): score.n_raters,
                    h("spread"): _r(score.spread),
                    h("disagreement"): score.disagreement,
                    h("rwg"): _r(score.rwg),
                }
            )
    return rows


def agreement_table(comparison: RoundComparison, language: Language) -> Table:
    """Rater agreement r_wg(J) per competence, beside what random answers would give (rule 2)."""
    def h(key: str) -> str:
        return translate(f"export.{key}", language)

    return [
        {
            h("competence"): comparison.framework.competence(a.competence_id).name.in_language(language),
            h("rwg"): _r(a.rwg),
            h("chance"): _r(a.chance),
            h("note"): sentences.agreement_note(a, language),
            h("candidates"): a.candidates,
            h("disagreements"): a.disagreements,
        }
        for a in comparison.agreement
    ]


def calibration_table(comparison: RoundComparison, language: Language) -> Table:
    """Each rater's mean, spread and leave-one-out distance from the other raters (rule 3)."""
    def h(key: str) -> str:
        return translate(f"export.{key}", language)

    return [
        {
            h("rater"): c.rater_name,
            h("scorecards"): c.scorecards,
            h("ratings"): c.ratings,
            h("mean"): _r(c.mean),
            h("spread"): _r(c.spread),
            h("deviation"): _r(c.deviation),
            h("shared_candidates"): c.shared_candidates,
            h("flag"): sentences.calibration_note(c, language),
        }
        for c in comparison.calibration
    ]


def ratings_table(comparison: RoundComparison, language: Language) -> Table:
    """Each rater's competence scores per candidate."""
    def h(key: str) -> str:
        return translate(f"export.{key}", language)

    rows = []
    for candidate in comparison.candidates:
        for rater in candidate.panel.raters:
            for score in rater.profile.competences:
                rows.append(
                    {
                        h("candidate"): candidate.person.name,
                        h("rater"): rater.rater,
                        h("competence"): comparison.framework.competence(score.competence_id).name.in_language(language),
                        h("score"): _r(score.score),
                        h("ratings"): score.n_ratings,
                    }
                )
    return rows


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
