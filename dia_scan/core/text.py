"""Text helpers for every layer: typed text made safe for Markdown, spreadsheet formulas defused, and
Dutch dates and numbers (through Babel, not hand-made month lists).

The one escaper for text that people typed (open answers, maatwerkvragen, names and titles) is
:func:`markdown_safe`. Streamlit renders labels, headings and captions as Markdown, with its own
directives (``:red[...]``, ``:material/x:``), HTML and auto-links; the escaper takes every one of those
meanings away, so the text shows exactly the characters typed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

LOCALE = "nl_NL"

# Every character that Markdown, Streamlit's directives or HTML could give a meaning. CommonMark turns a
# backslash before ASCII punctuation into the character itself.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'])")
# Auto-links (https://..., www.x, a@b) are found before escapes count; an invisible break defuses them.
_AUTOLINK = re.compile(r"(?i)(?<=https)(?=:)|(?<=http)(?=:)|(?<=ftp)(?=:)|(?<=www)(?=\.)|(?=@)|(?<=:)")
_INVISIBLE = "\u200b"  # a zero-width space breaks the pattern and stays invisible

#: A text cell starting with one of these would run as a formula in Excel or LibreOffice.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def one_line(value: str | None) -> str:
    """Typed text on one line: runs of spaces, tabs and line breaks become one space; None becomes ""."""
    return " ".join((value or "").split())


def markdown_safe(text: object) -> str:
    """One line of typed text as Markdown that shows exactly these characters: whitespace folded, no
    links, HTML, colours, icons or maths."""
    flat = _AUTOLINK.sub(_INVISIBLE, " ".join(str(text if text is not None else "").split()))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def neutralise(value):
    """A text that a spreadsheet would run as a formula gets a leading apostrophe; anything else stays."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def whole(value: float | None) -> int | None:
    """Round half up, as a reader expects (62.5 becomes 63); None stays None."""
    return None if value is None else math.floor(value + 0.5)


def number(value: float, decimals: int = 1) -> str:
    """1234.5 -> "1.234,5": a Dutch number for prose."""
    return format_decimal(round(value, decimals), locale=LOCALE)


def _day(value: date | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.fromisoformat(str(value)).date()
    except ValueError:
        try:
            return date.fromisoformat(str(value)[:10])
        except ValueError:
            return None


def nl_date(value: date | str | None) -> str:
    """ "2026-05-12T09:00:00+00:00" -> "12-05-2026"; text that is no date stays as it is."""
    day = _day(value)
    if day is None:
        return "" if not value else str(value)[:10]
    return format_date(day, "dd-MM-y", locale=LOCALE)


def period_text(start: date | str | None, end: date | str | None) -> str:
    """A period in short Dutch dates, the one way every overview writes it: "03-03-2025 t/m 28-03-2025",
    "vanaf 05-10-2026", "t/m 28-03-2025", or "" without dates."""
    if start and end:
        return f"{nl_date(start)} t/m {nl_date(end)}"
    if start:
        return f"vanaf {nl_date(start)}"
    return f"t/m {nl_date(end)}" if end else ""


def long_date(value: date | str | None) -> str:
    """ "2026-10-05" -> "5 oktober 2026"; text that is no date stays as it is."""
    day = _day(value)
    if day is None:
        return "" if not value else str(value)
    return format_date(day, "d MMMM y", locale=LOCALE)


def today() -> str:
    """Today as "5 oktober 2026" (UTC, as stored)."""
    return long_date(datetime.now(UTC).date())


def counted(n: int, singular: str, plural: str) -> str:
    """ "1 actie", "3 acties": a count with the right form of its noun (never "actie(s)")."""
    return f"{n} {singular if n == 1 else plural}"


def names(items: Sequence[str]) -> str:
    """ "A", "A en B", "A, B en C": a Dutch list in prose."""
    return format_list(list(items), locale=LOCALE) if items else ""
