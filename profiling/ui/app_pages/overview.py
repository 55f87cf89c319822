"""Overview: conversations in progress, recent results, open rounds; the demo on an empty database."""

import streamlit as st

from profiling import formatting
from profiling.domain.policy import Permission
from profiling.reads import directory, interview_views, permissions, round_views, self_assessments, team
from profiling.reads.self_assessments import InvitationView
from profiling.reads.team import QuietGoal
from profiling.reads.views import InterviewSummary, RoundStatus
from profiling.services import demo, rounds
from profiling.ui import runtime
from profiling.ui.i18n import language, local, t
from profiling.ui.navigation import CONVERSATION, DEVELOPMENT, PEOPLE, PROFILE, ROUNDS, item_with_link, link
from profiling.ui.widgets import call, escape, guide_title, titled

actor = runtime.actor()
lang = language()
QUIET_SHOWN = 8


def catalog_problems() -> None:
    """Questionnaire files that failed to load, with their file and line (an administrator's to mend)."""
    problems = runtime.catalog().problems
    if problems:
        with st.container(border=True):
            st.warning(t("overview.catalog_problems", count=len(problems)), icon=":material/warning:")
            st.code("\n".join(str(p) for p in problems), language=None, wrap_lines=True)


def empty_database() -> None:
    """What to do first on an empty database: load the demo (an administrator, where offered) or create people."""
    with st.container(border=True):
        st.subheader(t("overview.empty.title"))
        demo_offered = actor.is_admin and runtime.settings().demo_offered
        st.write(t("overview.empty.body") if demo_offered else t("overview.empty.body_real"))
        if demo_offered and st.button(t("overview.empty.load_demo"), type="primary", icon=":material/auto_awesome:"):
            with st.spinner(t("overview.empty.loading")), runtime.unit_of_work() as uow:
                summary = call(lambda: demo.load_demo(actor, uow, runtime.catalog()))
            if summary is None:
                return
            st.session_state["overview_flash"] = t("overview.empty.loaded", people=summary.people, interviews=summary.interviews)
            st.rerun()
        link(PEOPLE, t("overview.empty.create_first"), icon=":material/person_add:")


def my_tasks(tasks: list[InvitationView]) -> None:
    """Self-assessments the actor has been invited to fill."""
    with st.container(border=True):
        st.subheader(t("overview.tasks"), anchor=False)
        for task in tasks:
            item_with_link(
                f"**{local(task.guide_title)}**",
                t("overview.task_due", date=formatting.day(task.due_on, lang)) if task.due_on else t("overview.task_open"),
                CONVERSATION, t("overview.task_fill"), icon=":material/edit_note:", interview=task.interview_id,
            )
        link(DEVELOPMENT, t("overview.see_preparation"), icon=":material/trending_up:")


def in_progress(drafts: list[InterviewSummary]) -> None:
    st.subheader(t("overview.in_progress"), divider="gray")
    if not drafts:
        st.caption(t("overview.no_drafts"))
    for draft in drafts:
        with st.container(border=True):
            item_with_link(
                f"**{escape(draft.person_name)}** · {guide_title(draft)}",
                t("overview.draft_line", answered=draft.answered, total=draft.total, started=formatting.day(draft.started_at, lang)),
                CONVERSATION, t("overview.resume"), icon=":material/play_arrow:", interview=draft.id,
            )
            st.progress(draft.answered / draft.total if draft.total else 0.0)


def recent_results(recent: list[InterviewSummary]) -> None:
    st.subheader(t("overview.recent"), divider="gray")
    if not recent:
        st.caption(t("overview.no_recent"))
    for result in recent:
        item_with_link(
            f"**{escape(result.person_name)}** · {guide_title(result)}",
            t("overview.recent_line", rater=escape(result.rater_name), date=formatting.day(result.completed_at, lang)),
            PROFILE, t("overview.see_profile"), icon=":material/radar:", person=result.person_id,
        )


def open_rounds(listed: list[round_views.RoundTitle]) -> None:
    st.subheader(t("overview.open_rounds"), divider="gray")
    if not listed:
        st.caption(t("overview.no_rounds"))
    for item in listed:
        item_with_link(
            f"**{escape(item.title)}**", t("overview.round_line", candidates=item.candidates, panel=item.panel),
            ROUNDS, t("overview.open_round"), icon=":material/how_to_reg:", round=item.id,
        )


def hire_requests(waiting: list[round_views.HireRequest]) -> None:
    """Hires of the actor's people from other teams' rounds, waiting for the actor to confirm or decline."""
    with st.container(border=True):
        st.subheader(t("overview.hire_requests"), anchor=False)
        st.caption(t("overview.hire_requests_help"))
        for request in waiting:
            st.markdown(titled(
                f"**{escape(request.person.name)}** → {escape(request.team_name)}",
                t("overview.hire_request_line", round=escape(request.round_title), by=escape(request.requested_by or "–"),
                  date=formatting.day(request.requested_at, lang)),
            ))
            yes, no = st.columns(2)
            for column, confirm, label, icon in (
                (yes, True, t("overview.hire_confirm"), ":material/check:"), (no, False, t("overview.hire_decline"), ":material/close:")
            ):
                column.button(label, icon=icon, key=f"hire_{confirm}_{request.round_id}_{request.person.id}",
                              on_click=answer_hire, args=(request, confirm))


def answer_hire(request: round_views.HireRequest, confirm: bool) -> None:
    """Confirm or decline one waiting hire (a button's callback: the page then reruns without it)."""
    with runtime.unit_of_work() as uow:
        call(lambda: rounds.answer_hire_request(actor, uow, request.round_id, request.person.id, confirm))


def quiet_goals(weeks: int, quiet: list[QuietGoal]) -> None:
    """Plan goals of the actor's people that nobody has practised for a while: a nudge to coach."""
    st.subheader(t("overview.quiet_goals", count=weeks), divider="gray")
    if not quiet:
        st.caption(t("overview.no_quiet_goals"))
    for goal in quiet[:QUIET_SHOWN]:
        since = formatting.day(goal.last_practised, lang) if goal.last_practised else t("overview.never_practised")
        item_with_link(
            f"**{escape(goal.person_name)}** · {escape(goal.goal)[:80]}", t("overview.last_practised", date=since),
            DEVELOPMENT, t("overview.open_plan"), icon=":material/trending_up:", person=goal.person_id, tab=t("development.tab.plan"),
        )
    if len(quiet) > QUIET_SHOWN:
        st.caption(t("overview.more_quiet", count=len(quiet) - QUIET_SHOWN))


def render() -> None:
    st.title(t("overview.title"))
    catalog_problems()
    if runtime.read(directory.nothing_stored):
        empty_database()
        return
    if flash := st.session_state.pop("overview_flash", None):
        st.success(flash, icon=":material/check_circle:")
    tasks = runtime.read(self_assessments.my_open_self_assessments, runtime.catalog()) or []
    if tasks:
        my_tasks(tasks)
    drafts = runtime.read(interview_views.my_drafts) or []
    recent = runtime.read(interview_views.recent_results, limit=8) or []
    listed = runtime.read(round_views.round_titles, RoundStatus.OPEN, limit=6) or []
    drafts = [d for d in drafts if d.id not in {task.interview_id for task in tasks}]
    left, right = st.columns([3, 2], gap="large")
    with left:
        in_progress(drafts)
        recent_results(recent)
    with right:
        if runtime.read(permissions.allowed, Permission.SEE_TEAM_OVERVIEW):  # those who lead people answer hires
            waiting = runtime.read(round_views.hire_requests)
            if waiting:
                hire_requests(waiting)
        open_rounds(listed)
        if runtime.read(permissions.allowed, Permission.SEE_TEAM_OVERVIEW):
            found = runtime.read(team.quiet_goals)
            if found is not None:
                quiet_goals(*found)


render()
