"""A person's profile: scores against the target, fit and coverage, the radar, the notes behind each score."""

import streamlit as st

from profiling import charts, formatting
from profiling.services import people, results
from profiling.services.views import AssessmentContext, ResultView
from profiling.ui import runtime
from profiling.ui.i18n import language, local, t
from profiling.ui.navigation import CONVERSATION, PEOPLE, link
from profiling.ui.widgets import call, escape, query_int, set_query, show_chart

COVERAGE_WARNING = 0.8

actor = runtime.actor()
lang = language()
person_id = query_int("person")


def context_label(context: AssessmentContext, guide_titles: dict[str, str]) -> str:
    kind = t("profile.context.round") if context.round_id else guide_titles.get(context.guide_id, context.guide_id)
    raters = ", ".join(context.rater_names)
    return f"{kind} · {formatting.day(context.completed_at, lang)} · {raters}"


def pick_person() -> None:
    st.title(t("profile.title"))
    with runtime.unit_of_work() as uow:
        everyone = people.list_people(actor, uow)
    if not everyone:
        st.info(t("profile.no_people"))
        link(PEOPLE, t("nav.people"), icon=":material/group:")
        return
    chosen = st.selectbox(t("profile.choose_person"), [None, *everyone], format_func=lambda p: "–" if p is None else p.name)
    if chosen is not None:
        set_query(person=chosen.id)
        st.rerun()


def competence_rows(result: ResultView) -> list[dict[str, object]]:
    framework = result.framework
    rows = []
    for score in result.panel.consolidated.competences:
        competence = framework.competence(score.competence_id)
        rows.append(
            {
                t("profile.col.area"): local(framework.area_of(competence.id).name),
                t("profile.col.competence"): local(competence.name),
                t("profile.col.score"): formatting.number(score.score, lang),
                t("profile.col.target"): formatting.number(score.target, lang, 0) if score.target else "–",
                t("profile.col.gap"): formatting.signed(score.gap, lang),
                t("profile.col.ratings"): score.n_ratings,
                t("profile.col.raters"): score.n_raters,
                t("profile.col.spread"): formatting.number(score.spread, lang),
                t("profile.col.disagreement"): "⚠" if score.disagreement else "",
            }
        )
    return rows


def render() -> None:
    with runtime.unit_of_work() as uow:
        person = call(lambda: people.get_person(actor, uow, person_id))
        if person is None:
            return
        contexts = results.person_contexts(actor, uow, person_id)
    st.title(escape(person.name))
    st.caption(" · ".join(part for part in [t(f"person.kind.{person.kind.value}"), escape(person.team_name)] if part))
    if not contexts:
        st.info(t("profile.no_results"))
        link(PEOPLE, t("profile.start_from_people"), icon=":material/play_arrow:", person=person_id)
        return
    guide_titles = {g.id: local(g.title) for g in runtime.catalog().guides.values()}
    keys = [c.key for c in contexts]
    wanted = st.query_params.get("assessment")
    chosen = st.selectbox(
        t("profile.assessment"),
        keys,
        index=keys.index(wanted) if wanted in keys else 0,
        format_func=lambda key: context_label(next(c for c in contexts if c.key == key), guide_titles),
    )
    if chosen != wanted:
        set_query(assessment=chosen)
    with runtime.unit_of_work() as uow:
        result = call(lambda: results.person_result(actor, uow, person_id, chosen))
    if result is None:
        return
    profile = result.panel.consolidated
    raters = [r for r in result.panel.raters if r.role.value != "self"]

    fit_col, coverage_col, raters_col = st.columns(3)
    fit_col.metric(t("profile.fit"), "–" if profile.fit is None else f"{formatting.number(profile.fit, lang, 0)} %", help=t("profile.fit_help"))
    coverage_col.metric(t("profile.coverage"), formatting.percent(profile.coverage, lang), help=t("profile.coverage_help"))
    raters_col.metric(t("profile.raters"), len(raters))
    st.caption(
        t("round.target_line", target=escape(result.target_name) if result.target_name else t("round.default_target"))
        + " · "
        + t("comparison.framework_version", version=result.framework.version)
    )
    if profile.coverage < COVERAGE_WARNING:
        st.warning(t("profile.low_coverage", coverage=formatting.percent(profile.coverage, lang)), icon=":material/warning:")
    if len(raters) == 1:
        st.info(t("profile.single_rater"), icon=":material/person:")

    level = st.segmented_control(
        t("profile.level"),
        ["competence", "area"],
        default="competence",
        format_func=lambda value: t(f"profile.level.{value}"),
        key="profile_level",
        required=True,
    )
    show_chart(charts.person_radar(result.framework, profile, person.name, lang, level=level), "profile_radar")

    st.subheader(t("profile.table"), anchor=False)
    st.dataframe(competence_rows(result), hide_index=True)

    st.subheader(t("profile.evidence"), anchor=False)
    for score in profile.competences:
        competence = result.framework.competence(score.competence_id)
        notes = [e for e in result.evidence if e.competence_id == competence.id]
        label = f"{local(competence.name)} · {formatting.number(score.score, lang)}"
        with st.expander(label):
            if not notes:
                st.caption(t("profile.no_evidence"))
            for item in notes:
                st.caption(
                    f"{escape(item.rater_name)} · {t('rater_role.' + item.rater_role.value)} · "
                    f"{t('profile.rating')}: {item.value if item.value is not None else '–'}"
                )
                if item.note:
                    st.text(item.note)
    with st.expander(t("profile.scorecards")):
        for interview in result.interviews:
            link(
                CONVERSATION,
                f"{escape(interview.rater_name)} · {formatting.day(interview.completed_at, lang)}",
                icon=":material/description:",
                interview=interview.id,
            )


if person_id is None:
    pick_person()
else:
    render()
