"""Which open answers a round's results may show: never one that points to a group under k.

Scoring labels each open answer with the shown group it belongs to, or with no group when its group is not
shown on its own (under k, and not part of a shown merged group) or when the question was not asked to
every member of a merged group. An answer without a group is still telling: when inwoners are the only
hidden group, every unlabelled answer is an inwoner's; when a question only went to the college, its answer
is the college's. So the rule (docs/scoring.md, "Open antwoorden") is: only answers of a shown group are
shown, with that group's name; the others are left out, without a count (a count would say how many people
of a small group answered). One note says that this happens, whenever a group with participants is not shown.

:func:`dia_scan.quickscan.results.score_stored_round` applies it, so the app, the reports (HTML, PDF,
JSON), the Excel file, the Terugkoppeling and the anonymised export all get the same answers.
"""

from __future__ import annotations

from dataclasses import replace

from dia_scan.core.model import QuickScan
from dia_scan.quickscan.scoring import REASON_NO_RESPONSE, RoundResult

WITHHELD_NOTE = (
    "Open antwoorden van een groep die te klein is om apart te tonen, staan er niet bij. "
    "Zo is aan geen enkel antwoord te zien dat het uit zo'n kleine groep komt."
)


def _has_hidden_participants(result: RoundResult) -> bool:
    merged = {member for g in result.shown_groups for member in g.merged_from}
    return any(h.reason != REASON_NO_RESPONSE and h.id not in merged for h in result.hidden_groups)


def limit_open_answers(instrument: QuickScan, result: RoundResult) -> RoundResult:
    """The result with only the open answers that may be shown, and a note when others may be left out."""
    shown = {g.id for g in result.shown_groups}
    kept = tuple(a for a in result.open_answers if a.group_id in shown)
    withheld = len(kept) < len(result.open_answers) or (
        bool(instrument.open_questions) and _has_hidden_participants(result)
    )
    if not withheld:
        return result
    return replace(result, open_answers=kept, notes=(*result.notes, WITHHELD_NOTE))
