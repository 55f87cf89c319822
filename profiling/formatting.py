"""Numbers and dates the way each language writes them (Babel): 3,5 and "22. nov. 2026" in Danish."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_date
from babel.dates import format_time as babel_time
from babel.numbers import format_percent, get_decimal_symbol, get_group_symbol

from profiling.domain.text import Language

LOCALES: dict[str, str] = {"da": "da_DK", "en": "en_GB"}
# Danish municipalities: show times in Danish time whatever the server's zone.
LOCAL_ZONE = ZoneInfo("Europe/Copenhagen")
DASH = "–"
YES_NO: dict[str, dict[bool, str]] = {"da": {True: "Ja", False: "Nej"}, "en": {True: "Yes", False: "No"}}


@cache
def _symbols(language: Language) -> tuple[str, str]:
    """The locale's decimal and grouping symbols, from Babel's locale data."""
    locale = LOCALES[language]
    return get_decimal_symbol(locale), get_group_symbol(locale)


def number(value: float | None, language: Language, digits: int = 1) -> str:
    """A decimal with `digits` decimals (3,5 / 3.5); a dash for no value.

    Babel supplies the symbols; the formatting itself is Python's, because charts and tables format
    hundreds of numbers on every page run and babel.numbers.format_decimal is about 50 µs a call.
    """
    if value is None:
        return DASH
    decimal, group = _symbols(language)
    text = format(value, f",.{digits}f")
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", group)


def decimal(value: float, language: Language) -> str:
    """A number as stored (already rounded where it is made), with the language's decimal symbol and no
    grouping: 77,5 / 0,47 in Danish (what Danish Excel reads as a number, never as a date)."""
    text = repr(int(value)) if float(value).is_integer() else repr(float(value))
    return text.replace(".", _symbols(language)[0])


def cell(value: object, language: Language) -> str:
    """Any table value as text in the language's conventions: numbers with its decimal symbol, yes/no in its
    words, dates as the UI writes them, nothing for no value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES_NO[language][value]
    if isinstance(value, float):
        return decimal(value, language)
    if isinstance(value, date):
        return day(value, language)
    return str(value)


def signed(value: float | None, language: Language, digits: int = 1) -> str:
    """A difference with its sign (+0,5 / −1,0); a dash for no value."""
    if value is None:
        return DASH
    text = number(abs(value), language, digits)
    if round(value, digits) == 0:
        return text
    return ("+" if value > 0 else "−") + text


def fit(low: float | None, high: float | None, language: Language, digits: int = 0) -> str:
    """A fit as every view writes it: "92 %", or "90–100 %" while targeted competences are unscored; a dash
    for none."""
    if low is None or high is None:
        return DASH
    if round(low, digits) == round(high, digits):
        return f"{number(low, language, digits)} %"
    return f"{number(low, language, digits)}–{number(high, language, digits)} %"


def percent(share: float | None, language: Language) -> str:
    """A share 0-1 as a whole percentage (85 %)."""
    if share is None:
        return DASH
    return format_percent(share, locale=LOCALES[language])


def day(value: date | datetime | None, language: Language) -> str:
    """A date in the language's medium format: 22. nov. 2026 / 22 Nov 2026."""
    if value is None:
        return DASH
    if isinstance(value, datetime):
        value = local_time(value).date()
    return babel_date(value, format="medium", locale=LOCALES[language])


def moment(value: datetime | None, language: Language) -> str:
    """A date and time in Danish time: 22. nov. 2026 10.32 / 22 Nov 2026, 10:32."""
    if value is None:
        return DASH
    local = local_time(value)
    if language == "da":
        return f"{day(local, language)} kl. {babel_time(local, 'HH.mm', locale=LOCALES[language])}"
    return f"{day(local, language)}, {babel_time(local, 'HH:mm', locale=LOCALES[language])}"


def local_time(value: datetime) -> datetime:
    """A moment in Danish local time."""
    # A naive time is UTC (as the database stores every moment).
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(LOCAL_ZONE)
