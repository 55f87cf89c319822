"""Target profiles: the level and weight expected per competence for a position, versioned, assigned to teams."""

from typing import Any

import pandas as pd
import streamlit as st

from profiling.domain.guide import GuideMode
from profiling.domain.policy import Permission
from profiling.reads import directory, permissions, target_levels
from profiling.reads.views import TargetProfileView, TeamView
from profiling.services import targets
from profiling.services.errors import InvalidInput, ServiceError
from profiling.ui import read_models, runtime
from profiling.ui.i18n import language, local, t
from profiling.ui.widgets import call, error_message, escape, pick

actor = runtime.actor()
catalog = runtime.catalog()
lang = language()
ASSIGNED = "targets_assigned"


def render_editor(profiles: list[TargetProfileView]) -> None:
    """Edit a target profile (a new version of it) or start one from a framework's default target."""
    base = pick(
        t("targets.start_from"), profiles, id_of=lambda p: p.id, none=t("targets.new_from_framework"),
        label_of=lambda p: f"{target_levels.shown_name(p.name, catalog.frameworks.values(), lang)} (v{p.version})",
        key="targets_base",
    )
    # The frameworks teams hold development conversations with first: a team's target is for one of those.
    framework_ids = sorted(catalog.frameworks, key=lambda fid: (not catalog.guides_for(fid, GuideMode.DEVELOPMENT), fid))
    framework_id = base.framework_id if base else st.selectbox(
        t("team.framework"), framework_ids, format_func=lambda fid: local(catalog.framework(fid).title)
    )
    framework = catalog.framework(framework_id)
    levels = base.levels if base else framework.default_target
    key = f"targets_editor_{base.id if base else framework_id}"
    # Kept as a data frame while the profiles are the same: a list of rows is converted to one, and the edited
    # frame back to rows, on every run.
    rows = read_models.built_from((key, lang), profiles, build=lambda: pd.DataFrame([
        {
            "competence_id": c.id,
            t("profile.col.competence"): local(c.name),
            "level": levels[c.id].level if c.id in levels else framework.scale.midpoint,
            "weight": levels[c.id].weight if c.id in levels else 1.0,
        }
        for c in framework.competences
    ]))
    edited = st.data_editor(
        rows,
        disabled=["competence_id", t("profile.col.competence")],
        column_order=[t("profile.col.competence"), "level", "weight"],
        column_config={
            "level": st.column_config.NumberColumn(
                t("profile.col.target"), min_value=framework.scale.min_level, max_value=framework.scale.max_level, step=1, required=True
            ),
            # "localized": the browser writes the decimal (1,5 in a Danish browser); an editable cell cannot be text.
            "weight": st.column_config.NumberColumn(
                t("targets.weight"), min_value=0.0, max_value=100.0, step=0.5, required=True, format="localized"
            ),
        },
        hide_index=True,
        key=key,
    )
    name = st.text_input(t("targets.name"), value=base.name if base else "", max_chars=120, help=t("targets.name_help"))
    if st.button(t("targets.save"), type="primary", icon=":material/save:"):
        records: list[dict[str, Any]] = edited.to_dict("records")
        try:
            with runtime.unit_of_work() as uow:
                saved = targets.save_target_profile(
                    actor, uow, catalog, name, framework.id,
                    {str(r["competence_id"]): (int(r["level"]), float(r["weight"])) for r in records},
                )
        except (InvalidInput, ServiceError) as error:
            st.error(error_message(error))
        else:
            st.success(t("targets.saved", name=escape(saved.name), version=saved.version))


def render_assignment(profiles: list[TargetProfileView], teams: list[TeamView]) -> None:
    """Which target profile each team is measured against: every team's in one table, and one team's changed at a
    time (a municipality has a hundred teams: a drop-down per team made the page slow for everyone)."""
    st.caption(t("targets.assign_help"))
    options = [None, *(p.id for p in profiles)]
    labels = {p.id: f"{target_levels.shown_name(p.name, catalog.frameworks.values(), lang)} (v{p.version})" for p in profiles}

    def label(profile_id: int | None) -> str:
        return t("round.default_target") if profile_id not in labels else labels[profile_id]

    if flash := st.session_state.pop(ASSIGNED, None):
        st.success(flash, icon=":material/check_circle:")
    read_models.table(
        ("team_targets", lang), teams, profiles,
        rows=lambda: [{t("targets.team"): team.name, t("targets.team_target"): label(team.target_profile_id)} for team in teams],
        same_for_role=True, hide_index=True, height=min(400, 38 + 35 * len(teams)),
    )
    with st.form("team_target"):
        team = pick(t("targets.team"), teams, id_of=lambda tm: tm.id, label_of=lambda tm: tm.name, index=None,
                    key="targets_team", placeholder=t("targets.choose_team"))
        chosen = st.selectbox(t("targets.team_target"), options, format_func=label, key="targets_team_target")
        saved = st.form_submit_button(t("targets.assign_save"), icon=":material/save:")
    if saved and team is None:
        st.error(t("targets.choose_team"), icon=":material/error:")
    elif saved and team is not None and assign_target(team.id, chosen):
        st.session_state[ASSIGNED] = t("targets.assigned", team=escape(team.name), target=escape(label(chosen)))
        st.rerun()  # the table above shows it (a refusal stays on screen: a profile of another framework)


def assign_target(team_id: int, target_id: int | None) -> bool:
    """Whether the assignment was stored (a refusal is shown)."""

    def assign() -> bool:
        with runtime.unit_of_work() as uow:
            targets.assign_team_target(actor, uow, catalog, team_id, target_id)
        return True

    return bool(call(assign))


def render() -> None:
    st.title(t("targets.title"))
    if not runtime.read(permissions.allowed, Permission.ADMINISTER):
        st.error(t("error.access_denied"))
        return
    st.write(t("targets.intro"))
    profiles = runtime.read(target_levels.list_target_profiles) or []
    teams = runtime.read(directory.list_teams) or []
    read_models.table(("target_profiles", lang), profiles, rows=lambda: [
        {
            t("targets.name"): target_levels.shown_name(p.name, catalog.frameworks.values(), lang),
            t("targets.version"): p.version,
            t("team.framework"): local(catalog.framework(p.framework_id).title) if p.framework_id in catalog.frameworks else p.framework_id,
            t("targets.levels"): ", ".join(f"{lvl.level}" for lvl in p.levels.values()),
        }
        for p in profiles
    ], same_for_role=True, hide_index=True)
    # Only the open tab runs (its name is in the URL, so a reload keeps it): the editor's table is converted
    # for the browser on every run it is drawn, and a new version is made far less often than a team is looked up.
    assign, editor = st.tabs([t("targets.assign"), t("targets.edit")], key="tab", on_change="rerun", bind="query-params")
    with assign:
        if assign.open:
            render_assignment(profiles, teams)
    with editor:
        if editor.open:
            render_editor(profiles)


render()
