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

from dia_scan.output.charts import radar
from dia_scan.output.document import FONT_DIR, FONT_FILES, ReportError

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


# -- the participant summary ----------------------------------------------------------------------


def compact_radar(
    labels: Sequence[str], series: Sequence, *, font_size: int = 14, language: str = "nl"
) -> go.Figure:
    """The radar of :func:`dia_scan.output.charts.radar` with narrow margins, so it stays readable on a phone."""
    fig = radar(
        labels, series, font_size=font_size, height=None, label_width=12, neutral_line=True, language=language
    )
    # room beside the circle as radar() computes it (labels are never cut off), less above it; the legend
    # stays in the room radar() keeps for it under the labels, so it never covers the circle
    margin = fig.layout.margin
    fig.update_layout(margin={"t": 52}, height=360 + margin.b + 52)  # room for a label of two lines on top
    return fig


#: Pixels beside the phone radar's circle: room for an axis number of two digits.
NUMBER_ROOM = 30


def numbered_radar(
    labels: Sequence[str], series: Sequence, *, font_size: int = 15, language: str = "nl"
) -> go.Figure:
    """The radar for a phone: its axes carry numbers (1, 2, ...) instead of names, so the circle can
    take nearly the whole width of the screen; the names go in a numbered list beside it
    (:func:`axis_key`). With names, the room they need beside the circle leaves it about 150 px wide."""
    numbers = [str(i) for i in range(1, len(labels) + 1)]
    fig = radar(numbers, series, font_size=font_size, height=None, neutral_line=True, language=language)
    legend_px = fig.layout.margin.b - 2 * font_size  # radar() keeps two label lines under the circle
    fig.update_layout(
        margin={"l": NUMBER_ROOM, "r": NUMBER_ROOM, "t": NUMBER_ROOM, "b": NUMBER_ROOM + legend_px},
        height=330 + 2 * NUMBER_ROOM + legend_px,
    )
    # numbers as names of axes, not as angles in degrees (which plotly.js would make of "1", "2", ...)
    fig.update_polars(
        angularaxis_type="category", angularaxis_tickfont={"size": font_size + 2, "weight": "bold"}
    )
    # the hover names the axis in full, as the list does
    for trace in fig.data:
        trace.customdata = [*labels, labels[0]]
        if trace.hovertemplate:
            trace.hovertemplate = trace.hovertemplate.replace("%{theta}", "%{customdata}")
    return fig


def axis_key(labels: Sequence[str]) -> list[str]:
    """The names of the numbered axes of :func:`numbered_radar`, as "1. Sterke raad"."""
    return [f"{i}. {label}" for i, label in enumerate(labels, start=1)]
