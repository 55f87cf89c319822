"""Small pieces shared by pages: query parameters, service errors as messages, badges, headers."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from typing import Any, TypeVar, get_args

import pyarrow as pa
import streamlit as st

from profiling import formatting
from profiling.catalog import sensitive_subjects
from profiling.charts import Chart, Level
from profiling.reads.development_plans import GoalView
from profiling.reads.round_views import RoundTitle
from profiling.reads.views import InterviewSummary, PersonKind, PersonView, RoundStatus, RoundView
from profiling.services.errors import AccessDenied, EditConflict, InvalidInput, NotAllowedNow, NotFound, ServiceError
from profiling.ui.i18n import language, t

Result = TypeVar("Result")
Item = TypeVar("Item")


ID_MAX = 2**31 - 1  # the largest id a table holds (a 32-bit integer column on PostgreSQL)


def query_int(name: str) -> int | None:
    """An id from a query parameter, or None when it is missing, not a number, or no id a table could hold
    (a page then says "does not exist or you have no access" rather than failing on the database)."""
    raw = st.query_params.get(name)
    try:
        value = int(raw) if raw is not None else None
    except ValueError:
        return None
    return value if value is not None and 0 < value <= ID_MAX else None


def choose_kept_in_url(label: str, param: str, labels: dict[int, str], **also: Any) -> int:
    """One of `labels` (id -> shown label), chosen in a select box and kept in the URL's `param` - the first when
    the URL names none of them; `also` are set in the URL with a new choice (e.g. what depended on the old one)."""
    ids = list(labels)
    wanted = query_int(param)
    chosen: int = st.selectbox(label, ids, index=ids.index(wanted) if wanted in ids else 0, format_func=labels.__getitem__)
    if chosen != wanted:
        set_query(**{param: chosen}, **also)
    return chosen


def pick(
    label: str, items: Sequence[Item], *, id_of: Callable[[Item], Hashable], label_of: Callable[[Item], str],
    none: str | None = None, **options: Any,
) -> Item | None:
    """One of `items`, chosen in a select box whose options are the items' ids (`none`: the label of an option for
    none of them, listed first). Streamlit copies a widget's value on every run: a model as an option - a guide
    with all its questions - was copied whole on every run of the page (half of the conversation page's time)."""
    by_id = {id_of(item): item for item in items}
    ids: list[Hashable | None] = [None, *by_id] if none is not None else list(by_id)
    chosen = st.selectbox(label, ids, format_func=lambda i: str(none) if i is None else label_of(by_id[i]), **options)
    return None if chosen is None else by_id.get(chosen)


def set_query(**values: Any) -> None:
    """Set (or with None, remove) query parameters so the place survives a reload."""
    for name, value in values.items():
        if value is None:
            st.query_params.pop(name, None)
        else:
            st.query_params[name] = str(value)


def error_message(error: ServiceError) -> str:
    """A service error in the user's language."""
    if isinstance(error, InvalidInput):
        return t(error.message_key, **{
            name: formatting.day(value, language()) if isinstance(value, date) else value for name, value in error.values.items()
        })
    if isinstance(error, NotAllowedNow):
        return t(error.message_key)
    if isinstance(error, NotFound):
        return t("error.not_found")
    if isinstance(error, AccessDenied):
        return t("error.access_denied")
    if isinstance(error, EditConflict):
        return t("error.conflict")
    return t("error.unexpected")


def call(action: Callable[[], Result], where: Any = st) -> Result | None:
    """Run a service call; show a service error as a message instead of a traceback."""
    try:
        return action()
    except ServiceError as error:
        where.error(error_message(error), icon=":material/error:")
        return None


def submit_form(
    key: str, action: Callable[[], Result], conflict: Callable[[Any], str] | None = None
) -> Result | None:
    """Run a form's service call. A refused field gets its message beside it (the typed input stays); an
    edit conflict and other service errors are shown as messages."""
    errors: dict[str, str] = st.session_state.setdefault(f"{key}_errors", {})
    errors.clear()
    try:
        return action()
    except InvalidInput as error:
        errors[error.field] = error_message(error)
        st.rerun()
    except EditConflict as error:
        st.warning(conflict(error.current) if conflict else error_message(error), icon=":material/sync_problem:")
    except ServiceError as error:
        st.error(error_message(error), icon=":material/error:")
    return None


def fresh_form_key(name: str) -> str:
    """The key of the form `name` that creates something: a new key after each success gives an empty form
    (see `start_fresh_form`); a refused submit keeps the key, and with it what was typed."""
    return f"{name}_{st.session_state.setdefault(f'{name}_generation', 0)}"


def start_fresh_form(name: str) -> None:
    """After the form `name` created something: show it empty on the next run."""
    st.session_state[f"{name}_generation"] = st.session_state.get(f"{name}_generation", 0) + 1


def field_error(errors: dict[str, str], field: str) -> None:
    """The message for one field, right under it."""
    if field in errors:
        st.error(errors[field], icon=":material/error:")


MATCHES_SHOWN = 50  # people offered for one search


def matching(
    items: list[Item], key: str, *, label: str, none_found: str, text_of: Callable[[Item], str], hint: str,
    few: int | None = None,
) -> list[Item]:
    """The items to pick from: all of them when there are at most `few`; else - a municipality has thousands of
    people and accounts, found by typing, not listed in one drop-down - those whose `text_of` holds what is typed
    (two letters at least; at most MATCHES_SHOWN), empty until then."""
    if len(items) <= (MATCHES_SHOWN if few is None else few):
        return items
    wanted = st.text_input(label, key=key, placeholder=hint, max_chars=80).strip().casefold()
    if len(wanted) < 2:
        return []
    found = [item for item in items if wanted in text_of(item).casefold()][:MATCHES_SHOWN]
    if not found:
        st.caption(none_found)
    return found


def matching_people(
    people: list[PersonView], key: str, *, label: str, none_found: str, few: int | None = None
) -> list[PersonView]:
    """The people to pick from (see `matching`), found by name or employee number."""
    return matching(people, key, label=label, none_found=none_found, text_of=PersonView.label, hint=t("person.find_hint"),
                    few=few)


def kind_label(kind: PersonKind) -> str:
    return t(f"person.kind.{kind.value}")


def round_status(current: RoundView | RoundTitle) -> str:
    """Open, closed, or closed with its case still to be filed in the municipality's case system."""
    if current.status is RoundStatus.CLOSED and current.journalised_at is None:
        return t("round.status.closed_unfiled")
    return t("round.status." + current.status.value)


def guide_title(summary: InterviewSummary) -> str:
    """The guide title of a summary in the session's language."""
    return summary.guide_title_da if language() == "da" else summary.guide_title_en


_MARKDOWN_SPECIAL = "\\`*_{}[]()<>#+-.!|~$:"
# Streamlit's markdown turns bare web addresses and e-mail addresses into links even when every
# character is escaped (the link is found in the text after parsing). A word joiner (U+2060, invisible,
# no width) after "://", "www" and "@" breaks that pattern and leaves the text as it reads.
_WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(://|\bwww(?=\.)|@)", re.IGNORECASE)


def escape(text: str | None) -> str:
    """A user's text made safe inside markdown (labels, captions): shown literally, never as markup or a link."""
    if not text:
        return ""
    unlinked = _AUTOLINK.sub(lambda m: m.group(0) + _WORD_JOINER, text)
    escaped = "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in unlinked)
    return escaped.replace("\n", " ")


def titled(title: str, caption: str) -> str:
    """Markdown of a bold title line with a small grey line under it, as one element (a list of many
    such items renders half the elements it would with a caption each). Both are markdown already:
    a user's text in them must be escaped."""
    return f"{title}  \n:gray[:small[{caption}]]"


def as_table(rows: list[dict[str, Any]]) -> pa.Table:
    """Rows for `st.dataframe` as an Arrow table: kept with a read model, it is shown without converting
    again (a list of rows costs a pandas and an Arrow conversion on every run). A column that mixes
    numbers and text (a target or "–") becomes text, as Streamlit would make it after a failed try."""
    columns = list(rows[0]) if rows else []
    data = {}
    for column in columns:
        values = [row.get(column) for row in rows]
        if len({type(value) for value in values if value is not None}) > 1:
            values = [None if value is None else str(value) for value in values]
        data[column] = values
    return pa.table(data)


def show_chart(chart: Chart, key: str) -> None:
    """A chart, and the same numbers as a table for screen readers and copying (built when opened)."""
    st.plotly_chart(chart.figure, config={"displaylogo": False}, key=key)
    with st.expander(t("chart.show_table"), icon=":material/table:", key=f"{key}_table", on_change="rerun") as table:
        if table.open:
            st.table(chart.table, hide_index=True)  # a real HTML table: read cell by cell by a screen reader


def date_format() -> str:
    """How a date field shows its date in the session's language (Streamlit offers numbers only, day first)."""
    return "DD.MM.YYYY" if language() == "da" else "DD/MM/YYYY"


def warn_if_sensitive(text: str) -> None:
    """A warning beside a free-text note that names a subject a public employer may not ask about or score (the
    same list `profiling validate` checks guides against) - never a block: the rater decides."""
    found = sensitive_subjects().subjects_in(text) if text and text.strip() else []
    if found:
        st.warning(
            t("note.sensitive", subjects=", ".join(getattr(subject.label, language()) for subject, _ in found),
              words=", ".join(words for _, words in found)),
            icon=":material/gpp_maybe:",
        )


def level_choice(key: str, place: Any = None) -> Level:
    """Competences or areas, as the radar and tables of a page show them (`place`: a container, else the page)."""
    chosen = (place or st).segmented_control(
        t("profile.level"), list(get_args(Level)), default="competence", required=True,
        format_func=lambda value: t(f"profile.level.{value}"), key=key,
    )
    return "area" if chosen == "area" else "competence"


def practice_log(goal: GoalView) -> None:
    """A goal's check-ins, oldest first, each with the manager's response under it (user text shown literally)."""
    lang = language()
    for entry in goal.check_ins:
        st.caption(t("practice.written", date=formatting.day(entry.written_at, lang), name=escape(entry.author_name) or "–"))
        st.text(entry.note)
        if entry.response:
            st.caption(t("practice.response_by", date=formatting.day(entry.responded_at, lang), name=escape(entry.responder_name) or "–"))
            st.text(entry.response)
