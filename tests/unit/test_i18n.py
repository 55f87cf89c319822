"""Every user-facing text exists in Danish and English with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from profiling.i18n import MESSAGES, translate

FIELDS = string.Formatter()
SOURCE = Path(__file__).resolve().parents[2] / "profiling"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in FIELDS.parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_have_the_text_with_the_same_placeholders(key):
    danish, english = MESSAGES[key]
    assert danish.strip() and english.strip()
    assert placeholders(danish) == placeholders(english)


def test_every_literal_key_used_in_the_code_is_in_the_catalog():
    pattern = re.compile(r"""\b(?:t|translate)\(\s*["']([a-z_]+(?:\.[a-z_]+)+)["']""")
    used = {key for path in SOURCE.rglob("*.py") for key in pattern.findall(path.read_text(encoding="utf-8"))}
    assert used, "the pattern found no keys: it is broken"
    assert sorted(used - set(MESSAGES)) == []


def test_every_message_key_a_service_raises_is_in_the_catalog():
    pattern = re.compile(r"""["'](error\.[a-z_]+)["']""")
    used = {key for path in (SOURCE / "services").rglob("*.py") for key in pattern.findall(path.read_text(encoding="utf-8"))}
    assert sorted(used - set(MESSAGES)) == []


def test_translate_fills_in_values_in_the_chosen_language():
    assert translate("error.too_long", "da", max=120) == "Må højst være 120 tegn."
    assert translate("error.too_long", "en", max=120) == "At most 120 characters."


def test_every_value_shown_through_a_composed_key_has_a_text():
    from profiling.domain.guide import QuestionKind, StarStep
    from profiling.domain.scoring import RaterRole
    from profiling.services.actors import Role
    from profiling.services.development import GoalStatus, InvitationStatus
    from profiling.services.views import InterviewStatus, PersonKind, RoundStatus

    composed = (
        [f"person.kind.{k.value}" for k in PersonKind]
        + [f"interview.status.{s.value}" for s in InterviewStatus]
        + [f"round.status.{s.value}" for s in RoundStatus]
        + [f"question.kind.{k.value}" for k in QuestionKind]
        + [f"star.{s.value}" for s in StarStep]
        + [f"rater_role.{r.value}" for r in RaterRole]
        + [f"role.{r.value}" for r in Role]
        + [f"profile.level.{level}" for level in ("competence", "area")]
        + [f"invitation.{s.value}" for s in InvitationStatus]
        + [f"goal.{s.value}" for s in GoalStatus]
        + [f"alignment.{r}" for r in ("blind_spot", "hidden_strength", "gap")]
    )
    assert sorted(set(composed) - set(MESSAGES)) == []
