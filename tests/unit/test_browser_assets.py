"""The app's own script and style for the browser (profiling/ui/assets), as Streamlit's sanitiser lets them through."""

from __future__ import annotations

import re
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[2] / "profiling" / "ui" / "assets"


def test_the_page_script_holds_nothing_that_looks_like_markup_which_streamlit_would_drop_with_the_whole_script():
    # DOMPurify removes a script element whose text matches /<[/\w!]/ (it would silently never run).
    for name in ("page.js", "page.css"):
        assert not re.search(r"<[/\w!]", (ASSETS / name).read_text(encoding="utf-8")), name


def test_drafts_are_kept_only_for_the_notes_the_app_saves_as_they_change():
    from profiling.ui.shell import DRAFTED_KEYS

    kept = re.compile(DRAFTED_KEYS)
    assert kept.search("conv_12_mus-paedagogik-1_note") and kept.search("conv_outcome_12")
    # a form's text area (sent with its button) would come back after it was sent: no draft for it
    assert not kept.search("letter_3_2026-12-01") and not kept.search("conv_12_mus-paedagogik-1_rating")
