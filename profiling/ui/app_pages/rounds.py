"""Recruitment rounds: create, add candidates, score them with the round's guide, close."""

import streamlit as st

from profiling.domain.agreement import DEFAULT_MIN_COVERAGE
from profiling.domain.guide import GuideMode
from profiling.reports import pdf
from profiling.services import interviews, people, privacy, rounds, targets
from profiling.services.views import InterviewStatus, InterviewSummary, PersonView, RoundStatus, RoundView
from profiling.ui import runtime
from profiling.ui.i18n import language, local, t
from profiling.ui.navigation import COMPARISON, CONVERSATION, PROFILE, go, link
from profiling.ui.widgets import (
    call,
    escape,
    field_error,
    fresh_form_key,
    kind_label,
    query_int,
    set_query,
    start_fresh_form,
    submit_form,
)

actor = runtime.actor()
catalog = runtime.catalog()
lang = language()
st.title(t("rounds.title"))

recruitment_guides = sorted(
    (g for g in catalog.guides.values() if g.mode is GuideMode.RECRUITMENT), key=lambda g: g.id
)
with runtime.unit_of_work() as uow:
    all_rounds = rounds.list_rounds(actor, uow)
    users = call(lambda: people.list_users(actor, uow)) or []
    target_profiles = targets.list_target_profiles(actor, uow)
user_names = {u.id: u.name for u in users}


def round_form(key: str, current: RoundView | None) -> dict[str, object] | None:
    """The fields of a round; the typed values when submitted."""
    errors: dict[str, str] = st.session_state.setdefault(f"{key}_errors", {})
    with st.form(key):
        title = st.text_input(
            t("round.position_title"), value=current.title if current else "", max_chars=160, placeholder=t("round.title_hint")
        )
        field_error(errors, "title")
        guide_ids = [g.id for g in recruitment_guides]
        guide_id = st.selectbox(
            t("conversation.guide"),
            guide_ids,
            index=guide_ids.index(current.guide_id) if current and current.guide_id in guide_ids else 0,
            format_func=lambda gid: local(catalog.guide(gid).title),
            help=t("round.guide_help"),
        )
        field_error(errors, "guide_id")
        target_ids = [None, *(p.id for p in target_profiles)]
        current_target = current.target_profile.id if current and current.target_profile else None
        target_id = st.selectbox(
            t("round.target"),
            target_ids,
            index=target_ids.index(current_target) if current_target in target_ids else 0,
            format_func=lambda tid: t("round.default_target")
            if tid is None
            else next(f"{p.name} (v{p.version})" for p in target_profiles if p.id == tid),
        )
        field_error(errors, "target_profile_id")
        panel = st.multiselect(
            t("round.panel"),
            list(user_names),
            default=[u.id for u in current.panel if u.id in user_names] if current else [],
            format_func=lambda uid: user_names[uid],
            help=t("round.panel_help"),
        )
        field_error(errors, "panel_user_ids")
        min_coverage = st.number_input(
            t("round.min_coverage"), min_value=0, max_value=100, step=5,
            value=round((current.min_coverage if current else DEFAULT_MIN_COVERAGE) * 100),
            help=t("round.min_coverage_help"),
        )
        field_error(errors, "min_coverage")
        submitted = st.form_submit_button(t("form.save"), type="primary")
    if submitted:
        errors.clear()
        return {
            "title": title, "guide_id": guide_id, "target_profile_id": target_id, "panel_user_ids": panel,
            "min_coverage": min_coverage / 100,
        }
    return None


def render_create_tab() -> None:
    key = fresh_form_key("round_create")
    values = round_form(key, None)
    if values is None:
        return

    def _create() -> RoundView:
        with runtime.unit_of_work() as uow:
            return rounds.create_round(actor, uow, catalog, values)

    created = submit_form(key, _create)
    if created is not None:
        start_fresh_form("round_create")
        set_query(round=created.id)
        st.rerun()


def choose_round() -> RoundView | None:
    """The round chosen in the list (kept in the URL); the first one if none is."""
    selected_id = query_int("round")
    if not all_rounds:
        st.info(t("rounds.none"))
        return None
    labels = {
        r.id: f"{r.title} · {t('round.status.' + r.status.value)} · {len(r.candidates)} {t('rounds.candidates_short')}"
        for r in all_rounds
    }
    ids = list(labels)
    chosen = st.selectbox(
        t("rounds.choose"), ids, index=ids.index(selected_id) if selected_id in ids else 0, format_func=labels.__getitem__
    )
    if chosen != selected_id:
        set_query(round=chosen)
    return next((r for r in all_rounds if r.id == chosen), None)


def render_round(current: RoundView) -> None:
    """A round: what it is, its candidates with everyone's scoring, and (for its owner) adding, editing, closing."""
    with runtime.unit_of_work() as uow:
        scoring = rounds.round_scorecards(actor, uow, current.id)
    scorecards = scoring.scorecards
    may_manage = rounds.may_change_round(actor, current)
    is_open = current.status is RoundStatus.OPEN
    st.subheader(escape(current.title), anchor=False)
    if flash := st.session_state.pop("rounds_flash", None):
        st.success(flash, icon=":material/check_circle:")
    guide = catalog.guides.get(current.guide_id)
    st.caption(
        " · ".join(
            [
                t("round.status." + current.status.value),
                t("round.guide_line", guide=local(guide.title) if guide else current.guide_id),
                t("round.target_line", target=escape(targets.shown_name(current.target_profile.name, catalog.frameworks.values(), lang)) if current.target_profile else t("round.default_target")),
                t("round.owner_line", owner=escape(current.owner_name or "–")),
            ]
        )
    )
    st.markdown(f"**{t('round.panel')}:** " + (", ".join(escape(u.name) for u in current.panel) or t("round.no_panel")))
    if any(s.status is InterviewStatus.COMPLETED for s in scorecards):
        link(COMPARISON, t("round.compare"), icon=":material/compare:", round=current.id)
    st.markdown(f"#### {t('round.candidates')}")
    if not current.candidates:
        st.caption(t("round.no_candidates"))
    for candidate in current.candidates:
        render_candidate(current, candidate, scorecards, may_manage and is_open)
    if may_manage and is_open:
        with st.expander(t("round.add_candidate"), icon=":material/person_add:"):
            render_adding(current)
    if may_manage:
        render_managing(current, is_open, scoring.unfinished)


def render_candidate(current: RoundView, candidate: PersonView, scorecards: list[InterviewSummary], removable: bool) -> None:
    """One candidate: the actor's own scorecard (start, continue, view), how many are done, the result."""
    is_open = current.status is RoundStatus.OPEN
    mine = next((s for s in scorecards if s.person_id == candidate.id and s.rater_id == actor.user_id), None)
    done = sum(1 for s in scorecards if s.person_id == candidate.id and s.status is InterviewStatus.COMPLETED)
    with st.container(border=True):
        name_col, status_col, action_col, profile_col = st.columns([3, 3, 2, 2], vertical_alignment="center")
        hired = f" · :green-badge[{t('round.hired')}]" if candidate.hired_from_round_id == current.id else (
            f" · :orange-badge[{t('round.hire_waiting')}]" if candidate.id in current.pending_hires else ""
        )
        name_col.markdown(f"**{escape(candidate.name)}**{hired}")
        guide = catalog.guides.get(current.guide_id)
        if guide is not None and is_open:  # the candidate's name and the round on the cover only
            name_col.download_button(
                t("kit.download_short"),
                lambda: pdf.interview_kit(guide, catalog.framework(guide.framework), lang, person_name=candidate.name,
                                          round_title=current.title),
                file_name=f"interviewkit-runde-{current.id}-{candidate.id}.pdf", mime="application/pdf",
                icon=":material/print:", type="tertiary", key=f"kit_{current.id}_{candidate.id}",
            )
        scorable = is_open and candidate.id not in current.unscorable
        if mine is None:
            my_status = t("round.my_scorecard.none") if scorable or not is_open else t("round.my_scorecard.not_after_reopening")
        elif mine.status is InterviewStatus.INCOMPLETE:
            my_status = t("round.my_scorecard.incomplete")
        elif mine.status is InterviewStatus.DRAFT:
            my_status = t("round.my_scorecard.draft", answered=mine.answered, total=mine.total)
        else:
            my_status = t("round.my_scorecard.done")
        status_col.caption(f"{my_status} · {t('round.completed_count', count=done)}")
        with action_col:
            if mine is not None and mine.status is not InterviewStatus.DRAFT:  # completed, or closed unfinished
                link(CONVERSATION, t("round.view_scorecard"), icon=":material/visibility:", interview=mine.id)
            elif scorable and (mine is None or mine.status is InterviewStatus.DRAFT) and st.button(
                t("round.continue_scoring") if mine else t("round.start_scoring"),
                key=f"score_{current.id}_{candidate.id}",
                icon=":material/play_arrow:",
                type="primary" if mine else "secondary",
            ):
                with runtime.unit_of_work() as uow:
                    started = call(
                        lambda: interviews.start_interview(actor, uow, catalog, person_id=candidate.id, round_id=current.id)
                    )
                if started is not None:
                    go(CONVERSATION, interview=started)
        with profile_col:
            if done:
                link(PROFILE, t("round.result"), icon=":material/radar:", person=candidate.id, assessment=f"round:{current.id}")
            elif removable and st.button(
                t("round.remove_candidate"), key=f"remove_{current.id}_{candidate.id}", icon=":material/person_remove:"
            ):
                with runtime.unit_of_work() as uow:
                    if call(lambda: rounds.remove_candidate(actor, uow, current.id, candidate.id)):
                        st.rerun()


def render_adding(current: RoundView) -> None:
    """Add a new candidate (after the information they are given) or an existing person."""
    with runtime.unit_of_work() as uow:
        information = privacy.candidate_information(uow)
    st.info(t("round.candidate_info_title"), icon=":material/shield_person:")
    st.text(information[lang])
    key = fresh_form_key("candidate_new")
    errors = st.session_state.setdefault(f"{key}_errors", {})
    with st.form(key):
        name = st.text_input(t("person.name"), max_chars=120)
        field_error(errors, "name")
        email = st.text_input(t("person.email"), max_chars=254)
        field_error(errors, "email")
        add = st.form_submit_button(t("round.add_new_candidate"), type="primary")
    if add:
        errors.clear()

        def _add() -> RoundView:
            with runtime.unit_of_work() as uow:
                return rounds.add_new_candidate(actor, uow, current.id, {"name": name, "email": email})

        if submit_form(key, _add) is not None:
            start_fresh_form("candidate_new")
            st.rerun()
    with runtime.unit_of_work() as uow:
        existing = rounds.addable_people(actor, uow, current.id)
    if existing:
        pick_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
        pick = pick_col.selectbox(
            t("round.existing_candidate"),
            existing,
            format_func=lambda p: f"{p.name} ({kind_label(p.kind)})",
            key=f"existing_{current.id}",
        )
        if button_col.button(t("round.add"), key=f"add_existing_{current.id}"):
            with runtime.unit_of_work() as uow:
                if call(lambda: rounds.add_candidate(actor, uow, current.id, pick.id)):
                    st.rerun()


def render_hiring(current: RoundView) -> None:
    """Mark the candidate who got the job hired into a team: their round result becomes the first point of
    their development history. The others follow retention as before."""
    st.caption(t("round.hire_help"))
    if current.status is RoundStatus.OPEN:
        st.info(t("round.hire_closed_only"), icon=":material/lock:")
        return
    open_candidates = [c for c in current.candidates if c.hired_from_round_id is None]
    with runtime.unit_of_work() as uow:
        teams = people.list_teams(actor, uow)
    if not open_candidates or not teams:
        st.caption(t("round.hire_nobody") if not open_candidates else t("round.hire_no_team"))
        return
    with st.form(f"hire_{current.id}"):
        candidate = st.selectbox(t("round.hire_candidate"), open_candidates, format_func=lambda p: p.name)
        team = st.selectbox(t("person.team"), teams, format_func=lambda tm: tm.name)
        if st.form_submit_button(t("round.hire_button"), type="primary"):
            with runtime.unit_of_work() as uow:
                result = call(lambda: rounds.hire_candidate(actor, uow, current.id, candidate.id, team.id))
            if result is not None:
                st.session_state["rounds_flash"] = (
                    t("round.hire_requested", name=candidate.name) if candidate.id in result.pending_hires
                    else t("round.hire_done", name=candidate.name)
                )
                st.rerun()


def render_managing(current: RoundView, is_open: bool, unfinished: int) -> None:
    """Edit the round; close or reopen it."""
    with st.expander(t("round.edit"), icon=":material/edit:"):
        values = round_form(f"round_edit_{current.id}", current)
        if values is not None:

            def _update() -> RoundView:
                with runtime.unit_of_work() as uow:
                    return rounds.update_round(actor, uow, catalog, current.id, values, current.version)

            if submit_form(f"round_edit_{current.id}", _update) is not None:
                st.rerun()
    with st.expander(t("round.hire"), icon=":material/badge:"):
        render_hiring(current)
    new_status = RoundStatus.CLOSED if is_open else RoundStatus.OPEN
    if is_open and unfinished:
        st.warning(t("round.close_drafts", count=unfinished), icon=":material/warning:")
    elif not is_open:
        st.caption(t("round.reopen_help"))
    if st.button(
        t("round.close") if is_open else t("round.reopen"),
        icon=":material/lock:" if is_open else ":material/lock_open:",
        help=t("round.close_help") if is_open else None,
    ):
        with runtime.unit_of_work() as uow:
            if call(lambda: rounds.set_round_status(actor, uow, current.id, new_status)):
                st.rerun()


list_tab, create_tab = st.tabs([t("rounds.tab.list"), t("rounds.tab.create")])
with create_tab:
    render_create_tab()
with list_tab:
    shown = choose_round()
    if shown is not None:
        render_round(shown)
