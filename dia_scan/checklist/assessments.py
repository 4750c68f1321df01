"""Assessments of a process and their assessors: start one (together or apart through a code), join,
resume, open and close, and save answers criterion by criterion."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.checklist.processes import DEFAULT_CHECKLIST, MAX_NAME, checklist_of, get_process
from dia_scan.common import code_access
from dia_scan.core import codes, i18n, permits
from dia_scan.core.catalog import Catalog, parse_instrument_json
from dia_scan.core.errors import ServiceError
from dia_scan.core.i18n import N_
from dia_scan.core.model import Checklist
from dia_scan.core.permits import ProcessPermit
from dia_scan.core.records import Assessment
from dia_scan.core.text import one_line

MAX_NOTE = 1000  # toelichting and actiepunt
MODES = {
    "samen": "Samen invullen, in één overleg",
    "apart": "Ieder vult apart in, met een code",
}
#: Who can fill in an assessment: the checklist is meant to be gone through together with those concerned
#: ("samen met bewoners, bestuurders en beampten"), not only by the project team.
WHO = {
    "team": "het projectteam",
    "deelnemers": "deelnemers en inwoners",
    "bestuurders": "bestuurders (raad, college)",
    "ambtenaren": "ambtenaren",
}
TEAM_LABEL = "Het team (samen ingevuld)"
ASSESSOR_LABEL = "Beoordelaar {n}"


@dataclass(frozen=True)
class AssessmentCreated:
    assessment_id: int
    process_id: int
    join_code: str
    beheercode: str  # shown once; only its hash is stored
    assessor_id: int | None  # the team's own assessor when the mode is "samen"
    permit: ProcessPermit  # who starts an assessment manages the process


@dataclass(frozen=True)
class AssessorHandle:
    assessor_id: int
    assessment_id: int
    label: str
    resume_code: str | None  # only known right after joining


def _note_text(value: str | None, what: str) -> str:
    """A toelichting or actiepunt: kept exactly as typed (it is shown as text), only length-checked."""
    text = value if isinstance(value, str) else ""
    if not text.strip():
        return ""
    text = text.strip()
    if len(text) > MAX_NOTE:
        raise ServiceError(
            N_("{what} is te lang (maximaal {limit} tekens). Maak de tekst korter."),
            what=what,
            limit=MAX_NOTE,
        )
    return text


def start_assessment(
    db: Database,
    catalog: Catalog,
    *,
    process_id: int,
    mode: str,
    title: str | None = None,
    checklist_id: str = DEFAULT_CHECKLIST,
    join_code: str | None = None,
    beheercode: str | None = None,
    permit: ProcessPermit | None = None,
    who: Iterable[str] = ("team",),
    languages: Iterable[str] = (i18n.SOURCE,),
) -> AssessmentCreated:
    """A new assessment of a process (the first, or a later one to see progress).

    The first assessment of a just registered process needs no permit (it makes the codes that give
    access); a later one needs the permit of the process. ``languages``: what the assessors may choose
    besides Dutch (Dutch is always offered; unknown codes are left out)."""
    if mode not in MODES:
        raise ServiceError("Kies hoe u de checklist invult: samen of ieder apart.")
    chosen = set(who)
    if not chosen or not chosen <= set(WHO):
        raise ServiceError("Kies wie de checklist invullen: " + ", ".join(WHO.values()) + ".")
    who = [w for w in WHO if w in chosen]  # in a fixed order
    process = get_process(db, process_id)
    if process.assessment_count or permit is not None:
        permits.require_process(permit, process_id)
    checklist = checklist_of(catalog, checklist_id)
    title = one_line(title) or f"Beoordeling {process.assessment_count + 1}"
    if len(title) > MAX_NAME:
        raise ServiceError(f"De titel is te lang (maximaal {MAX_NAME} tekens).")
    new = code_access.new_codes(db, checklist, join_code, beheercode)
    assessment_id = storage.insert_assessment(
        db,
        process_id=process_id,
        title=title,
        mode=mode,
        phase=process.phase,
        who=json.dumps(who),
        **new.stored,
        languages=i18n.format_list(list(languages)),
    )
    assessor_id = None
    if mode == "samen":
        # The team is one assessor; it is reached through the beheercode, so its token is never shown.
        assessor_id, _ = storage.insert_numbered_assessor(
            db, assessment_id, codes.token_hash(codes.new_secret_code()), TEAM_LABEL
        )
    return AssessmentCreated(
        assessment_id, process_id, new.join_code, new.beheercode, assessor_id, permits.issue_process(process)
    )


def get_assessment(db: Database, assessment_id: int) -> Assessment:
    row = storage.get_assessment(db, assessment_id)
    if row is None:
        raise ServiceError(N_("Deze beoordeling is niet gevonden."))
    return row


def list_assessments(db: Database, process_id: int) -> list[Assessment]:
    return storage.list_assessments(db, process_id)


def open_assessments(db: Database, process_id: int) -> list[Assessment]:
    """The assessments of the process that still take answers."""
    return [a for a in list_assessments(db, process_id) if is_open(a)]


def find_assessment(db: Database, join_code: str | None) -> Assessment:
    """The assessment behind a join code, or a ServiceError that says what is wrong."""
    return code_access.find(db, join_code, code_access.CHECKLIST)


def authorize(db: Database, join_code: str, beheercode: str) -> ProcessPermit:
    """A permit for the assessment's process, if the beheercode belongs to the assessment; no hint which
    of the two was wrong. Any assessment's codes open the whole process."""
    row = code_access.authorized_row(db, join_code, beheercode, code_access.CHECKLIST)
    return permits.issue_process(get_process(db, row.process_id))


def managed_assessment(db: Database, permit: ProcessPermit, assessment_id: int) -> Assessment:
    """An assessment of the permit's process."""
    assessment = get_assessment(db, assessment_id)
    permits.require_process(permit, assessment.process_id)
    return assessment


def offered_languages(assessment: Assessment) -> list[str]:
    """The languages the assessors may choose, Dutch first (``start_assessment``)."""
    return i18n.parse_list(assessment.languages)


def is_open(assessment: Assessment) -> bool:
    return code_access.is_open(assessment)


def require_open(assessment: Assessment) -> None:
    code_access.require_open(assessment, code_access.CHECKLIST)


def set_open(db: Database, permit: ProcessPermit, assessment_id: int, open_: bool) -> None:
    """Open or close an assessment for answers. Closing records when; opening again clears it."""
    managed_assessment(db, permit, assessment_id)
    storage.update_assessment(
        db, assessment_id, published=int(open_), closed_at=None if open_ else storage.now()
    )


def assessment_checklist(db: Database, assessment: Assessment) -> Checklist:
    """The checklist version the assessment was started with."""
    body = storage.get_instrument_body(db, assessment.instrument_id, assessment.instrument_version)
    if body is None:
        raise ServiceError(N_("De checklist van deze beoordeling is niet gevonden."))
    checklist = parse_instrument_json(body)
    assert isinstance(checklist, Checklist)
    return checklist


def previous_assessment(db: Database, assessment: Assessment) -> Assessment | None:
    """The assessment of the same process just before this one, if any."""
    earlier = None
    for row in storage.list_assessments(db, assessment.process_id):
        if row.id == assessment.id:
            return earlier
        earlier = row
    return None


def join_assessment(db: Database, assessment: Assessment) -> AssessorHandle:
    """A new anonymous assessor ("Beoordelaar 2") with a resume code shown once."""
    require_open(assessment)
    if assessment.mode != "apart":
        raise ServiceError(
            N_(
                "Deze checklist wordt samen ingevuld, op het scherm van de organisator. "
                "Vraag de organisator naar de beheercode."
            )
        )
    resume_code, resume_hash = code_access.new_resume_code()
    assessor_id, label = storage.insert_numbered_assessor(db, assessment.id, resume_hash, ASSESSOR_LABEL)
    return AssessorHandle(assessor_id, assessment.id, label, resume_code)


def resume(db: Database, resume_code: str | None) -> AssessorHandle:
    """The assessor behind a resume code, to go on where they stopped."""
    assessor = code_access.find_by_resume_code(db, resume_code, storage.get_assessor_by_token_hash)
    return AssessorHandle(assessor["id"], assessor["assessment_id"], assessor["label"], None)


def team_assessor(db: Database, assessment: Assessment) -> AssessorHandle:
    """The one assessor of an assessment that is filled in together."""
    if assessment.mode != "samen":
        raise ServiceError(N_("Deze checklist vult ieder apart in, met de code."))
    rows = storage.list_assessors(db, assessment.id)
    if not rows:
        assessor_id, label = storage.insert_numbered_assessor(
            db, assessment.id, codes.token_hash(codes.new_secret_code()), TEAM_LABEL
        )
        return AssessorHandle(assessor_id, assessment.id, label, None)
    return AssessorHandle(rows[0]["id"], assessment.id, rows[0]["label"], None)


def get_assessor(db: Database, assessor_id: int) -> dict:
    row = storage.get_assessor(db, assessor_id)
    if row is None:
        raise ServiceError(N_("Deze beoordelaar is niet gevonden."))
    return row


_UNSET = object()


def answer(
    db: Database,
    assessor_id: int,
    criterion_id: str,
    *,
    option_id: str | None | object = _UNSET,
    toelichting: str | object = _UNSET,
    actiepunt: str | object = _UNSET,
) -> None:
    """Save one criterion's answer right away; only the parts given change. None clears the option."""
    assessor = get_assessor(db, assessor_id)
    assessment = get_assessment(db, assessor["assessment_id"])
    require_open(assessment)
    checklist = assessment_checklist(db, assessment)
    try:
        checklist.criterion(criterion_id)
    except KeyError:
        raise ServiceError(N_("Dit criterium hoort niet bij deze checklist.")) from None
    fields: dict = {}
    if option_id is not _UNSET:
        if option_id is not None and option_id not in {o.id for o in checklist.options}:
            raise ServiceError(
                N_("Kies een van de antwoorden: {options}"),
                options=", ".join(o.label for o in checklist.options),
            )
        fields["option_id"] = option_id
    if toelichting is not _UNSET:
        fields["toelichting"] = _note_text(toelichting, N_("De toelichting"))  # type: ignore[arg-type]
    if actiepunt is not _UNSET:
        fields["actiepunt"] = _note_text(actiepunt, N_("Het actiepunt"))  # type: ignore[arg-type]
    if fields:
        storage.save_checklist_answer(db, assessor_id, criterion_id, **fields)


def answers_of(db: Database, assessor_id: int) -> dict[str, dict]:
    """criterion id -> {option_id, toelichting, actiepunt} as saved so far."""
    return {
        row["criterion_id"]: {
            "option_id": row["option_id"],
            "toelichting": row["toelichting"],
            "actiepunt": row["actiepunt"],
        }
        for row in storage.checklist_answers_of_assessor(db, assessor_id)
    }


def mark_done(db: Database, assessor_id: int) -> None:
    """The assessor says "klaar". Answers can still change while the assessment is open."""
    get_assessor(db, assessor_id)
    storage.mark_assessor_done(db, assessor_id)


def list_assessors(db: Database, assessment_id: int) -> list[dict]:
    return storage.list_assessors(db, assessment_id)
