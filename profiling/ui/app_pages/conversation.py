"""The conversation: introduction, then competence by competence, every change saved at once."""

import zlib
from collections.abc import Callable
from datetime import date

import streamlit as st

from profiling import formatting
from profiling.bootstrap import UnitOfWork
from profiling.domain.framework import RatingScale, source_of
from profiling.domain.guide import Guide, GuideMode, Question
from profiling.domain.text import LOCAL, LocalizedText
from profiling.reads import directory, scorecards
from profiling.reads.preparation import Preparation, mus_preparation
from profiling.reads.views import InterviewStatus, InterviewView
from profiling.reports import pdf, sentences
from profiling.services import interviews, invitations, outcomes
from profiling.services.actors import Role
from profiling.services.errors import EditConflict, ServiceError
from profiling.ui import idle, runtime
from profiling.ui.conversation_state import NOT_ASSESSED, ConversationState, QuestionState, widget_value
from profiling.ui.i18n import language, local, t
from profiling.ui.navigation import CONVERSATION, DEVELOPMENT, PROFILE, go, link
from profiling.ui.widgets import (
    call,
    date_format,
    error_message,
    escape,
    matching_people,
    pick,
    practice_log,
    query_int,
    warn_if_sensitive,
)

actor = runtime.actor()
catalog = runtime.catalog()
lang = language()
requested = query_int("interview")
DEFAULT_FRAMEWORK = "specialist-i-borgerkontakt"


def start_form() -> None:
    """Pick a person and a guide to start a new conversation."""
    st.title(t("conversation.start_title"))
    employee = actor.role is Role.EMPLOYEE
    st.write(t("conversation.start_body_employee") if employee else t("conversation.start_body"))
    everyone = runtime.read(directory.list_people) or []
    if not everyone:
        st.info(t("conversation.no_people"))
        return
    if employee:  # an employee fills self-assessments of their own; a conversation is their manager's to start
        guides = invitations.self_assessment_guides(catalog, DEFAULT_FRAMEWORK)
    else:
        guides = sorted(
            (g for g in catalog.guides.values() if g.mode is not GuideMode.SELF_ASSESSMENT), key=lambda g: (g.mode, g.id)
        )
    found = matching_people(everyone, "conversation_find", label=t("conversation.find_person"),
                            none_found=t("conversation.find_none"))
    with st.form("conversation_start"):
        person = pick(t("conversation.person"), found, id_of=lambda p: p.id, label_of=lambda p: p.label())
        guide = pick(t("conversation.guide"), guides, id_of=lambda g: g.id, label_of=lambda g: local(g.title))
        started = st.form_submit_button(t("conversation.start"), type="primary")
    if started and (person is None or guide is None):
        st.error(t("conversation.choose_person"), icon=":material/person_search:")
    elif started and person is not None and guide is not None:
        person_id, guide_id = person.id, guide.id
        with runtime.unit_of_work() as uow:
            new_id = call(lambda: interviews.start_interview(actor, uow, catalog, person_id=person_id, guide_id=guide_id))
        if new_id is not None:
            go(CONVERSATION, interview=new_id)
    with st.expander(t("kit.title"), icon=":material/print:"):
        st.caption(t("kit.help"))
        kit_guide = pick(t("conversation.guide"), guides, id_of=lambda g: g.id, label_of=lambda g: local(g.title), key="kit_guide")
        if kit_guide is None:
            return
        st.download_button(
            t("kit.download_blank"),
            lambda: pdf.interview_kit(kit_guide, catalog.framework(kit_guide.framework), lang),
            file_name=f"interviewkit-{kit_guide.id}.pdf", mime="application/pdf", icon=":material/download:",
        )


def load_into_state(view: InterviewView, questions: list[Question]) -> None:
    """Fill the widgets of the questions on screen from the database, unless they are already live."""
    for question in questions:
        state = QuestionState(view.summary.id, question.id)
        if state.rating not in st.session_state or state.note not in st.session_state:
            state.show(view.rating(question.id))


def save(interview_id: int, question_id: str) -> None:
    """Widget callback: store this question's rating and note now."""
    idle.note_activity()  # rating question after question runs only the conversation's fragment
    state = QuestionState(interview_id, question_id)
    chosen = st.session_state.get(state.rating)
    note = st.session_state.get(state.note) or ""
    try:
        with runtime.unit_of_work() as uow:
            saved = interviews.save_rating(
                actor,
                uow,
                interview_id,
                question_id,
                value=None if chosen in (None, NOT_ASSESSED) else int(chosen),
                not_assessed=chosen == NOT_ASSESSED,
                note=note,
                private=bool(st.session_state.get(state.private)),
                expected_version=st.session_state.get(state.version, 0),
            )
            # The step's view shows the rating without being built again (the fragment's run follows).
            runtime.refresh_kept(uow, lambda view: scorecards.with_rating(view, saved), scorecards.get_interview,
                                 interview_id)
        st.session_state[state.version] = saved.version
        st.session_state[state.saved_at] = saved.updated_at
    except EditConflict as conflict:
        st.session_state[state.conflict] = (chosen, note)
        state.show(conflict.current)
    except ServiceError as error:
        st.session_state[ConversationState(interview_id).error] = error_message(error)


def in_callback(interview_id: int, command: Callable[[UnitOfWork], object]) -> None:
    """Run a callback's command; a refusal is kept for the conversation's header to show on the run that follows."""
    try:
        with runtime.unit_of_work() as uow:
            command(uow)
    except ServiceError as error:
        st.session_state[ConversationState(interview_id).error] = error_message(error)


def save_outcome(interview_id: int) -> None:
    """Widget callback: store the agreed outcome of a development conversation."""
    outcome = st.session_state.get(ConversationState(interview_id).outcome) or ""
    in_callback(interview_id, lambda uow: outcomes.save_outcome(actor, uow, interview_id, outcome))


def move(interview_id: int, position: int) -> None:
    """Button and jump callback: go to another step (the conversation's fragment then shows it)."""
    in_callback(interview_id, lambda uow: interviews.move_to(actor, uow, interview_id, position))


def show_self_assessment(interview_id: int) -> None:
    """Button callback: the manager chose to see the self-assessment before rating (recorded)."""
    in_callback(interview_id, lambda uow: interviews.show_self_assessment(actor, uow, interview_id))


def on_jump(interview_id: int, key: str, shown_at: int) -> None:
    """Jump callback. A browser that has not yet drawn the step just moved to can still send the list it showed
    before, whose callback then runs with the step it was shown at: that is no choice, and is dropped."""
    chosen = st.session_state.get(key)
    if isinstance(chosen, int) and chosen != shown_at:
        move(interview_id, chosen)


def rating_label(value: int | str) -> str:
    return t("conversation.not_assessed") if value == NOT_ASSESSED else str(value)


def render_rating(
    state: QuestionState, scale: RatingScale, labels: dict[int, LocalizedText], question: Question, editable: bool
) -> None:
    """The rating buttons of a rated question (`labels`: the guide's level labels), after a conflict's warning."""
    options: list[int | str] = [*scale.levels, NOT_ASSESSED]
    conflict = st.session_state.pop(state.conflict, None)
    if conflict is not None:
        lost_value, lost_note = conflict
        st.warning(
            t(
                "conversation.conflict",
                lost=rating_label(lost_value) if lost_value is not None else "–",
                lost_note=escape(lost_note) or "–",
            ),
            icon=":material/sync_problem:",
        )
    st.radio(
        t("conversation.rating"),
        options,
        format_func=rating_label,
        captions=[local(labels[level]) for level in scale.levels] + [t("conversation.not_assessed_hint")],
        horizontal=True,
        key=state.rating,
        on_change=save,
        args=(state.interview_id, state.question_id),
        disabled=not editable,
    )


def question_text(guide: Guide, question: Question, number: int, labels: dict[int, LocalizedText]) -> str:
    """The guide's text of a question as one markdown element - what kind of question it is, the question, its
    probes and coaching questions, and for a rated one the statement and the anchors at each level (a list, read
    level by level and reflowing on a phone). Every element costs each run its share, and a rating reruns the step.
    """
    core = {q.core for q in guide.questions} == {True, False}  # only a guide with both says which
    role = (" · " + (t("question.core") if question.core else t("question.optional"))) if core else ""
    minutes = t("question.minutes", minutes=formatting.number(question.minutes, lang, 0))
    parts = [f":gray[:small[{t(f'question.kind.{question.kind.value}')} · {number}{role} · {minutes}]]",
             f"#### {local(question.text)}"]
    if question.probes:
        parts.append(f"**{t('conversation.probes')}**\n\n" + "\n".join(
            "- " + (f"*{t('star.' + probe.star.value)}:* " if probe.star else "") + local(probe.text)
            for probe in question.probes
        ))
    if question.coaching:
        parts.append(f"**{t('conversation.coaching')}**\n\n" + "\n".join(f"- {local(c)}" for c in question.coaching))
    if question.scored and question.statement is not None:  # the statement the employee rates in the self-assessment
        parts.append(f"**{t('conversation.statement')}** {local(question.statement)}")
    if question.scored:
        parts.append(f"**{t('conversation.anchors')}**\n\n" + "\n".join(
            f"- **{level} · {local(labels[level])}**: {local(question.anchors[level])}" for level in sorted(question.anchors)
        ))
    return "\n\n".join(parts)


def render_question(view: InterviewView, question: Question, number: int, editable: bool) -> None:
    """One question: its probes, the anchors and the rating, the note (each saved at once by its callback)."""
    state = QuestionState(view.summary.id, question.id)
    labels = view.guide.level_labels(view.framework)
    with st.container(border=True):
        st.markdown(question_text(view.guide, question, number, labels))
        if not question.scored:
            st.info(t("conversation.dialogue_help"), icon=":material/forum:")
        else:
            render_rating(state, view.framework.scale, labels, question, editable)
        st.text_area(
            t("conversation.note"),
            key=state.note,
            on_change=save,
            args=(view.summary.id, question.id),
            placeholder=t("conversation.note_hint"),
            help=t("conversation.note_help"),
            max_chars=4000,
            height=100,
            disabled=not editable,
        )
        warn_if_sensitive(st.session_state.get(state.note, ""))
        if view.summary.round_id is None:  # in a round every note is a case document the panel reads
            st.checkbox(
                t("conversation.private"),
                key=state.private,
                on_change=save,
                args=(view.summary.id, question.id),
                help=t("conversation.private_help"),
                disabled=not editable,
            )
        stored = view.rating(question.id)
        if stored.addendum:
            st.caption(t("conversation.addendum", date=formatting.day(stored.addendum_at, lang)))
            st.text(stored.addendum)
        saved_at = st.session_state.get(state.saved_at)
        if saved_at is not None:
            st.caption(t("conversation.saved", time=formatting.moment(saved_at, lang)), help=t("conversation.saved_help"))


def render(interview_id: int) -> None:
    """The conversation at the step it was left at, or its paper form."""
    view = runtime.read(scorecards.get_interview, interview_id)
    if view is None:
        link(CONVERSATION, t("conversation.start_new"), icon=":material/add:")
        return
    summary = view.summary
    # Paper is for a conversation held with someone; a self-assessment is filled by the person themself.
    if editable_by_actor(view) and summary.mode is not GuideMode.SELF_ASSESSMENT and st.segmented_control(
        t("paper.mode"), ["screen", "paper"], default="screen", required=True, key=ConversationState(interview_id).paper_mode,
        format_func=lambda mode: t(f"paper.mode.{mode}"), help=t("paper.mode_help"),
    ) == "paper":
        render_paper_entry(view)
        return
    render_conversation(interview_id)


def finish_step(view: InterviewView) -> int:
    """The conversation's last step: after the introduction (0) and one step per competence."""
    return len(view.guide.competence_order()) + 1


def editable_by_actor(view: InterviewView) -> bool:
    """A draft is changed by its rater alone."""
    return view.summary.status is InterviewStatus.DRAFT and view.summary.rater_id == actor.user_id


@st.fragment
def render_conversation(interview_id: int) -> None:
    """A header and progress, then the step, then the way on - one fragment: every rating, note, jump and step
    reruns it alone, read afresh (its reads serve the kept copy unless the conversation changed), and the progress
    counts a rating as it is made. One fragment and no st.rerun(): a click made while a run is going waits for it,
    never crosses a run of another kind (a question's own fragment, whose first answer reran the page, let the two
    cross under load)."""
    view = runtime.read(scorecards.get_interview, interview_id)
    if view is None:
        return
    summary = view.summary
    editable = editable_by_actor(view)
    last = finish_step(view)
    position = min(summary.position, last)
    render_header(view, editable, position)
    preparation = None
    if summary.mode is GuideMode.DEVELOPMENT and editable:
        preparation = runtime.read(mus_preparation, catalog, summary.person_id, view.framework.id)
    if position == 0:
        render_introduction(view, preparation)
    elif position == last:
        render_finish(view, editable)
    else:
        render_competence(view, position, preparation, editable)
    render_way_on(view, editable, position)


def render_paper_entry(view: InterviewView) -> None:
    """A conversation held on paper, entered afterwards: every question in one form (Tab moves through it),
    with the day it was held; saved at once, and completed when asked."""
    summary, guide, framework = view.summary, view.guide, view.framework
    st.title(escape(summary.person_name))
    st.caption(" · ".join([local(guide.title), t("conversation.rater_line", rater=escape(summary.rater_name))]))
    st.download_button(
        t("kit.download"), lambda: pdf.interview_kit(guide, framework, lang, person_name=summary.person_name),
        file_name=f"interviewkit-{guide.id}.pdf", mime="application/pdf", icon=":material/print:",
    )
    if flash := st.session_state.pop(ConversationState(summary.id).flash, None):
        st.success(flash, icon=":material/check_circle:")
        st.toast(flash, icon=":material/check_circle:")  # the buttons are at the form's end, far below the top
    levels = [*range(framework.scale.min_level, framework.scale.max_level + 1), NOT_ASSESSED]
    with st.form(f"paper_{summary.id}"):
        held_on = st.date_input(t("paper.held_on"), value=summary.held_on or date.today(), max_value=date.today(),
                                format=date_format())
        typed = []
        number = 0
        for competence_id in guide.competence_order():
            st.markdown(f"**{local(framework.competence(competence_id).name)}**")
            for question in guide.questions_for(competence_id):
                number += 1
                stored = view.rating(question.id)
                chosen = None
                if question.scored:
                    chosen = st.radio(
                        f"{number}. {local(question.text)}", levels, index=levels.index(widget_value(stored))
                        if widget_value(stored) in levels else None, horizontal=True, format_func=rating_label,
                        key=f"paper_{summary.id}_{question.id}",
                    )
                else:
                    st.markdown(f"{number}. {local(question.text)}")
                note = st.text_input(t("paper.note"), value=stored.note, max_chars=4000, key=f"paper_note_{summary.id}_{question.id}",
                                     label_visibility="collapsed", placeholder=t("paper.note_placeholder"))
                typed.append(interviews.PaperEntry(
                    question_id=question.id, value=chosen if isinstance(chosen, int) else None,
                    not_assessed=chosen == NOT_ASSESSED, note=note, version=stored.version,
                ))
        save = st.form_submit_button(t("paper.save"))
        finish = st.form_submit_button(t("paper.save_and_finish"), type="primary")
    if save or finish:
        with runtime.unit_of_work() as uow:
            entered = call(lambda: interviews.enter_from_paper(actor, uow, summary.id, held_on, typed, complete=finish))
        if entered is not None:  # a completed scorecard opens as the finished conversation; a draft stays here
            st.session_state[ConversationState(summary.id).flash] = t("paper.saved", answered=entered.answered, total=entered.total)
            st.rerun()


def render_header(view: InterviewView, editable: bool, position: int) -> None:
    """Who is talked with, by whom, with which guide; the progress; a jump to any step."""
    summary, guide = view.summary, view.guide
    interview_id = summary.id
    st.title(escape(summary.person_name))
    paper = [t("paper.entered", date=formatting.day(summary.held_on, lang))] if summary.entered_from_paper else []
    st.caption(
        " · ".join(
            [local(guide.title),
             *([] if summary.mode is GuideMode.SELF_ASSESSMENT else [t("conversation.rater_line", rater=escape(summary.rater_name))]),
             t(f"interview.status.{summary.status.value}"), *paper]
        )
    )
    if error := st.session_state.pop(ConversationState(interview_id).error, None):
        st.error(error, icon=":material/error:")
    render_progress(view, editable, position)


def render_progress(view: InterviewView, editable: bool, position: int) -> None:
    """The progress and the jump to any step."""
    interview_id = view.summary.id
    guide, framework = view.guide, view.framework
    order = guide.competence_order()
    last = finish_step(view)
    rated = guide.scored_questions()  # dialogue topics are talked about, never rated
    scored = sum(1 for q in rated if view.rating(q.id).value is not None)
    skipped = sum(1 for q in rated if view.rating(q.id).not_assessed)
    progress = t("conversation.progress", answered=scored, total=len(rated))
    if skipped:  # "not assessed" is a decision about a question, not a rating of it
        progress += " · " + t("conversation.progress_skipped", count=skipped)
    st.progress((scored + skipped) / len(rated), text=progress)

    def step_label(step: int) -> str:
        if step == 0:
            return t("conversation.step.introduction")
        if step == last:
            return t("conversation.step.finish")
        competence_id = order[step - 1]
        questions = [q for q in guide.questions_for(competence_id) if q.scored]
        done = sum(1 for q in questions if view.rating(q.id).answered)
        mark = "✓ " if done == len(questions) else ""
        return f"{step}. {mark}{local(framework.competence(competence_id).name)} ({done}/{len(questions)})"

    steps = list(range(last + 1))
    labels = [step_label(step) for step in steps]
    # A selectbox's choice travels as its label: a label that changed (a rating moves a step's count) would come
    # back from a browser that had not yet seen the change as a string no option matches, or as another step's
    # label. So the list is a new widget whenever its labels or the step change, and a stale choice is dropped.
    jump_key = f"{ConversationState(interview_id).jump}_{position}_{zlib.crc32(chr(31).join(labels).encode())}"
    st.selectbox(
        t("conversation.jump"), steps, index=position, format_func=labels.__getitem__, key=jump_key,
        on_change=on_jump, args=(interview_id, jump_key, position), disabled=not editable,
    )


def render_introduction(view: InterviewView, preparation: Preparation | None) -> None:
    """The guide's introduction and time plan (and, in a MUS, last year's plan)."""
    guide, framework = view.guide, view.framework
    if preparation is not None and preparation.previous_plan is not None:
        with st.expander(t("conversation.previous_plan"), icon=":material/history:", expanded=True):
            for goal in preparation.previous_plan.goals:
                st.caption(
                    f"{local(framework.competence(goal.competence_id).name)} · {t('goal.' + goal.status.value)}"
                )
                st.text(goal.goal)
                practice_log(goal)
    intro = guide.introduction
    st.subheader(t("conversation.step.introduction"), anchor=False)
    st.markdown(f"**{t('conversation.opening')}**")
    st.write(local(intro.opening))
    st.markdown(f"**{t('conversation.purpose')}**")
    st.write(local(intro.purpose))
    if intro.practical:
        st.markdown(f"**{t('conversation.practical')}**")
        st.write(local(intro.practical))
    st.info(sentences.time_plan(guide, lang), icon=":material/schedule:")


def render_finish(view: InterviewView, editable: bool) -> None:
    """What is still unscored, the closing words, the MUS outcome; finish or discard."""
    summary, guide, framework = view.summary, view.guide, view.framework
    interview_id = summary.id
    st.subheader(t("conversation.step.finish"), anchor=False)
    missing = [
        local(framework.competence(cid).name)
        for cid in guide.competence_order()
        if not any(view.rating(q.id).value is not None for q in guide.questions_for(cid))
    ]
    if missing:
        st.warning(t("conversation.unscored", competences=", ".join(missing)), icon=":material/info:")
    if guide.closing:
        st.markdown(f"**{t('conversation.closing')}**")
        st.write(local(guide.closing))
    if not editable:
        link(PROFILE, t("conversation.see_result"), icon=":material/radar:", person=summary.person_id)
        return
    if view.notes_missing:  # a round's scorecard: a low rating or an unasked core question needs its note
        texts = {q.id: local(q.text) for q in guide.questions}
        st.warning(t("conversation.notes_missing", count=len(view.notes_missing)), icon=":material/edit_note:")
        st.markdown("\n".join(f"- {escape(texts.get(q, q))}" for q in view.notes_missing))
    if summary.mode is GuideMode.DEVELOPMENT:
        outcome_key = ConversationState(interview_id).outcome
        if outcome_key not in st.session_state:
            with runtime.unit_of_work() as uow:
                st.session_state[outcome_key] = outcomes.mus_outcome(actor, uow, interview_id)
        st.text_area(
            t("conversation.outcome"), key=outcome_key, on_change=save_outcome, args=(interview_id,), height=150,
            max_chars=4000, help=t("conversation.outcome_help"),
        )
        warn_if_sensitive(st.session_state.get(outcome_key, ""))
    if st.button(t("conversation.finish"), type="primary", icon=":material/task_alt:", disabled=bool(view.notes_missing)):
        try:
            with runtime.unit_of_work() as uow:
                interviews.complete_interview(actor, uow, interview_id)
        except ServiceError as error:
            st.error(error_message(error), icon=":material/error:")
        else:
            if summary.mode is GuideMode.SELF_ASSESSMENT:  # its result is the MUS preparation
                go(DEVELOPMENT, person=summary.person_id)
            assessment = f"round:{summary.round_id}" if summary.round_id else f"interview:{interview_id}"
            go(PROFILE, person=summary.person_id, assessment=assessment)
    with st.expander(t("conversation.discard"), icon=":material/delete:"):
        st.write(t("conversation.discard_body"))
        if st.button(t("conversation.discard_confirm"), key="conv_discard"):
            with runtime.unit_of_work() as uow:
                call(lambda: interviews.discard_draft(actor, uow, interview_id))
            go(CONVERSATION)


def render_competence(view: InterviewView, position: int, preparation: Preparation | None, editable: bool) -> None:
    """One competence: what it means, the MUS preparation's figures for it, and its questions."""
    guide, framework = view.guide, view.framework
    order = guide.competence_order()
    competence = framework.competence(order[position - 1])
    area = framework.area_of(competence.id)
    st.caption(
        t("conversation.competence_of", number=position, total=len(order)) + " · " + local(area.name)
    )
    st.subheader(local(competence.name), anchor=False)
    # What the competence means is built only once opened (a rating reruns the step).
    with st.expander(t("conversation.about_competence"), key=f"about_{view.summary.id}_{competence.id}",
                     on_change="rerun") as about:
        if about.open:
            st.write(local(competence.description) + (f" ({t('source.local')})" if competence.source == LOCAL else ""))
            if competence.indicators:  # one element for the list
                st.markdown("\n".join(
                    f"- {local(indicator)}" + (f" *({t('source.local')})*" if source_of(indicator, competence.source) == LOCAL else "")
                    for indicator in competence.indicators
                ))
            if area.source == LOCAL:
                st.caption(t("source.local_area", area=local(area.name)))
    if preparation is not None:
        render_preparation_line(view, preparation, competence.id)
    questions = guide.questions_for(competence.id)
    load_into_state(view, questions)
    for question in questions:
        render_question(view, question, guide.questions.index(question) + 1, editable)


def render_preparation_line(view: InterviewView, preparation: Preparation, competence_id: str) -> None:
    """Last year's manager score and the target beside the questions; the self-assessment only once the manager
    has completed this rating, or chose to see it now (recorded: it anchors the rating)."""
    item = next(i for i in preparation.items if i.competence_id == competence_id)
    own = [] if preparation.self_withheld else [f"{t('chart.self')}: {formatting.number(item.self_score, lang)}"]
    parts = [
        *own, f"{t('development.last_manager')}: {formatting.number(item.manager_score, lang)}",
        f"{t('profile.col.target')}: {item.target if item.target is not None else '–'}",
    ] + ([] if preparation.self_withheld else [t(f"alignment.{r}") for r in item.reasons])
    st.info(" · ".join(parts), icon=":material/compare_arrows:")
    if preparation.self_withheld:
        st.caption(t("conversation.self_withheld"))
        st.button(t("conversation.show_self_now"), help=t("conversation.show_self_now_help"), icon=":material/visibility:",
                  key=f"show_self_{view.summary.id}", on_click=show_self_assessment, args=(view.summary.id,))
    elif view.summary.self_shown_at is not None:
        st.caption(t("conversation.self_shown", date=formatting.day(view.summary.self_shown_at, lang)))


def render_way_on(view: InterviewView, editable: bool, position: int) -> None:
    """Back and next while the conversation is open; the date and the result once it is completed."""
    summary = view.summary
    if editable:
        last = finish_step(view)
        with st.container(horizontal=True):  # back at the start, next at the end
            if position > 0:
                st.button(t("conversation.back"), icon=":material/arrow_back:", on_click=move, args=(summary.id, position - 1))
            st.space("stretch")
            if position < last:
                st.button(t("conversation.next"), icon=":material/arrow_forward:", type="primary", on_click=move,
                          args=(summary.id, position + 1))
    elif summary.status is InterviewStatus.COMPLETED:
        st.info(
            t("conversation.completed_on", date=formatting.day(summary.completed_at, lang)), icon=":material/task_alt:"
        )
        link(PROFILE, t("conversation.see_result"), icon=":material/radar:", person=summary.person_id)


if requested is None:
    start_form()
else:
    render(requested)
