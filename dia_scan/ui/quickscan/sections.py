"""The longer sections of the Resultaten page: per theme, priorities, open answers, tips, changes."""

from __future__ import annotations

import streamlit as st
from sqlite_utils import Database

from dia_scan.core.text import markdown_safe
from dia_scan.output import charts, readings
from dia_scan.quickscan import result_view as view
from dia_scan.quickscan.open_answers import WITHHELD_NOTE
from dia_scan.quickscan.results import RoundReport
from dia_scan.ui.common.advice import show_advice
from dia_scan.ui.common.agenda import tip_agenda_button
from dia_scan.ui.common.tables import show_table
from dia_scan.ui.quickscan.results import respondents_block


def themes_block(report: RoundReport) -> None:
    """Per theme: the statements with their scores per group and how the groups answered."""
    result, instrument = report.result, report.instrument
    if not result.shown_groups:
        st.write("Er is nog geen groep met genoeg deelnemers om te tonen.")
        return
    for theme in result.themes:
        total = charts.whole(theme.overall)
        label = f"{theme.title}: {total}" if total is not None else f"{theme.title}: geen score"
        with st.expander(label):
            st.caption(markdown_safe(instrument.theme(theme.id).description))
            st.markdown(f"**Zo leest u dit thema.** {markdown_safe(view.read_theme(result, theme.id))}")
            st.markdown("**Scores per stelling** (0 tot 100)")
            show_table(view.statement_table(result, theme.id), hide_index=True, width="stretch")
            if any(i.reverse for i in result.items if i.theme_id == theme.id):
                st.caption(
                    "\\* Bij deze stelling betekent 'eens' iets negatiefs. "
                    "De score is daarom omgedraaid: hoger is ook hier beter."
                )
            options, rows, table = view.distribution(instrument, result, theme.id)
            if not rows:
                st.write("Nog geen antwoorden op dit thema.")
                continue
            st.markdown("**Hoe de groepen antwoordden** (deel van de antwoorden per groep)")
            reading = readings.read_distribution(options, rows)
            st.plotly_chart(
                charts.distribution_bars(options, rows),
                config=charts.PLOTLY_CONFIG,
                theme=None,
                key=f"distribution_{theme.id}",
                alt=f"Gestapelde staven: de antwoorden per stelling en groep. {reading}",
            )
            st.markdown(f"**Zo leest u de grafiek.** {markdown_safe(reading)}")
            st.markdown("**De aantallen**, met het deel 'weet niet'")
            show_table(table, hide_index=True, width="stretch")


def participants_block(report: RoundReport) -> None:
    """Who took part: the groups, then the optional "Over u" questions (age, ...) per group."""
    result = report.result
    respondents_block(result, title=None)
    if not report.instrument.background:
        return
    st.markdown("#### Over de deelnemers")
    views = view.background_views(result)
    too_few = view.background_too_few(result)
    if not views:
        st.write(
            "Nog niets te tonen: een antwoord staat hier pas als minstens "
            f"{result.k} deelnemers van een groep het kozen."
        )
        return
    st.caption(
        "Deze vragen waren niet verplicht. De antwoorden zijn apart geteld en niet te koppelen aan de "
        f"andere antwoorden. Een antwoord dat minder dan {result.k} deelnemers van een groep kozen, "
        "staat niet apart: het telt mee bij 'niet ingevuld' (grijs)."
    )
    for item in views:
        st.markdown(f"**{markdown_safe(item.text)}**")
        st.plotly_chart(
            charts.distribution_bars(item.options, item.rows, palette=item.palette, panel_titles=False),
            config=charts.PLOTLY_CONFIG,
            theme=None,
            key=f"background_{item.id}",
            alt=f"Gestapelde staven: {item.text} Per groep het deel van de deelnemers. {item.reading}",
        )
        st.markdown(f"**Zo leest u de grafiek.** {markdown_safe(item.reading)}")
        with st.expander("De aantallen"):
            show_table(item.table, hide_index=True, width="stretch")
    if too_few:
        st.caption(
            "Nog te weinig antwoorden om te tonen bij: "
            + "; ".join(markdown_safe(text) for text in too_few)
            + "."
        )


def priorities_block(report: RoundReport) -> None:
    data = view.priorities_view(report.instrument, report.result)
    if data is None:
        st.write("In deze ronde is niet gevraagd naar prioriteiten, of er zijn nog geen groepen te tonen.")
        return
    if report.instrument.priorities:
        st.caption(markdown_safe(report.instrument.priorities.text))
    st.plotly_chart(
        charts.priorities_bars(data.themes, data.series),
        config=charts.PLOTLY_CONFIG,
        theme=None,
        key="priorities_chart",
        alt=f"Staafgrafiek: welk deel van elke groep een thema koos. {data.reading}",
    )
    st.markdown(f"**Zo leest u de grafiek.** {markdown_safe(data.reading)}")
    with st.expander("De cijfers als tabel"):
        show_table(data.table, hide_index=True, width="stretch")


def open_answers_block(report: RoundReport) -> None:
    questions = view.open_answers(report.instrument, report.result)
    if WITHHELD_NOTE in report.result.notes:
        st.caption(WITHHELD_NOTE)
    if not questions:
        st.write(view.NO_OPEN_ANSWERS)
        return
    st.caption(view.OPEN_ANSWERS_INTRO)
    for question in questions:
        st.markdown(f"**{markdown_safe(question.question)}**")
        for text, group in question.answers:
            with st.container(border=True):
                st.text(text)
                st.caption(markdown_safe(group))


def advice_block(report: RoundReport) -> None:
    show_advice(
        report.advice,
        intro="Tips voor de thema's die het laagst scoren of die de deelnemers het belangrijkst vinden.",
        empty="Er zijn geen verbetertips gevonden voor deze uitkomst.",
        after_tip=lambda selected, tip: tip_agenda_button(report, selected, tip, key="resultaten_tip"),
    )


def changes_block(db: Database, report: RoundReport) -> None:
    if report.previous_round is None:
        return
    table = view.theme_changes(db, report)
    st.subheader("Verschil met de vorige ronde")
    st.caption(markdown_safe(f"Vergeleken met {report.previous_round.title}."))
    if table is None:
        st.write("De thema's zijn niet te vergelijken met de vorige ronde.")
        return
    st.markdown(f"**Zo leest u de tabel.** {markdown_safe(view.read_changes(table))}")
    show_table(table, hide_index=True, width="content")
