"""Where the conversation page keeps its state in the session: one question's widgets and version, and the
conversation's own keys. A module of its own, not the page: a page's file runs on every run, and its classes
would be made anew each time."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from profiling.reads.views import RatingView

NOT_ASSESSED = "na"  # the rating widget's value for "not assessed"


@dataclass(frozen=True)
class QuestionState:
    """Where one question's live state sits in the session: its widgets (rating, note, private), the version the
    next save expects, when it was last saved, and a change that lost a race."""

    interview_id: int
    question_id: str

    @property
    def _base(self) -> str:
        return f"conv_{self.interview_id}_{self.question_id}"

    rating = property(lambda self: f"{self._base}_rating")
    note = property(lambda self: f"{self._base}_note")
    private = property(lambda self: f"{self._base}_private")
    version = property(lambda self: f"{self._base}_version")
    saved_at = property(lambda self: f"{self._base}_saved_at")
    conflict = property(lambda self: f"{self._base}_conflict")

    def show(self, stored: RatingView) -> None:
        """Put what is stored into the widgets (and the version the next save expects)."""
        st.session_state[self.rating] = widget_value(stored)
        st.session_state[self.note] = stored.note
        st.session_state[self.private] = stored.private
        st.session_state[self.version] = stored.version


@dataclass(frozen=True)
class ConversationState:
    """The conversation's own state in the session, beside its questions': an error to show once, the step
    picked, the MUS outcome being typed, and the paper form's confirmation."""

    interview_id: int

    error = property(lambda self: f"conv_error_{self.interview_id}")
    jump = property(lambda self: f"conv_jump_{self.interview_id}")  # the start of the jump list's key (see render_progress)
    outcome = property(lambda self: f"conv_outcome_{self.interview_id}")
    flash = property(lambda self: f"conv_flash_{self.interview_id}")
    paper_mode = property(lambda self: f"paper_mode_{self.interview_id}")


def widget_value(rating: RatingView) -> int | str | None:
    return NOT_ASSESSED if rating.not_assessed else rating.value
