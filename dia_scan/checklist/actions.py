"""Actiepunten of an assessment on the organisation's verbeteragenda."""

from __future__ import annotations

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.checklist.assessments import managed_assessment
from dia_scan.checklist.results import AssessmentReport
from dia_scan.common import agenda
from dia_scan.core.errors import ServiceError
from dia_scan.core.permits import ProcessPermit
from dia_scan.core.text import one_line


def _shorten(text: str, limit: int) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def put_on_agenda(
    db: Database, permit: ProcessPermit, report: AssessmentReport, criterion_id: str, actiepunt: str
) -> int:
    """Put an actiepunt on the organisation's verbeteragenda (once; a second click returns the same)."""
    managed_assessment(db, permit, report.assessment.id)
    view = next((c for c in report.criteria if c.id == criterion_id), None)
    if view is None:
        raise ServiceError("Dit criterium hoort niet bij deze checklist.")
    wat = _shorten(actiepunt, agenda.MAX_TEXT)
    if not wat:
        raise ServiceError("Dit actiepunt is leeg.")
    for action in storage.list_actions(db, assessment_id=report.assessment.id):
        if action.wat == wat and action.target_id == view.dimension_id:
            return action.id
    return agenda.add_action(
        db,
        permit,
        assessment_id=report.assessment.id,
        wat=wat,
        waarom=_shorten(f"{report.process.name}: {view.text}", agenda.MAX_TEXT),
        target_id=view.dimension_id,
        source="actiepunt",
    )


def agenda_texts(db: Database, assessment_id: int) -> set[str]:
    """The "wat" of every action already on the agenda from this assessment."""
    return {a.wat for a in storage.list_actions(db, assessment_id=assessment_id)}


def agenda_text_for(actiepunt: str) -> str:
    """How an actiepunt reads on the agenda (shortened when long), to see whether it is there."""
    return _shorten(actiepunt, agenda.MAX_TEXT)
