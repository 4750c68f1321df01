"""The round report to download: a standalone HTML page, a PDF and an Excel workbook.

The three formats share one content list (:func:`round_document`) and one set of tables
(:mod:`dia_scan.quickscan.report_tables`), both built from the scored ``RoundResult``, so a group under k never
reaches a report. Spreadsheet cells that start like a formula are neutralised by
:mod:`dia_scan.checklist.exports`. No streamlit here.
"""

from __future__ import annotations

from sqlite_utils import Database

from dia_scan.core.catalog import Catalog
from dia_scan.core.records import Action, Round
from dia_scan.core.text import today, whole
from dia_scan.output import charts, spreadsheet
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
from dia_scan.output.readings import NEUTRAL, TOTAL_WEIGHING
from dia_scan.output.sources import resource_line
from dia_scan.quickscan import result_view as view
from dia_scan.quickscan.feedback import top_notable
from dia_scan.quickscan.report_tables import (
    AGENDA_COLUMNS,
    RoundExport,
    action_rows,
    file_stem_for,
    gather,
    period_text,
    round_tables,
    status_text,
    table_frame,
)

__all__ = ["FORMATS", "file_stem_for", "gather", "round_report"]

FORMATS = ("html", "pdf", "xlsx")

#: How many notable results the summary on page 1 names (all of them follow later).
SUMMARY_NOTABLE = 4


# -- the document (HTML and PDF) -----------------------------------------------------------------


def _agenda_blocks(actions: list[Action], export: RoundExport, empty: str, with_origin: bool) -> list:
    if not actions:
        return [Paragraph(empty)]
    frame = table_frame(action_rows(actions, export), AGENDA_COLUMNS)
    if not with_origin:
        frame = frame.drop(columns=["Uit"])
    frame = frame.drop(columns=[c for c in ("Wie", "Resultaat") if frame[c].eq("").all()])
    return [Table(frame)]


def _summary(export: RoundExport) -> list:
    """Page 1: the outcome in a few sentences, so the first page a raadslid reads says what came out."""
    result = export.report.result
    if not result.shown_groups:
        return []
    # the reading without what 50 means and how the total weighs groups: the page says that above
    reading = view.score_view(result, "thema").reading
    points = [reading.replace(NEUTRAL, "").replace(TOTAL_WEIGHING, "").strip()]
    points += [n.message for n in top_notable(export.report, SUMMARY_NOTABLE)]
    return [Heading("In het kort"), Bullets(points)]


def round_document(export: RoundExport, *, interactive: bool = True) -> Document:
    """The report's content in reading order: first what a raadslid needs, then the details."""
    report, result, r = export.report, export.report.result, export.round
    doc = Document(
        title=f"Quick Scan lokale democratie: {report.organisation.name}",
        subtitle=" · ".join(p for p in (r.title, period_text(r), f"scan {status_text(r)}") if p),
    )
    doc.add(
        Heading("Zo leest u dit rapport"),
        Paragraph(view.PRINCIPLES, "box"),
        Paragraph(
            f"Vragenlijst: {report.instrument.title}. {NEUTRAL} {TOTAL_WEIGHING} Een groep is pas apart "
            f"te zien vanaf {result.k} deelnemers, zodat niemand herkenbaar is."
        ),
    )
    doc.add(*_summary(export))
    doc.add(Heading("Wie deden mee"))
    lines = view.who_responded(result)
    shown = [line for line in lines if line.shown]
    hidden = [line for line in lines if not line.shown]
    if shown:
        doc.add(Facts([(line.label, line.text) for line in shown]))
        doc.add(Paragraph(f"Samen {result.respondents_total} deelnemers in de getoonde groepen.", "meta"))
    else:
        doc.add(Paragraph("Er is nog geen groep met genoeg deelnemers om te tonen."))
    if hidden:
        doc.add(Paragraph("Niet apart getoond:"), Bullets([f"{h.label}: {h.text}" for h in hidden]))

    if result.shown_groups:
        data = view.score_view(result, "thema")
        doc.add(
            Heading("Scores per thema"),
            Chart(
                charts.radar(data.labels, data.series, font_size=16, height=660, neutral_line=True),
                data.reading,
                860,
                660,
            ),
            Table(data.table),
        )
    doc.add(Heading("Opmerkelijke resultaten"))
    doc.add(
        Bullets([n.message for n in result.notable])
        if result.notable
        else Paragraph("Er zijn geen opmerkelijke resultaten gevonden.")
    )
    if report.previous_round is not None:
        doc.add(Heading("Verschil met de vorige ronde"))
        doc.add(Paragraph(f"Vergeleken met {report.previous_round.title}.", "meta"))
        if export.changes is not None:
            doc.add(Paragraph(view.read_changes(export.changes)), Table(export.changes))
        else:
            doc.add(Paragraph("De thema's zijn niet te vergelijken met de vorige ronde."))
        doc.add(Heading("Wat hebben we gedaan"))
        doc.add(
            Paragraph(
                f"De acties die na {report.previous_round.title} op de verbeteragenda kwamen, "
                "met hoe ver ze nu zijn."
            )
        )
        doc.add(
            *_agenda_blocks(
                export.previous_actions,
                export,
                "Na de vorige ronde zijn geen acties vastgelegd.",
                with_origin=False,
            )
        )
    doc.add(Heading("Gespreksstarters"))
    between, within = view.starters(result)
    if between:
        doc.add(
            Heading("Waar de groepen het meest verschillen", 3),
            Bullets([s.text for s in between], details=[s.detail for s in between]),
        )
    if within:
        doc.add(
            Heading("Waar de meningen binnen een groep het meest uiteenlopen", 3),
            Bullets([s.text for s in within], details=[s.detail for s in within]),
        )
    if not between and not within:
        doc.add(Paragraph("Nog geen gespreksstarters: daarvoor zijn antwoorden van meer deelnemers nodig."))

    priorities = view.priorities_view(report.instrument, result)
    doc.add(Heading("Waar willen de deelnemers het eerst aan werken?"))
    if priorities is None:
        doc.add(Paragraph("In deze ronde is niet gevraagd naar prioriteiten, of er zijn nog geen groepen."))
    else:
        figure = charts.priorities_bars(priorities.themes, priorities.series)
        doc.add(
            Chart(figure, priorities.reading, 860, int(figure.layout.height or 600)),
            Table(priorities.table),
        )

    doc.add(Heading("Verbetertips"))
    if report.advice:
        doc.add(
            Paragraph(
                "Tips voor de thema's die het laagst scoren of die de deelnemers het belangrijkst vinden."
            )
        )
        for selected in report.advice:
            doc.add(Heading(selected.target_title, 3), Paragraph(selected.reason, "meta"))
            doc.add(
                Bullets(
                    [f"{tip.title}: {tip.text}" for tip, _ in selected.tips],
                    details=[
                        "Zie: " + "; ".join(resource_line(r) for r in resources) if resources else ""
                        for _, resources in selected.tips
                    ],
                )
            )
    else:
        doc.add(Paragraph("Er zijn geen verbetertips gevonden voor deze uitkomst."))

    doc.add(Heading("Verbeteragenda"))
    doc.add(
        Paragraph(
            "De acties van deze ronde, en de acties van eerder die nog lopen of bij de vorige ronde horen."
        )
    )
    doc.add(*_agenda_blocks(export.agenda.all, export, "Er staan nog geen acties op de agenda.", True))

    doc.add(Heading("Thema's en stellingen"))
    if not result.shown_groups:
        doc.add(Paragraph("Er is nog geen groep met genoeg deelnemers om te tonen."))
    for theme in result.themes:
        total = whole(theme.overall)
        doc.add(Heading(f"{theme.title}: {total if total is not None else 'geen score'}", 3))
        if not result.shown_groups:
            continue
        doc.add(Paragraph(view.read_theme(result, theme.id)))
        doc.add(Table(view.statement_table(result, theme.id)))
        if interactive:
            options, rows, _ = view.distribution(report.instrument, result, theme.id)
            if rows:
                figure = charts.distribution_bars(options, rows)
                reading = "Hoe de groepen antwoordden: het deel van de antwoorden per groep, per stelling."
                doc.add(Chart(figure, reading, 1000, int(figure.layout.height or 600), static=False))
    if any(i.reverse for i in result.items):
        doc.add(
            Paragraph(
                "* Bij deze stelling betekent 'eens' iets negatiefs. De score is daarom omgedraaid: "
                "hoger is ook hier beter.",
                "meta",
            )
        )

    background = view.background_views(result)
    if background:
        doc.add(
            Heading("Over de deelnemers"),
            Paragraph(
                "Vragen die niet verplicht waren, apart geteld en niet te koppelen aan de andere antwoorden. "
                f"Een antwoord dat minder dan {result.k} deelnemers van een groep kozen, staat niet apart."
            ),
        )
        for item in background:
            doc.add(Heading(item.text, 3), Paragraph(item.reading), Table(item.table))
            if interactive:
                figure = charts.distribution_bars(
                    item.options, item.rows, palette=item.palette, panel_titles=False
                )
                doc.add(Chart(figure, item.reading, 1000, int(figure.layout.height or 300), static=False))
        too_few = view.background_too_few(result)
        if too_few:
            doc.add(
                Paragraph("Nog te weinig antwoorden om te tonen bij: " + "; ".join(too_few) + ".", "meta")
            )

    doc.add(Heading("Open antwoorden"))
    questions = view.open_answers(report.instrument, result)
    if not questions:
        doc.add(Paragraph(view.NO_OPEN_ANSWERS))
    else:
        doc.add(Paragraph(view.OPEN_ANSWERS_INTRO, "meta"))
        for question in questions:
            doc.add(
                Heading(question.question, 3),
                Bullets([text for text, _ in question.answers], details=[g for _, g in question.answers]),
            )
    for note in result.notes:
        doc.add(Paragraph(note, "meta"))
    return doc


# -- the three formats ---------------------------------------------------------------------------


def html_bytes(export: RoundExport) -> bytes:
    return to_html(round_document(export), generated_on=today()).encode("utf-8")


def pdf_bytes(export: RoundExport) -> bytes:
    doc = round_document(export, interactive=False)
    images = render_png([(c.figure, c.width, c.height) for c in doc.charts if c.static])
    return to_pdf(doc, images, generated_on=today())


def xlsx_bytes(export: RoundExport) -> bytes:
    return spreadsheet.to_excel_bytes(round_tables(export))


def render(export: RoundExport, fmt: str) -> bytes:
    if fmt == "html":
        return html_bytes(export)
    if fmt == "pdf":
        return pdf_bytes(export)
    if fmt == "xlsx":
        return xlsx_bytes(export)
    raise ValueError(f"Onbekend formaat: {fmt}")


def round_report(db: Database, catalog: Catalog | None, round_row: Round, fmt: str) -> bytes:
    """The round report as HTML, PDF or XLSX bytes."""
    return render(gather(db, catalog, round_row), fmt)
