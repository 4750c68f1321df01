"""What a round report holds, gathered once, and its tables: one per view (the Excel sheets).

Everything is built from the scored ``RoundResult`` (via ``build_round_report``), so a group under k
never reaches a table: hidden groups are named, never counted. No streamlit here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from sqlite_utils import Database

from dia_scan import storage
from dia_scan.common import agenda
from dia_scan.core import lifecycle
from dia_scan.core.catalog import Catalog
from dia_scan.core.records import Action, Round
from dia_scan.core.text import long_date, nl_date, whole
from dia_scan.output.sources import resource_line
from dia_scan.quickscan import result_view as view
from dia_scan.quickscan.results import RoundReport, build_round_report
from dia_scan.quickscan.rounds import open_for_answers

STATUS_LABELS = agenda.STATUS_LABELS
AGENDA_COLUMNS = ["Wat", "Thema", "Wie", "Wanneer", "Status", "Resultaat", "Uit"]


# -- gathering -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundExport:
    """Everything a round report shows: the scored round, its agenda and what became of the last one."""

    report: RoundReport
    agenda: agenda.RoundAgenda
    previous_actions: list[Action]
    changes: pd.DataFrame | None
    round_titles: dict[int, str]

    @property
    def round(self) -> Round:
        return self.report.round


def gather(db: Database, catalog: Catalog | None, round_row: Round) -> RoundExport:
    report = build_round_report(db, catalog, round_row)
    previous, previous_actions = agenda.previous_round_actions(db, round_row)
    titles = {r.id: r.title for r in storage.list_rounds(db, round_row.organisation_id)}
    return RoundExport(
        report=report,
        agenda=agenda.round_agenda(db, round_row),
        previous_actions=previous_actions if previous else [],
        changes=view.theme_changes(db, report),
        round_titles=titles,
    )


def period_text(round_row: Round) -> str:
    start, end = long_date(round_row.period_start), long_date(round_row.period_end)
    if start and end:
        return f"{start} tot en met {end}"
    if start:
        return f"vanaf {start}"
    return f"tot en met {end}" if end else ""


def status_text(round_row: Round) -> str:
    if open_for_answers(round_row):
        return "open: er kunnen nog antwoorden bijkomen"
    return lifecycle.status_word(round_row)


def file_stem_for(round_row: Round) -> str:
    """A safe file name: "quick-scan-demogemeente-bergveld-quick-scan-najaar-2026"."""
    raw = f"{round_row.organisation_name} {round_row.title}".lower()
    cleaned = re.sub(r"[^a-z0-9]+", "-", raw).strip("-")
    return ("quick-scan-" + cleaned)[:90].rstrip("-") if cleaned else "quick-scan"


# -- tables (Excel, and the tables in HTML and PDF) ----------------------------------------------


def _int(value: float | None) -> int | None:
    return whole(value)


def table_frame(rows: list[dict], columns: list[str], ints: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for column in ints:
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    return frame


def respondents_table(result) -> pd.DataFrame:
    """Shown groups with their number of respondents; hidden groups by name only, never a number."""
    rows = [
        {"Groep": line.label, "Deelnemers": line.text, "Apart getoond": "ja" if line.shown else "nee"}
        for line in view.who_responded(result)
    ]
    return table_frame(rows, ["Groep", "Deelnemers", "Apart getoond"])


def summary_table(export: RoundExport) -> pd.DataFrame:
    report, result, r = export.report, export.report.result, export.round
    rows = [
        ("Organisatie", report.organisation.name),
        ("Ronde", r.title),
        ("Periode", period_text(r)),
        ("Vragenlijst", report.instrument.title),
        ("Status", status_text(r)),
        ("Deelnemers in de getoonde groepen", str(result.respondents_total)),
    ]
    for line in view.who_responded(result):
        rows.append((f"Groep {line.label}", line.text))
    rows.append(("Totaalscore (0 tot 100)", _text(_int(result.total.overall))))
    rows.append(
        (
            "Kleine groepen",
            f"Een groep is pas apart te zien vanaf {result.k} deelnemers, zodat niemand herkenbaar is.",
        )
    )
    rows.append(("Zo gebruikt u de uitkomst", view.PRINCIPLES))
    if report.previous_round:
        rows.append(("Vorige ronde", report.previous_round.title))
    rows.extend(("Let op", note) for note in result.notes)
    return pd.DataFrame(rows, columns=["Onderdeel", "Waarde"])


def _text(value) -> str:
    return "" if value is None else str(value)


def themes_table(report: RoundReport) -> pd.DataFrame:
    result = report.result
    rows = []
    for t in result.themes:
        row = {"Thema": t.title, "Maatwerk": "ja" if t.custom else ""}
        row |= {g.label: _int(t.by_group.get(g.id)) for g in result.shown_groups}
        row["Totaal"] = _int(t.overall)
        rows.append(row)
    ints = tuple(g.label for g in result.shown_groups) + ("Totaal",)
    return table_frame(rows, ["Thema", "Maatwerk", *ints], ints)


def statements_table(report: RoundReport) -> pd.DataFrame:
    result, themes = report.result, {t.id: t.title for t in report.result.themes}
    groups = result.shown_groups
    columns = ["Thema", "Stelling", "Omgedraaid"] + [g.label for g in groups] + ["Totaal", "Verschil"]
    columns += [f"% weet niet {g.label}" for g in groups]
    rows = []
    for item in result.items:
        row = {"Thema": themes.get(item.theme_id, item.theme_id), "Stelling": item.text}
        row["Omgedraaid"] = "ja" if item.reverse else ""
        row |= {g.label: _int(item.by_group[g.id].score) for g in groups}
        row["Totaal"] = _int(item.overall)
        row["Verschil"] = _int(item.difference)
        for g in groups:
            share = item.by_group[g.id].dont_know_share
            row[f"% weet niet {g.label}"] = None if share is None else _int(100 * share)
        rows.append(row)
    return table_frame(
        rows, columns, tuple(c for c in columns if c not in ("Thema", "Stelling", "Omgedraaid"))
    )


def distribution_table(report: RoundReport) -> pd.DataFrame:
    frames = []
    for theme in report.result.themes:
        _, _, table = view.distribution(report.instrument, report.result, theme.id)
        if not table.empty:
            frames.append(table.assign(Thema=theme.title)[["Thema", *table.columns]])
    if not frames:
        return pd.DataFrame(columns=["Thema", "Stelling", "Groep"])
    return pd.concat(frames, ignore_index=True)


def priorities_table(report: RoundReport) -> pd.DataFrame:
    data = view.priorities_view(report.instrument, report.result)
    return data.table if data is not None else pd.DataFrame(columns=["Thema"])


NOTABLE_KINDS = {
    "highest_theme": "hoogste thema",
    "lowest_theme": "laagste thema",
    "inside_outside_gap": "binnenkant en buitenkant verschillen",
    "dont_know": "veel 'weet niet'",
    "change": "verandering sinds de vorige ronde",
}


def notable_table(result) -> pd.DataFrame:
    rows = [{"Soort": NOTABLE_KINDS.get(n.kind, n.kind), "Wat valt op": n.message} for n in result.notable]
    return table_frame(rows, ["Soort", "Wat valt op"])


def starters_table(result) -> pd.DataFrame:
    between, within = view.starters(result)
    rows = [{"Soort": "verschil tussen groepen", "Stelling": s.text, "Waarom": s.detail} for s in between]
    rows += [{"Soort": "verschil binnen een groep", "Stelling": s.text, "Waarom": s.detail} for s in within]
    return table_frame(rows, ["Soort", "Stelling", "Waarom"])


def open_answers_table(report: RoundReport) -> pd.DataFrame:
    rows = [
        {"Vraag": q.question, "Antwoord": text, "Groep": group}
        for q in view.open_answers(report.instrument, report.result)
        for text, group in q.answers
    ]
    return table_frame(rows, ["Vraag", "Antwoord", "Groep"])


def tips_table(report: RoundReport) -> pd.DataFrame:
    rows = [
        {
            "Thema": selected.target_title,
            "Waarom dit thema": selected.reason,
            "Tip": tip.title,
            "Uitleg": tip.text,
            "Bronnen": "; ".join(resource_line(r) for r in resources),
        }
        for selected in report.advice
        for tip, resources in selected.tips
    ]
    return table_frame(rows, ["Thema", "Waarom dit thema", "Tip", "Uitleg", "Bronnen"])


def _origin(action: Action, export: RoundExport) -> str:
    if action.round_id == export.round.id:
        return "deze ronde"
    if action.round_id is not None:
        return export.round_titles.get(action.round_id, "eerdere ronde")
    if action.assessment_id is not None:
        return "inclusiviteit-checklist"
    return "organisatie"


def action_rows(actions: list[Action], export: RoundExport | None = None) -> list[dict]:
    return [
        {
            "Wat": a.wat,
            "Thema": a.waarom,
            "Wie": a.wie,
            "Wanneer": nl_date(a.wanneer) if a.wanneer else "",
            "Status": STATUS_LABELS.get(a.status, a.status),
            "Resultaat": a.result_note,
            "Uit": _origin(a, export) if export else "",
        }
        for a in actions
    ]


def agenda_table(export: RoundExport) -> pd.DataFrame:
    return table_frame(action_rows(export.agenda.all, export), AGENDA_COLUMNS)


def round_tables(export: RoundExport) -> dict[str, pd.DataFrame]:
    """The aggregated results, one table per view (the sheets of the Excel file)."""
    report = export.report
    return {
        "Samenvatting": summary_table(export),
        "Thema's": themes_table(report),
        "Stellingen": statements_table(report),
        "Verdeling": distribution_table(report),
        "Prioriteiten": priorities_table(report),
        "Opvallend": notable_table(report.result),
        "Gespreksstarters": starters_table(report.result),
        "Verbetertips": tips_table(report),
        "Open antwoorden": open_answers_table(report),
        "Over de deelnemers": view.background_long_table(report.result),
        "Verbeteragenda": agenda_table(export),
    }
