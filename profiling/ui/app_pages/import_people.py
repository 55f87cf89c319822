"""Import people and teams from the HR or payroll system's export: a template, a preview, then one step."""

import hashlib

import streamlit as st

from profiling.people_file import TEMPLATE_HEADERS, PeopleFileError, file_columns, template_csv
from profiling.services import people_import
from profiling.services.errors import ServiceError
from profiling.services.people_import import ImportPreview
from profiling.ui import runtime
from profiling.ui.i18n import language, t
from profiling.ui.widgets import call, error_message

actor = runtime.actor()
lang = language()
SHOWN_ROWS = 500


def template() -> None:
    """The documented columns, and a template to fill in."""
    with st.expander(t("import.columns"), icon=":material/table_chart:"):
        st.dataframe(
            [
                {t("import.col.header"): header, t("import.col.meaning"): t(f"import.meaning.{i}")}
                for i, header in enumerate(TEMPLATE_HEADERS[lang if lang in TEMPLATE_HEADERS else "da"])
            ],
            hide_index=True,
        )
        st.caption(t("import.columns_help"))
    st.download_button(
        t("import.template"), template_csv(lang), file_name="personer-skabelon.csv" if lang == "da" else "people-template.csv",
        mime="text/csv", icon=":material/download:",
    )


MAPPED_FIELDS = ("employee_number", "name", "first_name", "last_name", "email", "team", "unit", "manager_email",
                 "manager_number", "target_profile", "role", "job_title")


def column_mapping(data: bytes, name: str) -> dict[str, str] | None:
    """Which column is which: as found by their names, or as the administrator maps them (a remembered mapping,
    or one chosen here and saved under a name). None: read by the known names."""
    try:
        headers, found = file_columns(data, name)
    except PeopleFileError:
        return None  # the preview says what is wrong with the file
    with runtime.unit_of_work() as uow:
        saved = people_import.import_mappings(actor, uow)
    complete = "employee_number" in found and ("name" in found or {"first_name", "last_name"} <= set(found))
    with st.expander(t("import.mapping"), icon=":material/view_column:", expanded=not complete):
        st.caption(t("import.mapping_help"))
        remembered = st.selectbox(t("import.saved_mapping"), [None, *sorted(saved)], key="import_saved_mapping",
                                  format_func=lambda m: t("import.mapping_found") if m is None else m)
        start = saved[remembered] if remembered else found
        options = ["", *headers]
        chosen = {
            field: st.selectbox(t(f"import.field_label.{field}"), options, key=f"import_map_{field}_{remembered}",
                                index=options.index(start[field]) if start.get(field) in options else 0)
            for field in MAPPED_FIELDS
        }
        mapping = {field: column for field, column in chosen.items() if column}
        named = st.text_input(t("import.mapping_name"), max_chars=80, key="import_mapping_name")
        if st.button(t("import.save_mapping"), disabled=not named.strip(), icon=":material/bookmark_add:"):
            with runtime.unit_of_work() as uow:
                kept = call(lambda: people_import.save_import_mapping(actor, uow, named, mapping))
            if kept is not None:
                st.success(t("import.mapping_saved", name=kept), icon=":material/check_circle:")
    return None if mapping == found and not remembered else mapping


def preview_of(
    data: bytes, name: str, zeros_confirmed: bool = False, mapping: dict[str, str] | None = None,
) -> ImportPreview | None:
    """The preview of this file, made once per file (the hash of its content) and choice, kept for the session."""
    key = ("import_preview", hashlib.sha256(data).hexdigest(), zeros_confirmed, tuple(sorted((mapping or {}).items())))
    kept = st.session_state.get("import_preview")
    if kept is not None and kept[0] == key:
        return kept[1]
    with st.spinner(t("import.reading")), runtime.unit_of_work() as uow:
        try:
            preview = people_import.preview_import(actor, uow, data, name, zeros_confirmed=zeros_confirmed, mapping=mapping)
        except ServiceError as error:
            st.error(error_message(error), icon=":material/error:")
            return None
    st.session_state["import_preview"] = (key, preview)
    return preview


def account_text(key: str, values: dict[str, object]) -> str:
    """An account message, its role (if any) named in the UI's language."""
    role = values.get("role")
    return t(key, **{**values, "role": t(f"role.{role}")}) if role else t(key, **values)


def show_preview(preview: ImportPreview) -> None:
    for key, values in preview.notices:
        st.info(t(key, **values), icon=":material/info:")
    counts = preview.counts
    row = st.container(horizontal=True, gap="medium")
    for status in ("new", "changed", "unchanged", "error"):
        row.metric(t(f"import.status.{status}"), counts[status], border=True)
    errors = [r for r in preview.rows if r.problems]
    if errors:
        st.subheader(t("import.errors", count=len(errors)), anchor=False)
        st.dataframe(
            [
                {
                    t("import.col.row"): r.line,
                    t("import.col.number"): r.employee_number,
                    t("person.name"): r.name,
                    t("import.col.reason"): "; ".join(t(key, **values) for key, values in r.problems),
                }
                for r in errors[:SHOWN_ROWS]
            ],
            hide_index=True,
        )
    new_teams = [tm for tm in preview.teams if tm.status != "unchanged"]
    if new_teams:
        st.subheader(t("import.teams"), anchor=False)
        st.dataframe(
            [
                {
                    t("person.team"): tm.name, t("team.unit"): tm.unit, t("import.col.manager"): tm.manager_email,
                    t("import.col.target"): tm.target_profile, t("import.col.status"): t(f"import.status.{tm.status}"),
                }
                for tm in new_teams
            ],
            hide_index=True,
        )
    changed = [r for r in preview.rows if r.status in ("new", "changed") or r.account]
    if changed:
        with st.expander(t("import.changes", count=len(changed)), icon=":material/list:"):
            st.dataframe(
                [
                    {
                        t("import.col.row"): r.line, t("import.col.number"): r.employee_number, t("person.name"): r.name,
                        t("person.team"): r.team, t("import.col.status"): t(f"import.status.{r.status}"),
                        t("import.col.changes"): ", ".join(t(f"import.field.{c}") for c in r.changes),
                        t("import.col.account"): "; ".join(account_text(key, values) for key, values in r.account),
                    }
                    for r in changed[:SHOWN_ROWS]
                ],
                hide_index=True,
            )
    if preview.leaders_not_in_file:
        st.warning(t("import.leaders_not_in_file", leaders=", ".join(f"{name} ({team})" for name, team in preview.leaders_not_in_file)),
                   icon=":material/supervisor_account:")
    if preview.not_in_file:
        st.subheader(t("import.not_in_file", count=len(preview.not_in_file)), anchor=False)
        st.caption(t("import.not_in_file_help"))
        st.dataframe(
            [{t("import.col.number"): number, t("person.name"): name} for number, name in preview.not_in_file[:SHOWN_ROWS]],
            hide_index=True,
        )


def import_step(preview: ImportPreview, data: bytes, name: str, zeros_confirmed: bool, mapping: dict[str, str] | None) -> None:
    errors = preview.counts["error"]
    valid_only = st.checkbox(t("import.valid_rows_only"), help=t("import.valid_rows_only_help")) if errors else False
    leaving = len(preview.not_in_file)
    deactivate = (
        st.checkbox(t("import.deactivate_missing", count=leaving), help=t("import.deactivate_help")) if leaving else False
    )
    confirmed: int | None = None
    if deactivate and preview.leaving_needs_confirmation:  # more than 10 % would leave: an Excel copy of one row?
        st.warning(t("import.leaving_many", count=leaving, total=preview.here), icon=":material/group_remove:")
        confirmed = st.number_input(t("import.confirm_leaving_input"), min_value=0, value=None, step=1, key="import_confirm")
    to_write = preview.counts["new"] + preview.counts["changed"] + (leaving if deactivate else 0)
    blocked = (bool(errors) and not valid_only) or (deactivate and preview.leaving_needs_confirmation and confirmed != leaving)
    if bool(errors) and not valid_only:
        st.warning(t("import.fix_or_choose"), icon=":material/warning:")
    if st.button(t("import.run", count=to_write), type="primary", disabled=blocked or to_write == 0, icon=":material/upload:"):
        with st.spinner(t("import.importing")), runtime.unit_of_work() as uow:
            result = call(lambda: people_import.apply_import(
                actor, uow, data, name, valid_rows_only=valid_only, deactivate_missing=deactivate,
                confirm_leaving=int(confirmed) if confirmed is not None else None, zeros_confirmed=zeros_confirmed,
                mapping=mapping,
            ))
        if result is not None:
            st.session_state.pop("import_preview", None)
            st.success(t("import.done", created=result.created, changed=result.changed, deactivated=result.deactivated,
                         teams=result.teams_created, left=result.left), icon=":material/check_circle:")


def render() -> None:
    st.title(t("import.title"))
    if not actor.is_admin:
        st.error(t("error.access_denied"))
        return
    st.write(t("import.intro"))
    template()
    uploaded = st.file_uploader(t("import.file"), type=["csv", "txt", "xlsx"], help=t("import.file_help"))
    if uploaded is None:
        return
    data = uploaded.getvalue()
    mapping = column_mapping(data, uploaded.name)
    zeros = st.session_state.get("import_zeros", False)
    preview = preview_of(data, uploaded.name, zeros, mapping)
    if preview is None:
        return
    if zeros or any(key == "import.leading_zeros_lost" for r in preview.rows for key, _ in r.problems):
        st.checkbox(t("import.match_without_zeros"), key="import_zeros", help=t("import.match_without_zeros_help"))
    show_preview(preview)
    import_step(preview, data, uploaded.name, zeros, mapping)


render()
