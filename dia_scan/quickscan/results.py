"""Build a round's results: tallies from storage, scored by the pure scoring module, plus advice."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.core import lifecycle
from dia_scan.core.advice import SelectedAdvice, select_advice
from dia_scan.core.catalog import Catalog
from dia_scan.core.model import QuickScan
from dia_scan.core.records import Organisation, Round
from dia_scan.quickscan.open_answers import limit_open_answers
from dia_scan.quickscan.rounds import round_instrument
from dia_scan.quickscan.scoring import (
    GroupTally,
    OpenAnswer,
    RoundResult,
    score_round,
    tally_from_counts,
)


@dataclass
class RoundReport:
    round: Round
    organisation: Organisation
    instrument: QuickScan
    result: RoundResult
    previous_round: Round | None = None
    advice: list[SelectedAdvice] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The stable JSON shape of ``dia-scan report --format json`` (see docs/report-json.md)."""
        r = self.round
        return {
            "format": "dia-scan-round-report",
            "format_version": 1,
            "round": {
                "join_code": r.join_code,
                "title": r.title,
                "organisation": self.organisation.name,
                "organisation_type": self.organisation.type,
                "instrument_id": r.instrument_id,
                "instrument_version": r.instrument_version,
                "period_start": r.period_start,
                "period_end": r.period_end,
                "status": lifecycle.status_word(r),
                "k": r.k,
            },
            "previous_round": (
                {"join_code": self.previous_round.join_code, "title": self.previous_round.title}
                if self.previous_round
                else None
            ),
            **self.result.to_dict(),
            "advice": [a.to_dict() for a in self.advice],
        }


def round_tally(db: Database, round_id: int, instrument: QuickScan) -> dict[str, GroupTally]:
    """The round's stored tallies as the scoring module's input (no individual answers are read)."""
    counts = storage.group_counts(db, round_id)
    submitted = {
        g: counts[g]["submitted"] for g in instrument.group_ids if counts.get(g, {}).get("submitted", 0) > 0
    }
    return tally_from_counts(
        submitted,
        storage.round_tally_rows(db, round_id),
        storage.PRIORITIES_KEY,
        storage.background_tally_rows(db, round_id) if instrument.background else (),
    )


def score_stored_round(db: Database, round_row: Round, previous: RoundResult | None = None) -> RoundResult:
    """The round's result as every page, report and export shows it (open answers limited, see
    :mod:`dia_scan.quickscan.open_answers`)."""
    instrument = round_instrument(db, round_row)
    opens = [
        OpenAnswer(group=o["group_id"], question_id=o["question_id"], text=o["text"])
        for o in storage.round_open_answers(db, round_row.id)
    ]
    result = score_round(instrument, round_tally(db, round_row.id, instrument), round_row.k, previous, opens)
    return limit_open_answers(instrument, result)


def build_round_report(
    db: Database, catalog: Catalog | None, round_row: Round, *, with_previous: bool = True
) -> RoundReport:
    instrument = round_instrument(db, round_row)
    previous_row = storage.previous_round(db, round_row) if with_previous else None
    previous_result = score_stored_round(db, previous_row) if previous_row else None
    result = score_stored_round(db, round_row, previous_result)
    organisation = storage.get_organisation(db, round_row.organisation_id)
    advice = select_advice(catalog.advice, instrument, result) if catalog and catalog.advice else []
    return RoundReport(round_row, organisation, instrument, result, previous_row, advice)
