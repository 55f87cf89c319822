"""MUS and development: the preparation (self vs manager vs target), the development plan, self-assessments."""

import math
from datetime import UTC, date, datetime, timedelta
from typing import Any

import streamlit as st

from profiling import charts, formatting
from profiling.domain.text import LocalizedText
from profiling.reads import development_plans, directory, preparation, self_assessments
from profiling.reads.development_plans import GoalView, PlanView
from profiling.reads.preparation import Preparation
from profiling.reads.self_assessments import InvitationStatus
from profiling.reads.views import PersonKind
from profiling.reports import pdf, sentences
from profiling.services import interviews, invitations, outcomes, plans
from profiling.services import practice as practice_service
from profiling.services.actors import Role
from profiling.services.errors import EditConflict, InvalidInput, ServiceError
from profiling.services.plans import GoalStatus
from profiling.ui import read_models, runtime
from profiling.ui.i18n import language, local, t
from profiling.ui.navigation import CONVERSATION, go, link
from profiling.ui.widgets import (
    call,
    choose_kept_in_url,
    date_format,
    error_message,
    escape,
    level_choice,
    pick,
    practice_log,
    show_chart,
)

FRAMEWORK = "specialist-i-borgerkontakt"

actor = runtime.actor()
catalog = runtime.catalog()
lang = language()
st.title(t("development.title"))


def choose_person() -> int | None:
    """Employees see themself; managers and administrators choose one of their employees."""
    if actor.role is Role.EMPLOYEE:
        own = runtime.read(directory.list_people)
        return own[0].id if own else None
    employees = runtime.read(directory.list_people, kind=PersonKind.EMPLOYEE)
    if not employees:
        st.info(t("development.no_employees"))
        return None
    names = read_models.built_from("employee_names", employees, build=lambda: {p.id: p.label() for p in employees})
    return choose_kept_in_url(t("conversation.person"), "person", names)


def preparation_tab(person_id: int, prep: Preparation) -> None:
    dates = [
        t("development.self_on", date=formatting.day(prep.self_completed_at, lang)) if prep.self_interview_id else t("development.no_self"),
        t("development.manager_on", date=formatting.day(prep.manager_completed_at, lang)) if prep.manager_interview_id
        else t("development.hired_on", date=formatting.day(prep.hired_completed_at, lang)) if prep.hired_round_id
        else t("development.no_manager"),
    ]
    st.caption(" · ".join(dates))
    if prep.misfitting_target:
        st.warning(t("targets.misfit", name=escape(prep.misfitting_target)), icon=":material/warning:")
    for said in sentences.self_manager_notes(prep, lang):
        st.info(said, icon=":material/balance:")
    if not prep.self_interview_id and not prep.has_manager_view:
        st.info(t("development.nothing_yet"))
        return
    level = level_choice("development_level")
    radar = read_models.built_from(
        ("development_radar", lang, level), prep,
        build=lambda: charts.self_manager_radar(prep.framework, prep.panel, prep.person.name, lang, level=level),
    )
    show_chart(radar, "development_radar")
    st.subheader(t("development.per_competence"), anchor=False)
    read_models.table(
        ("development_items", lang), prep,
        rows=lambda: [
            {
                t("profile.col.competence"): local(prep.framework.competence(i.competence_id).name),
                t("chart.self"): formatting.number(i.self_score, lang),
                t("chart.manager"): formatting.number(i.manager_score, lang),
                t("profile.col.target"): i.target if i.target is not None else "–",
                t("development.col.difference"): formatting.signed(i.difference, lang),
                t("profile.col.gap"): formatting.signed(i.gap, lang),
                t("report.attention"): ", ".join(t(f"alignment.{r}") for r in i.reasons),
            }
            for i in prep.items
        ],
        hide_index=True,
    )
    st.caption(t("development.classification_help"))
    talk = [i for i in prep.items if i.coaching]
    if talk:
        st.subheader(t("report.coaching"), anchor=False)
        # One element for them all (an expander each cost two elements on every run of the tab).
        st.markdown("\n\n".join(
            f"**{local(prep.framework.competence(item.competence_id).name)}** · "
            + ", ".join(t(f"alignment.{r}") for r in item.reasons) + "\n"
            + "\n".join(f"- {local(question)}" for question in item.coaching)
            for item in talk
        ))
    if prep.previous_plan:
        st.subheader(t("development.previous_plan"), anchor=False)
        plan_table(prep.previous_plan, prep)
        practised = [g for g in prep.previous_plan.goals if g.check_ins]
        if practised:  # the practice since the last conversation, beside last year's plan
            with st.expander(t("practice.since_last", count=sum(len(g.check_ins) for g in practised)), icon=":material/fitness_center:"):
                for goal in practised:
                    st.markdown(f"**{local(prep.framework.competence(goal.competence_id).name)}** · {escape(goal.goal)}")
                    practice_log(goal)


def plan_table(plan: PlanView, prep: Preparation) -> None:
    st.caption(
        f"{escape(plan.title)} · "
        + t("report.agreed", manager=formatting.day(plan.manager_agreed_at, lang), employee=formatting.day(plan.employee_agreed_at, lang))
    )
    read_models.table(
        ("plan_goals", lang, plan.id), plan, prep,
        rows=lambda: [
            {
                t("profile.col.competence"): local(prep.framework.competence(g.competence_id).name),
                t("plan.goal"): g.goal,
                t("plan.actions"): g.actions,
                t("plan.support"): g.support,
                t("plan.deadline"): formatting.day(g.deadline, lang),
                t("plan.status"): t(f"goal.{g.status.value}"),
            }
            for g in plan.goals
        ],
        hide_index=True,
    )


def set_goal_status(goal_id: int, status: GoalStatus) -> None:
    """Follow up on a goal (an error is shown, not raised)."""
    with runtime.unit_of_work() as uow:
        call(lambda: plans.set_goal_status(actor, uow, goal_id, status))


def respond(check_in_id: int, text: str, version: int) -> None:
    """The manager's response to a check-in (an error is shown, not raised)."""
    with runtime.unit_of_work() as uow:
        if call(lambda: practice_service.respond(actor, uow, check_in_id, text, version)) is not None:
            st.rerun()


def practice(goal: GoalView, prompts: list[LocalizedText], is_employee: bool) -> None:
    """Practice between conversations: the goal's check-ins, a new one by the employee, responses by the manager."""
    with st.expander(t("practice.title", count=len(goal.check_ins)), icon=":material/fitness_center:", key=f"practice_{goal.id}"):
        if prompts:
            st.caption(t("practice.prompt"))
            st.markdown(f"*{local(prompts[0])}*")
        if not goal.check_ins:
            st.caption(t("practice.none_yet"))
        for entry in goal.check_ins:
            practice_log(goal.model_copy(update={"check_ins": [entry]}))
            if not is_employee:
                with st.form(f"respond_{entry.id}_{entry.version}", border=False):
                    text = st.text_area(t("practice.response"), value=entry.response, max_chars=2000, height=80)
                    if st.form_submit_button(t("practice.respond")):
                        respond(entry.id, text, entry.version)
        if is_employee:
            with st.form(f"check_in_{goal.id}_{len(goal.check_ins)}", border=False):
                note = st.text_area(t("practice.note"), max_chars=2000, height=100, placeholder=t("practice.note_hint"))
                if st.form_submit_button(t("practice.add"), type="primary"):
                    with runtime.unit_of_work() as uow:
                        if call(lambda: practice_service.check_in(actor, uow, goal.id, note)) is not None:
                            st.rerun()


def plan_tab(person_id: int, prep: Preparation) -> None:
    if flash := st.session_state.pop("plan_flash", None):
        st.success(flash, icon=":material/check_circle:")
    person_plans = runtime.read(development_plans.plans_of, person_id) or []
    current = person_plans[0] if person_plans else None
    is_employee = prep.person.user_id == actor.user_id
    competence_ids = [c.id for c in prep.framework.competences]
    names = {c.id: local(c.name) for c in prep.framework.competences}
    prompts = preparation.coaching_questions(catalog, prep.framework.id)
    if current is not None:
        st.markdown(f"**{escape(current.title)}**")
        if current.agreed:
            st.success(t("plan.agreed_by_both"), icon=":material/handshake:")
        agree_label = t("plan.agree_employee") if is_employee else t("plan.agree_manager")
        already = current.employee_agreed_at if is_employee else current.manager_agreed_at
        if already is None and st.button(agree_label, icon=":material/task_alt:", type="primary"):
            with runtime.unit_of_work() as uow:
                call(lambda: plans.agree_plan(actor, uow, current.id))
            st.rerun()
        plan_table(current, prep)
        st.markdown(f"**{t('plan.follow_up')}**")
        for goal in current.goals:
            cols = st.columns([3, 2], vertical_alignment="center")
            cols[0].caption(f"{names.get(goal.competence_id, goal.competence_id)} · {escape(goal.goal)[:80]}")
            status = cols[1].selectbox(
                t("plan.status"), list(GoalStatus), index=list(GoalStatus).index(goal.status),
                format_func=lambda s: t(f"goal.{s.value}"), key=f"goal_status_{goal.id}", label_visibility="collapsed",
            )
            if status is not None and status != goal.status:
                set_goal_status(goal.id, status)
                st.rerun()
            practice(goal, prompts.get(goal.competence_id, []), is_employee)
    if is_employee and actor.role is Role.EMPLOYEE:
        if current is None:
            st.info(t("plan.none_yet_employee"))
        return
    if current is not None:
        st.divider()
    st.markdown(f"**{t('plan.edit') if current else t('plan.new')}**")
    key = f"plan_goals_{person_id}_{current.id if current else 'new'}"
    if key not in st.session_state:
        if current:
            st.session_state[key] = [g.model_dump(exclude={"id"}) for g in current.goals]
        else:
            st.session_state[key] = [g.model_dump() for g in preparation.suggest_goals(prep, catalog, language=lang)]
    if st.button(t("plan.suggest"), icon=":material/lightbulb:", help=t("plan.suggest_help")):
        st.session_state[key] = [g.model_dump() for g in preparation.suggest_goals(prep, catalog, language=lang)]
        st.session_state.pop(f"{key}_editor", None)
        st.rerun()
    title = st.text_input(
        t("plan.title"), value=current.title if current else t("plan.default_title", year=date.today().year), max_chars=160,
        key=f"{key}_title",
    )
    rows: list[dict[str, Any]] = st.session_state[key]
    edited = st.data_editor(
        rows,
        num_rows="dynamic",
        column_order=["competence_id", "goal", "actions", "support", "deadline", "status"],
        column_config={
            "competence_id": st.column_config.SelectboxColumn(
                t("profile.col.competence"), options=competence_ids, format_func=lambda cid: names.get(str(cid), str(cid)), required=True, width="medium"
            ),
            "goal": st.column_config.TextColumn(t("plan.goal"), required=True, max_chars=4000, width="medium"),
            "actions": st.column_config.TextColumn(t("plan.actions"), max_chars=4000, width="medium"),
            "support": st.column_config.TextColumn(t("plan.support"), max_chars=4000, width="small"),
            "deadline": st.column_config.DateColumn(t("plan.deadline"), format=date_format()),
            "status": st.column_config.SelectboxColumn(
                t("plan.status"), options=[s.value for s in GoalStatus], default="planned",
                format_func=lambda value: t(f"goal.{value}"), width="small",
            ),
        },
        hide_index=True,
        key=f"{key}_editor",
    )
    if st.button(t("plan.save"), type="primary", icon=":material/save:"):
        goals = [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}  # empty cells are NaN
            for row in (edited.to_dict("records") if hasattr(edited, "to_dict") else edited)
            if row.get("competence_id") or row.get("goal")
        ]
        try:
            with runtime.unit_of_work() as uow:
                plans.save_plan(
                    actor, uow, catalog, person_id, title, goals,
                    plan_id=current.id if current else None, expected_version=current.version if current else None,
                    interview_id=prep.manager_interview_id, framework_id=prep.framework.id,
                )
        except (InvalidInput, EditConflict, ServiceError) as error:
            st.error(error_message(error))
        else:
            st.session_state.pop(key, None)
            st.session_state["plan_flash"] = t("plan.saved")
            st.rerun()


def self_assessment_tab(person_id: int, prep: Preparation) -> None:
    if flash := st.session_state.pop("development_flash", None):
        st.success(flash, icon=":material/check_circle:")
    invited = runtime.read(self_assessments.invitations_of, catalog, person_id) or []
    is_self = prep.person.user_id == actor.user_id
    if invited:
        read_models.table(("development_invitations", lang), invited, rows=lambda: [
            {
                t("conversation.guide"): local(i.guide_title),
                t("development.due"): formatting.day(i.due_on, lang),
                t("plan.status"): t(f"invitation.{i.status.value}"),
                t("development.completed"): formatting.day(i.completed_at, lang),
            }
            for i in invited
        ], hide_index=True)
    if is_self:
        open_ones = [i for i in invited if i.status is not InvitationStatus.COMPLETED]
        for invitation in open_ones:
            link(CONVERSATION, t("development.fill", guide=local(invitation.guide_title)), icon=":material/edit_note:", interview=invitation.interview_id)
        guides = invitations.self_assessment_guides(catalog, prep.framework.id)
        guide = pick(t("conversation.guide"), guides, id_of=lambda g: g.id, label_of=lambda g: local(g.title), key="self_guide")
        if guide is not None and st.button(t("development.start_self"), icon=":material/play_arrow:"):
            guide_id = guide.id
            with runtime.unit_of_work() as uow:
                started = call(lambda: interviews.start_interview(actor, uow, catalog, person_id=person_id, guide_id=guide_id))
            if started:
                go(CONVERSATION, interview=started)
        return
    st.markdown(f"**{t('development.invite')}**")
    st.caption(t("development.invite_help"))
    with st.form("invite"):
        guides = invitations.self_assessment_guides(catalog, prep.framework.id)
        guide = pick(t("conversation.guide"), guides, id_of=lambda g: g.id, label_of=lambda g: local(g.title))
        due = st.date_input(t("development.due"), value=date.today() + timedelta(days=14), format=date_format())
        sent = st.form_submit_button(t("development.send_invitation"), type="primary")
    if sent and guide is not None:
        with runtime.unit_of_work() as uow:
            if call(lambda: invitations.invite_to_self_assessment(actor, uow, catalog, person_id, due, guide.id)):
                st.session_state["development_flash"] = t("development.invited", name=escape(prep.person.name))
                st.rerun()


def render(person_id: int) -> None:
    """One person's MUS: the preparation, the plan and the self-assessment, with a PDF of it all."""
    prep = runtime.read(preparation.mus_preparation, catalog, person_id, FRAMEWORK)
    if prep is None:
        return
    st.caption(escape(prep.person.name) + (f" · {escape(prep.person.team_name)}" if prep.person.team_name else ""))
    actions = st.container(horizontal=True)
    holds_mus = actor.role is not Role.EMPLOYEE
    if holds_mus and actions.button(t("development.hold_mus"), icon=":material/forum:", type="primary"):
        with runtime.unit_of_work() as uow:
            started = call(lambda: interviews.start_interview(actor, uow, catalog, person_id=person_id, guide_id="udviklingssamtale"))
        if started:
            go(CONVERSATION, interview=started)

    def report() -> bytes:
        """Built when the button is clicked, not on every run."""
        person_plans = runtime.read_now(actor, development_plans.plans_of, person_id)
        with runtime.unit_of_work() as uow:
            outcome = outcomes.mus_outcome(actor, uow, prep.manager_interview_id)
        return pdf.mus_report(prep, person_plans[0] if person_plans else None, outcome, lang, datetime.now(UTC))

    actions.download_button(
        t("development.pdf"), report, file_name=f"mus-{person_id}.pdf", mime="application/pdf", icon=":material/picture_as_pdf:"
    )
    prep_tab, plan_tab_, self_tab = st.tabs(
        [t("development.tab.preparation"), t("development.tab.plan"), t("development.tab.self")],
        key="tab", on_change="rerun", bind="query-params",
    )
    with prep_tab:
        if prep_tab.open:
            preparation_tab(person_id, prep)
    with plan_tab_:
        if plan_tab_.open:
            plan_tab(person_id, prep)
    with self_tab:
        if self_tab.open:
            self_assessment_tab(person_id, prep)


chosen_person = choose_person()
if chosen_person is not None:
    render(chosen_person)
