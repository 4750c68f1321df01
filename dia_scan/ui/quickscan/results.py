"""Reusable result blocks: radar with its reading and table, who responded, notable results, starters.

Text that people typed (maatwerkvragen, titles, open answers) goes through ``markdown_safe`` or ``st.text``,
never through markdown or HTML as it is.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dia_scan.core.i18n import N_, gettext_in
from dia_scan.core.model import QuickScan
from dia_scan.core.text import markdown_safe
from dia_scan.output import charts
from dia_scan.quickscan import result_view as view
from dia_scan.quickscan.scoring import RoundResult
from dia_scan.ui.common.tables import show_table

#: Where markdown would still do something with escaped text: bare links (http://, www., e-mail
#: addresses become links) and Streamlit's ":material/icon:" and ":emoji:" codes.


def principles_note() -> None:
    st.info(view.PRINCIPLES, icon=":material/info:")


def perspective_picker(key: str) -> view.Perspective:
    choice = st.segmented_control(
        "Bekijk de scores per",
        ["thema", "kernwaarde"],
        default="thema",
        format_func=lambda p: "Thema" if p == "thema" else "Kernwaarde",
        required=True,
        key=key,
        help=view.KERNWAARDEN_INTRO,
    )
    return choice or "thema"


def kernwaarden_explained(instrument: QuickScan) -> None:
    """What kernwaarden are, and each one in a sentence (shown with the scores per kernwaarde)."""
    with st.expander("Wat zijn kernwaarden?"):
        st.markdown(view.KERNWAARDEN_INTRO)
        st.markdown(
            "\n".join(
                f"- **{markdown_safe(k.label)}**"
                + (f": {markdown_safe(k.description)}" if k.description else "")
                for k in instrument.kernwaarden
            )
        )


#: On a phone the radar's labels leave no room for the circle: there its table (shown under it) is the
#: chart, and the line that says how to read the circle goes too. The keyed containers get the classes
#: ``st-key-radar-chart-...`` and ``st-key-radar-key-...``.
_PHONE_CSS = """<style>
@media (max-width: 640px) { [class*="st-key-radar-chart"], [class*="st-key-radar-key"] { display: none; } }
@media (min-width: 641px) { [class*="st-key-radar-phone-note"] { display: none; } }
</style>"""


def radar_block(
    result: RoundResult,
    perspective: view.Perspective = "thema",
    *,
    font_size: int = 16,
    height: int | None = 600,
    with_table: bool = True,
    beside: Callable[[], None] | None = None,
) -> None:
    """The radar chart with one or two sentences that read it, and the same numbers as a table
    (shown under the chart, or folded away in an expander without ``with_table``).

    ``beside`` renders more content next to the chart, under the reading (for example who took part);
    without it the reading goes under the chart. ``height=None``: the chart fills the height its box is
    given by the page's style (Live sizes it to the screen).
    """
    if not result.shown_groups:
        st.warning(
            "Er is nog geen groep met genoeg deelnemers om te tonen. "
            f"Een groep is pas zichtbaar vanaf {result.k} deelnemers."
        )
        if beside is not None:
            beside()
        return
    data = view.score_view(result, perspective)
    figure = charts.radar(data.labels, data.series, font_size=font_size, height=height, neutral_line=True)
    if beside is None:
        chart, side = st.container(), st.container()
    else:
        chart, side = st.columns([3, 2], gap="large")
    with chart:
        what = "thema" if perspective == "thema" else "kernwaarde"
        if with_table:
            st.html(_PHONE_CSS)
            with st.container(key=f"radar-phone-note-{perspective}"):
                st.caption(
                    "Op een smal scherm staan de scores in de tabel hieronder, in plaats van de radarkaart."
                )
        with st.container(key=f"radar-chart-{perspective}") if with_table else st.container():
            st.plotly_chart(
                figure,
                height="content" if height else "stretch",
                config=charts.PLOTLY_CONFIG,
                theme=None,
                alt=f"Radarkaart van de scores per {what} en groep. {data.reading}",
            )
    with side:
        st.markdown(f"**Zo leest u de grafiek.** {markdown_safe(data.reading)}")
        with st.container(key=f"radar-key-{perspective}") if with_table else st.container():
            st.caption("Hoe verder van het midden, hoe positiever. De zwarte stippellijn is het totaal.")
        if beside is not None:
            beside()
    if with_table:
        st.markdown("**De cijfers bij de grafiek** (0 tot 100)")
        show_table(data.table, hide_index=True, width="content")
    else:
        with st.expander("De cijfers van deze grafiek"):
            show_table(data.table, hide_index=True, width="content")


def respondents_block(
    result: RoundResult, *, title: str | None = N_("Wie deden mee"), language: str = "nl"
) -> None:
    """Who took part per group, and which groups are not shown apart; in ``language`` on the
    Terugkoppeling (with ``result`` named in that language, ``feedback.localised_result``)."""

    def say(message: str, **values) -> str:
        return gettext_in(language, message).format(**values)

    if title:
        st.subheader(say(title))
    lines = view.who_responded(result, language)
    shown = [line for line in lines if line.shown]
    hidden = [line for line in lines if not line.shown]
    if shown:
        st.markdown(
            "\n".join(f"- **{markdown_safe(line.label)}**: {markdown_safe(line.text)}" for line in shown)
        )
        st.caption(say(N_("Samen {n} deelnemers in de getoonde groepen."), n=result.respondents_total))
    if hidden:
        st.markdown(
            say(N_("Niet apart getoond:"))
            + "\n"
            + "\n".join(f"- **{markdown_safe(line.label)}**: {markdown_safe(line.text)}" for line in hidden)
        )
        st.caption(
            say(
                N_(
                    "Een groep is pas apart te zien vanaf {k} deelnemers, "
                    "zodat niemand aan zijn of haar antwoorden te herkennen is."
                ),
                k=result.k,
            )
        )


def notable_block(result: RoundResult) -> None:
    if not result.notable:
        st.write("Er zijn geen opmerkelijke resultaten gevonden.")
        return
    for notable in result.notable:
        st.markdown(f"- {markdown_safe(notable.message)}")


def starters_block(result: RoundResult, *, limit: int = 5, big: bool = False) -> None:
    """Statements to talk about: where groups differ most, and where a group disagrees internally."""
    between, within = view.starters(result, limit=limit)
    if not between and not within:
        st.write("Nog geen gespreksstarters: daarvoor zijn antwoorden van meer deelnemers nodig.")
        return
    if between:
        if not big:
            st.markdown("**Waar de groepen het meest verschillen**")
        for starter in between:
            _starter(starter, big)
    if within and not big:
        st.markdown("**Waar de meningen binnen een groep het meest uiteenlopen**")
        for starter in within:
            _starter(starter, big)
    elif within and not between:
        for starter in within:
            _starter(starter, big)


def _starter(starter: view.Starter, big: bool) -> None:
    with st.container(border=True):
        if big:
            st.markdown(f"### {markdown_safe(starter.text)}")
            st.markdown(f"#### {markdown_safe(starter.detail)}")
        else:
            st.markdown(f"**{markdown_safe(starter.text)}**")
            st.caption(markdown_safe(starter.detail))


def notes_block(result: RoundResult) -> None:
    for note in result.notes:
        st.caption(markdown_safe(note))
