"""Blocks of the coordinator dashboard: choices, filters, table, heatmap, radar overlay, spread, export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from dia_scan import storage
from dia_scan.common.organisations import SIZE_CLASS_LABELS, TYPE_LABELS, URBANISATION_LABELS
from dia_scan.compare import comparison as compare
from dia_scan.compare import view
from dia_scan.core.catalog import Catalog
from dia_scan.core.text import markdown_safe
from dia_scan.output import charts, compare_charts, readings, spreadsheet
from dia_scan.ui.common.dates import DATE_FORMAT
from dia_scan.ui.common.tables import show_table

MAX_HEATMAP_ROWS = 60
MAX_OVERLAY = 6


@dataclass(frozen=True)
class Choice:
    instrument_id: str
    date_from: date | None
    date_to: date | None


def choose_instrument_and_period(conn, cat: Catalog) -> Choice | None:
    """Instrument (only Quick Scans with rounds) and period; None when there is nothing to compare."""
    in_use = storage.organisations_per_instrument(conn)
    scans = sorted((q for q in cat.quickscans() if in_use.get(q.id)), key=lambda q: (-in_use[q.id], q.title))
    if not scans:
        st.info("Er zijn nog geen rondes met antwoorden om te vergelijken.")
        return None
    left, right = st.columns(2)
    instrument_id = left.selectbox(
        "Vragenlijst",
        [q.id for q in scans],
        format_func=lambda i: cat.get(i).title,
        key="cmp_instrument",
        help="Organisaties worden alleen vergeleken op dezelfde vragenlijst.",
    )
    first, last = storage.round_dates(conn, instrument_id)
    lowest, highest = date.fromisoformat(first[:10]), date.fromisoformat(last[:10])
    period = right.date_input(
        "Periode (datum van de ronde)",
        value=(lowest, highest),
        min_value=lowest,
        max_value=highest,
        format=DATE_FORMAT,
        key=f"cmp_period_{instrument_id}",
        help="Per organisatie telt de laatste ronde in deze periode.",
    )
    start, end = (tuple(period) + (None, None))[:2] if isinstance(period, tuple | list) else (period, None)
    return Choice(instrument_id, start, end or start)


def filters(comparison: compare.Comparison) -> compare.Filters:
    """Multiselects for type, province, size class, urbanisation and tags; a filter without options is
    left out."""
    options = compare.filter_options(comparison)
    st.markdown("**Filters** (leeg laten is: alles)")
    fields = [
        ("types", "Soort organisatie", options.types, lambda t: TYPE_LABELS.get(t, t), None),
        ("provinces", "Provincie", options.provinces, str, None),
        ("size_classes", "Grootteklasse", options.size_classes, lambda s: SIZE_CLASS_LABELS.get(s, s), None),
        (
            "urbanisations",
            "Stedelijkheid",
            options.urbanisations,
            lambda u: URBANISATION_LABELS.get(u, str(u)),
            None,
        ),
        ("tags", "Labels", options.tags, str, "Organisaties met minstens één van deze labels."),
    ]
    fields = [f for f in fields if f[2]]
    chosen: dict[str, tuple] = {}
    for column, (name, label, values, fmt, help_text) in zip(st.columns(len(fields)), fields, strict=True):
        chosen[name] = tuple(
            column.multiselect(
                label, values, format_func=fmt, placeholder="Alle", help=help_text, key=f"cmp_f_{name}"
            )
        )
    return compare.Filters(**chosen)


def perspective(comparison: compare.Comparison) -> str:
    groups = comparison.perspectives()
    labels = {g.id: g.label for g in groups}
    return st.selectbox(
        "Scores van",
        [g.id for g in groups],
        format_func=lambda g: labels[g],
        key="cmp_perspective",
        help="Alle groepen samen, of één groep. Een groep met te weinig respondenten blijft leeg.",
    )


def table_block(comparison: compare.Comparison, persp: str) -> None:
    st.subheader("Overzicht")
    st.write(markdown_safe(view.read_comparison(comparison, persp)))
    frame = view.comparison_frame(comparison, persp)
    show_table(
        frame,
        hide_index=True,
        width="stretch",
        column_config={"Organisatie": st.column_config.TextColumn(pinned=True)},
    )
    st.caption(view.SCORE_HELP)
    export_block(comparison, persp)


def export_block(comparison: compare.Comparison, persp: str) -> None:
    """CSV and Excel of the table; made only when a button is clicked (Excel of 400 organisations takes
    a moment)."""

    def wide() -> pd.DataFrame:
        return pd.DataFrame(
            compare.score_rows(comparison, persp, decimals=1), columns=_wide_columns(comparison)
        )

    def workbook() -> bytes:
        about = pd.DataFrame(
            {
                "Toelichting": [
                    f"Vragenlijst: {comparison.instrument_title}",
                    f"Periode: {comparison.date_from or 'begin'} tot en met {comparison.date_to or 'nu'}",
                    f"Scores van: {compare.perspective_label(comparison, persp)}",
                    "Per organisatie de laatste ronde in de periode. Scores van 0 tot 100.",
                    "Groepen met te weinig respondenten staan er niet in (anonimiteit).",
                    *comparison.notes,
                ]
            }
        )
        long = pd.DataFrame(compare.group_rows(comparison))
        return spreadsheet.to_excel_bytes({"Overzicht": wide(), "Per groep": long, "Toelichting": about})

    left, right = st.columns(2)
    left.download_button(
        "Download CSV",
        lambda: spreadsheet.to_csv_bytes(wide()),
        file_name="dia-scan-vergelijking.csv",
        mime="text/csv",
        icon=":material/download:",
        key="cmp_csv",
    )
    right.download_button(
        "Download Excel",
        workbook,
        file_name="dia-scan-vergelijking.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="cmp_xlsx",
    )


def _wide_columns(comparison: compare.Comparison) -> list[str]:
    return [
        "Organisatie",
        "Type",
        "Provincie",
        "Grootteklasse",
        "Labels",
        "Ronde",
        "Datum",
        "Respondenten",
        *[t.short for t in comparison.themes],
        "Totaal",
    ]


def heatmap_block(comparison: compare.Comparison, persp: str) -> None:
    st.subheader("Heatmap")
    organisations = list(comparison.organisations)
    if len(organisations) > MAX_HEATMAP_ROWS:
        st.info(
            f"De heatmap past bij hoogstens {MAX_HEATMAP_ROWS} organisaties; nu zijn het er "
            f"{len(organisations)}. Gebruik de filters hierboven om er minder te kiezen."
        )
        return
    matrix = view.score_matrix(comparison, persp)
    reading = matrix.reading()
    st.write(
        "Elke rij is een organisatie (hoogste totaal bovenaan), elke kolom een thema. "
        "Blauw is hoger dan 50 (neutraal), oranje lager. Het getal is de score."
    )
    st.plotly_chart(
        compare_charts.heatmap(matrix.names, matrix.columns, matrix.values),
        width="stretch",
        key="cmp_heatmap",
        alt=f"Heatmap van de scores per organisatie en thema. {reading}",
    )
    st.markdown(f"**Zo leest u de heatmap.** {markdown_safe(reading)}")
    with st.expander("De cijfers van deze grafiek"):
        show_table(matrix.frame(), hide_index=True, width="stretch")


def overlay_block(comparison: compare.Comparison, persp: str, everyone: compare.Comparison) -> None:
    st.subheader("Organisaties naast elkaar")
    names = {o.profile.id: o.profile.name for o in comparison.organisations}
    chosen = st.multiselect(
        f"Kies organisaties (hoogstens {MAX_OVERLAY})",
        list(names),
        placeholder="Kies een organisatie",
        default=list(names)[:2],
        format_func=lambda i: names[i],
        max_selections=MAX_OVERLAY,
        key="cmp_overlay",
    )
    kinds = {"geen": "Geen benchmark", **compare.BENCHMARK_KINDS}
    kind = st.radio(
        "Benchmark",
        list(kinds),
        format_func=lambda k: kinds[k],
        horizontal=True,
        key="cmp_benchmark",
        help="De benchmark is het gemiddelde van de organisaties; elke organisatie telt één keer.",
    )
    picked: list[int] = []
    if kind == "zelf":
        all_names = {o.profile.id: o.profile.name for o in everyone.organisations}
        picked = st.multiselect(
            "Vergelijkbare organisaties voor de benchmark",
            list(all_names),
            placeholder="Kies organisaties",
            format_func=lambda i: all_names[i],
            key="cmp_bench_pick",
        )
    if not chosen:
        st.info("Kies een of meer organisaties om ze naast elkaar te zien.")
        return
    bench = None
    if kind != "geen":
        if kind == "zelf" and not picked:
            st.info("Kies de organisaties voor de benchmark.")
        else:
            # the benchmark is taken over every organisation of the period, not only the filtered ones
            bench = compare.benchmark(everyone, kind, persp, reference_id=chosen[0], chosen_ids=picked)
    series = [
        charts.Series(
            names[oid], [comparison.organisation(oid).score(t.id, persp) for t in comparison.themes]
        )
        for oid in chosen
    ]
    if bench is not None:
        series.append(
            charts.Series(bench.name, [bench.themes.get(t.id) for t in comparison.themes], dashed=True)
        )
    labels = [t.short for t in comparison.themes]
    reading = readings.read_profiles(labels, [(s.name, s.values) for s in series if not s.dashed])
    st.plotly_chart(
        charts.radar(labels, series, label_width=18),
        width="stretch",
        key="cmp_radar",
        alt=f"Radarkaart van de gekozen organisaties. {reading}",
    )
    st.markdown(f"**Zo leest u de grafiek.** {markdown_safe(reading)}")
    if bench is not None:
        st.write(markdown_safe(view.read_against_benchmark(comparison, chosen[0], bench, persp)))
        st.caption(
            "De benchmark telt alle organisaties in de gekozen periode, ook die buiten de filters."
            + (
                " De grootteklasse is die van de eerste gekozen organisatie."
                if kind == "grootteklasse"
                else ""
            )
        )
    with st.expander("De cijfers van deze grafiek"):
        show_table(view.benchmark_frame(comparison, chosen, bench, persp), hide_index=True, width="stretch")


def spread_block(comparison: compare.Comparison, persp: str) -> None:
    st.subheader("Spreiding per thema")
    points = compare.spread_points(comparison, persp)
    if not points:
        st.info("Er zijn geen scores om te tonen.")
        return
    st.write(
        "Elke stip is een organisatie. Het blok loopt van het eerste tot het derde kwart van de "
        "organisaties; de streep in het blok is de middelste score (mediaan)."
    )
    themes = [t.short for t in comparison.themes]
    frame = view.spread_frame(comparison, persp)
    reading = view.read_spread_frame(frame)
    st.plotly_chart(
        compare_charts.spread(points, themes),
        width="stretch",
        key="cmp_spread",
        alt=f"Spreiding van de scores van de organisaties per thema. {reading}",
    )
    st.markdown(f"**Zo leest u de grafiek.** {markdown_safe(reading)}")
    with st.expander("De cijfers van deze grafiek"):
        show_table(frame, hide_index=True, width="stretch")


def notes_block(comparison: compare.Comparison) -> None:
    for note in comparison.notes:
        st.warning(markdown_safe(note), icon=":material/info:")
