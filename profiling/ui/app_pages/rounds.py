"""Recruitment rounds: create, add candidates, score them with the round's guide, close."""

from contextlib import nullcontext

import streamlit as st

from profiling import formatting
from profiling.domain.agreement import DEFAULT_MIN_COVERAGE
from profiling.domain.cases import Consistency
from profiling.domain.guide import Guide, GuideMode
from profiling.reads import directory, round_case, round_views, target_levels
from profiling.reads.views import InterviewStatus, InterviewSummary, PersonView, RoundStatus, RoundView
from profiling.reports import pdf
from profiling.services import cases, interviews, rounds
from profiling.services.actors import Role
from profiling.ui import read_models, runtime
from profiling.ui.i18n import language, local, t
from profiling.ui.navigation import CASE, COMPARISON, CONVERSATION, PROFILE, go, item_with_link, link
from profiling.ui.widgets import (
    call,
    choose_kept_in_url,
    escape,
    field_error,
    fresh_form_key,
    kind_label,
    matching_people,
    pick,
    round_status,
    set_query,
    start_fresh_form,
    submit_form,
    titled,
)

actor = runtime.actor()
catalog = runtime.catalog()
lang = language()
st.title(t("rounds.title"))

recruitment_guides = sorted(
    (g for g in catalog.guides.values() if g.mode is GuideMode.RECRUITMENT), key=lambda g: g.id
)
runs_recruitment = actor.role is not Role.EMPLOYEE  # an employee here sits on a hiring committee
all_rounds = runtime.read(round_views.round_titles) or []  # the picker's; the chosen round is read on its own


def round_form(key: str, current: RoundView | None) -> dict[str, object] | None:
    """The fields of a round; the typed values when submitted (who may sit on a panel or a committee and the
    target profiles are read here: the form runs only in its tab, or once editing is opened)."""
    users, committee_users = runtime.read(directory.list_round_seats) or ([], [])
    target_profiles = runtime.read(target_levels.list_target_profiles) or []
    user_names = {u.id: u.name for u in users}
    committee_names = {u.id: u.name for u in committee_users}
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
            placeholder=t("form.choose_people"),
            help=t("round.panel_help"),
        )
        field_error(errors, "panel_user_ids")
        committee = st.multiselect(
            t("round.committee"),
            list(committee_names),
            default=[u.id for u in current.committee if u.id in committee_names] if current else [],
            format_func=lambda uid: committee_names[uid],
            placeholder=t("form.choose_people"),
            help=t("round.committee_help"),
        )
        field_error(errors, "committee_user_ids")
        criteria = st.text_area(
            t("round.criteria"), value=current.criteria if current else "", max_chars=4000, height=110,
            placeholder=t("round.criteria_hint"), help=t("round.criteria_help"),
        )
        field_error(errors, "criteria")
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
            "committee_user_ids": committee, "criteria": criteria, "min_coverage": min_coverage / 100,
        }
    return None


TAB_KEY = "rounds_tab"
SHOW_LIST = "rounds_show_list"


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
        st.session_state[SHOW_LIST] = True  # the new round is shown in the list tab
        set_query(round=created.id)
        st.rerun()


def choose_round() -> RoundView | None:
    """The round chosen in the list (kept in the URL); the first one if none is."""
    if not all_rounds:
        st.info(t("rounds.none"))
        return None
    labels = read_models.built_from(("round_labels", language()), all_rounds, build=lambda: {
        r.id: f"{r.title} · {round_status(r)} · {r.candidates} {t('rounds.candidates_short')}" for r in all_rounds
    })  # made once per read: an administrator's picker lists every round of the municipality
    chosen = choose_kept_in_url(t("rounds.choose"), "round", labels)
    return runtime.read(round_views.get_round, chosen)


def render_round(current: RoundView) -> None:
    """A round: what it is, its candidates with everyone's scoring, the case (declarations, notes asked for, how
    consistently the candidates were interviewed) and, for its owner, adding, editing, closing."""
    may_manage = current.may_change
    is_open = current.status is RoundStatus.OPEN
    case = runtime.read(round_case.round_case, catalog, current.id)
    if case is None:
        return
    information = runtime.read(round_case.candidate_information_shown) if case.may_add else None
    scorecards = case.scorecards
    st.subheader(escape(current.title), anchor=False)
    if flash := st.session_state.pop("rounds_flash", None):
        st.success(flash, icon=":material/check_circle:")
    guide = catalog.guides.get(current.guide_id)
    # What the round is, its panel and its committee: one element.
    lines = [
        ":gray[:small[" + " · ".join(
            [
                round_status(current),
                t("round.guide_line", guide=local(guide.title) if guide else current.guide_id),
                t("round.target_line", target=escape(target_levels.shown_name(current.target_profile.name, catalog.frameworks.values(), lang)) if current.target_profile else t("round.default_target")),
                t("round.owner_line", owner=escape(current.owner_name or "–")),
            ]
        ) + "]]",
        f"**{t('round.panel')}:** " + (", ".join(escape(u.name) for u in current.panel) or t("round.no_panel")),
    ]
    if current.committee:
        lines.append(f"**{t('round.committee')}:** " + ", ".join(escape(u.name) for u in current.committee))
    st.markdown("  \n".join(lines))
    if current.criteria:
        with st.expander(t("round.criteria"), icon=":material/checklist:"):
            st.text(current.criteria)
    if any(s.status is InterviewStatus.COMPLETED for s in scorecards) or current.committee and actor.user_id in {
        u.id for u in current.committee
    }:
        link(COMPARISON, t("round.compare"), icon=":material/compare:", round=current.id)
    link(CASE, t("round.case"), icon=":material/gavel:", round=current.id)
    for hold in case.holds:  # forvaltningsloven §§ 19, 21: shown where the round is run, not only on the case page
        st.warning(t(hold), icon=":material/pause_circle:")
    not_hired = {c.id: c.name for c in current.candidates if c.hired_from_round_id != current.id}
    if unanswered := [not_hired[pid] for pid in case.unanswered if pid in not_hired]:
        st.warning(t("case.unanswered", count=len(unanswered), names=escape(", ".join(unanswered))), icon=":material/mail:")
    render_requested_notes(case)
    st.markdown(f"#### {t('round.candidates')}")
    if not current.candidates:
        st.caption(t("round.no_candidates"))
    flags = {c.person_id: c for c in case.consistency}
    if current.may_score and case.may_declare:
        undeclared = [c for c in current.candidates if c.id not in case.own_declarations and is_scorable(current, c)]
        if undeclared:
            render_declaring(current, undeclared)
    for candidate in current.candidates:
        render_candidate(current, candidate, scorecards, case, flags.get(candidate.id))
    if guide is not None and is_open and runs_recruitment and current.candidates:
        with st.expander(t("kit.title"), icon=":material/print:", key=f"kits_open_{current.id}", on_change="rerun") as kits:
            if kits.open:
                render_kits(current, guide)
    render_case(current, case)
    if case.may_add and information is not None:
        # The expanders of the round run their content only when opened: every click on the page reruns it.
        with st.expander(t("round.add_candidate"), icon=":material/person_add:", key=f"adding_open_{current.id}",
                         on_change="rerun") as adding:
            if adding.open:
                render_adding(current, information, runtime.read(round_views.people_to_add, current.id) or [])
    if may_manage:
        render_managing(current, is_open, case.unfinished, scorecards)


def render_candidate(
    current: RoundView, candidate: PersonView, scorecards: list[InterviewSummary], case: round_case.RoundCase,
    flag: Consistency | None,
) -> None:
    """One candidate: the actor's declaration, their own scorecard (start, continue, view), how many are done, how
    consistently the candidate was interviewed, and the result."""
    is_open = current.status is RoundStatus.OPEN
    mine = next((s for s in scorecards if s.person_id == candidate.id and s.rater_id == actor.user_id), None)
    done = sum(1 for s in scorecards if s.person_id == candidate.id and s.status is InterviewStatus.COMPLETED)
    declared = case.own_declarations.get(candidate.id)
    hired = f" · :green-badge[{t('round.hired')}]" if candidate.hired_from_round_id == current.id else (
        f" · :orange-badge[{t('round.hire_waiting')}]" if candidate.id in current.pending_hires else ""
    )
    scorable = is_scorable(current, candidate)
    scores = current.may_score
    if mine is None:
        my_status = t("round.my_scorecard.none") if scorable or not is_open else t("round.my_scorecard.not_after_reopening")
    elif mine.status is InterviewStatus.INCOMPLETE:
        my_status = t("round.my_scorecard.incomplete")
    elif mine.status is InterviewStatus.DRAFT:
        my_status = t("round.my_scorecard.draft", answered=mine.answered, total=mine.total)
    else:
        my_status = t("round.my_scorecard.done")
    if declared is False:
        my_status = f"{t('round.declared_eligible')} · {my_status}"
    elif declared is None and scorable and scores and case.may_declare:
        my_status = f"{t('round.undeclared')} · {my_status}"
    status = f"{my_status} · {t('round.completed_count', count=done)}" if scores else t("round.completed_count", count=done)
    consistency = None if flag is None else t(
        "round.consistency", asked=flag.core_asked, total=flag.core_total, panel=escape(", ".join(flag.panel))
    )
    flagged = flag is not None and flag.flagged
    title = f"**{escape(candidate.name)}**{hired}"
    if consistency is not None and not flagged:
        status += f" · {consistency}"
    # One element a row where it can be (a page of ten candidates reruns on every click): the row is the link to
    # what the actor does next; only starting a scorecard (which creates it) is a button beside the text.
    scoring = scorable and scores and declared is False
    with st.container(border=True) if flagged else nullcontext():
        if mine is None and scoring:
            with st.container(horizontal=True, vertical_alignment="center"):
                st.markdown(titled(title, status), width="stretch")
                if st.button(t("round.start_scoring"), key=f"score_{current.id}_{candidate.id}", icon=":material/play_arrow:"):
                    with runtime.unit_of_work() as uow:
                        started = call(
                            lambda: interviews.start_interview(actor, uow, catalog, person_id=candidate.id, round_id=current.id)
                        )
                    if started is not None:
                        go(CONVERSATION, interview=started)
        elif mine is not None and mine.status is InterviewStatus.DRAFT and scoring:
            item_with_link(title, status, CONVERSATION, t("round.continue_scoring"), icon=":material/play_arrow:",
                           interview=mine.id)
        elif mine is not None and mine.status is not InterviewStatus.DRAFT:  # completed, or closed unfinished
            with st.container(horizontal=True, vertical_alignment="center", wrap=False) if done else nullcontext():
                item_with_link(title, status, CONVERSATION, t("round.view_scorecard"), icon=":material/visibility:",
                               interview=mine.id)
                if done:  # and the panel's result beside the actor's own scorecard
                    link(PROFILE, t("round.result"), icon=":material/radar:", person=candidate.id,
                         assessment=f"round:{current.id}")
        elif done:
            item_with_link(title, status, PROFILE, t("round.result"), icon=":material/radar:", person=candidate.id,
                           assessment=f"round:{current.id}")
        else:
            st.markdown(titled(title, status))
        if flag is not None and flagged:
            reasons = [t("round.missing_core", count=len(flag.missing_core))] if flag.missing_core else []
            reasons += [t("round.other_panel")] if flag.other_panel else []
            st.warning(f"{consistency} · {' · '.join(reasons)}", icon=":material/rule:")


def render_kits(current: RoundView, guide: Guide) -> None:
    """A candidate's interview kit to print, their name and the round on its cover only (one place for the round:
    a download button on every candidate's row cost every click on the page)."""
    st.caption(t("kit.help"))
    candidate = pick(t("round.candidate"), current.candidates, id_of=lambda c: c.id, label_of=lambda c: c.name,
                     key=f"kit_candidate_{current.id}")
    if candidate is None:
        return
    st.download_button(
        t("kit.download"),
        lambda: pdf.interview_kit(guide, catalog.framework(guide.framework), lang, person_name=candidate.name,
                                  round_title=current.title),
        file_name=f"interviewkit-runde-{current.id}-{candidate.id}.pdf", mime="application/pdf", icon=":material/download:",
    )


def is_scorable(current: RoundView, candidate: PersonView) -> bool:
    """Whether the candidate can be scored now: the round is open, the panel's scoring of them may start, and they
    neither got the job nor wait to be confirmed hired (scored no more, even in a reopened round)."""
    hired_or_waiting = candidate.hired_from_round_id is not None or candidate.id in current.pending_hires
    return current.status is RoundStatus.OPEN and candidate.id not in current.unscorable and not hired_or_waiting


def render_declaring(current: RoundView, undeclared: list[PersonView]) -> None:
    """Before scoring (forvaltningsloven § 3): the candidates the actor has not yet declared about, named - "not
    disqualified" for all of them in one step, or "disqualified" for one, with the reason. One place for the round:
    two controls on every candidate's row cost every click on the page."""
    with st.container(border=True, horizontal=True, vertical_alignment="center"):
        st.markdown(titled(f"**{t('round.declare_title', count=len(undeclared))}**",
                           escape(", ".join(c.name for c in undeclared))), width="stretch")
        if st.button(t("round.declare_eligible_all", count=len(undeclared)), key=f"eligible_{current.id}",
                      icon=":material/verified_user:", help=t("round.declare_help")):
            with runtime.unit_of_work() as uow:
                if call(lambda: cases.declare_not_disqualified(actor, uow, current.id, [c.id for c in undeclared])):
                    st.rerun()
        # Its form runs only once opened.
        declaring = st.popover(t("round.declare_disqualified"), icon=":material/person_off:",
                                key=f"disqualify_open_{current.id}", on_change="rerun")
        if not declaring.open:
            return
        with declaring:
            candidate = pick(t("round.candidate"), undeclared, id_of=lambda c: c.id, label_of=lambda c: c.name,
                             key=f"disqualify_who_{current.id}")
            reason = st.text_area(t("round.disqualified_reason"), key=f"reason_{current.id}", max_chars=4000,
                                  help=t("round.disqualified_help"))
            if candidate is not None and st.button(t("round.declare_disqualified_confirm"), key=f"disqualified_{current.id}",
                                                   type="primary"):
                person_id = candidate.id
                with runtime.unit_of_work() as uow:
                    if call(lambda: cases.declare(actor, uow, current.id, person_id, True, reason)):
                        st.rerun()


def render_requested_notes(case: round_case.RoundCase) -> None:
    """The notes the round's owner asked this rater for (their ratings lie far from the panel's): written here."""
    mine = [r for r in case.note_requests if r.rater_id == actor.user_id and not r.answered]
    if not mine:
        return
    with st.container(border=True):
        st.markdown(f"**{t('round.notes_requested', count=len(mine))}**")
        st.caption(t("round.notes_requested_help"))
        names = {}
        for request in mine:
            question = next((q for g in catalog.guides.values() for q in g.questions if q.id == request.question_id), None)
            names[request.question_id] = local(question.text) if question else request.question_id
            with st.form(f"addendum_{request.interview_id}_{request.question_id}"):
                st.markdown(escape(names[request.question_id]))
                text = st.text_area(t("round.addendum"), max_chars=4000)
                if st.form_submit_button(t("round.addendum_save"), type="primary") and save_addendum(request, text):
                    st.rerun()


def save_addendum(request: round_case.NoteRequestView, text: str) -> bool:
    with runtime.unit_of_work() as uow:
        return call(lambda: interviews.add_requested_note(actor, uow, request.interview_id, request.question_id, text)) is not None


def render_case(current: RoundView, case: round_case.RoundCase) -> None:
    """The case record of the round: who declared what, and - for its owner - the notes to ask for."""
    if case.may_manage and case.notes_needed:
        with st.container(border=True):
            st.markdown(titled(f"**{t('round.notes_needed', count=len(case.notes_needed))}**", t("round.notes_needed_help")))
            # The ratings themselves once asked for: a table of dozens of rows on every run of the page.
            with st.expander(t("round.notes_needed_show"), icon=":material/table:", key=f"notes_needed_open_{current.id}",
                             on_change="rerun") as needed:
                if needed.open:
                    candidates = {c.id: c.name for c in current.candidates}
                    read_models.table(
                        ("round_notes_needed", lang), case, current,
                        rows=lambda: [
                            {t("round.candidate"): candidates.get(n.person_id, ""), t("round.question"): question_text(n.question_id),
                             t("round.rater"): n.rater_name}
                            for n in case.notes_needed
                        ],
                        hide_index=True,
                    )
            if st.button(t("round.ask_for_notes"), icon=":material/edit_note:", key=f"ask_notes_{current.id}"):
                with runtime.unit_of_work() as uow:
                    if call(lambda: cases.ask_for_notes(actor, uow, catalog, current.id)) is not None:
                        st.rerun()
    if case.declarations:
        with st.expander(t("round.declarations", count=len(case.declarations)), icon=":material/gavel:",
                         key=f"declarations_open_{current.id}", on_change="rerun") as declarations:
            if not declarations.open:
                return
            candidates = {c.id: c.name for c in current.candidates}
            st.dataframe(
                [
                    {
                        t("round.member"): d.user_name, t("round.candidate"): candidates.get(d.person_id, d.person_name),
                        t("round.declaration"): t("round.declared_disqualified") if d.disqualified else t("round.declared_eligible"),
                        t("round.disqualified_reason"): d.reason, t("round.declared_on"): formatting.day(d.declared_at, lang),
                    }
                    for d in case.declarations
                ],
                hide_index=True,
            )


def question_text(question_id: str) -> str:
    question = next((q for g in catalog.guides.values() for q in g.questions if q.id == question_id), None)
    return local(question.text) if question else question_id


def render_adding(current: RoundView, information: dict[str, str], existing: list[PersonView]) -> None:
    """Add a new candidate (after the information they are given) or an existing person."""
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
    if not existing:
        return
    found = matching_people(
        existing, f"find_existing_{current.id}", label=t("round.find_existing"), none_found=t("round.find_none"), few=0
    )
    if found:
        pick_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
        pick = pick_col.selectbox(
            t("round.existing_candidate"),
            found,
            format_func=lambda p: f"{p.label()} · {kind_label(p.kind)}",
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
    teams = runtime.read(directory.list_teams) or []
    if not open_candidates or not teams:
        st.caption(t("round.hire_nobody") if not open_candidates else t("round.hire_no_team"))
        return
    with st.form(f"hire_{current.id}"):
        candidate = pick(t("round.hire_candidate"), open_candidates, id_of=lambda p: p.id, label_of=lambda p: p.name)
        team = pick(t("person.team"), teams, id_of=lambda tm: tm.id, label_of=lambda tm: tm.name)
        # Hiring cannot be undone here (the person joins a team, their result starts their history): asked twice.
        confirmed = st.checkbox(t("round.hire_confirm"))
        if st.form_submit_button(t("round.hire_button"), type="primary"):
            if not confirmed:
                st.error(t("round.hire_confirm_missing"), icon=":material/error:")
                return
            if candidate is None or team is None:  # both lists are known not to be empty
                return
            hired, team_id = candidate, team.id
            with runtime.unit_of_work() as uow:
                result = call(lambda: rounds.hire_candidate(actor, uow, current.id, hired.id, team_id))
            if result is not None:
                st.session_state["rounds_flash"] = (
                    t("round.hire_requested", name=hired.name) if hired.id in result.pending_hires
                    else t("round.hire_done", name=hired.name)
                )
                st.rerun()


def render_removing(current: RoundView, removable: list[PersonView]) -> None:
    """Take a candidate off the round: one nobody has started a scorecard on (a scored candidate is part of the
    case and stays)."""
    st.caption(t("round.remove_help"))
    candidate = pick(t("round.candidate"), removable, id_of=lambda c: c.id, label_of=lambda c: c.name,
                     key=f"remove_who_{current.id}")
    if candidate is not None and st.button(t("round.remove_candidate"), key=f"remove_{current.id}",
                                           icon=":material/person_remove:"):
        person_id = candidate.id
        with runtime.unit_of_work() as uow:
            if call(lambda: rounds.remove_candidate(actor, uow, current.id, person_id)):
                st.rerun()


def render_managing(current: RoundView, is_open: bool, unfinished: int, scorecards: list[InterviewSummary]) -> None:
    """Edit the round; take a candidate off it; close or reopen it."""
    editing = st.expander(t("round.edit"), icon=":material/edit:", key=f"round_edit_open_{current.id}", on_change="rerun")
    with editing:
        values = round_form(f"round_edit_{current.id}", current) if editing.open else None
        if values is not None:

            def _update() -> RoundView:
                with runtime.unit_of_work() as uow:
                    return rounds.update_round(actor, uow, catalog, current.id, values, current.version)

            if submit_form(f"round_edit_{current.id}", _update) is not None:
                st.rerun()
    scored = {s.person_id for s in scorecards}
    if is_open and (removable := [c for c in current.candidates if c.id not in scored]):
        with st.expander(t("round.remove_title"), icon=":material/person_remove:", key=f"removing_open_{current.id}",
                         on_change="rerun") as removing:
            if removing.open:
                render_removing(current, removable)
    with st.expander(t("round.hire"), icon=":material/badge:", key=f"hiring_open_{current.id}", on_change="rerun") as hiring:
        if hiring.open:
            render_hiring(current)
    if current.journalised_at is not None:  # the case is filed: it stays closed
        st.caption(t("case.journalised", date=formatting.day(current.journalised_at, lang), number=escape(current.case_number)))
        return
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


def render_list() -> None:
    shown = choose_round()
    if shown is not None:
        render_round(shown)


if runs_recruitment:
    # Only the open tab runs: the form of a new round (every possible panel member) costs nothing while unseen.
    if st.session_state.pop(SHOW_LIST, False):
        st.session_state[TAB_KEY] = t("rounds.tab.list")
    list_tab, create_tab = st.tabs([t("rounds.tab.list"), t("rounds.tab.create")], key=TAB_KEY, on_change="rerun")
    with create_tab:
        if create_tab.open:
            render_create_tab()
    with list_tab:
        if list_tab.open:
            render_list()
else:  # a member of a hiring committee: the rounds they sit on, nothing to create
    render_list()
