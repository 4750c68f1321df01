"""Charts for the downloadable reports: static images through kaleido, and the checklist's bars.

Kaleido 1.x drives a headless Chromium (Debian's /usr/bin/chromium is found by itself). Starting it
takes a few seconds, so one report renders all its charts with ONE kaleido browser, opened and closed
around the batch. A module lock lets one report render at a time: two Chromiums at once would make
both slow on a small server. No streamlit here.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
from collections.abc import Sequence

import plotly.graph_objects as go

from dia_scan.checklist.service import LIGHT_SYMBOLS
from dia_scan.output.charts import FONT_FAMILY, MIN_FONT, plain, radar, whole, wrap
from dia_scan.output.document import FONT_DIR, FONT_FILES, ReportError

#: Okabe-Ito colours (safe for colour-blind readers) for the traffic lights.
LIGHT_COLOURS = {"groen": "#009E73", "oranje": "#B57A00", "rood": "#D55E00"}
NO_SCORE_COLOUR = "#BBBBBB"
BEFORE_COLOUR, AFTER_COLOUR = "#767676", "#0072B2"
#: Pixels per CSS pixel of the static images: sharp on paper without huge files.
SCALE = 2
RENDER_TIMEOUT = 90

_render_lock = threading.Lock()


BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def font_unavailable_reason() -> str | None:
    """Why no PDF text can be set on this server (plain Dutch), or None when the fonts are there."""
    if not all(FONT_DIR.joinpath(name).exists() for name in FONT_FILES.values()):
        return "Een PDF kan hier niet worden gemaakt: het lettertype DejaVu ontbreekt (pakket fonts-dejavu-core)."
    return None


def pdf_unavailable_reason() -> str | None:
    """Why no report PDF (text and chart images) can be made on this server, or None when it can."""
    if reason := font_unavailable_reason():
        return reason
    if not os.environ.get("BROWSER_PATH") and not any(shutil.which(name) for name in BROWSER_NAMES):
        return "Een PDF kan hier niet worden gemaakt: de browser Chromium ontbreekt. Download de HTML en print die."
    return None


def render_png(charts: Sequence[tuple[go.Figure, int, int]]) -> list[bytes]:
    """PNG images of (figure, width, height) triples, all made by one kaleido browser."""
    if not charts:
        return []
    import kaleido

    async def render() -> list[bytes]:
        async with kaleido.Kaleido(n=1, mathjax=False, timeout=RENDER_TIMEOUT) as k:
            return [
                await k.calc_fig(fig, opts={"format": "png", "width": w, "height": h, "scale": SCALE})
                for fig, w, h in charts
            ]

    outcome: dict = {}

    def run() -> None:
        # a thread of its own, so this also works where an event loop is already running
        try:
            outcome["images"] = asyncio.run(render())
        except BaseException as err:  # noqa: BLE001 (reported to the caller below)
            outcome["error"] = err

    with _render_lock:
        worker = threading.Thread(target=run, name="report-charts", daemon=True)
        worker.start()
        worker.join()
    if "error" in outcome:
        err = outcome["error"]
        if type(err).__name__ == "ChromeNotFoundError":
            raise ReportError(
                "Voor de grafieken in de PDF is de browser Chromium nodig, maar die is niet gevonden. "
                "Vraag de beheerder om het pakket chromium te installeren. "
                "Het HTML-rapport en het Excel-bestand werken wel."
            ) from err
        raise ReportError(
            "De grafieken voor de PDF konden niet worden gemaakt. Probeer het opnieuw, "
            "of download het HTML-rapport en print dat."
        ) from err
    return outcome["images"]


# -- checklist bars ------------------------------------------------------------------------------


def _bar_text(score: float | None, light: str | None) -> str:
    if score is None or light is None:
        return "geen score"
    return f"{whole(score)} {LIGHT_SYMBOLS[light]} {light}"


def _bars_layout(fig: go.Figure, rows: int, legend: bool, font_size: int) -> go.Figure:
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": max(font_size, MIN_FONT), "color": "#1A1A1A"},
        height=110 + 58 * rows,
        margin={"l": 10, "r": 30, "t": 60 if legend else 20, "b": 50},
        xaxis={
            "range": [0, 119],
            "tickvals": [0, 25, 50, 75, 100],
            "title": {"text": "score (0 tot 100)"},
            "gridcolor": "#E0E0E0",
            "zeroline": False,
        },
        yaxis={"autorange": "reversed", "automargin": True},
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        paper_bgcolor="white",
        plot_bgcolor="white",
        bargap=0.3,
    )
    # the traffic-light borders, so a reader sees where orange and green start
    for x in (50, 75):
        fig.add_vline(x=x, line_dash="dot", line_color="#888888", line_width=1)
    return fig


def checklist_dimension_bars(
    labels: Sequence[str],
    scores: Sequence[float | None],
    lights: Sequence[str | None],
    *,
    font_size: int = 15,
) -> go.Figure:
    """One bar per dimension, coloured by traffic light and labelled with score, symbol and word."""
    fig = go.Figure(
        go.Bar(
            x=[s or 0 for s in scores],
            y=[wrap(label, 24) for label in labels],
            orientation="h",
            marker_color=[LIGHT_COLOURS.get(light or "", NO_SCORE_COLOUR) for light in lights],
            text=[_bar_text(s, light) for s, light in zip(scores, lights, strict=True)],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.0f}<extra></extra>",
        )
    )
    return _bars_layout(fig, len(labels), False, font_size)


def checklist_comparison_bars(
    labels: Sequence[str],
    before: Sequence[float | None],
    after: Sequence[float | None],
    before_name: str,
    after_name: str,
    *,
    font_size: int = 15,
) -> go.Figure:
    """Two bars per dimension: the earlier assessment (light, striped) and this one (dark)."""
    fig = go.Figure()
    for name, values, colour, pattern in (
        (before_name, before, BEFORE_COLOUR, "/"),
        (after_name, after, AFTER_COLOUR, ""),
    ):
        fig.add_trace(
            go.Bar(
                name=plain(name),
                x=[v or 0 for v in values],
                y=[wrap(label, 24) for label in labels],
                orientation="h",
                marker={"color": colour, "pattern": {"shape": pattern}},
                text=["-" if v is None else str(whole(v)) for v in values],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{fullData.name} %{y}: %{x:.0f}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group")
    return _bars_layout(fig, 2 * len(labels), True, font_size)


# -- the participant summary ----------------------------------------------------------------------


def compact_radar(labels: Sequence[str], series: Sequence, *, font_size: int = 14) -> go.Figure:
    """The radar of :func:`dia_scan.output.charts.radar` with narrow margins, so it stays readable on a phone."""
    fig = radar(labels, series, font_size=font_size, height=480, label_width=12)
    fig.update_layout(
        margin={"l": 70, "r": 70, "t": 40, "b": 20},
        legend={"orientation": "h", "yanchor": "top", "y": -0.08, "xanchor": "center", "x": 0.5},
    )
    return fig
