"""Terugkoppeling: a short summary of a closed round for the participants (results and verbeteragenda).

The facilitator publishes it with a switch; participants open it with the join link they already have
(``/terugkoppeling?code=DEELNAMECODE``). It is only there when the round is closed and published, and
it is built from the scored ``RoundResult``, so a group under k never appears.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.common import agenda
from dia_scan.core import lifecycle
from dia_scan.core.catalog import Catalog
from dia_scan.core.errors import ServiceError
from dia_scan.core.i18n import N_
from dia_scan.core.permits import RoundPermit
from dia_scan.quickscan.results import RoundReport, build_round_report
from dia_scan.quickscan.rounds import find_round, managed_round
from dia_scan.quickscan.scoring import NotableResult

#: How many notable results the summary shows (the rest is in the full report).
TOP_NOTABLE = 5
URL_PATH = "terugkoppeling"

NOT_CLOSED = N_(
    "De terugkoppeling komt er als de scan gesloten is. Kijk later nog eens, of vraag de organisator."
)
NOT_PUBLISHED = N_("De organisator heeft de terugkoppeling van deze scan (nog) niet gedeeld.")


def set_summary_published(db: Database, permit: RoundPermit, published: bool) -> None:
    """Share (or stop sharing) the participant summary. It shows only once the round is closed."""
    managed_round(db, permit)
    storage.update_round(db, permit.round_id, summary_published=int(bool(published)))


def summary_available(round_row: dict) -> bool:
    return lifecycle.is_over(round_row) and bool(round_row.get("summary_published"))


def unavailable_reason(round_row: dict) -> str | None:
    """Why participants cannot see the summary yet (plain Dutch), or None when they can."""
    if not lifecycle.is_over(round_row):
        return NOT_CLOSED
    if not round_row.get("summary_published"):
        return NOT_PUBLISHED
    return None


def summary_link(base_url: str, join_code: str) -> str:
    return f"{base_url.rstrip('/')}/{URL_PATH}?{urlencode({'code': join_code})}"


@dataclass(frozen=True)
class ParticipantSummary:
    report: RoundReport
    notable: tuple[NotableResult, ...]
    agenda: agenda.RoundAgenda

    @property
    def round(self) -> dict:
        return self.report.round


def top_notable(report: RoundReport, limit: int = TOP_NOTABLE) -> tuple[NotableResult, ...]:
    """Highest and lowest theme, changes and gaps first; 'weet niet' remarks fill up the rest."""
    order = {"highest_theme": 0, "lowest_theme": 1, "change": 2, "inside_outside_gap": 3, "dont_know": 4}
    ranked = sorted(enumerate(report.result.notable), key=lambda p: (order.get(p[1].kind, 5), p[0]))
    return tuple(n for _, n in ranked[:limit])


def participant_summary(db: Database, catalog: Catalog | None, join_code: str | None) -> ParticipantSummary:
    """The summary behind a join code; a ServiceError with a Dutch message when it is not available."""
    round_row = find_round(db, join_code)
    reason = unavailable_reason(round_row)
    if reason is not None:
        raise ServiceError(reason)
    return _build_summary(db, catalog, round_row)


def preview_summary(db: Database, catalog: Catalog | None, permit: RoundPermit) -> ParticipantSummary:
    """The summary as participants will see it, before it is shared (facilitators only)."""
    return _build_summary(db, catalog, managed_round(db, permit))


def _build_summary(db: Database, catalog: Catalog | None, round_row: dict) -> ParticipantSummary:
    report = build_round_report(db, catalog, round_row)
    return ParticipantSummary(report, top_notable(report), agenda.round_agenda(db, round_row))
