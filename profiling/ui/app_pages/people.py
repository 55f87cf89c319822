"""People: find, create and edit employees and candidates; start a conversation; open a profile."""

import streamlit as st

from profiling import formatting
from profiling.domain.guide import GuideMode
from profiling.reads import directory, interview_views
from profiling.reads.views import InterviewSummary, PersonKind, PersonView
from profiling.services import interviews, people, privacy
from profiling.services.errors import ServiceError
from profiling.ui import read_models, runtime
from profiling.ui.i18n import language, local, t
from profiling.ui.navigation import CONVERSATION, PROFILE, go, link
from profiling.ui.widgets import (
    call,
    date_format,
    error_message,
    escape,
    field_error,
    fresh_form_key,
    guide_title,
    kind_label,
    pick,
    query_int,
    set_query,
    start_fresh_form,
    submit_form,
)

actor = runtime.actor()
catalog = runtime.catalog()
lang = language()
st.title(t("people.title"))

teams = runtime.read(directory.list_teams) or []
team_names = {team.id: f"{team.name} ({team.unit})" if team.unit else team.name for team in teams}


def person_form(key: str, person: PersonView | None, may_move: bool = True) -> dict[str, object] | None:
    """The fields of a person; returns the typed values when submitted.

    Without `may_move` (a round's owner correcting a candidate) kind and team are shown but fixed.
    """
    errors: dict[str, str] = st.session_state.setdefault(f"{key}_errors", {})
    with st.form(key):
        name = st.text_input(t("person.name"), value=person.name if person else "", max_chars=120)
        field_error(errors, "name")
        email = st.text_input(t("person.email"), value=(person.email or "") if person else "", max_chars=254)
        field_error(errors, "email")
        kinds = list(PersonKind)
        kind = st.radio(
            t("person.kind"),
            kinds,
            # Someone who leads no team adds candidates only (an employee belongs to a team one leads).
            index=kinds.index(person.kind if person else (PersonKind.EMPLOYEE if team_names else PersonKind.CANDIDATE)),
            format_func=kind_label,
            horizontal=True,
            disabled=not may_move,
        )
        team_options = [None, *team_names]
        team_id = st.selectbox(
            t("person.team"),
            team_options,
            index=team_options.index(person.team_id) if person and person.team_id in team_options else 0,
            format_func=lambda tid: t("person.no_team") if tid is None else team_names.get(tid, "–"),
            disabled=not may_move,
        )
        field_error(errors, "team_id")
        submitted = st.form_submit_button(t("form.save"), type="primary")
    if submitted:
        return {"name": name, "email": email, "kind": kind, "team_id": team_id}
    return None


def conflict(current: PersonView) -> str:
    return t("people.conflict", name=escape(current.name))


def consent_form(person_id: int) -> None:
    """A candidate's consent to be kept for future positions (recorded with today's date)."""
    with st.expander(t("people.consent"), icon=":material/verified_user:"):
        st.caption(t("people.consent_help"))
        with st.form(f"consent_{person_id}"):
            until = st.date_input(t("people.consent_until"), value=None, format=date_format())
            record, withdraw = st.columns(2)
            given = record.form_submit_button(t("people.consent_record"))
            withdrawn = withdraw.form_submit_button(t("people.consent_withdraw"))
        if given and until is None:
            st.error(t("error.required"))
        elif given or withdrawn:
            try:
                with runtime.unit_of_work() as uow:
                    privacy.record_consent(actor, uow, person_id, None if withdrawn else until)
            except ServiceError as error:
                st.error(error_message(error))
            else:
                st.success(t("people.consent_saved"))


def render_create_tab() -> None:
    """A new person. A new form key after each success gives an empty form; a refused submit keeps what was typed."""
    create_key = fresh_form_key("person_create")
    values = person_form(create_key, None)
    if values is None:
        return

    def _create() -> PersonView:
        with runtime.unit_of_work() as uow:
            return people.create_person(actor, uow, values)

    created = submit_form(create_key, _create, conflict)
    if created is not None:
        start_fresh_form("person_create")
        st.session_state["people_flash"] = t("people.created", name=escape(created.name))
        set_query(person=created.id)
        st.rerun()


def render_search() -> int | None:
    """Search and filter the people the actor may see; the person chosen in the table (or the URL)."""
    if flash := st.session_state.pop("people_flash", None):
        st.success(flash, icon=":material/check_circle:")
    # One element for the row (columns cost one each); it wraps on a narrow screen.
    filters = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
    text = filters.text_input(t("people.search"), key="people_search", placeholder=t("people.search_hint"), width="stretch")
    kind_filter = filters.selectbox(
        t("person.kind"), [None, *PersonKind], format_func=lambda k: t("people.all") if k is None else kind_label(k),
        width=200,
    )
    team_filter = filters.selectbox(
        t("person.team"), [None, *team_names], format_func=lambda tid: t("people.all") if tid is None else team_names[tid],
        width=200,
    )
    include_left = filters.toggle(t("people.include_left"), key="people_left", help=t("people.include_left_help"))
    found = runtime.read(directory.list_people, text, kind_filter, team_filter, include_left=include_left) or []
    selected_id = query_int("person")
    if not found:
        st.info(t("people.none_found"))
        return selected_id
    table = read_models.table(
        ("people_table", lang), found, rows=lambda: [
            {
                t("person.name"): p.name,
                t("import.col.number"): p.employee_number or "",
                t("person.kind"): kind_label(p.kind) if p.left_on is None
                else t("people.left_on", date=formatting.day(p.left_on, lang)),
                t("person.team"): p.team_name or "",
                t("person.manager"): p.manager_name or "",
                t("person.email"): p.email or "",
            }
            for p in found
        ],
        hide_index=True,
        on_select="rerun",
        # A click on a name (a cell) opens the person as the row's checkbox does.
        selection_mode=["single-row", "single-cell"],
        key="people_table",
    )
    selection = table.selection if table else None
    rows = (list(selection.rows) or [cell[0] for cell in selection.cells]) if selection else []
    if rows:
        selected_id = found[rows[0]].id
        set_query(person=selected_id)
    st.caption(t("people.count", count=len(found)))
    return selected_id


def render_person(person_id: int) -> None:
    """The chosen person: start a conversation, their profile and history; edit them, a candidate's consent."""
    person = runtime.read(directory.get_person, person_id)
    history = runtime.read(interview_views.interviews_of_person, person_id) if person is not None else None
    rights = runtime.read(directory.person_rights, person_id) if history is not None else None
    if person is None or history is None or rights is None:
        return
    st.divider()
    st.subheader(escape(person.name), anchor=False)
    st.caption(
        " · ".join(part for part in [kind_label(person.kind), escape(person.job_title), escape(person.team_name),
                                     escape(person.email)] if part)
    )
    act, edit = st.columns([1, 1], gap="large")
    with act:
        render_conversations(person, rights.converse, history)
    with edit:
        if person.kind is PersonKind.CANDIDATE and rights.edit:
            consent_form(person.id)
        if not rights.edit:
            st.caption(t("people.edit_not_yours"))
        else:
            render_edit(person)


def render_conversations(person: PersonView, converses: bool, history: list[InterviewSummary]) -> None:
    """Start a conversation with the person (their manager, outside rounds), and the ones held."""
    if converses:
        st.markdown(f"**{t('people.start_conversation')}**")
    modes = [GuideMode.DEVELOPMENT, GuideMode.RECRUITMENT]
    # Outside a round only the person's manager holds a conversation; rounds start theirs on the round page.
    guides = [g for g in catalog.guides.values() if g.mode in modes] if converses else []
    preferred = GuideMode.RECRUITMENT if person.kind is PersonKind.CANDIDATE else GuideMode.DEVELOPMENT
    guides.sort(key=lambda g: (g.mode is not preferred, g.id))
    if guides:
        guide = pick(t("conversation.guide"), guides, id_of=lambda g: g.id, label_of=lambda g: local(g.title), key="people_guide")
        if guide is not None and st.button(t("people.start"), type="primary", icon=":material/play_arrow:"):
            with runtime.unit_of_work() as uow:
                started = call(
                    lambda: interviews.start_interview(actor, uow, catalog, person_id=person.id, guide_id=guide.id)
                )
            if started is not None:
                go(CONVERSATION, interview=started)
    link(PROFILE, t("people.see_profile"), icon=":material/radar:", person=person.id)
    if history:
        st.markdown(f"**{t('people.history')}**")
        for item in history:
            cols = st.columns([3, 2, 1], vertical_alignment="center")
            cols[0].write(f"{guide_title(item)} · {escape(item.rater_name)}")
            cols[1].caption(
                t(f"interview.status.{item.status.value}")
                + " · "
                + formatting.day(item.completed_at or item.started_at, lang)
            )
            with cols[2]:
                link(CONVERSATION, t("people.open"), interview=item.id)


def render_edit(person: PersonView) -> None:
    with st.expander(t("people.edit"), icon=":material/edit:"):
        may_move = actor.is_admin or (person.team_id is not None and person.team_id in team_names)
        key = f"person_edit_{person.id}"
        values = person_form(key, person, may_move)
        if values is None:
            return

        def _update() -> PersonView:
            with runtime.unit_of_work() as uow:
                return people.update_person(actor, uow, person.id, values, person.version)

        if submit_form(key, _update, conflict) is not None:
            st.session_state["people_flash"] = t("people.saved", name=escape(person.name))
            st.rerun()


# Only the open tab runs: the new person's form cost a fifth of every run of the search. On a database with nothing
# in it yet, creating the first person is what there is to do.
find_tab, create_tab = st.tabs(
    [t("people.tab.find"), t("people.tab.create")], key="people_tab", on_change="rerun",
    default=t("people.tab.create") if runtime.read(directory.nothing_stored) else None,
)
with create_tab:
    if create_tab.open:
        render_create_tab()
with find_tab:
    if find_tab.open:
        chosen = render_search()
        if chosen is not None:
            render_person(chosen)
