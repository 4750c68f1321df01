"""The checklist report to download: HTML, PDF and Excel for one assessment of a process.

It reuses the tables of :mod:`dia_scan.checklist.exports` (and its formula neutralising for Excel), adds the
verbeteragenda of the assessment, and compares with the previous assessment of the same process when
there is one. No streamlit here.
"""

from __future__ import annotations

import pandas as pd
from sqlite_utils import Database

from dia_scan import storage
from dia_scan.checklist import exports
from dia_scan.checklist.assessments import previous_assessment
from dia_scan.checklist.results import (
    AssessmentReport,
    ComparisonReport,
    assessment_report,
    compare,
    direction_label,
)
from dia_scan.common import agenda
from dia_scan.core.catalog import Catalog
from dia_scan.core.records import Action
from dia_scan.core.text import counted, nl_date, today, whole
from dia_scan.output import checklist_charts, readings, spreadsheet
from dia_scan.output.document import (
    Bullets,
    Chart,
    Document,
    Facts,
    Heading,
    Paragraph,
    Table,
    to_html,
    to_pdf,
)
from dia_scan.output.images import render_png
from dia_scan.output.palette import light_label

__all__ = ["checklist_report", "gather"]

AGENDA_SHEET = "verbeteragenda"


def gather(
    db: Database, catalog: Catalog | None, assessment_id: int
) -> tuple[AssessmentReport, ComparisonReport | None, list[Action]]:
    """The assessment's result, the comparison with the one before it (if any) and its actions."""
    advice = catalog.advice if catalog is not None else None
    report = assessment_report(db, assessment_id, advice)
    before = previous_assessment(db, report.assessment)
    comparison = compare(db, before.id, assessment_id) if before else None
    return report, comparison, storage.list_actions(db, assessment_id=assessment_id)


def agenda_frame(actions: list[Action]) -> pd.DataFrame:
    rows = [
        {
            "wat": a.wat,
            "waarom": a.waarom,
            "wie": a.wie,
            "wanneer": nl_date(a.wanneer) if a.wanneer else "",
            "status": agenda.STATUS_LABELS.get(a.status, a.status),
            "resultaat": a.result_note,
        }
        for a in actions
    ]
    return pd.DataFrame(rows, columns=["wat", "waarom", "wie", "wanneer", "status", "resultaat"])


def checklist_tables(
    report: AssessmentReport, comparison: ComparisonReport | None, actions: list[Action]
) -> dict[str, pd.DataFrame]:
    return exports.checklist_tables(report, comparison) | {AGENDA_SHEET: agenda_frame(actions)}


def _score(value: float | None) -> str:
    return "-" if value is None else str(whole(value))


def checklist_document(
    report: AssessmentReport, comparison: ComparisonReport | None, actions: list[Action]
) -> Document:
    p, a, result = report.process, report.assessment, report.result
    doc = Document(
        title=f"Hoe inclusief is dit proces? {p.name}",
        subtitle=(
            f"{p.organisation_name} · {a.title} van {nl_date(a.created_at)} · "
            f"{counted(result.n_assessors, 'beoordelaar', 'beoordelaars')}"
        ),
    )
    doc.add(
        Facts(
            [
                ("Fase", p.phase or "niet ingevuld"),
                ("Niveau van invloed", p.participation_level or "niet ingevuld"),
                ("Doelgroepen", ", ".join(p.target_groups) or "niet ingevuld"),
            ]
        )
    )
    if p.description:
        doc.add(Paragraph(p.description, "note"))
    doc.add(
        Paragraph(
            "De checklist is een hulpmiddel om samen naar één proces te kijken. De uitkomst is een begin "
            "van het gesprek, geen eindoordeel.",
            "box",
        )
    )
    doc.add(Heading("Uitkomst"))
    doc.add(
        Paragraph(f"Totaal: {_score(result.overall)} van 100, {light_label(result.overall_traffic_light)}."),
        Paragraph("Groen is 75 of meer, oranje 50 tot 75, rood minder dan 50.", "meta"),
    )
    dims = result.dimensions
    if any(d.score is not None for d in dims):
        reading = readings.read_dimensions([d.title for d in dims], [d.score for d in dims])
        figure = checklist_charts.dimension_bars(
            [d.title for d in dims],
            [d.score for d in dims],
            [d.traffic_light for d in dims],
            checklist_charts.PRINT,
        )
        doc.add(Chart(figure, reading, 900, int(figure.layout.height)))
    doc.add(Table(exports.dimension_table(report)))

    doc.add(Heading("Wat kan beter (nee of deels)"))
    if report.todo:
        doc.add(
            Bullets(
                [f"{c.text} ({c.dimension_title}; score {_score(c.score)})" for c in report.todo],
                numbered=True,
                details=[
                    "Actiepunt: " + " | ".join(c.actiepunten) if c.actiepunten else "Nog geen actiepunt."
                    for c in report.todo
                ],
            )
        )
    else:
        doc.add(Paragraph("Bij geen enkel criterium is nee of deels gekozen."))

    doc.add(Heading("Gespreksstarters: hier zijn de beoordelaars het oneens"))
    if report.disagreements:
        doc.add(
            Bullets(
                [c.text for c in report.disagreements],
                details=[
                    " | ".join(f"{n.assessor}: {n.toelichting}" for n in c.notes if n.toelichting)
                    for c in report.disagreements
                ],
            )
        )
    else:
        doc.add(Paragraph("Nergens zei de een ja en de ander nee."))

    if comparison is not None:
        before = comparison.before.assessment
        doc.add(Heading(f"Door de tijd: vergeleken met {before.title}"))
        doc.add(Paragraph(f"{before.title} is van {nl_date(before.created_at)}.", "meta"))
        labels = [r.title for r in comparison.dimensions]
        figure = checklist_charts.comparison_bars(
            labels,
            [r.before for r in comparison.dimensions],
            [r.after for r in comparison.dimensions],
            before.title,
            a.title,
            checklist_charts.PRINT,
        )
        up = len(comparison.improved)
        down = len(comparison.fell_back)
        reading = (
            f"Per dimensie de score van {before.title} (licht, gestreept) en van {a.title} (donker). "
            f"{up} criteria gingen vooruit en {down} achteruit. "
            + readings.read_dimension_changes(
                labels, [r.before for r in comparison.dimensions], [r.after for r in comparison.dimensions]
            )
        )
        doc.add(Chart(figure, reading, 900, int(figure.layout.height)))
        rows = [
            {
                "onderdeel": r.title,
                "eerder": whole(r.before),
                "nu": whole(r.after),
                "verschil": None if r.change is None else whole(r.after) - whole(r.before),
                "richting": direction_label(r.direction),
            }
            for r in [comparison.overall, *comparison.dimensions]
        ]
        frame = pd.DataFrame(rows, columns=["onderdeel", "eerder", "nu", "verschil", "richting"])
        for column in ("eerder", "nu", "verschil"):
            frame[column] = frame[column].astype("Int64")
        doc.add(Table(frame))

    if report.advice:
        doc.add(Heading("Tips om verder te komen"))
        for item in report.advice:
            doc.add(Heading(item.target_title, 3), Paragraph(item.reason, "meta"))
            doc.add(
                Bullets(
                    [f"{tip.title}: {tip.text}" for tip, _ in item.tips],
                    details=[
                        "Zie: " + "; ".join(r.title for r in resources) if resources else ""
                        for _, resources in item.tips
                    ],
                )
            )

    doc.add(Heading("Verbeteragenda"))
    if actions:
        frame = agenda_frame(actions)
        frame = frame.drop(columns=[c for c in ("wie", "resultaat") if frame[c].eq("").all()])
        doc.add(Table(frame))
    else:
        doc.add(Paragraph("Uit deze beoordeling staan nog geen actiepunten op de verbeteragenda."))

    doc.add(Heading("Alle criteria"))
    options = report.checklist.options
    for dimension in report.checklist.dimensions:
        rows = []
        for c in (c for c in report.criteria if c.dimension_id == dimension.id):
            counts = ", ".join(f"{o.label} {c.counts.get(o.id, 0)}" for o in options if c.counts.get(o.id))
            rows.append(
                {
                    "criterium": c.text,
                    "score": whole(c.score),
                    "antwoorden": (counts or "niet beantwoord")
                    + (" (ja tegenover nee)" if c.disagreement else ""),
                }
            )
        frame = pd.DataFrame(rows, columns=["criterium", "score", "antwoorden"])
        frame["score"] = frame["score"].astype("Int64")
        doc.add(Heading(dimension.title, 3), Table(frame))
    return doc


def checklist_report(db: Database, catalog: Catalog | None, assessment_id: int, fmt: str) -> bytes:
    """The checklist report of one assessment as HTML, PDF or XLSX bytes."""
    report, comparison, actions = gather(db, catalog, assessment_id)
    if fmt == "xlsx":
        return spreadsheet.to_excel_bytes(checklist_tables(report, comparison, actions))
    doc = checklist_document(report, comparison, actions)
    if fmt == "html":
        return to_html(doc, generated_on=today()).encode("utf-8")
    if fmt == "pdf":
        images = render_png([(c.figure, c.width, c.height) for c in doc.charts if c.static])
        return to_pdf(doc, images, generated_on=today())
    raise ValueError(f"Onbekend formaat: {fmt}")


def file_stem(db: Database, assessment_id: int) -> str:
    report = assessment_report(db, assessment_id)
    return exports.file_stem(report)
