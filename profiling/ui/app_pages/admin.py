"""Administration: users and roles, retention and candidate information, a person's data, the audit log."""

import json
from datetime import UTC, datetime, time

import streamlit as st

from profiling import formatting
from profiling.domain.policy import Permission
from profiling.domain.theme_days import MIN_CONTRIBUTORS_FLOOR
from profiling.reads import coaching, directory, outbox, permissions
from profiling.reads.directory import AccountView
from profiling.reads.settings import MunicipalSettings, municipal_settings
from profiling.reports import bulk
from profiling.services import (
    account_invitations,
    accounts,
    audit,
    bulk_export,
    case_file,
    mail,
    privacy,
    theme_days,
)
from profiling.services.actors import Role
from profiling.services.errors import ServiceError
from profiling.ui import auth, read_models, runtime
from profiling.ui.i18n import language, t
from profiling.ui.widgets import (
    call,
    date_format,
    error_message,
    escape,
    field_error,
    fresh_form_key,
    matching,
    pick,
    start_fresh_form,
    submit_form,
)

actor = runtime.actor()
lang = language()


def account_rows(accounts_list: list[AccountView]) -> list[dict[str, str]]:
    """Every account as a table's rows (a municipality has thousands: each label is looked up once, not once a row)."""
    name, email, role, active, password, last = (t(key) for key in (
        "person.name", "person.email", "auth.role", "admin.active", "admin.password", "admin.last_sign_in"))
    roles = {r: t(f"role.{r.value}") for r in Role}
    return [
        {name: a.name, email: a.email, role: roles[a.role], active: "✓" if a.active else "–",
         password: "✓" if a.has_password else "–", last: formatting.moment(a.last_sign_in_at, lang)}
        for a in accounts_list
    ]


def users() -> None:
    accounts_list = runtime.read(directory.list_accounts) or []
    read_models.table(("accounts_table", lang), accounts_list, rows=lambda: account_rows(accounts_list), same_for_role=True,
                      hide_index=True)
    left, right = st.columns(2, gap="large")
    with left.container(border=True):
        st.markdown(f"**{t('admin.create_user')}**")
        key = fresh_form_key("user_create")
        errors: dict[str, str] = st.session_state.setdefault(f"{key}_errors", {})
        with st.form(key):
            name = st.text_input(t("person.name"), max_chars=120)
            field_error(errors, "name")
            email = st.text_input(t("person.email"), max_chars=254)
            field_error(errors, "email")
            role = st.selectbox(t("auth.role"), list(Role), format_func=lambda r: t(f"role.{r.value}"), index=3)
            password = st.text_input(t("admin.initial_password"), type="password", help=t("admin.initial_password_help"))
            field_error(errors, "password")
            created = st.form_submit_button(t("admin.create_user"), type="primary")
        if created:

            def _create() -> AccountView:
                with runtime.unit_of_work() as uow:
                    return accounts.create_user(actor, uow, {"name": name, "email": email, "role": role, "password": password})

            if submit_form(key, _create) is not None:
                start_fresh_form("user_create")
                st.rerun()
    with right.container(border=True):
        st.markdown(f"**{t('admin.change_user')}**")
        # Found by typing: a municipality's 2,000 accounts in one drop-down were sent on every run of the page.
        found = matching(accounts_list, "admin_user_find", label=t("admin.find_user"), none_found=t("admin.find_none"),
                         text_of=lambda a: f"{a.name} {a.email}", hint=t("admin.find_hint"))
        chosen = pick(t("admin.user"), found, id_of=lambda a: a.id, label_of=lambda a: f"{a.name} ({a.email})",
                      key="admin_user") if found else None
        if chosen is not None:
            with st.form(f"user_edit_{chosen.id}"):
                role = st.selectbox(
                    t("auth.role"), list(Role), index=list(Role).index(chosen.role), format_func=lambda r: t(f"role.{r.value}")
                )
                active = st.checkbox(t("admin.active"), value=chosen.active, help=t("admin.active_help"))
                new_password = st.text_input(t("admin.new_password"), type="password")
                saved = st.form_submit_button(t("form.save"), type="primary")
            if saved:
                try:
                    with runtime.unit_of_work() as uow:
                        accounts.update_account(
                            actor, uow, chosen.id, role=role, active=active, password=new_password or None
                        )
                except ServiceError as error:
                    st.error(error_message(error))
                else:
                    st.success(t("admin.user_saved"))


def export_everything() -> None:
    """All data but private notes, as one workbook or CSV files in a zip: for the municipality's own analysis
    and for leaving the tool. Built when a button is clicked; each export is audited."""

    def tables() -> dict[str, list[dict[str, object]]]:
        with runtime.unit_of_work() as uow:
            return bulk_export.everything(actor, uow)

    with st.container(border=True):
        st.markdown(f"**{t('admin.export_all')}**")
        st.caption(t("admin.export_all_help"))
        row = st.container(horizontal=True)
        row.download_button(
            t("admin.export_excel"), lambda: bulk.to_excel(tables()), file_name="profilsamtale-data.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/table_view:",
        )
        row.download_button(
            t("admin.export_zip"), lambda: bulk.to_zip(tables(), lang), file_name="profilsamtale-data.zip",
            mime="application/zip", icon=":material/folder_zip:",
        )


def coaching_settings(settings: MunicipalSettings) -> None:
    """k of the anonymous team profile (never below 3) and the weeks after which an unpractised goal is listed."""
    current = settings.coaching
    with st.container(border=True):
        st.markdown(f"**{t('admin.coaching')}**")
        st.caption(t("admin.coaching_explained"))
        with st.form("coaching"):
            k = st.number_input(
                t("admin.min_contributors"), min_value=MIN_CONTRIBUTORS_FLOOR, max_value=coaching.MAX_MIN_CONTRIBUTORS,
                value=current.min_contributors, step=1, help=t("admin.min_contributors_help", min=MIN_CONTRIBUTORS_FLOOR),
            )
            weeks = st.number_input(
                t("admin.check_in_weeks"), min_value=1, max_value=coaching.MAX_CHECK_IN_WEEKS, value=current.check_in_weeks, step=1,
            )
            saved = st.form_submit_button(t("form.save"), type="primary")
        if saved:
            with runtime.unit_of_work() as uow:
                if call(lambda: theme_days.set_coaching_settings(actor, uow, int(k), int(weeks))):
                    st.success(t("admin.saved"))


def personal_data() -> None:
    settings = runtime.read(municipal_settings)
    if settings is None:
        return
    retention, information, kle_number = settings.retention, settings.candidate_information, settings.kle_number
    with st.container(border=True):
        st.markdown(f"**{t('admin.retention')}**")
        st.write(t("admin.retention_explained"))
        with st.form("retention"):
            days = st.number_input(
                t("admin.retention_days"), min_value=1, max_value=privacy.MAX_RETENTION_DAYS, value=retention.days, step=1
            )
            reason = st.text_area(t("admin.retention_reason"), value=retention.reason, help=t("admin.retention_reason_help"))
            after_filing = st.number_input(
                t("admin.kassation_days"), min_value=0, max_value=privacy.MAX_RETENTION_DAYS, value=retention.kassation_days,
                step=1, help=t("admin.kassation_days_help"),
            )
            kle = st.text_input(t("admin.case_kle"), value=kle_number, max_chars=8, help=t("admin.case_kle_help"))
            saved = st.form_submit_button(t("form.save"), type="primary")
        if saved:
            with runtime.unit_of_work() as uow:
                stored = call(lambda: privacy.set_retention(actor, uow, int(days), reason, int(after_filing)))
            with runtime.unit_of_work() as uow:
                if stored and call(lambda: case_file.set_kle_number(actor, uow, kle)):
                    st.success(t("admin.saved"))
        if st.button(t("admin.run_retention"), icon=":material/auto_delete:"):
            with runtime.unit_of_work() as uow:
                report = privacy.run_retention(uow, actor)
            st.info(
                t("admin.retention_report", count=len(report.anonymised_person_ids)) + ", "
                + t("admin.retention_notes", count=report.notes_removed) + ". "
                + t("admin.retention_waiting", count=report.waiting_for_filing)
            )
    coaching_settings(settings)
    export_everything()
    with st.container(border=True):
        st.markdown(f"**{t('admin.candidate_information')}**")
        with st.form("candidate_information"):
            da = st.text_area("Dansk", value=information["da"], height=150, max_chars=4000)
            en = st.text_area("English", value=information["en"], height=150, max_chars=4000)
            saved = st.form_submit_button(t("form.save"), type="primary")
        if saved:
            with runtime.unit_of_work() as uow:
                call(lambda: privacy.set_candidate_information(actor, uow, da, en))
    with st.container(border=True):
        st.markdown(f"**{t('admin.person_data')}**")
        st.caption(t("admin.person_data_help"))
        text = st.text_input(t("people.search"), placeholder=t("people.search_hint"), key="admin_person_search")
        found = (runtime.read(directory.list_people, text) or []) if text.strip() else []
        person = pick(t("conversation.person"), found, id_of=lambda p: p.id, label_of=lambda p: f"{p.label()} #{p.id}",
                      none="–", key="admin_person")
        if person is None:
            return
        export_col, erase_col = st.columns(2, gap="large")
        with export_col:
            if st.button(t("admin.export_person"), icon=":material/download:"):
                with runtime.unit_of_work() as uow:
                    st.session_state["admin_export"] = (person.id, call(lambda: privacy.export_person(actor, uow, person.id)))
            exported = st.session_state.get("admin_export")
            if exported and exported[0] == person.id and exported[1]:
                document = json.dumps(exported[1], ensure_ascii=False, indent=2)
                st.download_button(
                    t("admin.download_json"), document, file_name=f"person-{person.id}.json", mime="application/json",
                    icon=":material/file_download:",
                )
                st.json(exported[1], expanded=False)
        with erase_col:
            with runtime.unit_of_work() as uow:
                preview = call(lambda: privacy.erasure_preview(actor, uow, person.id))
            if preview is not None:
                st.warning(
                    t(
                        "admin.erasure_preview", name=escape(preview.name),
                        interviews=t("count.conversations", count=preview.interviews),
                        ratings=t("count.ratings", count=preview.ratings), notes=t("count.notes", count=preview.notes),
                        rounds=t("count.rounds", count=preview.rounds),
                    )
                    + (" " + t("admin.erasure_account") if preview.has_account else ""),
                    icon=":material/delete_forever:",
                )
                with st.form(f"erase_{person.id}"):
                    typed = st.text_input(t("admin.erasure_confirm", name=preview.name))
                    erase = st.form_submit_button(t("admin.erase"), type="primary")
                if erase:
                    try:
                        with runtime.unit_of_work() as uow:
                            privacy.erase_person(actor, uow, person.id, typed)
                    except ServiceError as error:
                        st.error(error_message(error))
                    else:
                        st.session_state.pop("admin_person", None)
                        st.success(t("admin.erased"))


def audit_log() -> None:
    filters = st.columns(4)
    action = filters[0].text_input(t("admin.audit_action"), placeholder="result.read")
    person_id = filters[1].number_input(t("admin.audit_person"), min_value=0, value=0, step=1, help=t("admin.audit_person_help"))
    since = filters[2].date_input(t("admin.audit_since"), value=None, format=date_format())
    until = filters[3].date_input(t("admin.audit_until"), value=None, format=date_format())
    with runtime.unit_of_work() as uow:
        entries = audit.list_entries(
            actor, uow,
            action=action.strip() or None,
            person_id=int(person_id) or None,
            since=datetime.combine(since, time.min, tzinfo=UTC) if since else None,
            until=datetime.combine(until, time.max, tzinfo=UTC) if until else None,
        )
    st.caption(t("admin.audit_count", count=len(entries)))
    st.dataframe(
        [
            {
                t("admin.audit_at"): formatting.moment(e.at, lang),
                t("admin.audit_actor"): e.actor_id,
                t("auth.role"): e.actor_role,
                t("admin.audit_action"): e.action,
                t("admin.audit_person"): e.person_id,
                t("admin.audit_subject"): e.subject,
            }
            for e in entries
        ],
        hide_index=True,
    )

    def export() -> bytes:
        with runtime.unit_of_work() as uow:
            return audit.export_csv(actor, uow, entries)

    st.download_button(t("admin.audit_export"), export, file_name="revisionslog.csv", mime="text/csv", icon=":material/download:")


def mail_and_invitations() -> None:
    """Invitations for accounts that cannot sign in yet, and the outbox: what waits, what was sent, what failed."""
    settings = runtime.settings()
    if not settings.smtp_host:
        st.warning(t("admin.mail_not_configured"), icon=":material/unsubscribe:")
    waiting = runtime.read(directory.without_password) or []
    status = runtime.read(outbox.outbox_status)
    if status is None:
        return
    st.subheader(t("admin.invitations"), anchor=False)
    st.caption(t("admin.invitations_help_sso") if auth.sso_configured() else t("admin.invitations_help"))
    if st.button(t("admin.invite", count=len(waiting)), disabled=not waiting, icon=":material/forward_to_inbox:"):
        with runtime.unit_of_work() as uow:
            invited = call(lambda: account_invitations.invite_accounts(
                actor, uow, waiting, settings.base_url, auth.sso_configured()
            ))
        if invited is not None:
            st.success(t("admin.invited", count=invited), icon=":material/outbox:")
    st.subheader(t("admin.outbox"), anchor=False)
    counts = status.counts
    row = st.container(horizontal=True, gap="medium")
    for name in ("pending", "sent", "failed", "uncertain"):
        row.metric(t(f"admin.mail.{name}"), counts.get(name, 0), border=True)
    if counts.get("pending") and settings.smtp_host and st.button(t("admin.send_now"), icon=":material/send:"):
        bar = st.progress(0.0, text=t("admin.sending"))
        total = counts["pending"]

        def show(done: mail.DeliveryReport) -> None:
            bar.progress(min(1.0, (done.sent + done.failed + done.retried) / total),
                         text=t("admin.sending_progress", done=done.sent, total=total))

        report = call(lambda: mail.send_now(actor, runtime.unit_of_work, settings, progress=show))
        if report is not None:
            st.success(t("admin.sent_report", sent=report.sent, later=report.retried, failed=report.failed), icon=":material/mark_email_read:")
    if status.attention:
        st.caption(t("admin.mail_attention_help"))
        st.dataframe(
            [{t("person.email"): recipient, t("admin.mail.kind"): t(f"mail.kind.{kind}"), t("admin.mail.status"): t(f"admin.mail.{state}"),
              t("admin.mail.answer"): answer, t("admin.audit_at"): formatting.moment(created, lang)}
             for _, recipient, kind, state, answer, created in status.attention],
            hide_index=True,
        )
        again = st.selectbox(t("admin.mail.choose"), status.attention, format_func=lambda m: f"{m[1]} · {t(f'admin.mail.{m[3]}')}")
        if st.button(t("admin.mail.send_again"), help=t("admin.mail.send_again_help")):
            with runtime.unit_of_work() as uow:
                call(lambda: mail.send_again(actor, uow, again[0]))
            st.rerun()


def render() -> None:
    st.title(t("admin.title"))
    if not runtime.read(permissions.allowed, Permission.ADMINISTER):
        st.error(t("error.access_denied"))
        return
    # Only the open tab runs (its name is in the URL, so a reload keeps it).
    users_tab, mail_tab, data_tab, audit_tab = st.tabs(
        [t("admin.tab.users"), t("admin.tab.mail"), t("admin.tab.personal_data"), t("admin.tab.audit")], key="tab",
        on_change="rerun", bind="query-params",
    )
    with users_tab:
        if users_tab.open:
            users()
    with mail_tab:
        if mail_tab.open:
            mail_and_invitations()
    with data_tab:
        if data_tab.open:
            personal_data()
    with audit_tab:
        if audit_tab.open:
            audit_log()


render()
