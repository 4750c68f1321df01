"""Use cases of the inclusiviteit-checklist: register a process, assess it (together or apart through a
code), resume, see the result, put actiepunten on the verbeteragenda, re-assess and compare.

Pages and the CLI call these; they never import streamlit. Mistakes a user can make raise
:class:`~dia_scan.quickscan.ServiceError` with a plain Dutch message. The numbers come from
:mod:`dia_scan.checklist.scoring`; this module only gathers the answers and names things.

Longer than most because it is the checklist's one entry point for pages and the command line (processes,
assessments, answers, results); shared code access lives in common.code_access.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.checklist.scoring import (
    DIRECTION_LABELS,
    ChecklistComparison,
    ChecklistResult,
    compare_checklists,
    score_checklist,
    traffic_light,
)
from dia_scan.common import agenda, code_access
from dia_scan.core import codes, permits
from dia_scan.core.advice import SelectedAdvice, checklist_advice
from dia_scan.core.catalog import Catalog, parse_instrument_json
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import Advice, Checklist
from dia_scan.core.permits import ProcessPermit

DEFAULT_CHECKLIST = "inclusiviteit"
MAX_NAME = 120
MAX_DESCRIPTION = 2000
MAX_NOTE = 1000  # toelichting and actiepunt
MAX_TARGET_GROUP = 60
MAX_TARGET_GROUPS = 15
MODES = {
    "samen": "Samen invullen, in één overleg",
    "apart": "Ieder vult apart in, met een code",
}
TEAM_LABEL = "Het team (samen ingevuld)"
ASSESSOR_LABEL = "Beoordelaar {n}"
#: Options that put a criterion on the to-do list.
NEEDS_WORK = ("nee", "deels")


def direction_label(direction: str | None) -> str:
    return DIRECTION_LABELS.get(direction or "", "niet te vergelijken")


# -- results of the use cases --------------------------------------------------------------------


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


@dataclass(frozen=True)
class Note:
    """What one (anonymous) assessor said about one criterion."""

    assessor: str
    option_id: str | None
    toelichting: str
    actiepunt: str


@dataclass(frozen=True)
class CriterionView:
    dimension_id: str
    dimension_title: str
    id: str
    text: str
    explanation: str
    score: float | None
    light: str | None
    counts: dict[str, int]
    disagreement: bool
    notes: tuple[Note, ...]

    @property
    def needs_work(self) -> bool:
        return any(self.counts.get(o, 0) for o in NEEDS_WORK)

    @property
    def actiepunten(self) -> list[str]:
        """Each different actiepunt once (two assessors often write the same)."""
        return list(dict.fromkeys(n.actiepunt for n in self.notes if n.actiepunt))

    @property
    def toelichtingen(self) -> list[str]:
        return [n.toelichting for n in self.notes if n.toelichting]


@dataclass(frozen=True)
class AssessmentReport:
    process: dict
    assessment: dict
    checklist: Checklist
    result: ChecklistResult
    assessors: list[dict]
    criteria: tuple[CriterionView, ...]
    advice: list[SelectedAdvice] = field(default_factory=list)

    @property
    def todo(self) -> list[CriterionView]:
        """Criteria someone answered "nee" or "deels", lowest score first."""
        items = [c for c in self.criteria if c.needs_work]
        return sorted(items, key=lambda c: c.score if c.score is not None else 101.0)

    @property
    def disagreements(self) -> list[CriterionView]:
        return [c for c in self.criteria if c.disagreement]

    @property
    def answered_assessors(self) -> int:
        return self.result.n_assessors

    def option_label(self, option_id: str | None) -> str:
        if option_id is None:
            return "nog niet beantwoord"
        try:
            return self.checklist.option(option_id).label
        except KeyError:
            return option_id


@dataclass(frozen=True)
class ChangeRow:
    level: str  # "dimensie", "criterium" or "totaal"
    id: str
    title: str
    dimension_title: str
    before: float | None
    after: float | None
    change: float | None
    direction: str | None


@dataclass(frozen=True)
class ComparisonReport:
    before: AssessmentReport
    after: AssessmentReport
    comparison: ChecklistComparison
    overall: ChangeRow
    dimensions: list[ChangeRow]
    criteria: list[ChangeRow]

    @property
    def improved(self) -> list[ChangeRow]:
        return [c for c in self.criteria if c.direction == "improved"]

    @property
    def fell_back(self) -> list[ChangeRow]:
        return [c for c in self.criteria if c.direction == "fell_back"]


# -- small helpers -------------------------------------------------------------------------------


def _one_line(value: str | None) -> str:
    return " ".join((value or "").split())


def _note_text(value: str | None, what: str) -> str:
    """A toelichting or actiepunt: kept exactly as typed (it is shown as text), only length-checked."""
    text = value if isinstance(value, str) else ""
    if not text.strip():
        return ""
    text = text.strip()
    if len(text) > MAX_NOTE:
        raise ServiceError(f"{what} is te lang (maximaal {MAX_NOTE} tekens). Maak de tekst korter.")
    return text


def split_target_groups(raw: str | Iterable[str] | None) -> list[str]:
    """Free tags from a comma-separated text or a list; empty and repeated tags are dropped."""
    if raw is None:
        return []
    parts = raw.split(",") if isinstance(raw, str) else [p for item in raw for p in str(item).split(",")]
    tags: list[str] = []
    for part in parts:
        tag = _one_line(part)
        if tag and tag.casefold() not in {t.casefold() for t in tags}:
            tags.append(tag)
    return tags


def checklist_of(catalog: Catalog, checklist_id: str = DEFAULT_CHECKLIST) -> Checklist:
    instrument = catalog.instruments.get(checklist_id)
    # by kind, not isinstance: a cached catalog may hold models from before a code reload
    if getattr(instrument, "kind", None) != "checklist":
        raise ServiceError(f"De checklist '{checklist_id}' ontbreekt in de map questions/.")
    return instrument


# -- organisations and processes -----------------------------------------------------------------


def register_process(
    db: Database,
    catalog: Catalog,
    *,
    organisation_id: int,
    name: str,
    description: str = "",
    phase: str | None = None,
    participation_level: str | None = None,
    target_groups: str | Iterable[str] | None = None,
    checklist_id: str = DEFAULT_CHECKLIST,
) -> int:
    """Register a process of an organisation; returns its id."""
    if storage.get_organisation(db, organisation_id) is None:
        raise ServiceError("Kies een organisatie, of maak een nieuwe aan.")
    fields = _process_fields(
        checklist_of(catalog, checklist_id), name, description, phase, participation_level, target_groups
    )
    return storage.insert_process(db, organisation_id=organisation_id, **fields)


def _process_fields(
    checklist: Checklist,
    name: str,
    description: str,
    phase: str | None,
    participation_level: str | None,
    target_groups: str | Iterable[str] | None,
) -> dict:
    """The checked, tidied facts of a process, as stored."""
    name = _one_line(name)
    if not name:
        raise ServiceError("Geef het proces een naam.")
    if len(name) > MAX_NAME:
        raise ServiceError(f"De naam is te lang (maximaal {MAX_NAME} tekens). Maak hem korter.")
    description = (description or "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise ServiceError(
            f"De beschrijving is te lang (maximaal {MAX_DESCRIPTION} tekens). Maak hem korter."
        )
    if phase and phase not in checklist.phases:
        raise ServiceError(f"Kies een fase: {', '.join(checklist.phases)}.")
    if participation_level and participation_level not in checklist.participation_levels:
        raise ServiceError("Kies een niveau van invloed uit de lijst.")
    tags = split_target_groups(target_groups)
    if len(tags) > MAX_TARGET_GROUPS:
        raise ServiceError(f"Noem hoogstens {MAX_TARGET_GROUPS} doelgroepen.")
    too_long = next((t for t in tags if len(t) > MAX_TARGET_GROUP), None)
    if too_long:
        raise ServiceError(
            f"De doelgroep '{too_long[:30]}...' is te lang (maximaal {MAX_TARGET_GROUP} tekens). "
            "Scheid doelgroepen met een komma."
        )
    return {
        "name": name,
        "description": description,
        "phase": phase or None,
        "participation_level": participation_level or None,
        "target_groups": tags,
    }


def update_process(
    db: Database,
    catalog: Catalog,
    permit: ProcessPermit,
    *,
    name: str,
    description: str = "",
    phase: str | None = None,
    participation_level: str | None = None,
    target_groups: str | Iterable[str] | None = None,
    checklist_id: str = DEFAULT_CHECKLIST,
) -> None:
    """Correct the facts of a process (its name, description, phase, influence and target groups)."""
    process = managed_process(db, permit)
    fields = _process_fields(
        checklist_of(catalog, checklist_id), name, description, phase, participation_level, target_groups
    )
    storage.update_process(db, process["id"], **fields)


def delete_process(db: Database, permit: ProcessPermit, confirm_name: str | None) -> dict[str, int]:
    """Delete a process with all its assessments and answers, once its name is typed again to confirm.
    Only when every assessment is closed, so nobody loses what they are filling in (as for a round).
    Actions on the verbeteragenda made from it stay with the organisation. Returns what was deleted."""
    process = managed_process(db, permit)
    still_open = open_assessments(db, process["id"])
    if still_open:
        which = (
            "de beoordeling die nog openstaat"
            if len(still_open) == 1
            else "de beoordelingen die nog openstaan"
        )
        raise ServiceError(
            f"Sluit eerst {which}. Een proces met een open beoordeling kunt u niet verwijderen."
        )
    if _one_line(confirm_name or "").casefold() != process["name"].casefold():
        raise ServiceError("Typ de naam van het proces over om het verwijderen te bevestigen.")
    return storage.delete_process(db, process["id"])


def get_process(db: Database, process_id: int) -> dict:
    row = storage.get_process(db, process_id)
    if row is None:
        raise ServiceError("Dit proces is niet gevonden.")
    return row


# -- assessments ---------------------------------------------------------------------------------


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
) -> AssessmentCreated:
    """A new assessment of a process (the first, or a later one to see progress).

    The first assessment of a just registered process needs no permit (it makes the codes that give
    access); a later one needs the permit of the process."""
    if mode not in MODES:
        raise ServiceError("Kies hoe u de checklist invult: samen of ieder apart.")
    process = get_process(db, process_id)
    if process["assessment_count"] or permit is not None:
        permits.require_process(permit, process_id)
    checklist = checklist_of(catalog, checklist_id)
    title = _one_line(title) or f"Beoordeling {process['assessment_count'] + 1}"
    if len(title) > MAX_NAME:
        raise ServiceError(f"De titel is te lang (maximaal {MAX_NAME} tekens).")
    storage.keep_instrument(db, checklist)
    new = code_access.new_codes(db, join_code, beheercode)
    join_code, beheercode = new.join_code, new.beheercode
    assessment_id = storage.insert_assessment(
        db,
        process_id=process_id,
        instrument_id=checklist.id,
        instrument_version=checklist.version,
        title=title,
        mode=mode,
        join_code=join_code,
        beheercode_hash=new.beheercode_hash,
    )
    assessor_id = None
    if mode == "samen":
        # The team is one assessor; it is reached through the beheercode, so its token is never shown.
        assessor_id, _ = storage.insert_numbered_assessor(
            db, assessment_id, codes.token_hash(codes.new_secret_code()), TEAM_LABEL
        )
    return AssessmentCreated(
        assessment_id, process_id, join_code, beheercode, assessor_id, permits.issue_process(process)
    )


def get_assessment(db: Database, assessment_id: int) -> dict:
    row = storage.get_assessment(db, assessment_id)
    if row is None:
        raise ServiceError("Deze beoordeling is niet gevonden.")
    return row


def list_assessments(db: Database, process_id: int) -> list[dict]:
    return storage.list_assessments(db, process_id)


def open_assessments(db: Database, process_id: int) -> list[dict]:
    """The assessments of the process that still take answers."""
    return [a for a in list_assessments(db, process_id) if is_open(a)]


def find_assessment(db: Database, join_code: str | None) -> dict:
    """The assessment behind a join code, or a ServiceError that says what is wrong."""
    return code_access.find(db, join_code, code_access.CHECKLIST)


def authorize(db: Database, join_code: str, beheercode: str) -> ProcessPermit:
    """A permit for the assessment's process, if the beheercode belongs to the assessment; no hint which
    of the two was wrong. Any assessment's codes open the whole process."""
    row = code_access.authorized_row(db, join_code, beheercode, code_access.CHECKLIST)
    return permits.issue_process(get_process(db, row["process_id"]))


def managed_process(db: Database, permit: ProcessPermit) -> dict:
    """The (fresh) row of the process a facilitator manages."""
    permits.require_process(permit)
    return get_process(db, permit.process_id)


def managed_assessment(db: Database, permit: ProcessPermit, assessment_id: int) -> dict:
    """An assessment of the permit's process."""
    assessment = get_assessment(db, assessment_id)
    permits.require_process(permit, assessment["process_id"])
    return assessment


def is_open(assessment: dict) -> bool:
    return code_access.is_open(assessment)


def require_open(assessment: dict) -> None:
    code_access.require_open(assessment, code_access.CHECKLIST)


def set_open(db: Database, permit: ProcessPermit, assessment_id: int, open_: bool) -> None:
    """Open or close an assessment for answers. Closing records when; opening again clears it."""
    managed_assessment(db, permit, assessment_id)
    storage.update_assessment(
        db, assessment_id, published=int(open_), closed_at=None if open_ else storage.now()
    )


def assessment_checklist(db: Database, assessment: dict) -> Checklist:
    """The checklist version the assessment was started with."""
    body = storage.get_instrument_body(db, assessment["instrument_id"], assessment["instrument_version"])
    if body is None:
        raise ServiceError("De checklist van deze beoordeling is niet gevonden.")
    checklist = parse_instrument_json(body)
    assert isinstance(checklist, Checklist)
    return checklist


def previous_assessment(db: Database, assessment: dict) -> dict | None:
    """The assessment of the same process just before this one, if any."""
    earlier = None
    for row in storage.list_assessments(db, assessment["process_id"]):
        if row["id"] == assessment["id"]:
            return earlier
        earlier = row
    return None


# -- assessors and answers -----------------------------------------------------------------------


def join_assessment(db: Database, assessment: dict) -> AssessorHandle:
    """A new anonymous assessor ("Beoordelaar 2") with a resume code shown once."""
    require_open(assessment)
    if assessment["mode"] != "apart":
        raise ServiceError(
            "Deze checklist wordt samen ingevuld, op het scherm van de organisator. "
            "Vraag de organisator naar de beheercode."
        )
    resume_code, resume_hash = code_access.new_resume_code()
    assessor_id, label = storage.insert_numbered_assessor(db, assessment["id"], resume_hash, ASSESSOR_LABEL)
    return AssessorHandle(assessor_id, assessment["id"], label, resume_code)


def resume(db: Database, resume_code: str | None) -> AssessorHandle:
    """The assessor behind a resume code, to go on where they stopped."""
    assessor = code_access.find_by_resume_code(db, resume_code, storage.get_assessor_by_token_hash)
    return AssessorHandle(assessor["id"], assessor["assessment_id"], assessor["label"], None)


def team_assessor(db: Database, assessment: dict) -> AssessorHandle:
    """The one assessor of an assessment that is filled in together."""
    if assessment["mode"] != "samen":
        raise ServiceError("Deze checklist vult ieder apart in, met de code.")
    rows = storage.list_assessors(db, assessment["id"])
    if not rows:
        assessor_id, label = storage.insert_numbered_assessor(
            db, assessment["id"], codes.token_hash(codes.new_secret_code()), TEAM_LABEL
        )
        return AssessorHandle(assessor_id, assessment["id"], label, None)
    return AssessorHandle(rows[0]["id"], assessment["id"], rows[0]["label"], None)


def get_assessor(db: Database, assessor_id: int) -> dict:
    row = storage.get_assessor(db, assessor_id)
    if row is None:
        raise ServiceError("Deze beoordelaar is niet gevonden.")
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
        raise ServiceError("Dit criterium hoort niet bij deze checklist.") from None
    fields: dict = {}
    if option_id is not _UNSET:
        if option_id is not None and option_id not in {o.id for o in checklist.options}:
            raise ServiceError("Kies een van de antwoorden: " + ", ".join(o.label for o in checklist.options))
        fields["option_id"] = option_id
    if toelichting is not _UNSET:
        fields["toelichting"] = _note_text(toelichting, "De toelichting")  # type: ignore[arg-type]
    if actiepunt is not _UNSET:
        fields["actiepunt"] = _note_text(actiepunt, "Het actiepunt")  # type: ignore[arg-type]
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


# -- results -------------------------------------------------------------------------------------


def assessment_report(db: Database, assessment_id: int, advice: Advice | None = None) -> AssessmentReport:
    """Scores, to-do list, disagreements and tips of one assessment."""
    assessment = get_assessment(db, assessment_id)
    process = get_process(db, assessment["process_id"])
    checklist = assessment_checklist(db, assessment)
    known_criteria = {c.id for _, c in checklist.criteria()}
    known_options = {o.id for o in checklist.options}
    rows = [
        r
        for r in storage.checklist_answers_of_assessment(db, assessment_id)
        if r["criterion_id"] in known_criteria
    ]
    by_assessor: dict[int, dict[str, str]] = {}
    notes: dict[str, list[Note]] = {}
    for r in rows:
        option = r["option_id"] if r["option_id"] in known_options else None
        if option is not None:
            by_assessor.setdefault(r["assessor_id"], {})[r["criterion_id"]] = option
        if option is not None or r["toelichting"] or r["actiepunt"]:
            notes.setdefault(r["criterion_id"], []).append(
                Note(r["label"], option, r["toelichting"], r["actiepunt"])
            )
    result = score_checklist(checklist, list(by_assessor.values()))
    by_id = {c.id: c for c in result.criteria}
    lights = checklist.traffic_lights
    views = []
    for dimension, criterion in checklist.criteria():
        scored = by_id[criterion.id]
        views.append(
            CriterionView(
                dimension_id=dimension.id,
                dimension_title=dimension.title,
                id=criterion.id,
                text=criterion.text,
                explanation=criterion.explanation,
                score=scored.score,
                light=traffic_light(scored.score, lights.green, lights.orange),
                counts=dict(scored.counts),
                disagreement=scored.disagreement,
                notes=tuple(notes.get(criterion.id, [])),
            )
        )
    tips = []
    if advice is not None:
        tips = checklist_advice(advice, [(d.id, d.title, d.score) for d in result.dimensions])
    return AssessmentReport(
        process=process,
        assessment=assessment,
        checklist=checklist,
        result=result,
        assessors=storage.list_assessors(db, assessment_id),
        criteria=tuple(views),
        advice=tips,
    )


def history(db: Database, process_id: int) -> list[dict]:
    """Every assessment of a process with its overall score, oldest first (for "door de tijd")."""
    out = []
    for row in storage.list_assessments(db, process_id):
        report = assessment_report(db, row["id"])
        out.append(
            {
                "id": row["id"],
                "title": row["title"],
                "created_at": row["created_at"],
                "mode": row["mode"],
                "assessors": report.answered_assessors,
                "overall": report.result.overall,
                "light": report.result.overall_traffic_light,
                "dimensions": {d.id: d.score for d in report.result.dimensions},
            }
        )
    return out


def compare(db: Database, before_id: int, after_id: int) -> ComparisonReport:
    """Change per dimension and per criterion between two assessments of the same process."""
    before = assessment_report(db, before_id)
    after = assessment_report(db, after_id)
    if before.process["id"] != after.process["id"]:
        raise ServiceError("U kunt alleen beoordelingen van hetzelfde proces vergelijken.")
    comparison = compare_checklists(before.result, after.result)
    titles: dict[str, tuple[str, str]] = {}
    for report in (before, after):
        for d in report.checklist.dimensions:
            titles[d.id] = (d.title, d.title)
        for d, c in report.checklist.criteria():
            titles[c.id] = (c.text, d.title)

    def rows(changes, level: str) -> list[ChangeRow]:
        return [
            ChangeRow(
                level,
                c.id,
                titles.get(c.id, (c.id, ""))[0],
                titles.get(c.id, ("", ""))[1],
                c.before,
                c.after,
                c.change,
                c.direction,
            )
            for c in changes
        ]

    o = comparison.overall
    overall = ChangeRow("totaal", "overall", "Totaal", "", o.before, o.after, o.change, o.direction)
    return ComparisonReport(
        before,
        after,
        comparison,
        overall,
        rows(comparison.dimensions, "dimensie"),
        rows(comparison.criteria, "criterium"),
    )


# -- verbeteragenda ------------------------------------------------------------------------------


def _shorten(text: str, limit: int) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def put_on_agenda(
    db: Database, permit: ProcessPermit, report: AssessmentReport, criterion_id: str, actiepunt: str
) -> int:
    """Put an actiepunt on the organisation's verbeteragenda (once; a second click returns the same)."""
    managed_assessment(db, permit, report.assessment["id"])
    view = next((c for c in report.criteria if c.id == criterion_id), None)
    if view is None:
        raise ServiceError("Dit criterium hoort niet bij deze checklist.")
    wat = _shorten(actiepunt, agenda.MAX_TEXT)
    if not wat:
        raise ServiceError("Dit actiepunt is leeg.")
    for action in storage.list_actions(db, assessment_id=report.assessment["id"]):
        if action["wat"] == wat and action["target_id"] == view.dimension_id:
            return action["id"]
    return agenda.add_action(
        db,
        permit,
        assessment_id=report.assessment["id"],
        wat=wat,
        waarom=_shorten(f"{report.process['name']}: {view.text}", agenda.MAX_TEXT),
        target_id=view.dimension_id,
        source="actiepunt",
    )


def agenda_texts(db: Database, assessment_id: int) -> set[str]:
    """The "wat" of every action already on the agenda from this assessment."""
    return {a["wat"] for a in storage.list_actions(db, assessment_id=assessment_id)}


def agenda_text_for(actiepunt: str) -> str:
    """How an actiepunt reads on the agenda (shortened when long), to see whether it is there."""
    return _shorten(actiepunt, agenda.MAX_TEXT)
