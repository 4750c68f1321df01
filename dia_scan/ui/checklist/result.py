"""The result of a checklist: scores with traffic lights (colour, shape and word), a chart with a table
behind it, the to-do list with actiepunten for the verbeteragenda, gespreksstarters, tips, the
comparison over time, the downloads and a compact print view.

One module because the screen, its print view and the history read the same report the same way; the
tables and numbers themselves live in checklist.exports and checklist.results."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dia_scan import storage
from dia_scan.checklist import exports
from dia_scan.checklist import service as checklists
from dia_scan.checklist.service import AssessmentReport, ComparisonReport
from dia_scan.core.errors import ServiceError
from dia_scan.core.records import Assessment
from dia_scan.core.text import counted, markdown_safe, names, nl_date, whole
from dia_scan.output import readings, spreadsheet
from dia_scan.output.checklist_charts import comparison_bars, dimension_bars
from dia_scan.output.palette import LIGHT_MEANINGS, light_label
from dia_scan.ui.checklist import access as checklist_access
from dia_scan.ui.common.advice import show_advice
from dia_scan.ui.common.context import catalog
from dia_scan.ui.common.report_downloads import checklist_report_downloads
from dia_scan.ui.common.tables import show_table

_BADGES = {
    "groen": ("green", ":material/check_circle:"),
    "oranje": ("orange", ":material/error:"),
    "rood": ("red", ":material/cancel:"),
}
_CHART_CONFIG = {"displayModeBar": False, "responsive": True}
_NOTICE = "checklist_result_notice"
#: To-do items shown straight away; the rest sit in an expander so a phone screen stays short.
TODO_SHOWN = 6


def badge_markdown(light: str | None) -> str:
    """A traffic light as a Markdown badge: colour, icon and word (colour-blind readers get two cues)."""
    if light is None:
        return ":gray-badge[geen score]"
    colour, icon = _BADGES[light]
    return f":{colour}-badge[{icon} {light.capitalize()}: {LIGHT_MEANINGS[light]}]"


def _score(value: float | None) -> str:
    return "-" if value is None else str(whole(value))


def _reading(report: AssessmentReport) -> str:
    """One or two sentences that say what the chart shows (as text: titles come from the YAML)."""
    dims = report.result.dimensions
    return readings.read_dimensions([d.title for d in dims], [d.score for d in dims])


# -- actions -------------------------------------------------------------------------------------


def _to_agenda(assessment_id: int, criterion_id: str, text: str) -> None:
    try:
        conn = storage.connect()
        try:
            report = checklists.assessment_report(conn, assessment_id)
            permit = checklist_access.process_permit(report.process.id)
            checklists.put_on_agenda(conn, permit, report, criterion_id, text)
        finally:
            conn.close()
    except (ServiceError, storage.StorageError) as err:
        st.session_state[_NOTICE] = ("error", str(err))
    else:
        st.session_state[_NOTICE] = ("success", "Het actiepunt staat op de verbeteragenda.")


# -- the result ----------------------------------------------------------------------------------


def show(conn, report: AssessmentReport, comparison: ComparisonReport | None, *, key: str) -> None:
    result = report.result
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        (st.success if notice[0] == "success" else st.error)(notice[1])
    if result.n_assessors == 0:
        st.info(
            "Er zijn nog geen antwoorden. Zodra iemand een criterium heeft beantwoord, ziet u hier de uitkomst."
        )
        return
    _headline(report, comparison)
    st.subheader("Per dimensie", anchor=False)
    reading = _reading(report)
    st.markdown(f"**Zo leest u de grafiek.** {markdown_safe(reading)}")
    dims = result.dimensions
    st.plotly_chart(
        dimension_bars([d.title for d in dims], [d.score for d in dims], [d.traffic_light for d in dims]),
        config=_CHART_CONFIG,
        key=f"{key}_chart",
        alt=f"Staafgrafiek van de score per dimensie, met het stoplicht als woord. {reading}",
    )
    for d in dims:
        st.markdown(f"{d.title} · **{_score(d.score)}** {badge_markdown(d.traffic_light)}")
    with st.expander("Als tabel"):
        show_table(exports.dimension_table(report), hide_index=True)
    _todo(conn, report, key=key)
    _not_yet(report)
    _disagreements(report)
    _advice(report)
    with st.expander("Alle criteria, met antwoorden en toelichtingen"):
        show_table(exports.criteria_table(report), hide_index=True)
    downloads(report, comparison, key=key)
    st.markdown("**Het volledige rapport, met grafieken**")
    checklist_report_downloads(conn, catalog(), report.assessment.id, key=f"{key}_report")


def _headline(report: AssessmentReport, comparison: ComparisonReport | None) -> None:
    result = report.result
    delta = None
    if comparison is not None and comparison.overall.change is not None:
        change = whole(comparison.overall.after) - whole(comparison.overall.before)
        delta = f"{change:+d} sinds {comparison.before.assessment.title}"
    with st.container(border=True):
        st.metric("Totaal (0-100)", _score(result.overall), delta=delta)
        st.markdown(badge_markdown(result.overall_traffic_light))
        done = sum(1 for a in report.assessors if a["submitted_at"])
        st.caption(
            f"{counted(result.n_assessors, 'beoordelaar', 'beoordelaars')} met antwoorden, {done} klaar. Groen is 75 of meer, oranje 50 "
            "tot 75, rood minder dan 50. De uitkomst is een begin van het gesprek, geen eindoordeel."
        )
        st.caption(markdown_safe(_context_line(report)))


def _context_line(report: AssessmentReport) -> str:
    """By whom the checklist was filled in (the phase is in the process's line above)."""
    return "Ingevuld door: " + names(report.who)


def _not_yet(report: AssessmentReport) -> None:
    """Criteria for a later phase: shown as such, never as a red score."""
    not_yet = report.not_yet
    if not not_yet:
        return
    with st.expander(
        f"Nog niet aan de orde in de fase {report.phase}: {counted(len(not_yet), 'criterium', 'criteria')}"
    ):
        st.caption(
            "Deze criteria horen bij een latere fase van het proces. Ze tellen niet mee in de scores; "
            "vul de checklist in een latere fase opnieuw in om ze te beoordelen."
        )
        st.markdown(
            "\n".join(f"- {markdown_safe(c.text)} ({markdown_safe(c.dimension_title)})" for c in not_yet)
        )


def _todo(conn, report: AssessmentReport, *, key: str) -> None:
    st.subheader("Wat kan beter", anchor=False)
    todo = report.todo
    if not todo:
        st.markdown("Bij geen enkel criterium is *nee* of *deels* gekozen.")
        return
    st.caption("De criteria waar iemand *nee* of *deels* koos, de laagste score eerst, met de actiepunten.")
    on_agenda = checklists.agenda_texts(conn, report.assessment.id)
    for c in todo[:TODO_SHOWN]:
        _todo_item(report, c, on_agenda, key=key)
    if len(todo) > TODO_SHOWN:
        with st.expander(f"Nog {len(todo) - TODO_SHOWN} criteria met nee of deels"):
            for c in todo[TODO_SHOWN:]:
                _todo_item(report, c, on_agenda, key=key)


def _todo_item(report: AssessmentReport, c, on_agenda: set[str], *, key: str) -> None:
    with st.container(border=True):
        st.caption(c.dimension_title)
        st.markdown(f"**{c.text}**")
        counts = ", ".join(
            f"{o.label.lower()} {c.counts.get(o.id, 0)}"
            for o in report.checklist.options
            if c.counts.get(o.id)
        )
        st.markdown(f"Score {_score(c.score)} {badge_markdown(c.light)} · {counts}")
        if not c.actiepunten:
            st.caption("Nog geen actiepunt. Schrijf er een bij het invullen.")
        for index, text in enumerate(c.actiepunten):
            st.text(f"Actiepunt: {text}")
            if checklists.agenda_text_for(text) in on_agenda:
                st.button(
                    "Staat op de verbeteragenda",
                    key=f"{key}_agenda_{c.id}_{index}",
                    icon=":material/playlist_add_check:",
                    disabled=True,
                )
            else:
                st.button(
                    "Zet op de verbeteragenda",
                    key=f"{key}_agenda_{c.id}_{index}",
                    icon=":material/playlist_add:",
                    on_click=_to_agenda,
                    args=(report.assessment.id, c.id, text),
                )


def _disagreements(report: AssessmentReport) -> None:
    st.subheader("Gespreksstarters", anchor=False)
    items = report.disagreements
    if not items:
        st.markdown("Nergens zei de een *ja* en de ander *nee*.")
        return
    st.caption("Hier zei de een *ja* en de ander *nee*. Vraag elkaar waarom: dat is vaak het beste gesprek.")
    for c in items:
        with st.container(border=True):
            st.caption(c.dimension_title)
            st.markdown(f":material/forum: **{c.text}**")
            for note in c.notes:
                if note.option_id:
                    said = report.option_label(note.option_id).lower()
                    st.text(
                        f"{note.assessor}: {said}" + (f". {note.toelichting}" if note.toelichting else "")
                    )


def _advice(report: AssessmentReport) -> None:
    if not report.advice:
        return
    st.subheader("Tips om verder te komen", anchor=False)
    show_advice(report.advice)


# -- downloads and print -------------------------------------------------------------------------


def downloads(report: AssessmentReport, comparison: ComparisonReport | None, *, key: str) -> None:
    st.subheader("Downloaden", anchor=False)
    tables = exports.checklist_tables(report, comparison)
    stem = exports.file_stem(report)
    choice = st.selectbox("Welke tabel als CSV?", list(tables), key=f"{key}_csv_table")
    with st.container(horizontal=True):
        st.download_button(
            "CSV",
            spreadsheet.to_csv_bytes(tables[choice]),
            file_name=f"{stem}-{choice.replace(' ', '-')}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            icon=":material/download:",
            on_click="ignore",
        )
        st.download_button(
            "Excel (alle tabellen)",
            spreadsheet.to_excel_bytes(tables),
            file_name=f"{stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}_xlsx",
            icon=":material/table_view:",
            on_click="ignore",
        )
        st.download_button(
            "Pagina om te printen (HTML)",
            exports.checklist_html(report, comparison).encode("utf-8"),
            file_name=f"{stem}.html",
            mime="text/html",
            key=f"{key}_html",
            icon=":material/print:",
            on_click="ignore",
        )


_PRINT_CSS = """<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stSidebarCollapsedControl"], .st-key-incl_print { display: none !important; }
  .block-container { padding-top: 0 !important; }
}
</style>"""


def show_print(report: AssessmentReport, comparison: ComparisonReport | None) -> None:
    """A compact summary without buttons or inputs: print it with the browser (Ctrl+P)."""
    st.html(_PRINT_CSS)
    process, assessment, result = report.process, report.assessment, report.result
    st.caption("Printweergave: druk op Ctrl+P (of Cmd+P) om te printen.")
    st.markdown(f"### {markdown_safe(process.name)}")
    st.caption(
        markdown_safe(
            f"{process.organisation_name} · {assessment.title} van {nl_date(assessment.created_at)} · "
            f"{counted(result.n_assessors, 'beoordelaar', 'beoordelaars')}"
        )
    )
    st.markdown(
        f"**Totaal: {_score(result.overall)} van 100** {badge_markdown(result.overall_traffic_light)}"
    )
    st.table(exports.dimension_table(report).set_index("dimensie"))
    st.markdown("**Wat kan beter**")
    todo = report.todo
    if not todo:
        st.markdown("Bij geen enkel criterium is *nee* of *deels* gekozen.")
    lines = []
    for number, c in enumerate(todo, start=1):
        lines.append(f"{number}. {c.text} ({_score(c.score)} · {c.dimension_title})")
        # typed text goes through markdown_safe(): escaped, so it can only ever be text
        lines.extend(f"    - Actiepunt: {markdown_safe(text)}" for text in c.actiepunten)
    if lines:
        st.markdown("\n".join(lines))
    if report.disagreements:
        st.markdown("**Gespreksstarters (ja tegenover nee)**")
        for c in report.disagreements:
            st.markdown(f"- {c.text}")
    if comparison is not None:
        st.markdown(f"**Sinds {markdown_safe(comparison.before.assessment.title)}**")
        st.table(
            _readable(exports.change_table(comparison).query("niveau != 'criterium'")).set_index("onderdeel")
        )
    if report.advice:
        st.markdown("**Tips**")
        for item in report.advice:
            for tip, _ in item.tips:
                st.markdown(f"- {tip.title} ({item.target_title})")


# -- over time -----------------------------------------------------------------------------------


def show_over_time(conn, assessments: list[Assessment], current_id: int, *, key: str) -> None:
    """Assessments of one process side by side: what improved and what fell back."""
    if len(assessments) < 2:
        st.info(
            "Er is nog maar één beoordeling van dit proces. Start later een nieuwe beoordeling "
            "(onder *Opnieuw beoordelen*) om te zien wat er veranderd is."
        )
        return
    history = checklists.history(conn, assessments[0].process_id)
    show_table(
        [
            {
                "beoordeling": h["title"],
                "datum": nl_date(h["created_at"]),
                "beoordelaars": h["assessors"],
                "ingevuld door": names(h["who"]),
                "totaal": whole(h["overall"]),
                "stoplicht": light_label(h["light"]),
            }
            for h in history
        ],
        hide_index=True,
    )
    ids = [a.id for a in assessments]
    titles = {a.id: f"{a.title} ({nl_date(a.created_at)})" for a in assessments}
    after_default = ids.index(current_id) if current_id in ids else len(ids) - 1
    after_default = max(1, after_default)
    cols = st.columns(2)
    before_id = cols[0].selectbox(
        "Eerder", ids, index=after_default - 1, format_func=titles.get, key=f"{key}_before"
    )
    after_id = cols[1].selectbox(
        "Later", ids, index=after_default, format_func=titles.get, key=f"{key}_after"
    )
    if before_id == after_id:
        st.info("Kies twee verschillende beoordelingen.")
        return
    comparison = checklists.compare(conn, before_id, after_id)
    before_name, after_name = comparison.before.assessment.title, comparison.after.assessment.title
    overall = comparison.overall
    st.metric(
        f"Totaal: {after_name}",
        _score(overall.after),
        delta=None if overall.change is None else f"{whole(overall.after) - whole(overall.before):+d} punten",
    )
    dimension_titles = [d.title for d in comparison.dimensions]
    before_scores = [d.before for d in comparison.dimensions]
    after_scores = [d.after for d in comparison.dimensions]
    reading = readings.read_dimension_changes(dimension_titles, before_scores, after_scores)
    st.plotly_chart(
        comparison_bars(dimension_titles, before_scores, after_scores, before_name, after_name),
        config=_CHART_CONFIG,
        key=f"{key}_compare_chart",
        alt=f"Staafgrafiek van de score per dimensie, eerder en later. {reading}",
    )
    st.markdown(f"**Zo leest u de grafiek.** {markdown_safe(reading)}")
    table = _readable(exports.change_table(comparison))
    show_table(table[table["niveau"] != "criterium"].drop(columns=["niveau", "dimensie"]), hide_index=True)
    cols = st.columns(2)
    with cols[0]:
        st.markdown(":material/trending_up: **Beter geworden**")
        for c in comparison.improved or []:
            st.markdown(f"- {c.title} ({_score(c.before)} → {_score(c.after)})")
        if not comparison.improved:
            st.caption("Geen criterium ging vooruit.")
    with cols[1]:
        st.markdown(":material/trending_down: **Teruggevallen**")
        for c in comparison.fell_back or []:
            st.markdown(f"- {c.title} ({_score(c.before)} → {_score(c.after)})")
        if not comparison.fell_back:
            st.caption("Geen criterium ging achteruit.")
    with st.expander("Alle criteria"):
        show_table(
            table[table["niveau"] == "criterium"].drop(columns=["niveau"]),
            hide_index=True,
        )


def _readable(table):
    """Scores as text for the screen: "-" where a dimension had no answers (not Python's "None"),
    and the change with its sign."""
    out = table.astype(object).copy()
    for column in ("eerder", "nu"):
        if column in out:
            out[column] = ["-" if pd.isna(v) else str(int(v)) for v in table[column].tolist()]
    if "verschil" in out:
        out["verschil"] = ["-" if pd.isna(v) else f"{int(v):+d}" for v in table["verschil"].tolist()]
    return out
