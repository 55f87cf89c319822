"""The sentences every view of a decision says alike (page, PDF, Excel): derived from the same flags."""

from __future__ import annotations

from profiling import formatting
from profiling.domain.agreement import PairwiseCalibration, PooledAgreement, QuestionCounts, headline_difference
from profiling.domain.decision import CompetenceAgreement, RaterCalibration
from profiling.domain.guide import Guide
from profiling.domain.text import Language
from profiling.domain.theme_days import FEWER_THAN_SMALL, HIDDEN, BandCount, CompetenceBands, Withheld
from profiling.i18n import translate
from profiling.reads.comparison import CandidateResult, RoundComparison
from profiling.reads.preparation import Preparation


def group_text(candidate: CandidateResult, language: Language) -> str:
    """The candidate's group as every view writes it: the number, or "incomplete assessment"."""
    return str(candidate.group) if candidate.group is not None else translate("comparison.incomplete", language)


def fit_text(candidate: CandidateResult, language: Language) -> str:
    """The fit as an interval while targeted competences are unscored ("90–100 %"), else one number."""
    profile = candidate.panel.consolidated
    return formatting.fit(profile.fit_low, profile.fit_high, language)


def disagreement_count(candidate: CandidateResult) -> int:
    """Questions rated 2 levels or more apart, or rated by one rater and not assessed by another (rule 1)."""
    counts = candidate.panel.questions
    return counts.apart + counts.unmatched


def questions_sentence(counts: QuestionCounts, language: Language) -> str:
    """"9 of 12 questions within one level · 2 two or more apart · 1 rated by one, not assessed by another"."""
    if not counts.compared:
        return translate("questions.none_compared", language)
    parts = [translate("questions.within_one", language, count=counts.within_one, total=counts.compared)]
    if counts.apart:
        parts.append(translate("questions.apart", language, count=counts.apart))
    if counts.unmatched:
        parts.append(translate("questions.unmatched", language, count=counts.unmatched))
    return " · ".join(parts)


def disagreement_sentence(comparison: RoundComparison, language: Language) -> str:
    """The one sentence about disagreement every view shows, derived from the flags."""
    count = sum(disagreement_count(c) for c in comparison.candidates)
    if count:
        return translate("comparison.disagreements", language, count=count)
    return translate("report.no_disagreements", language)


def agreement_note(item: CompetenceAgreement, language: Language) -> str:
    """'too few questions to judge' when the pooled value rests on too few questions."""
    return translate("agreement.too_few", language, count=item.questions) if item.rwg is None else ""


def round_agreement_sentence(pooled: PooledAgreement, language: Language) -> str:
    """The round's pooled r*wg(J), with what it rests on - or why there is none."""
    if pooled.value is None:
        return translate("agreement.round_too_few", language, count=pooled.questions)
    return translate("agreement.round", language, value=formatting.number(pooled.value, language, 2),
                     count=pooled.questions, raters=pooled.raters)


def pairwise_sentence(pair: PairwiseCalibration, language: Language) -> str:
    """"Anne rates 1.0 higher than Bo on 4 shared candidates" - said once for a pair of raters."""
    sentence = translate("calibration.pairwise", language, higher=pair.higher, lower=pair.lower,
                         amount=formatting.number(pair.difference, language, 1), count=pair.shared_candidates)
    if pair.too_few_to_judge:
        return f"{sentence} {translate('calibration.pairwise_too_few', language)}"
    return f"{sentence} {translate('calibration.pairwise_notable', language)}" if pair.notable else sentence


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


def self_manager_notes(preparation: Preparation, language: Language) -> list[str]:
    """What every view says above the self/manager table: that the self-assessment waits for the manager's
    rating, that the manager saw it first, and G when worth saying - or that too few competences were scored
    by both to separate a general difference from the specific ones (then the table's differences are raw)."""
    notes = []
    if preparation.self_withheld:
        notes.append(translate("development.self_withheld", language))
    if preparation.manager_saw_self_at is not None:
        notes.append(translate("development.manager_saw_self", language,
                               date=formatting.day(preparation.manager_saw_self_at, language)))
    panel, name = preparation.panel, preparation.person.name
    if panel.too_few_to_separate:
        notes.append(translate("development.too_few_to_separate", language, count=panel.self_manager_shared, name=name))
    elif (general := headline_difference(panel.general_difference)) is not None:
        notes.append(general_difference_sentence(name, general, language))
    return notes


def time_plan(guide: Guide, language: Language) -> str:
    """The guide's time plan as the page and the printed kit say it: the core set and its minutes."""
    core = guide.core_questions()
    minutes = formatting.number(guide.planned_minutes, language, 0)
    if len(core) < len(guide.questions):
        return translate("conversation.time_plan", language, core=len(core), optional=len(guide.questions) - len(core),
                         minutes=minutes)
    return translate("conversation.time_plan_all", language, count=len(core), minutes=minutes)


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
