"""Team overview for a manager: gaps per person and competence, the team average, shared training needs."""

import streamlit as st

from profiling import charts, formatting
from profiling.domain.scoring import Profile
from profiling.reads import team
from profiling.reads.team import TeamOverview
from profiling.ui import read_models, runtime
from profiling.ui.i18n import language, local, t
from profiling.ui.navigation import PROFILE, link
from profiling.ui.widgets import escape, query_int, set_query, show_chart

actor = runtime.actor()
catalog = runtime.catalog()
lang = language()


def choose_overview() -> TeamOverview | None:
    """The unit, team and framework to look at (the team kept in the URL), and the overview of them."""
    reachable = runtime.read(team.teams_in_reach)
    if reachable is None:
        return None
    if not reachable:
        st.info(t("team.no_teams"))
        return None
    units = sorted({tm.unit for tm in reachable if tm.unit})
    # Rows of equal parts as horizontal containers: a row of three costs four elements, not seven (issue 12).
    choices = st.container(horizontal=True, gap="medium")
    unit = choices.selectbox(t("team.unit"), [None, *units], format_func=lambda u: t("people.all") if u is None else u)
    in_unit = [tm for tm in reachable if unit is None or tm.unit == unit]
    wanted = query_int("team")
    team_ids = [tm.id for tm in in_unit]
    team_names = {tm.id: tm.name for tm in in_unit}
    team_id = choices.selectbox(
        t("person.team"),
        [None, *team_ids],
        index=(team_ids.index(wanted) + 1) if wanted in team_ids else (1 if len(team_ids) else 0),
        format_func=lambda tid: t("team.all_teams") if tid is None else team_names[tid],
    )
    if team_id != wanted:
        set_query(team=team_id)
    framework_ids = sorted(catalog.frameworks)
    framework_id = choices.selectbox(
        t("team.framework"),
        framework_ids,
        index=framework_ids.index("specialist-i-borgerkontakt") if "specialist-i-borgerkontakt" in framework_ids else 0,
        format_func=lambda fid: local(catalog.framework(fid).title),
    )
    return runtime.read(team.team_overview, catalog, framework_id, team_ids=None if team_id is None else [team_id], unit=unit)


def render(overview: TeamOverview) -> None:
    """The figures, the gap heatmap, the shared training needs, the radar and the members."""
    if overview.self_assessed:
        st.info(t("team.self_assessed"), icon=":material/person_search:")
    assessed = [(m.person, m.profile) for m in overview.members if m.profile is not None]
    figures = st.container(horizontal=True, gap="medium")
    figures.metric(t("team.members"), len(overview.members))
    figures.metric(t("team.assessed"), len(assessed))
    figures.metric(t("team.average_fit"), formatting.fit(overview.average.fit_low, overview.average.fit_high, lang))
    if not assessed:
        st.info(t("team.no_assessments"))
        return
    # Only the open tab runs (its name is in the URL, so a reload keeps it): each chart is a large message to the
    # browser on every run it is drawn.
    gaps, radar, members = st.tabs(
        [t("team.tab.gaps"), t("team.tab.radar"), t("team.members_table")], key="tab", on_change="rerun",
        bind="query-params",
    )
    with gaps:
        if gaps.open:
            show_chart(
                read_models.built_from(
                    ("team_heatmap", lang),
                    overview,
                    build=lambda: charts.gap_heatmap(overview.framework, [(person.name, profile) for person, profile in assessed], lang),
                ),
                "team_heatmap",
            )
            render_needs(overview)
    with radar:
        if radar.open:
            person_overlay(overview, {person.id: (person.name, profile) for person, profile in assessed})
    with members:
        if members.open:
            render_members(overview)


def render_needs(overview: TeamOverview) -> None:
    st.subheader(t("team.training_needs"), anchor=False)
    st.caption(t("team.training_needs_help"))
    if not overview.needs:
        st.success(t("team.no_needs"))
        return
    st.markdown("\n".join(  # largest shortfall first, as one numbered list (one element, however many needs)
        f"{index}. **{local(overview.framework.competence(need.competence_id).name)}** · "
        + t("team.need_line", gap=formatting.signed(need.mean_gap, lang), below=need.below_target, scored=need.scored)
        for index, need in enumerate(overview.needs, start=1)
    ))


@st.fragment
def person_overlay(overview: TeamOverview, assessed: dict[int, tuple[str, Profile]]) -> None:
    """The team radar with one member over it: choosing the member reruns only this part."""
    person_id = st.selectbox(
        t("team.overlay_person"), [None, *assessed],
        format_func=lambda pid: t("team.no_overlay") if pid is None else assessed[pid][0],
    )
    overlay = None if person_id is None else assessed[person_id]
    radar = read_models.built_from(
        ("team_radar", lang, person_id),
        overview,
        build=lambda: charts.team_radar(overview.framework, overview.average, lang, person=overlay),
    )
    show_chart(radar, "team_radar")
    if person_id is not None:
        link(PROFILE, t("team.open_profile", name=escape(assessed[person_id][0])), icon=":material/radar:", person=person_id)


def render_members(overview: TeamOverview) -> None:
    read_models.table(
        ("team_members", lang),
        overview,
        rows=lambda: [
            {
                t("person.name"): m.person.name,
                t("person.team"): m.person.team_name or "",
                t("team.last_assessed"): formatting.day(m.assessed_at, lang),
                t("profile.fit"): formatting.fit(m.profile.fit_low, m.profile.fit_high, lang) if m.profile else "–",
                t("profile.coverage"): formatting.percent(m.profile.coverage, lang) if m.profile else "–",
            }
            for m in overview.members
        ],
        hide_index=True,
    )


st.title(t("team.title"))
chosen = choose_overview()
if chosen is not None:
    render(chosen)
