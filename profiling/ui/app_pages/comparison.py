"""Recruitment comparison: candidates of a round side by side; ranking, matrix, agreement, calibration."""

from datetime import UTC, datetime

import streamlit as st

from profiling import charts, formatting
from profiling.domain.framework import Framework
from profiling.domain.scoring import Profile
from profiling.reads import comparison, round_views, target_levels
from profiling.reads.comparison import RoundComparison
from profiling.reads.views import RoundStatus
from profiling.reports import comparison_export, pdf, sentences, spreadsheet
from profiling.ui import read_models, runtime
from profiling.ui.i18n import language, local, t
from profiling.ui.navigation import PROFILE, ROUNDS, link
from profiling.ui.widgets import choose_kept_in_url, escape, level_choice, show_chart

actor = runtime.actor()
catalog = runtime.catalog()
lang = language()


def choose_round() -> int | None:
    """The round to compare (kept in the URL); None when the actor sees no round."""
    visible_rounds = runtime.read(round_views.round_titles) or []
    if not visible_rounds:
        st.info(t("comparison.no_rounds"))
        link(ROUNDS, t("nav.rounds"), icon=":material/how_to_reg:")
        return None
    return choose_kept_in_url(t("rounds.choose"), "round", {r.id: r.title for r in visible_rounds})


def choose_candidates(everything: RoundComparison) -> list[int]:
    """The candidates to show (at most the charts' limit); the blind-scoring note for a panel member."""
    current = everything.round
    if current.status is RoundStatus.OPEN and any(u.id == actor.user_id for u in current.panel):
        st.info(t("comparison.blind_note"), icon=":material/visibility_off:")
    if not everything.candidates:
        st.info(t("comparison.no_results"))
        return []
    names = {c.person.id: c.person.name for c in everything.candidates}
    chosen: list[int] = st.multiselect(
        t("comparison.candidates"),
        list(names),
        default=list(names)[: charts.MAX_PEOPLE],
        format_func=names.__getitem__,
        placeholder=t("form.choose_people"),
        max_selections=charts.MAX_PEOPLE,
        help=t("comparison.candidates_help", max=charts.MAX_PEOPLE),
    )
    if not chosen:
        st.warning(t("comparison.pick_some"))
    return chosen


def export_buttons(result: RoundComparison, round_id: int) -> None:
    """CSV, Excel and PDF of the comparison, each built when clicked, not on every run."""
    row = st.container(horizontal=True)  # one element for the row (columns cost one each)
    row.download_button(
        t("comparison.export_csv"),
        lambda: comparison_export.to_csv(result, lang),
        file_name=f"sammenligning-runde-{round_id}.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    row.download_button(
        t("comparison.export_excel"),
        lambda: comparison_export.to_excel(result, lang),
        file_name=f"sammenligning-runde-{round_id}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table_view:",
    )
    row.download_button(
        t("comparison.export_pdf"),
        lambda: pdf.recruitment_report(result, lang, datetime.now(UTC)),
        file_name=f"rekruttering-runde-{round_id}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
    )


@st.fragment
def comparison_radar(everything: RoundComparison, framework: Framework, people: list[tuple[str, Profile]], chosen: list[int]) -> None:
    """The candidates' radar; switching between competences and areas reruns only this part."""
    level = level_choice("comparison_level")
    radar = read_models.built_from(
        ("comparison_radar", lang, level, tuple(sorted(chosen))), everything,
        build=lambda: charts.people_radar(framework, people, lang, level=level),
    )
    show_chart(radar, "comparison_radar")


def gap_matrix(everything: RoundComparison, result: RoundComparison, people: list[tuple[str, Profile]], chosen: list[int]) -> None:
    """Gap to target per candidate and competence, and where the panel disagrees."""
    framework = result.framework
    matrix = read_models.built_from(
        ("comparison_matrix", lang, tuple(sorted(chosen))), everything,
        build=lambda: charts.gap_heatmap(framework, people, lang, title=t("comparison.matrix_title")),
    )
    show_chart(matrix, "comparison_matrix")
    flagged = [
        (c.person.name, local(framework.competence(s.competence_id).name), s)
        for c in result.candidates
        for s in c.panel.consolidated.competences
        if s.disagreement
    ]
    if flagged:
        st.warning(sentences.disagreement_sentence(result, lang), icon=":material/forum:")
        read_models.table(("comparison_flagged", lang, tuple(sorted(chosen))), everything, rows=lambda: [
            {t("export.candidate"): name, t("export.competence"): competence, t("export.questions_compared"): s.compared,
             t("export.questions_apart"): s.apart, t("export.questions_unmatched"): s.unmatched}
            for name, competence, s in flagged
        ], hide_index=True)


def ranking(result: RoundComparison, round_id: int) -> None:
    st.info(sentences.ranking_status(result, lang), icon=":material/gavel:")
    st.caption(t("comparison.groups_help"))
    read_models.table(("comparison_ranking", lang), result,
                      rows=lambda: spreadsheet.for_display(comparison_export.ranking_table(result, lang), lang), hide_index=True)
    if any(c.group is None for c in result.candidates):
        st.caption(t("comparison.incomplete_help", coverage=formatting.percent(result.round.min_coverage, lang)))
    for candidate in result.candidates:
        link(
            PROFILE,
            f"{t('export.group')} {sentences.group_text(candidate, lang)}: {escape(candidate.person.name)} · {sentences.fit_text(candidate, lang)}",
            icon=":material/radar:",
            person=candidate.person.id,
            assessment=f"round:{round_id}",
        )


def agreement_and_calibration(result: RoundComparison) -> None:
    st.markdown(f"**{t('comparison.agreement')}**")
    st.markdown(escape(sentences.round_agreement_sentence(result.round_agreement, lang)))
    st.caption(t("comparison.agreement_help"))
    read_models.table(("comparison_agreement", lang), result,
                      rows=lambda: spreadsheet.for_display(comparison_export.agreement_table(result, lang), lang), hide_index=True)
    st.markdown(f"**{t('comparison.calibration')}**")
    st.caption(t("comparison.calibration_help"))
    if result.pairwise is not None:  # two raters: their deviations mirror each other - one fact, said once
        st.markdown(escape(sentences.pairwise_sentence(result.pairwise, lang)))
    read_models.table(("comparison_calibration", lang), result,
                      rows=lambda: spreadsheet.for_display(comparison_export.calibration_table(result, lang), lang), hide_index=True)


def raters_of_one_candidate(result: RoundComparison) -> None:
    """The raters side by side, question by question, for the candidate chosen: how many questions they rated
    within one level, and which lie two or more apart or were not assessed by one of them."""
    names = {c.person.id: c.person.name for c in result.candidates}
    candidate_id = st.selectbox(t("export.candidate"), list(names), format_func=names.__getitem__)
    chosen_candidate = next(c for c in result.candidates if c.person.id == candidate_id)
    st.markdown(escape(sentences.questions_sentence(chosen_candidate.panel.questions, lang)))
    questions = {q.id: q for g in catalog.guides.values() for q in g.questions}
    st.dataframe(
        [
            {
                t("export.competence"): local(result.framework.competence(row.competence_id).name),
                t("export.question"): local(questions[row.key].text) if row.key in questions else row.key,
                **{rater: "–" if value is None else (t("export.not_assessed") if value == comparison_export.NOT_ASSESSED
                                                     else str(value))
                   for rater, value in row.ratings.items()},
                t("export.verdict"): t(f"questions.verdict.{row.verdict.value}") if row.verdict else "",
            }
            for row in comparison_export.side_by_side(chosen_candidate)
        ],
        hide_index=True,
    )


def render() -> None:
    st.title(t("comparison.title"))
    round_id = choose_round()
    if round_id is None:
        return
    everything = runtime.read(comparison.compare_round, catalog, round_id)
    if everything is None:
        return
    chosen = choose_candidates(everything)
    if not chosen:
        return
    # One comparison of the whole round: agreement and calibration are about the round's raters; the
    # choice of candidates narrows the pictures, the ranking and the export.
    # Kept while the round and the choice stay: what is made from it (its tables) is then made once.
    result = read_models.built_from(("comparison_chosen", tuple(sorted(chosen))), everything, build=lambda: everything.model_copy(
        update={"candidates": [c for c in everything.candidates if c.person.id in chosen]}))
    framework = result.framework
    st.caption(
        t("round.target_line", target=escape(target_levels.shown_name(result.target_name, catalog.frameworks.values(), lang)) if result.target_name else t("round.default_target"))
        + " · "
        + t("comparison.framework_version", version=framework.version)
    )
    export_buttons(result, round_id)
    # Only the open tab runs (its name is in the URL, so a reload keeps it).
    radar_tab, matrix_tab, ranking_tab, agreement_tab, raters_tab = st.tabs(
        [t("comparison.tab.radar"), t("comparison.tab.matrix"), t("comparison.tab.ranking"), t("comparison.tab.agreement"), t("comparison.tab.raters")],
        key="tab",
        on_change="rerun",
        bind="query-params",
    )
    people = [(c.person.name, c.panel.consolidated) for c in result.candidates]
    with radar_tab:
        if radar_tab.open:
            comparison_radar(everything, framework, people, chosen)
    with matrix_tab:
        if matrix_tab.open:
            gap_matrix(everything, result, people, chosen)
    with ranking_tab:
        if ranking_tab.open:
            ranking(result, round_id)
    with agreement_tab:
        if agreement_tab.open:
            agreement_and_calibration(result)
    with raters_tab:
        if raters_tab.open:
            raters_of_one_candidate(result)


render()
