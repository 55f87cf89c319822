"""Every user-facing text in Danish (the default) and English, and `translate` to look one up.

The texts live in gettext catalogs, `profiling/locale/{da,en}/LC_MESSAGES/messages.po`, which a translator
opens in Poedit or Weblate. A message id is a key (`nav.people`); a message with a count has real plural
forms (`ngettext`). The catalogs are read once per process into a `babel.support.Translations` per
language - never a global `_`: the language belongs to the session. One catalog serves the UI, the charts
and the reports; the test suite checks that both languages have every key with the same placeholders,
and an unknown key fails it (set `PROFILING_STRICT_MESSAGES=1`; in use, the key itself is shown).
"""

from __future__ import annotations

import io
import os
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from profiling.domain.text import Language

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
LANGUAGES: tuple[Language, ...] = ("da", "en")


class UnknownMessage(KeyError):
    """A key that no catalog has (raised only in strict mode: the tests)."""


def catalog_path(language: Language) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalog(language: Language) -> Catalog:
    """The language's catalog as written in its .po file."""
    with catalog_path(language).open("rb") as po:
        return read_po(po, locale=language, domain=DOMAIN)


@cache
def _translations(language: Language) -> Translations:
    compiled = io.BytesIO()
    write_mo(compiled, catalog(language))
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@cache
def _keys() -> tuple[frozenset[str], frozenset[str]]:
    """(every key, the keys with plural forms), from the Danish catalog."""
    messages = [m for m in catalog("da") if m.id]
    every = frozenset(m.id if isinstance(m.id, str) else m.id[0] for m in messages)
    plural = frozenset(m.id[0] for m in messages if not isinstance(m.id, str))
    return every, plural


@cache
def _strict() -> bool:
    return os.environ.get("PROFILING_STRICT_MESSAGES") == "1"


def translate(key: str, language: Language, **values: Any) -> str:
    """The message `key` in `language` with `values` filled in (its plural form by `count`, where it has one);
    the key itself if it is unknown (UnknownMessage in strict mode)."""
    every, plural = _keys()
    if key not in every:
        if _strict():
            raise UnknownMessage(key)
        return key
    translations = _translations(language)
    if key in plural:
        text = translations.ngettext(key, key, int(values.get("count", 0)))
    else:
        text = translations.gettext(key)
    return text.format(**values) if values else text


def keys() -> frozenset[str]:
    """Every message key."""
    return _keys()[0]
