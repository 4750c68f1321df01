"""Exports of a checklist result: tables (CSV, Excel) and a printable HTML page.

Text people typed can reach a spreadsheet, so every text cell that a spreadsheet would read as a formula
(starting with =, +, -, @, a tab or a carriage return) gets a leading apostrophe. In the HTML export
every piece of text is escaped, so typed HTML shows as text. No streamlit here.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pandas as pd

from dia_scan.checklist.results import AssessmentReport, ComparisonReport, direction_label
from dia_scan.core.text import counted, nl_date, whole
from dia_scan.output.palette import LIGHT_MEANINGS, LIGHT_SYMBOLS, LIGHT_TEXT_COLOURS, light_label

SHEETS = ("dimensies", "criteria", "actiepunten", "verschillen")
OVER_TIME_SHEET = "door de tijd"


# -- the checklist as tables ---------------------------------------------------------------------


def dimension_table(report: AssessmentReport) -> pd.DataFrame:
    rows = [
        {"dimensie": d.title, "score": whole(d.score), "stoplicht": light_label(d.traffic_light)}
        for d in report.result.dimensions
    ]
    rows.append(
        {
            "dimensie": "Totaal",
            "score": whole(report.result.overall),
            "stoplicht": light_label(report.result.overall_traffic_light),
        }
    )
    return _frame(rows, ["dimensie", "score", "stoplicht"], int_columns=["score"])


def criteria_table(report: AssessmentReport) -> pd.DataFrame:
    options = report.checklist.options
    columns = ["dimensie", "criterium", "score", "stoplicht"] + [o.label for o in options]
    columns += ["ja tegenover nee", "toelichtingen", "actiepunten"]
    rows = []
    for c in report.criteria:
        row = {
            "dimensie": c.dimension_title,
            "criterium": c.text,
            "score": whole(c.score),
            "stoplicht": light_label(c.light),
        }
        row.update({o.label: c.counts.get(o.id, 0) for o in options})
        row["ja tegenover nee"] = "ja" if c.disagreement else ""
        row["toelichtingen"] = "\n".join(c.toelichtingen)
        row["actiepunten"] = "\n".join(c.actiepunten)
        rows.append(row)
    return _frame(rows, columns, int_columns=["score"])


def actions_table(report: AssessmentReport) -> pd.DataFrame:
    """The to-do list: every criterion answered "nee" or "deels", one row per assessor's note."""
    columns = [
        "dimensie",
        "criterium",
        "score",
        "stoplicht",
        "beoordelaar",
        "antwoord",
        "actiepunt",
        "toelichting",
    ]
    rows = []
    for c in report.todo:
        base = {
            "dimensie": c.dimension_title,
            "criterium": c.text,
            "score": whole(c.score),
            "stoplicht": light_label(c.light),
        }
        notes = [n for n in c.notes if n.actiepunt or n.option_id in ("nee", "deels")]
        for note in notes:
            rows.append(
                {
                    **base,
                    "beoordelaar": note.assessor,
                    "antwoord": report.option_label(note.option_id),
                    "actiepunt": note.actiepunt,
                    "toelichting": note.toelichting,
                }
            )
    return _frame(rows, columns, int_columns=["score"])


def disagreement_table(report: AssessmentReport) -> pd.DataFrame:
    """Criteria where one assessor said "ja" and another "nee": gespreksstarters."""
    options = report.checklist.options
    columns = ["dimensie", "criterium", "score"] + [o.label for o in options] + ["toelichtingen"]
    rows = []
    for c in report.disagreements:
        row = {"dimensie": c.dimension_title, "criterium": c.text, "score": whole(c.score)}
        row.update({o.label: c.counts.get(o.id, 0) for o in options})
        row["toelichtingen"] = "\n".join(f"{n.assessor}: {n.toelichting}" for n in c.notes if n.toelichting)
        rows.append(row)
    return _frame(rows, columns, int_columns=["score"])


def change_table(comparison: ComparisonReport) -> pd.DataFrame:
    columns = ["niveau", "onderdeel", "dimensie", "eerder", "nu", "verschil", "richting"]
    rows = [
        {
            "niveau": r.level,
            "onderdeel": r.title,
            "dimensie": r.dimension_title,
            "eerder": whole(r.before),
            "nu": whole(r.after),
            "verschil": None if r.change is None else whole(r.after) - whole(r.before),
            "richting": direction_label(r.direction),
        }
        for r in [comparison.overall, *comparison.dimensions, *comparison.criteria]
    ]
    return _frame(rows, columns, int_columns=["eerder", "nu", "verschil"])


def checklist_tables(
    report: AssessmentReport, comparison: ComparisonReport | None = None
) -> dict[str, pd.DataFrame]:
    """The views of a result, by sheet name: dimensies, criteria, actiepunten, verschillen (and
    "door de tijd" when there is an earlier assessment to compare with)."""
    tables = {
        "dimensies": dimension_table(report),
        "criteria": criteria_table(report),
        "actiepunten": actions_table(report),
        "verschillen": disagreement_table(report),
    }
    if comparison is not None:
        tables[OVER_TIME_SHEET] = change_table(comparison)
    return tables


def _frame(rows: list[dict], columns: list[str], int_columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for column in int_columns:
        frame[column] = frame[column].astype("Int64")
    return frame


def file_stem(report: AssessmentReport) -> str:
    """A safe file name: "inclusiviteit-wijkvisie-noord-beoordeling-2"."""
    raw = f"inclusiviteit {report.process.name} {report.assessment.title}".lower()
    cleaned = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in raw)
    return "-".join(part for part in cleaned.split("-") if part)[:80] or "inclusiviteit"


# -- printable HTML ------------------------------------------------------------------------------

_CSS = """
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; color: #111; margin: 2em auto;
       max-width: 48em; line-height: 1.4; }
h1 { font-size: 18pt; margin-bottom: 0.2em; }
h2 { font-size: 13pt; margin-top: 1.6em; border-bottom: 1px solid #999; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
th, td { border: 1px solid #bbb; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; white-space: nowrap; }
.meta { color: #444; }
.light { font-weight: bold; white-space: nowrap; }
.bar { background: #eee; height: 0.8em; width: 10em; display: inline-block; vertical-align: middle; }
.bar span { display: block; height: 100%; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.note { white-space: pre-wrap; }
tr, li { page-break-inside: avoid; }
@media print { body { margin: 0; max-width: none; } a { color: #111; } }
"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


def _light_html(light: str | None) -> str:
    if light is None:
        return '<span class="light">geen score</span>'
    return (
        f'<span class="light" style="color:{LIGHT_TEXT_COLOURS[light]}">'
        f"{_e(LIGHT_SYMBOLS[light])} {_e(light)}</span> ({_e(LIGHT_MEANINGS[light])})"
    )


def _score_text(score: float | None) -> str:
    return "-" if score is None else str(whole(score))


def checklist_html(report: AssessmentReport, comparison: ComparisonReport | None = None) -> str:
    """A standalone page that prints well on A4; all text escaped."""
    p, a, result = report.process, report.assessment, report.result
    parts = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        f"<title>{_e('Inclusiviteit: ' + p.name)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(p.name)}</h1>",
        f'<p class="meta">{_e(p.organisation_name)} · {_e(a.title)} van {_e(nl_date(a.created_at))}'
        f" · {counted(result.n_assessors, 'beoordelaar', 'beoordelaars')}</p>",
    ]
    facts = [
        ("Fase", p.phase or "niet ingevuld"),
        ("Niveau van invloed", p.participation_level or "niet ingevuld"),
        ("Doelgroepen", ", ".join(p.target_groups) or "niet ingevuld"),
    ]
    parts.append(
        "<table>" + "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in facts) + "</table>"
    )
    if p.description:
        parts.append(f'<p class="note">{_e(p.description)}</p>')
    parts.append(
        f"<h2>Uitkomst</h2><p>Totaal: <strong>{_score_text(result.overall)} van 100</strong> "
        f"{_light_html(result.overall_traffic_light)}</p>"
        '<p class="meta">Groen is 75 of meer, oranje 50 tot 75, rood minder dan 50. De uitkomst is een '
        "begin van het gesprek, geen eindoordeel.</p>"
    )
    parts.append("<table><tr><th>Dimensie</th><th>Score</th><th></th><th>Stoplicht</th></tr>")
    for d in result.dimensions:
        width = 0 if d.score is None else max(0.0, min(100.0, d.score))
        colour = LIGHT_TEXT_COLOURS.get(d.traffic_light or "", "#595959")
        parts.append(
            f'<tr><td>{_e(d.title)}</td><td class="num">{_score_text(d.score)}</td>'
            f'<td><span class="bar"><span style="width:{width:.0f}%;background:{colour}"></span></span></td>'
            f"<td>{_light_html(d.traffic_light)}</td></tr>"
        )
    parts.append("</table>")

    parts.append("<h2>Wat kan beter (nee of deels)</h2>")
    if report.todo:
        parts.append("<ol>")
        for c in report.todo:
            actions = "".join(f'<li class="note">{_e(t)}</li>' for t in c.actiepunten)
            parts.append(
                f'<li><strong>{_e(c.text)}</strong> <span class="meta">({_e(c.dimension_title)}; '
                f"score {_score_text(c.score)})</span>"
                + (f"<ul>{actions}</ul>" if actions else '<div class="meta">Nog geen actiepunt.</div>')
                + "</li>"
            )
        parts.append("</ol>")
    else:
        parts.append("<p>Bij geen enkel criterium is nee of deels gekozen.</p>")

    parts.append("<h2>Gespreksstarters: hier zijn de beoordelaars het oneens</h2>")
    if report.disagreements:
        parts.append("<ul>")
        for c in report.disagreements:
            notes = "".join(
                f'<li class="note">{_e(n.assessor)}: {_e(n.toelichting)}</li>'
                for n in c.notes
                if n.toelichting
            )
            parts.append(f"<li>{_e(c.text)}" + (f"<ul>{notes}</ul>" if notes else "") + "</li>")
        parts.append("</ul>")
    else:
        parts.append("<p>Nergens zei de een ja en de ander nee.</p>")

    if report.advice:
        parts.append("<h2>Tips om verder te komen</h2>")
        for item in report.advice:
            parts.append(f'<h3>{_e(item.target_title)}</h3><p class="meta">{_e(item.reason)}</p><ul>')
            for tip, resources in item.tips:
                sources = "; ".join(r.title for r in resources)
                parts.append(
                    f"<li><strong>{_e(tip.title)}</strong>: {_e(tip.text)}"
                    + (f' <span class="meta">({_e(sources)})</span>' if sources else "")
                    + "</li>"
                )
            parts.append("</ul>")

    if comparison is not None:
        before = comparison.before.assessment
        parts.append(
            f"<h2>Door de tijd: vergeleken met {_e(before.title)} van {_e(nl_date(before.created_at))}</h2>"
            "<table><tr><th>Onderdeel</th><th>Eerder</th><th>Nu</th><th>Verschil</th></tr>"
        )
        for r in [comparison.overall, *comparison.dimensions]:
            diff = "-" if r.change is None else f"{whole(r.after) - whole(r.before):+d}"
            parts.append(
                f'<tr><td>{_e(r.title)}</td><td class="num">{_score_text(r.before)}</td>'
                f'<td class="num">{_score_text(r.after)}</td><td>{_e(diff)} ({_e(direction_label(r.direction))})</td></tr>'
            )
        parts.append("</table>")

    parts.append("<h2>Alle criteria</h2><table><tr><th>Criterium</th><th>Score</th><th>Antwoorden</th></tr>")
    current = None
    for c in report.criteria:
        if c.dimension_title != current:
            current = c.dimension_title
            parts.append(f'<tr><th colspan="3">{_e(current)}</th></tr>')
        counts = ", ".join(
            f"{o.label} {c.counts.get(o.id, 0)}" for o in report.checklist.options if c.counts.get(o.id)
        )
        flag = " (ja tegenover nee)" if c.disagreement else ""
        notes = "".join(
            f'<div class="note meta">{_e(n.assessor)}: {_e(n.toelichting)}</div>'
            for n in c.notes
            if n.toelichting
        )
        parts.append(
            f'<tr><td>{_e(c.text)}{notes}</td><td class="num">{_score_text(c.score)}</td>'
            f"<td>{_e(counts or 'niet beantwoord')}{_e(flag)}</td></tr>"
        )
    parts.append("</table>")
    stamp = nl_date(datetime.now(UTC).isoformat())
    parts.append(f'<p class="meta">Gemaakt met DiA Scan op {stamp}.</p></body></html>')
    return "\n".join(parts)
