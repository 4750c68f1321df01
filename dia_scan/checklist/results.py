"""What an assessment shows: scores per criterion and dimension with the assessors' notes, the to-do
list, disagreements and tips; the history of a process and the change between two assessments."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Database

from dia_scan import storage
from dia_scan.checklist.assessments import WHO, assessment_checklist, get_assessment
from dia_scan.checklist.processes import get_process
from dia_scan.checklist.scoring import (
    DIRECTION_LABELS,
    ChecklistComparison,
    ChecklistResult,
    compare_checklists,
    score_checklist,
    traffic_light,
)
from dia_scan.core.advice import SelectedAdvice, checklist_advice
from dia_scan.core.errors import ServiceError
from dia_scan.core.model import Advice, Checklist
from dia_scan.core.records import Assessment, Process

#: Options that put a criterion on the to-do list.
NEEDS_WORK = ("nee", "deels")


def direction_label(direction: str | None) -> str:
    return DIRECTION_LABELS.get(direction or "", "niet te vergelijken")


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
    applies: bool = (
        True  # False: cannot apply yet in the assessment's phase (no score, not on the to-do list)
    )

    @property
    def needs_work(self) -> bool:
        return self.applies and any(self.counts.get(o, 0) for o in NEEDS_WORK)

    @property
    def actiepunten(self) -> list[str]:
        """Each different actiepunt once (two assessors often write the same)."""
        return list(dict.fromkeys(n.actiepunt for n in self.notes if n.actiepunt))

    @property
    def toelichtingen(self) -> list[str]:
        return [n.toelichting for n in self.notes if n.toelichting]


@dataclass(frozen=True)
class AssessmentReport:
    process: Process
    assessment: Assessment
    checklist: Checklist
    result: ChecklistResult
    assessors: list[dict]
    criteria: tuple[CriterionView, ...]
    advice: list[SelectedAdvice] = field(default_factory=list)

    @property
    def phase(self) -> str | None:
        """The phase of the process when this assessment was made (None: not given)."""
        return self.assessment.phase

    @property
    def who(self) -> list[str]:
        """Who filled it in, in words ("het projectteam", "deelnemers en inwoners", ...)."""
        return [WHO[w] for w in self.assessment.who if w in WHO]

    @property
    def not_yet(self) -> list[CriterionView]:
        """Criteria that cannot apply yet in this phase."""
        return [c for c in self.criteria if not c.applies]

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


def assessment_report(db: Database, assessment_id: int, advice: Advice | None = None) -> AssessmentReport:
    """Scores, to-do list, disagreements and tips of one assessment."""
    assessment = get_assessment(db, assessment_id)
    process = get_process(db, assessment.process_id)
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
    result = score_checklist(checklist, list(by_assessor.values()), assessment.phase)
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
                applies=scored.applies,
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
        report = assessment_report(db, row.id)
        out.append(
            {
                "id": row.id,
                "title": row.title,
                "created_at": row.created_at,
                "mode": row.mode,
                "who": report.who,
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
    if before.process.id != after.process.id:
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
