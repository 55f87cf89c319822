"""A person's profile: the radar against the target (and self-assessment, team, time), the table, the notes."""

import streamlit as st

from profiling import charts, formatting
from profiling.domain.assessments import Instrument
from profiling.domain.guide import GuideMode
from profiling.domain.insights import read_gaps
from profiling.domain.scoring import CompetenceScore
from profiling.reads import development_plans, directory, interview_views, results, target_levels, team
from profiling.reads.views import AssessmentContext, ResultView
from profiling.reports import sentences
from profiling.services.actors import Role
from profiling.ui import read_models, runtime
from profiling.ui.i18n import language, local, t
from profiling.ui.navigation import CONVERSATION, DEVELOPMENT, PEOPLE, link
from profiling.ui.widgets import escape, level_choice, pick, query_int, set_query, show_chart, titled

COVERAGE_WARNING = 0.8

actor = runtime.actor()
catalog = runtime.catalog()
lang = language()
requested = query_int("person")


def context_labels(contexts: list[AssessmentContext]) -> dict[str, str]:
    """Each assessment's label in the picker, by its key (made once per read: a person may have dozens)."""
    guide_titles = {g.id: local(g.title) for g in catalog.guides.values()}
    return {
        context.key: " · ".join([
            t("profile.context.round") if context.round_id else guide_titles.get(context.guide_id, context.guide_id),
            formatting.day(context.completed_at, lang), ", ".join(context.rater_names),
        ])
        for context in contexts
    }


def pick_person() -> None:
    st.title(t("profile.title"))
    everyone = runtime.read(directory.list_people) or []
    if not everyone:
        st.info(t("profile.no_people"))
        link(PEOPLE, t("nav.people"), icon=":material/group:")
        return
    chosen = pick(t("profile.choose_person"), everyone, id_of=lambda p: p.id, label_of=lambda p: p.label(), none="–")
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
                t("profile.col.disagreement"): t("profile.disagreement_mark") if score.disagreement else "",
            }
        )
    return rows


def gap_list(title: str, scores: list[CompetenceScore], result: ResultView, empty: str) -> None:
    """A titled list of competences with score and gap, as one markdown element."""
    lines = [
        f"- {local(result.framework.competence(score.competence_id).name)} · "
        f"{formatting.number(score.score, lang)} ({formatting.signed(score.gap, lang)})"
        for score in scores
    ]
    st.markdown("\n".join([f"**{title}**", "", *lines]) if lines else titled(f"**{title}**", empty))


def _team_average(result: ResultView):  # type: ignore[no-untyped-def]
    """The average of the person's team (only computed when that layer is shown)."""
    found = runtime.read(team.team_average_for, catalog, result.person.id, result.framework.id)
    return None if found is None else found.average


def radar_tab(result: ResultView) -> None:
    profile = result.panel.consolidated
    has_self = any(r.role.value == "self" for r in result.panel.raters)
    person_team = runtime.read(team.team_of, result.person.id)
    layers = ["target"] + (["self"] if has_self else []) + (["team"] if person_team else [])
    controls = st.container(horizontal=True, gap="large")
    self_only = has_self and all(r.role.value == "self" for r in result.panel.raters)
    layer = controls.segmented_control(
        t("profile.layer"), layers, default="self" if self_only else "target", required=True,
        format_func=lambda value: t(f"profile.layer.{value}"), key="profile_layer",
    )
    level = level_choice("profile_level", controls)
    chart_col, reading_col = st.columns([3, 1], gap="large")
    with chart_col:
        name = ("profile_radar", lang, layer, level)
        if layer == "self":
            chart = read_models.built_from(
                name, result,
                build=lambda: charts.self_manager_radar(result.framework, result.panel, result.person.name, lang, level=level),
            )
        elif layer == "team" and (team_average := _team_average(result)) is not None:
            chart = read_models.built_from(
                name, result, team_average,
                build=lambda: charts.team_radar(
                    result.framework, team_average, lang, person=(result.person.name, profile), level=level
                ),
            )
        else:
            chart = read_models.built_from(
                name, result, build=lambda: charts.person_radar(result.framework, profile, result.person.name, lang, level=level)
            )
        show_chart(chart, "profile_radar")
    with reading_col:
        reading = read_gaps(profile)
        gap_list(t("profile.strengths"), reading.strengths, result, t("profile.no_strengths"))
        gap_list(t("profile.development_areas"), reading.development_areas, result, t("profile.no_development_areas"))


def history_tab(result: ResultView) -> None:
    history = runtime.read(results.person_history, result.person.id, result.framework.id) or []
    if len(history) < 2:
        st.info(t("profile.history_needs_two"))
        return
    points = [(p.completed_at, t(f"instrument.{p.instrument.value}"), p.profile) for p in history]
    show_chart(
        read_models.built_from(("profile_history", lang), history, build=lambda: charts.timeline_radar(result.framework, points, lang)),
        "profile_history",
    )
    st.caption(t("profile.history_instruments"))
    st.markdown(f"**{t('profile.trend')}**")
    # Plan goals are marked for those who may see the plans (the person and their manager).
    person_plans = runtime.read_if_allowed(development_plans.plans_of, result.person.id) or []
    competence_ids = [c.id for c in result.framework.competences]
    chosen = st.selectbox(
        t("profile.col.competence"), competence_ids,
        format_func=lambda cid: local(result.framework.competence(cid).name), key="profile_trend_competence",
    )
    goal_dates = [plan.created_at for plan in person_plans for goal in plan.goals if goal.competence_id == chosen]
    target = history[-1].profile.competence(chosen).target
    show_chart(
        charts.competence_trend(
            result.framework, chosen,
            [
                (t(f"instrument.{instrument.value}"),
                 [(p.completed_at, p.profile.competence(chosen).score) for p in history if p.instrument is instrument])
                for instrument in Instrument
            ],
            float(target) if target is not None else None, goal_dates, lang,
        ),
        "profile_trend",
    )
    read_models.table(("profile_history_table", lang), history, rows=lambda: [
        {
            t("profile.col.competence"): local(competence.name),
            **{
                f"{formatting.day(p.completed_at, lang)} · {t(f'instrument.{p.instrument.value}')}":
                    formatting.number(p.profile.competence(competence.id).score, lang)
                for p in history
            },
        }
        for competence in result.framework.competences
    ], hide_index=True)


def evidence_tab(result: ResultView) -> None:
    for score in result.panel.consolidated.competences:
        competence = result.framework.competence(score.competence_id)
        notes = [e for e in result.evidence if e.competence_id == competence.id]
        with st.expander(f"{local(competence.name)} · {formatting.number(score.score, lang)}"):
            if not notes:
                st.caption(t("profile.no_evidence"))
            for item in notes:
                st.caption(
                    f"{escape(item.rater_name)} · {t('rater_role.' + item.rater_role.value)} · "
                    f"{t('profile.rating')}: {item.value if item.value is not None else '–'}"
                )
                if item.note:
                    st.text(item.note)
                if item.addendum:
                    st.caption(t("conversation.addendum", date=formatting.day(item.addendum_at, lang)))
                    st.text(item.addendum)
    st.markdown(f"**{t('profile.scorecards')}**")
    allowed = runtime.read(interview_views.openable, [i.id for i in result.interviews]) or set()
    for interview in result.interviews:
        if interview.id not in allowed:
            st.caption(f"{escape(interview.rater_name)} · {formatting.day(interview.completed_at, lang)}")
            continue
        link(
            CONVERSATION,
            f"{escape(interview.rater_name)} · {formatting.day(interview.completed_at, lang)}",
            icon=":material/description:",
            interview=interview.id,
        )


def render(person_id: int) -> None:
    """A person's assessments: pick one, see it as radar, over time, as a table and with its evidence."""
    person = runtime.read(directory.get_person, person_id)
    contexts = runtime.read(results.person_contexts, person_id) if person is not None else None
    if person is None or contexts is None:
        return
    st.title(escape(person.name))
    st.caption(" · ".join(part for part in [t(f"person.kind.{person.kind.value}"), escape(person.team_name)] if part))
    if not contexts:
        st.info(t("profile.no_results"))
        link(PEOPLE, t("profile.start_from_people"), icon=":material/play_arrow:", person=person_id)
        return
    labels = read_models.built_from(("profile_contexts", lang), contexts, build=lambda: context_labels(contexts))
    keys = list(labels)
    wanted = st.query_params.get("assessment")
    chosen = st.selectbox(
        t("profile.assessment"), keys, index=keys.index(wanted) if wanted in keys else 0, format_func=labels.__getitem__
    )
    if chosen != wanted:
        set_query(assessment=chosen)
    result = runtime.read(results.person_result, person_id, chosen)
    if result is None:
        return
    profile = result.panel.consolidated
    raters = [r for r in result.panel.raters if r.role.value != "self"]
    if raters:  # a self-assessment on its own has no fit, coverage or raters to speak of (said below)
        figures = st.container(horizontal=True, gap="medium")  # a row of three in four elements, not seven
        figures.metric(t("profile.fit"), formatting.fit(profile.fit_low, profile.fit_high, lang), help=t("profile.fit_help"))
        figures.metric(t("profile.coverage"), formatting.percent(profile.coverage, lang), help=t("profile.coverage_help"))
        figures.metric(t("profile.raters"), len(raters))
    st.caption(
        t("round.target_line", target=escape(target_levels.shown_name(result.target_name, catalog.frameworks.values(), lang)) if result.target_name else t("round.default_target"))
        + " · "
        + t("comparison.framework_version", version=result.framework.version)
    )
    development_guides = {g.id for g in catalog.guides.values() if g.mode is GuideMode.DEVELOPMENT}
    if result.context.round_id is None and result.context.guide_id in development_guides and actor.role is not Role.EMPLOYEE:
        link(DEVELOPMENT, t("profile.make_plan"), icon=":material/flag:", person=person_id, tab=t("development.tab.plan"))
    if raters and profile.coverage < COVERAGE_WARNING:
        st.warning(t("profile.low_coverage", coverage=formatting.percent(profile.coverage, lang)), icon=":material/warning:")
    if not raters:  # a self-assessment on its own: say what is missing instead of an empty radar
        st.info(t("profile.self_only"), icon=":material/person:")
    elif len(raters) == 1:
        st.info(t("profile.single_rater"), icon=":material/person:")
    disagreeing = [local(result.framework.competence(c.competence_id).name) for c in profile.competences if c.disagreement]
    if disagreeing:
        st.warning(t("profile.disagreement", competences=", ".join(disagreeing)), icon=":material/forum:")
    if len(raters) > 1:  # the raters side by side: how many questions they rated alike
        st.caption(escape(sentences.questions_sentence(result.panel.questions, lang)))

    # Only the open tab runs (its name is in the URL, so a reload keeps it).
    radar, over_time, table, evidence = st.tabs(
        [t("profile.tab.radar"), t("profile.tab.history"), t("profile.tab.table"), t("profile.tab.evidence")],
        key="tab",
        on_change="rerun",
        bind="query-params",
    )
    with radar:
        if radar.open:
            radar_tab(result)
    with over_time:
        if over_time.open:
            history_tab(result)
    with table:
        if table.open:
            read_models.table(("profile_table", lang), result, rows=lambda: competence_rows(result), hide_index=True)
    with evidence:
        if evidence.open:
            evidence_tab(result)


if requested is None:
    pick_person()
else:
    render(requested)
