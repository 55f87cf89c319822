"""Every user-facing text exists in Danish and English with the same placeholders, in gettext catalogs."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from profiling.i18n import UnknownMessage, catalog, keys, translate

FIELDS = string.Formatter()
SOURCE = Path(__file__).resolve().parents[2] / "profiling"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in FIELDS.parse(text) if name}


def texts(language: str) -> dict[str, tuple[str, ...]]:
    """Every key's text(s) in a language's catalog: one, or the plural forms."""
    found = {}
    for message in catalog(language):
        if message.id:
            key = message.id if isinstance(message.id, str) else message.id[0]
            found[key] = (message.string,) if isinstance(message.string, str) else tuple(message.string)
    return found


DANISH, ENGLISH = texts("da"), texts("en")
MESSAGES = set(DANISH)


def test_both_catalogs_have_the_same_keys():
    assert set(DANISH) == set(ENGLISH) == keys()


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_have_the_text_with_the_same_placeholders(key):
    forms = DANISH[key] + ENGLISH[key]
    assert all(form.strip() for form in forms)
    assert len(DANISH[key]) == len(ENGLISH[key]), "a plural in one language is a plural in the other"
    assert all(placeholders(form) == placeholders(forms[0]) for form in forms)


def test_a_count_chooses_the_singular_or_the_plural():
    assert translate("people.count", "da", count=1) == "1 person"
    assert translate("people.count", "da", count=2) == "2 personer"
    assert translate("people.count", "en", count=0) == "0 people"
    assert translate("round.completed_count", "da", count=1) == "1 afsluttet scorekort"


def test_no_text_fakes_a_plural_with_brackets():
    faked = re.compile(r"\w\((?:e|er|r|s)\)")
    assert [key for key in MESSAGES if any(faked.search(f) for f in DANISH[key] + ENGLISH[key])] == []


def test_an_unknown_key_fails_in_the_tests_and_shows_the_key_in_use(monkeypatch):
    from profiling import i18n

    with pytest.raises(UnknownMessage):
        translate("no.such_key", "da")
    monkeypatch.delenv("PROFILING_STRICT_MESSAGES")
    i18n._strict.cache_clear()
    try:
        assert translate("no.such_key", "da") == "no.such_key"
    finally:
        i18n._strict.cache_clear()


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
    from profiling.reads.self_assessments import InvitationStatus
    from profiling.reads.views import InterviewStatus, PersonKind, RoundStatus
    from profiling.services.actors import Role
    from profiling.services.plans import GoalStatus

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


def test_every_key_pybabel_extracts_from_the_code_is_in_the_catalogs():
    """What `pybabel extract -k t -k translate --no-default-keywords profiling` finds (docs/development.md)."""
    from babel.messages.extract import extract_from_dir

    found = {
        message for _file, _line, message, _comments, _context in extract_from_dir(
            str(SOURCE), keywords={"t": None, "translate": None}, method_map=[("**.py", "python")]
        )
        if isinstance(message, str) and not message.endswith(".")  # "round.status." + value is a composed key
    }
    assert len(found) > 300, "the extraction found too few keys: it is broken"
    assert sorted(found - MESSAGES) == []
