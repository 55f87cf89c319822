"""A recruitment round's case (sag): the minutes and the decision, references and hearings, applicants' access to
their case, the answers they are sent, and the filing in the municipality's case system."""

from datetime import date, timedelta

import streamlit as st

from profiling import formatting
from profiling.reads import decision_views, letter_drafts, round_views
from profiling.reads.decision_views import DecisionView, ReferenceView
from profiling.reads.views import RoundStatus, RoundView
from profiling.reports import case_documents
from profiling.services import case_file, decisions
from profiling.ui import runtime
from profiling.ui.i18n import language, local, t
from profiling.ui.navigation import ROUNDS, link
from profiling.ui.widgets import call, choose_kept_in_url, date_format, escape, field_error, round_status, submit_form

actor = runtime.actor()
catalog = runtime.catalog()
lang = language()


def choose_round() -> RoundView | None:
    """The round (kept in the URL) among those the actor takes part in."""
    listed = runtime.read(round_views.list_rounds) or []
    if not listed:
        st.info(t("rounds.none"))
        return None
    chosen = choose_kept_in_url(t("rounds.choose"), "round", {r.id: f"{r.title} · {round_status(r)}" for r in listed})
    return next(r for r in listed if r.id == chosen)


def name_of(current: RoundView, person_id: int) -> str:
    return next((c.name for c in current.candidates if c.id == person_id), "–")


def render_holds(view: DecisionView) -> None:
    for key in view.holds:
        st.warning(t(key), icon=":material/pause_circle:")
    if view.notes_outstanding:
        st.warning(t("case.notes_outstanding", count=view.notes_outstanding), icon=":material/edit_note:")


def minutes_tab(current: RoundView, view: DecisionView) -> None:
    """The minutes: read by the panel and the committee; written by the round's owner (or an administrator)."""
    render_holds(view)
    minutes = view.minutes
    if minutes is not None:
        st.success(t("case.minutes_written", date=formatting.day(minutes.decided_on, lang), by=escape(minutes.decided_by)),
                   icon=":material/gavel:")
        st.markdown(f"**{t('case.recommendation')}**")
        st.text(", ".join(name_of(current, p) for p in minutes.recommended) or "–")
        if minutes.recommendation:
            st.text(minutes.recommendation)
        for person_id, reason in minutes.reasons.items():
            st.markdown(f"**{t('case.reasons_for', name=escape(name_of(current, person_id)))}**")
            st.text(reason)
        for person_id, explanation in minutes.explanations.items():
            st.markdown(f"**{t('case.explanation_for', name=escape(name_of(current, person_id)))}**")
            st.text(explanation)
    else:
        st.info(t("case.no_minutes"), icon=":material/hourglass_empty:")
    if view.may_decide and current.status is RoundStatus.OPEN:
        with st.expander(t("case.write_minutes"), icon=":material/edit_document:", expanded=minutes is None):
            minutes_form(current, view)


def minutes_form(current: RoundView, view: DecisionView) -> None:
    key = f"minutes_{current.id}_{view.minutes.version if view.minutes else 0}"
    errors: dict[str, str] = st.session_state.setdefault(f"{key}_errors", {})
    before = view.minutes
    st.caption(t("case.minutes_help"))
    if current.criteria:
        st.markdown(f"**{t('round.criteria')}**")
        st.text(current.criteria)
    with st.form(key):
        ids = [c.id for c in current.candidates]
        recommended = st.multiselect(
            t("case.recommended"), ids, default=[p for p in (before.recommended if before else []) if p in ids],
            format_func=lambda pid: name_of(current, pid), help=t("case.recommended_help"),
            placeholder=t("form.choose_people"),
        )
        recommendation = st.text_area(t("case.recommendation"), value=before.recommendation if before else "", max_chars=4000)
        reasons: dict[int, str] = {}
        for person_id in view.assessed:
            reasons[person_id] = st.text_area(
                t("case.reasons_for", name=name_of(current, person_id)),
                value=before.reasons.get(person_id, "") if before else "", max_chars=4000, key=f"{key}_reason_{person_id}",
            )
            field_error(errors, f"reasons.{person_id}")
        explanations: dict[int, str] = {}
        for person_id in view.flagged:
            explanations[person_id] = st.text_area(
                t("case.explanation_for", name=name_of(current, person_id)), help=t("case.explanation_help"),
                value=before.explanations.get(person_id, "") if before else "", max_chars=4000, key=f"{key}_why_{person_id}",
            )
            field_error(errors, f"explanations.{person_id}")
        committee = ", ".join(u.name for u in current.committee)
        decided_by = st.text_input(
            t("case.decided_by"), max_chars=480,
            value=before.decided_by if before else ", ".join(n for n in (current.owner_name, committee) if n),
        )
        field_error(errors, "decided_by")
        decided_on = st.date_input(t("case.decided_on"), value=before.decided_on if before else date.today(), format=date_format())
        if st.form_submit_button(t("case.save_minutes"), type="primary"):
            data = {"recommended": recommended, "recommendation": recommendation, "reasons": reasons,
                    "explanations": explanations, "decided_by": decided_by, "decided_on": decided_on}
            with runtime.unit_of_work() as uow:
                saved = submit_form(key, lambda: decisions.write_minutes(actor, uow, catalog, current.id, data))
            if saved is not None:
                st.rerun()


def references_tab(current: RoundView, view: DecisionView) -> None:
    """Reference checks with the candidate's consent, the same question per competence; the hearing of what weighs
    against a candidate."""
    render_holds(view)
    framework = catalog.framework(current.framework_id)
    guide = catalog.guides.get(current.guide_id)
    competences = guide.competence_order() if guide else [c.id for c in framework.competences]
    if not view.references:
        st.caption(t("case.no_references"))
    for reference in view.references:
        with st.container(border=True):
            against = f" · :orange-badge[{t('case.weighs_against')}]" if reference.weighs_against else ""
            st.markdown(f"**{escape(name_of(current, reference.person_id))}** · {escape(reference.referee_name)}"
                        f" ({escape(reference.referee_relation) or '–'}){against}")
            st.caption(t("case.consent_on", date=formatting.day(reference.consent_at, lang)))
            for competence_id, answer in reference.answers.items():
                st.markdown(f"*{local(framework.competence(competence_id).name)}*")
                st.text(answer)
            if reference.summary:
                st.text(reference.summary)
            if reference.weighs_against and view.may_decide:
                hearing(current, reference)
    if view.may_take_references and current.candidates:
        with st.expander(t("case.add_reference"), icon=":material/record_voice_over:"):
            reference_form(current, competences)


def hearing(current: RoundView, reference: ReferenceView) -> None:
    """The hearing of a reference against the candidate: the letter and its deadline, then the answer."""
    if reference.hearing_sent_at is None:
        st.warning(t("case.hearing_needed"), icon=":material/campaign:")
        deadline = st.date_input(t("case.hearing_deadline"), value=date.today() + timedelta(days=8), format=date_format(),
                                 key=f"deadline_{reference.id}")
        draft = runtime.read(letter_drafts.hearing_draft, catalog, current.id, reference.id, deadline, lang) or ""
        letter = st.text_area(t("case.hearing_letter"), value=draft, height=260, max_chars=8000, key=f"letter_{reference.id}_{deadline}")
        left, right = st.columns(2)
        letter_pdf(left, t("case.kind.hearing_letter"), current, letter, f"partshoering-runde-{current.id}-{reference.id}.pdf")
        if right.button(t("case.hearing_send"), key=f"send_{reference.id}", type="primary"):
            with runtime.unit_of_work() as uow:
                if call(lambda: decisions.start_hearing(actor, uow, current.id, reference.id, letter, deadline)):
                    st.rerun()
    elif reference.hearing_answered_at is None:
        st.info(t("case.hearing_sent", date=formatting.day(reference.hearing_sent_at, lang),
                  deadline=formatting.day(reference.hearing_deadline, lang)), icon=":material/schedule:")
        answer = st.text_area(t("case.hearing_answer"), key=f"answer_{reference.id}", max_chars=8000)
        if st.button(t("case.hearing_record_answer"), key=f"record_{reference.id}"):
            with runtime.unit_of_work() as uow:
                if call(lambda: decisions.record_hearing_answer(actor, uow, current.id, reference.id, answer)):
                    st.rerun()
    else:
        st.success(t("case.hearing_answered", date=formatting.day(reference.hearing_answered_at, lang)), icon=":material/check:")
        st.text(reference.hearing_answer)


def reference_form(current: RoundView, competences: list[str]) -> None:
    key = f"reference_{current.id}_{st.session_state.setdefault('reference_generation', 0)}"
    errors: dict[str, str] = st.session_state.setdefault(f"{key}_errors", {})
    framework = catalog.framework(current.framework_id)
    st.caption(t("case.reference_help"))
    with st.form(key):
        person = st.selectbox(t("round.candidate"), [c.id for c in current.candidates], format_func=lambda p: name_of(current, p))
        referee = st.text_input(t("case.referee"), max_chars=120)
        field_error(errors, "referee_name")
        relation = st.text_input(t("case.referee_relation"), max_chars=160, placeholder=t("case.referee_relation_hint"))
        consent_on = st.date_input(t("case.consent_given"), value=date.today(), format=date_format(), help=t("case.consent_help"))
        field_error(errors, "consent_on")
        answers = {}
        for competence_id in competences:
            name = local(framework.competence(competence_id).name)
            answers[competence_id] = st.text_area(t("case.reference_question", competence=name), max_chars=4000,
                                                  key=f"{key}_{competence_id}", height=80)
        summary = st.text_area(t("case.reference_summary"), max_chars=4000)
        against = st.checkbox(t("case.weighs_against_check"), help=t("case.weighs_against_help"))
        if st.form_submit_button(t("case.save_reference"), type="primary"):
            data = {"referee_name": referee, "referee_relation": relation, "consent_on": consent_on, "answers": answers,
                    "summary": summary, "weighs_against": against}
            with runtime.unit_of_work() as uow:
                saved = submit_form(key, lambda: decisions.add_reference(actor, uow, catalog, current.id, person, data))
            if saved is not None:
                st.session_state["reference_generation"] += 1
                st.rerun()


def applicants_tab(current: RoundView, view: DecisionView) -> None:
    """Each applicant: their access to their case (the decision waits while it is open), and the answer sent."""
    render_holds(view)
    closed = current.status is RoundStatus.CLOSED
    unanswered = [a for a in view.applicants if a.answered_at is None and not hired(current, a.person_id)]
    if closed and unanswered:
        st.warning(t("case.unanswered", count=len(unanswered), names=escape(", ".join(name_of(current, a.person_id) for a in unanswered))),
                   icon=":material/mail:")
    for applicant in view.applicants:
        name = name_of(current, applicant.person_id)
        with st.container(border=True):
            st.markdown(f"**{escape(name)}**" + (f" · :green-badge[{t('round.hired')}]" if hired(current, applicant.person_id) else ""))
            access_part(current, applicant)
            if not hired(current, applicant.person_id):
                answer_part(current, view, applicant, closed)


def hired(current: RoundView, person_id: int) -> bool:
    return any(c.id == person_id and c.hired_from_round_id == current.id for c in current.candidates)


def access_part(current: RoundView, applicant: decision_views.ApplicantState) -> None:
    """Partsaktindsigt: record the request, hand over the applicant's own documents, record it was given."""
    left, right = st.columns([3, 2], vertical_alignment="center")
    if applicant.access_requested_at is None or applicant.access_delivered_at is not None:
        if applicant.access_delivered_at is not None:
            left.caption(t("case.access_delivered", date=formatting.day(applicant.access_delivered_at, lang)))
        if right.button(t("case.access_request"), key=f"access_{applicant.person_id}", icon=":material/folder_shared:"):
            with runtime.unit_of_work() as uow:
                if call(lambda: decisions.request_access(actor, uow, current.id, applicant.person_id)):
                    st.rerun()
        return
    left.warning(t("case.access_open", date=formatting.day(applicant.access_requested_at, lang)), icon=":material/pause_circle:")
    right.download_button(
        t("case.access_download"), lambda: own_case(current.id, applicant.person_id),
        file_name=f"aktindsigt-runde-{current.id}-{applicant.person_id}.zip", mime="application/zip",
        icon=":material/download:", key=f"package_{applicant.person_id}",
    )
    if right.button(t("case.access_deliver"), key=f"deliver_{applicant.person_id}", type="primary"):
        with runtime.unit_of_work() as uow:
            if call(lambda: decisions.deliver_access(actor, uow, current.id, applicant.person_id)):
                st.rerun()


def own_case(round_id: int, person_id: int) -> bytes:
    with runtime.unit_of_work() as uow:
        return case_file.access_package(actor, uow, round_id, person_id, lang)


def answer_part(current: RoundView, view: DecisionView, applicant: decision_views.ApplicantState, closed: bool) -> None:
    """The answer to an applicant who did not get the position: a draft from the minutes and their own results,
    edited, then recorded as sent."""
    if applicant.answered_at is not None:
        st.caption(t("case.answered_on", date=formatting.day(applicant.answered_at, lang)))
        with st.expander(t("case.answer_sent")):
            st.text(applicant.answer)
        return
    if not closed or view.minutes is None:
        st.caption(t("case.answer_after_decision"))
        return
    draft = runtime.read(letter_drafts.answer_draft, catalog, current.id, applicant.person_id, lang) or ""
    text = st.text_area(t("case.answer_draft"), value=draft, height=320, max_chars=8000, key=f"answer_{applicant.person_id}")
    left, right = st.columns(2)
    letter_pdf(left, t("case.kind.answer"), current, text, f"svar-runde-{current.id}-{applicant.person_id}.pdf")
    if right.button(t("case.answer_record"), key=f"answered_{applicant.person_id}", type="primary"):
        with runtime.unit_of_work() as uow:
            if call(lambda: decisions.record_answer(actor, uow, current.id, applicant.person_id, text)):
                st.rerun()


def letter_pdf(place: object, kind: str, current: RoundView, text: str, file_name: str) -> None:
    """A letter as the PDF to send (made when downloaded), the text as edited on the page."""
    place.download_button(  # type: ignore[attr-defined]
        t("case.letter_pdf"),
        lambda: case_documents.render(case_documents.Sheet(kind, current.title, [case_documents.Entry("", text)]), lang),
        file_name=file_name, mime="application/pdf", icon=":material/picture_as_pdf:", key=f"pdf_{file_name}",
    )


def filing_tab(current: RoundView, view: DecisionView) -> None:
    """The case file for the case system, and the record of its filing."""
    if current.journalised_at is not None:
        st.success(t("case.journalised", date=formatting.day(current.journalised_at, lang), number=escape(current.case_number)),
                   icon=":material/inventory_2:")
    if current.status is not RoundStatus.CLOSED:
        st.info(t("case.file_after_close"), icon=":material/lock:")
        return
    if not view.may_decide:
        return
    st.caption(t("case.file_help"))
    st.download_button(
        t("case.file_download"), lambda: whole_case(current.id), file_name=f"sag-runde-{current.id}.zip",
        mime="application/zip", icon=":material/download:",
    )
    if current.journalised_at is None:
        with st.form(f"journalise_{current.id}"):
            number = st.text_input(t("case.case_number"), max_chars=60, placeholder="81.03.00-A00-1-26")
            if st.form_submit_button(t("case.journalise"), type="primary"):
                with runtime.unit_of_work() as uow:
                    if call(lambda: case_file.journalise(actor, uow, current.id, number)):
                        st.rerun()


def whole_case(round_id: int) -> bytes:
    with runtime.unit_of_work() as uow:
        return case_file.case_file(actor, uow, round_id, lang)


def render() -> None:
    st.title(t("case.title"))
    st.caption(t("case.intro"))
    current = choose_round()
    if current is None:
        return
    link(ROUNDS, t("case.to_round"), icon=":material/arrow_back:", round=current.id)
    view = runtime.read(decision_views.decision, catalog, current.id)
    if view is None:
        return
    tabs = [t("case.tab.minutes"), t("case.tab.references")]
    if view.may_decide:
        tabs += [t("case.tab.applicants"), t("case.tab.filing")]
    shown = st.tabs(tabs)
    with shown[0]:
        minutes_tab(current, view)
    with shown[1]:
        references_tab(current, view)
    if view.may_decide:
        with shown[2]:
            applicants_tab(current, view)
        with shown[3]:
            filing_tab(current, view)


render()
