"""The sentences every view of a decision says alike (page, PDF, Excel): derived from the same flags."""

from __future__ import annotations

from profiling import formatting
from profiling.domain.decision import CompetenceAgreement, RaterCalibration
from profiling.domain.text import Language
from profiling.domain.theme_days import FEWER_THAN_SMALL, HIDDEN, BandCount, CompetenceBands, Withheld
from profiling.i18n import translate
from profiling.services.comparison import CandidateResult, RoundComparison


def rank_text(candidate: CandidateResult, language: Language) -> str:
    """The candidate's rank as every view writes it: the number, or "incomplete assessment"."""
    return str(candidate.rank) if candidate.rank is not None else translate("comparison.incomplete", language)


def disagreement_count(candidate: CandidateResult) -> int:
    """Competences where two raters rated a question 2 levels or more apart (rule 1)."""
    return sum(s.disagreement for s in candidate.panel.consolidated.competences)


def disagreement_sentence(comparison: RoundComparison, language: Language) -> str:
    """The one sentence about disagreement every view shows, derived from the flags."""
    count = sum(disagreement_count(c) for c in comparison.candidates)
    if count:
        return translate("comparison.disagreements", language, count=count)
    return translate("report.no_disagreements", language)


def agreement_note(item: CompetenceAgreement, language: Language) -> str:
    """'indicative (2 raters)' for small panels; 'too few raters' when there is no value."""
    if item.rwg is None:
        return translate("agreement.none", language)
    return translate("agreement.indicative", language, raters=item.raters) if item.indicative else ""


def calibration_note(item: RaterCalibration, language: Language) -> str:
    """Lenient / harsh, or "too few shared candidates to judge", or nothing."""
    if item.flag:
        return translate(f"calibration.{item.flag}", language)
    return translate("calibration.too_few", language) if item.too_few_to_judge else ""


def general_difference_sentence(name: str, general: float, language: Language) -> str:
    """"Overall Anne rates herself 0.6 higher than the manager does ..." (rule 4's headline)."""
    direction = translate("development.higher", language) if general > 0 else translate("development.lower", language)
    return translate(
        "development.general_difference", language,
        name=name, amount=formatting.number(abs(general), language, 1), direction=direction,
    )


def band_count(value: BandCount | None, language: Language) -> str:
    """A band's count as every view writes it: the number, "< 3", or hidden (so a "< 3" cannot be worked out)."""
    if value is None:
        return formatting.DASH
    if value == FEWER_THAN_SMALL:
        return "< 3"
    if value == HIDDEN:
        return translate("theme_day.count_hidden", language)
    return str(value)


def withheld_sentence(bands: CompetenceBands, language: Language) -> str:
    """Why a competence of the team profile is not shown."""
    return translate(f"theme_day.withheld.{(bands.reason or Withheld.TOO_FEW).value}", language, count=bands.contributors)


def band_sentence(bands: CompetenceBands, language: Language) -> str:
    """"3 of 7 at or above target · mean 3 (target 3, gap 0)" - never a minimum, maximum or name."""
    if bands.withheld:
        return withheld_sentence(bands, language)
    parts = [translate("theme_day.mean", language, mean=formatting.number(bands.mean, language))]
    if bands.target is not None:
        parts = [
            translate("theme_day.at_or_above", language, count=band_count(bands.at_or_above, language), total=bands.contributors),
            translate("theme_day.mean_gap", language, mean=formatting.number(bands.mean, language), target=bands.target,
                      gap=formatting.signed(bands.gap, language)),
        ]
    return " · ".join(parts)


def ranking_status(comparison: RoundComparison, language: Language) -> str:
    """What the ordering is: a proposal for the panel's minutes, never the decision - or where the decision stands."""
    if comparison.decided_on is None:
        return translate("comparison.proposal", language)
    return translate("comparison.decided", language, date=formatting.day(comparison.decided_on, language))
