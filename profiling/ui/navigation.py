"""The app's pages: fixed url paths (never derived from translated titles) and the router's list."""

from __future__ import annotations

import copy
import functools
import threading
from dataclasses import dataclass
from typing import Any

import streamlit as st

from profiling.services.actors import Role
from profiling.ui.i18n import language, t
from profiling.ui.widgets import titled

APP_PAGES = "profiling/ui/app_pages"
NAVIGATION_KEY = "navigation_pages"
MENU_KEY = "menu_pages"  # the url paths of the signed-in user's menu


@dataclass(frozen=True)
class PageSpec:
    """One page: its file, url path, title key, icon and menu section."""

    file: str
    url_path: str
    title_key: str
    icon: str
    section_key: str

    @property
    def path(self) -> str:
        return f"{APP_PAGES}/{self.file}"


OVERVIEW = PageSpec("overview.py", "oversigt", "nav.overview", ":material/home:", "nav.section.work")
PEOPLE = PageSpec("people.py", "personer", "nav.people", ":material/group:", "nav.section.work")
ROUNDS = PageSpec("rounds.py", "runder", "nav.rounds", ":material/how_to_reg:", "nav.section.work")
CONVERSATION = PageSpec("conversation.py", "samtale", "nav.conversation", ":material/forum:", "nav.section.conversation")
PROFILE = PageSpec("profile.py", "profil", "nav.profile", ":material/radar:", "nav.section.conversation")

COMPARISON = PageSpec("comparison.py", "sammenligning", "nav.comparison", ":material/compare:", "nav.section.insight")
CASE = PageSpec("case.py", "sag", "nav.case", ":material/gavel:", "nav.section.insight")
TEAM = PageSpec("team.py", "team", "nav.team", ":material/groups:", "nav.section.insight")
THEME_DAY = PageSpec("theme_day.py", "temadag", "nav.theme_day", ":material/diversity_3:", "nav.section.insight")

DEVELOPMENT = PageSpec("development.py", "udvikling", "nav.development", ":material/trending_up:", "nav.section.conversation")
ADMIN = PageSpec("admin.py", "administration", "nav.admin", ":material/admin_panel_settings:", "nav.section.admin")
TARGETS = PageSpec("targets.py", "maalprofiler", "nav.targets", ":material/tune:", "nav.section.admin")
IMPORT = PageSpec("import_people.py", "import", "nav.import", ":material/upload_file:", "nav.section.admin")
# The accessibility statement: public (the sign-in screen links to it) and in every role's menu.
ACCESSIBILITY = PageSpec("accessibility.py", "tilgaengelighed", "nav.accessibility", ":material/accessibility_new:", "nav.section.help")

ALL_PAGES = [
    OVERVIEW, PEOPLE, ROUNDS, CONVERSATION, PROFILE, DEVELOPMENT, COMPARISON, CASE, TEAM, THEME_DAY, ADMIN, TARGETS, IMPORT,
    ACCESSIBILITY,
]

# The menu each role sees. A hidden page is not access control: pages and services check again.
PAGES_BY_ROLE: dict[Role, list[PageSpec]] = {
    Role.ADMIN: ALL_PAGES,
    Role.MANAGER: [OVERVIEW, PEOPLE, ROUNDS, CONVERSATION, PROFILE, DEVELOPMENT, COMPARISON, CASE, TEAM, THEME_DAY, ACCESSIBILITY],
    Role.RECRUITER: [OVERVIEW, PEOPLE, ROUNDS, CONVERSATION, PROFILE, COMPARISON, CASE, ACCESSIBILITY],
    Role.EMPLOYEE: [OVERVIEW, CONVERSATION, PROFILE, DEVELOPMENT, THEME_DAY, ACCESSIBILITY],
}


START = "start"  # the bare address's page (it goes on to the overview)
# What an employee on a round's hiring committee has beside their own menu.
COMMITTEE_PAGES = [ROUNDS, COMPARISON, CASE]


def build_navigation(menu: list[PageSpec] | None = None) -> Any:
    """st.navigation over every page, each at its own URL, titles in the session's language; the page asked for.

    Every address resolves for everyone (Streamlit answers an unknown one with its English "Page not found"):
    whether a page is the user's is `in_menu`'s to say. Streamlit's menu in the sidebar shows `menu`, the
    signed-in user's pages (the others are registered hidden); signed out (None) there is no menu. It is one
    message per run, where a menu of links was a dozen elements.
    """
    st.session_state[MENU_KEY] = frozenset(spec.url_path for spec in menu or [])
    return st.navigation(_sections(ALL_PAGES, menu or []), position="sidebar" if menu else "hidden", expanded=True)


def is_start(page: Any) -> bool:
    """Whether the page asked for is the app's bare address, which goes on to the overview."""
    return page.url_path in ("", START)


def in_menu(page: Any) -> bool:
    """Whether the page asked for is in the signed-in user's menu (build_navigation has noted it this run)."""
    return _in_menu(page.url_path)


def _in_menu(url_path: str) -> bool:
    return url_path in st.session_state.get(MENU_KEY, ())


def _sections(pages: list[PageSpec], menu: list[PageSpec]) -> dict[str, list[Any]]:
    """The pages in their menu sections, those outside `menu` hidden; made once per browser session, language
    and menu, as copies of the pages made once per server process (making a page resolves its file's path: a
    tenth of a short run for ten pages, paid again by every session opening). A session has its own copies:
    Streamlit marks the page it is about to run on the page object itself."""
    key = ("navigation", tuple(p.url_path for p in pages), language(), tuple(p.url_path for p in menu))
    made = st.session_state.get(NAVIGATION_KEY)
    if made is not None and made[0] == key:
        return made[1]
    sections = {section: [copy.copy(page) for page in listed] for section, listed in _made_once(key, pages, menu).items()}
    st.session_state[NAVIGATION_KEY] = (key, sections)
    return sections


_MADE_PAGES: dict[tuple[object, ...], dict[str, list[Any]]] = {}
_MADE_PAGES_GUARD = threading.Lock()


def _made_once(key: tuple[object, ...], pages: list[PageSpec], menu: list[PageSpec]) -> dict[str, list[Any]]:
    """The sections of `key` (pages, language, menu) as made by the first session that asked in this process."""
    with _MADE_PAGES_GUARD:
        made = _MADE_PAGES.get(key)
    if made is not None:
        return made
    # The app's address without a page goes to the overview at its own address: Streamlit serves its default
    # page only at "/", so a bookmarked "/oversigt" would otherwise meet "Page not found".
    sections: dict[str, list[Any]] = {"": [
        st.Page(open_overview, title=t(OVERVIEW.title_key), url_path=START, default=True, visibility="hidden"),
    ]}
    shown = set(menu)
    for spec in [*menu, *(p for p in pages if p not in shown)]:
        page = st.Page(spec.path, title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path,
                       visibility="visible" if spec in shown else "hidden")
        sections.setdefault(t(spec.section_key), []).append(page)
    with _MADE_PAGES_GUARD:
        return _MADE_PAGES.setdefault(key, sections)


def open_overview() -> None:
    """Go on to the overview at its own address, with the address's query parameters."""
    st.switch_page(_target(OVERVIEW), query_params=st.query_params.to_dict())


def available(spec: PageSpec) -> bool:
    """Whether the signed-in user's menu has this page (a link to any other would be refused)."""
    return st.session_state.get("actor") is not None and _in_menu(spec.url_path)


def item_with_link(title: str, caption: str, spec: PageSpec, action: str, icon: str | None = None, **query: Any) -> None:
    """One item of a list as one link to a page: `title` with a small grey `caption` and what the link does
    (`action`) under it - the whole row is the link, and its name says what it leads to (one element, where text
    and a link beside it took three). Markdown: escape a user's text in them. Without the page (not the user's
    role) the item is plain text."""
    text = titled(title, f"{caption} · {action}")
    if available(spec):
        st.page_link(_target(spec), label=text, icon=icon, width="stretch",
                     query_params={k: str(v) for k, v in query.items() if v is not None})
    else:
        st.markdown(text)


def go(spec: PageSpec, **query: Any) -> None:
    """Switch to a page, with query parameters (ids) that survive a reload; refused for a page not in the menu."""
    if not available(spec):
        st.error(t("error.access_denied"), icon=":material/block:")
        st.stop()
    st.switch_page(spec.path, query_params={k: str(v) for k, v in query.items() if v is not None})


@functools.cache
def _target(spec: PageSpec) -> Any:
    """The page as a link's target, made once per server process: a link to a path would resolve the
    path and search the registered pages on every call (a page with a dozen links paid a tenth of its
    run for that). Its title is never shown (links carry their own label)."""
    return st.Page(spec.path, url_path=spec.url_path)


def link(spec: PageSpec, label: str, icon: str | None = None, **query: Any) -> None:
    """A link to a page with query parameters; nothing for a page the user's role does not have."""
    if available(spec):
        st.page_link(_target(spec), label=label, icon=icon, query_params={k: str(v) for k, v in query.items() if v is not None})


def statement_link() -> None:
    """A link to the accessibility statement, which everyone may open (signed in or not)."""
    st.page_link(_target(ACCESSIBILITY), label=t("auth.accessibility_link"), icon=ACCESSIBILITY.icon)
