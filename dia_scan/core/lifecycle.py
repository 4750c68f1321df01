"""When a round or an assessment takes answers: the one rule every service, screen and export asks.

A Quick Scan round takes answers when all of these hold:

- it is published (a round can be made and left closed until the trekker opens it);
- the trekker did not close it by hand (``closed_at``): closing early wins over the dates;
- today, in the Netherlands, lies in its period: on or after "Open vanaf" (``period_start``) and on or
  before "Open tot en met" (``period_end``). A missing date leaves that side open.

Reopening clears ``closed_at``; a round whose end date has passed reopens only with a new end date
(``rounds.set_published``), so the invitation ("tot en met ...") stays true. A checklist assessment has
no period: for it only published and closed count. The rule is written out in docs/handleiding.md.

It reads a record (``core.records.Round`` or ``Assessment``, both :class:`~dia_scan.core.records.Coded`);
a caller with only the bare facts (the legacy submit queue) passes an :class:`Opening`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

#: The dates of a period are Dutch calendar days: a round "open tot en met 12 maart" closes at midnight
#: in the Netherlands, whatever the server's clock is set to.
DUTCH_TIME = ZoneInfo("Europe/Amsterdam")


class Openable(Protocol):
    """What the rule reads: a round, an assessment (its period dates are None) or an :class:`Opening`."""

    @property
    def published(self) -> bool: ...
    @property
    def closed_at(self) -> str | None: ...
    @property
    def period_start(self) -> str | None: ...
    @property
    def period_end(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Opening:
    """The facts of the rule without a record (a bare SQL row)."""

    published: bool
    closed_at: str | None = None
    period_start: str | None = None
    period_end: str | None = None


class Phase(StrEnum):
    """Where a round or an assessment stands; the value is the word shown in overviews and JSON."""

    NOT_PUBLISHED = "nog niet open"  # made, not yet opened by the trekker
    NOT_STARTED = "nog niet begonnen"  # opened, but its "Open vanaf" date is still to come
    OPEN = "open"
    ENDED = "verlopen"  # its "Open tot en met" date has passed
    CLOSED = "gesloten"  # closed by hand


def local_today() -> date:
    """Today's date in the Netherlands."""
    return datetime.now(DUTCH_TIME).date()


def period_date(value: object) -> date | None:
    """A stored period date ("2026-03-01", or a timestamp) as a date; None when absent or unreadable."""
    if isinstance(value, date):
        return value
    if not value:
        return None
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def phase(row: Openable, today: date | None = None) -> Phase:
    """The phase of a round (or assessment) on ``today`` (default: today in the Netherlands)."""
    if row.closed_at:
        return Phase.CLOSED
    if not row.published:
        return Phase.NOT_PUBLISHED
    today = today or local_today()
    start, end = period_date(row.period_start), period_date(row.period_end)
    if end is not None and today > end:
        return Phase.ENDED
    if start is not None and today < start:
        return Phase.NOT_STARTED
    return Phase.OPEN


def is_open(row: Openable, today: date | None = None) -> bool:
    """It takes answers now."""
    return phase(row, today) is Phase.OPEN


def is_over(row: Openable, today: date | None = None) -> bool:
    """Answering is over for good unless the trekker reopens it: closed by hand or past its end date.
    Results and the terugkoppeling for participants wait for this."""
    return phase(row, today) in (Phase.CLOSED, Phase.ENDED)


def status_word(row: Openable, today: date | None = None) -> str:
    """One word for overviews, reports and the JSON status: "open", "nog niet open" or "gesloten"."""
    current = phase(row, today)
    if current is Phase.OPEN:
        return "open"
    if current in (Phase.NOT_PUBLISHED, Phase.NOT_STARTED):
        return "nog niet open"
    return "gesloten"


def needs_new_end(row: Openable, today: date | None = None) -> bool:
    """Reopening this round needs a new end date: the one it has lies in the past."""
    end = period_date(row.period_end)
    return end is not None and end < (today or local_today())
