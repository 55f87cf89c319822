"""Theme day (temadag): the team's anonymous profile, the shared themes with discussion prompts, the team's
agreements and a printable sheet. Planned by the team's manager; seen by the team."""

from datetime import UTC, date, datetime, timedelta

import streamlit as st

from profiling import charts, formatting
from profiling.domain.theme_days import Source, TeamMap
from profiling.reads import theme_day_views
from profiling.reads.theme_day_views import ThemeDaySummary, ThemeDayView
from profiling.reads.views import TeamView
from profiling.reports import pdf, sentences
from profiling.services import theme_days
from profiling.ui import read_models, runtime
from profiling.ui.i18n import language, local, t
from profiling.ui.widgets import (
    call,
    choose_kept_in_url,
    date_format,
    field_error,
    fresh_form_key,
    set_query,
    show_chart,
    start_fresh_form,
    submit_form,
)

actor = runtime.actor()
catalog = runtime.catalog()
lang = language()


def choose_team() -> TeamView | None:
    """The team (kept in the URL) among those whose theme days the actor sees."""
    teams = runtime.read(theme_day_views.theme_day_teams)
    if teams is None:
        return None
    if not teams:
        st.info(t("theme_day.no_teams"))
        return None
    team_id = choose_kept_in_url(t("person.team"), "team", {team.id: team.name for team in teams}, day=None)
    return next(tm for tm in teams if tm.id == team_id)


def plan_form(team: TeamView) -> None:
    """A new theme day: title, date, framework, and which assessments the team profile is built from."""
    key = fresh_form_key("plan_theme_day")
    errors = st.session_state.get(f"{key}_errors", {})
    frameworks = sorted(catalog.frameworks.values(), key=lambda f: f.id != "specialist-i-borgerkontakt")
    # Keyed by the form: after a day is planned, a fresh (closed) one takes its place.
    with st.expander(t("theme_day.plan"), icon=":material/event:", expanded=False, key=f"{key}_open"), st.form(key):
        title = st.text_input(t("theme_day.title_field"), value=t("theme_day.default_title"), max_chars=160)
        field_error(errors, "title")
        held_on = st.date_input(t("theme_day.held_on"), value=date.today() + timedelta(days=14), format=date_format())
        framework_id = st.selectbox(
            t("theme_day.framework"), [f.id for f in frameworks],
            format_func=lambda fid: local(catalog.frameworks[fid].title),
        )
        source = st.radio(
            t("theme_day.source"), list(Source), format_func=lambda s: t(f"theme_day.source.{s.value}"),
            help=t("theme_day.source_help"),
        )
        if st.form_submit_button(t("theme_day.plan_button"), type="primary"):
            data = {"title": title, "held_on": held_on, "framework_id": framework_id, "source": source}
            with runtime.unit_of_work() as uow:
                planned = submit_form(key, lambda: theme_days.plan_theme_day(actor, uow, catalog, team.id, data))
            if planned is not None:
                start_fresh_form("plan_theme_day")
                set_query(day=planned.id)
                st.rerun()


def choose_day(days: list[ThemeDaySummary]) -> int:
    return choose_kept_in_url(t("theme_day.choose"), "day", {d.id: f"{d.title} · {formatting.day(d.held_on, lang)}" for d in days})


def publish_button(view: ThemeDayView) -> None:
    """The planner's preview, and the button that freezes it for the team."""
    st.warning(t("theme_day.preview_note"), icon=":material/preview:")
    if st.button(t("theme_day.publish"), type="primary", icon=":material/lock:", key=f"publish_{view.summary.id}"):
        with runtime.unit_of_work() as uow:
            published = call(lambda: theme_days.publish_theme_day(actor, uow, catalog, view.summary.id, view.summary.version))
        if published is not None:
            st.rerun()


def team_profile(view: ThemeDayView) -> None:
    """The anonymous team profile as published (a preview for its planners before that), or why it is not shown."""
    team: TeamMap | None = view.team_map
    if team is None:
        st.info(t("theme_day.not_published"), icon=":material/hourglass_empty:")
        return
    if view.preview:
        publish_button(view)
    elif view.summary.published_at is not None:
        st.caption(t("theme_day.published_on", date=formatting.day(view.summary.published_at, lang)))
    st.caption(t("theme_day.built_from", source=t(f"theme_day.source.{view.summary.source.value}"), count=team.contributors))
    if not team.shown:
        st.warning(t("theme_day.too_few", count=team.contributors, k=team.min_contributors), icon=":material/visibility_off:")
        return
    radar = read_models.built_from(("theme_day_radar", lang, view.summary.id, view.preview), view,
                                   build=lambda: charts.team_map_radar(view.framework, team, lang))
    show_chart(radar, "theme_day_radar")
    read_models.table(
        ("theme_day_table", lang, view.summary.id, view.preview), view, team, rows=lambda: [
            {
                t("profile.col.competence"): local(view.framework.competence(c.competence_id).name),
                t("theme_day.col.mean"): formatting.number(c.mean, lang) if not c.withheld else sentences.withheld_sentence(c, lang),
                t("profile.col.target"): "–" if c.target is None else str(c.target),
                t("profile.col.gap"): formatting.signed(c.gap, lang),
                t("theme_day.col.at_or_above"): "–" if c.at_or_above is None
                else f"{sentences.band_count(c.at_or_above, lang)} / {c.contributors}",
                t("theme_day.col.within_one"): sentences.band_count(c.within_one_below, lang),
                t("theme_day.col.further"): sentences.band_count(c.further_below, lang),
            }
            for c in team.competences
        ],
        hide_index=True,
    )
    st.caption(t("theme_day.anonymity_note", k=team.min_contributors))


def themes(team: TeamMap, view: ThemeDayView) -> None:
    st.subheader(t("theme_day.themes"), anchor=False)
    if not team.themes:
        st.caption(t("theme_day.no_themes"))
    for theme in team.themes:
        bands = team.competence(theme.competence_id)
        with st.container(border=True):
            name = local(view.framework.competence(theme.competence_id).name)
            st.markdown(f"**{name}** · {t(f'theme_day.reason.{theme.reason.value}')}")
            if bands is not None:
                st.caption(sentences.band_sentence(bands, lang))
            prompts = view.prompts.get(theme.competence_id, [])
            if prompts:
                st.markdown("\n".join(f"- {local(p)}" for p in prompts[:3]))


def agreements(view: ThemeDayView) -> None:
    """The team's agreements: written by its manager, read by everyone on the team."""
    st.subheader(t("theme_day.agreements"), anchor=False)
    day = view.summary
    names = {c.id: local(c.name) for c in view.framework.competences}
    for agreement in day.agreements:
        follow = t("theme_day.follow_up_on", date=formatting.day(agreement.follow_up_on, lang)) if agreement.follow_up_on else ""
        st.markdown(f"**{names.get(agreement.competence_id, agreement.competence_id)}** · {follow}")
        st.text(agreement.text)
    if not day.agreements:
        st.caption(t("theme_day.no_agreements"))
    if not view.may_plan or view.team_map is None or not view.team_map.shown:
        return  # agreements follow the team's profile: none to write while it cannot be shown
    shared = view.team_map.themes if view.team_map is not None else []
    wanted = list(dict.fromkeys([theme.competence_id for theme in shared] + [a.competence_id for a in day.agreements]))
    current = {a.competence_id: a for a in day.agreements}
    st.caption(t("theme_day.agreements_help"))
    # Outside the form, so a theme added or removed shows or hides its fields at once.
    chosen = st.multiselect(
        t("theme_day.agreement_themes"), list(names), default=wanted, format_func=names.__getitem__,
        key=f"agreement_themes_{day.id}_{day.version}", placeholder=t("form.choose_competences"),
    )
    with st.form(f"agreements_{day.id}_{day.version}"):
        typed: list[dict[str, object]] = []
        for competence_id in chosen:
            before = current.get(competence_id)
            text = st.text_area(names[competence_id], value=before.text if before else "", max_chars=2000, key=f"agree_{day.id}_{competence_id}")
            follow_up = st.date_input(
                t("theme_day.follow_up"), value=before.follow_up_on if before else None, format=date_format(),
                key=f"follow_{day.id}_{competence_id}",
            )
            typed.append({"competence_id": competence_id, "text": text, "follow_up_on": follow_up})
        if st.form_submit_button(t("theme_day.save_agreements"), type="primary"):
            with runtime.unit_of_work() as uow:
                saved = submit_form(
                    "agreements", lambda: theme_days.save_agreements(actor, uow, catalog, day.id, typed, day.version)
                )
            if saved is not None:
                st.rerun()


def earlier(view: ThemeDayView) -> None:
    if not view.earlier:
        return
    st.subheader(t("theme_day.earlier"), anchor=False)
    for day in view.earlier:
        with st.expander(f"{day.title} · {formatting.day(day.held_on, lang)}"):
            if not day.agreements:
                st.caption(t("theme_day.no_agreements"))
            for agreement in day.agreements:
                name = local(view.framework.competence(agreement.competence_id).name) if agreement.competence_id in {
                    c.id for c in view.framework.competences} else agreement.competence_id
                follow = formatting.day(agreement.follow_up_on, lang) if agreement.follow_up_on else "–"
                st.markdown(f"**{name}** · {t('theme_day.follow_up_on', date=follow)}")
                st.text(agreement.text)


def render() -> None:
    st.title(t("theme_day.page_title"))
    st.caption(t("theme_day.intro"))
    team = choose_team()
    if team is None:
        return
    days = runtime.read(theme_day_views.theme_days_of, team.id)
    if days is None:
        return
    if runtime.read(theme_day_views.may_plan_theme_day, team.id):
        plan_form(team)
    if not days:
        st.info(t("theme_day.none_yet"))
        return
    day_id = choose_day(days)
    view = runtime.read(theme_day_views.theme_day, catalog, day_id)
    if view is None:
        return
    if view.summary.published_at is not None:
        st.download_button(
            t("theme_day.sheet"), lambda: pdf.theme_day_sheet(view, lang, datetime.now(UTC)),
            file_name=f"temadag-{view.summary.id}.pdf", mime="application/pdf", icon=":material/picture_as_pdf:",
        )
    team_profile(view)
    if view.team_map is not None and view.team_map.shown:
        themes(view.team_map, view)
    agreements(view)
    earlier(view)


render()
