"""Plotly figures of a checklist result: data in, ``go.Figure`` out (no streamlit, testable).

Scores run 0-100 on a fixed axis. Bars carry their score and traffic light as text, and the two
assessments in a comparison differ in pattern as well as colour, so nothing depends on colour alone.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import plotly.graph_objects as go

from dia_scan.checklist.exports import whole
from dia_scan.checklist.service import LIGHT_SYMBOLS
from dia_scan.output.charts import TEXT_DARK, plain

#: Okabe-Ito colours (safe for colour-blind readers) for the three traffic lights.
LIGHT_COLOURS = {"groen": "#009E73", "oranje": "#B57A00", "rood": "#D55E00"}
NO_SCORE_COLOUR = "#BBBBBB"
BEFORE_COLOUR, AFTER_COLOUR = "#767676", "#0072B2"
#: Dark text set explicitly: Streamlit's chart theme would make labels grey (too little contrast).
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=14, color=TEXT_DARK)
AXIS_FONT = dict(size=14, color=TEXT_DARK)


def _wrap(text: str, width: int = 18) -> str:
    return "<br>".join(textwrap.wrap(text, width=width)) or text


def _bar_text(score: float | None, light: str | None) -> str:
    if score is None or light is None:
        return "geen score"
    return f"{whole(score)} {LIGHT_SYMBOLS[light]} {light}"


def _layout(fig: go.Figure, rows: int, legend: bool) -> go.Figure:
    fig.update_layout(
        font=FONT,
        height=90 + 62 * rows,
        margin=dict(l=8, r=16, t=16 if not legend else 48, b=40),
        xaxis=dict(
            range=[0, 119],
            tickvals=[0, 25, 50, 75, 100],
            title=dict(text="score (0-100)", font=AXIS_FONT),
            tickfont=AXIS_FONT,
            fixedrange=True,
        ),
        yaxis=dict(autorange="reversed", fixedrange=True, automargin=True, tickfont=AXIS_FONT),
        showlegend=legend,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, font=AXIS_FONT),
        plot_bgcolor="white",
        bargap=0.3,
    )
    fig.update_xaxes(gridcolor="#E5E5E5", zeroline=False)
    # the traffic-light borders, so a reader sees where orange and green start
    for x in (50, 75):
        fig.add_vline(x=x, line_dash="dot", line_color="#888888", line_width=1)
    return fig


def dimension_bars(
    labels: Sequence[str], scores: Sequence[float | None], lights: Sequence[str | None]
) -> go.Figure:
    """One horizontal bar per dimension, coloured by traffic light and labelled with score and word."""
    fig = go.Figure(
        go.Bar(
            x=[s or 0 for s in scores],
            y=[_wrap(label) for label in labels],
            orientation="h",
            marker_color=[LIGHT_COLOURS.get(light or "", NO_SCORE_COLOUR) for light in lights],
            text=[_bar_text(s, light) for s, light in zip(scores, lights, strict=True)],
            textposition="outside",
            outsidetextfont=AXIS_FONT,
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.0f}<extra></extra>",
        )
    )
    return _layout(fig, len(labels), legend=False)


def comparison_bars(
    labels: Sequence[str],
    before: Sequence[float | None],
    after: Sequence[float | None],
    before_name: str,
    after_name: str,
) -> go.Figure:
    """Two bars per dimension: the earlier assessment (light, striped) and the later one (dark)."""
    fig = go.Figure()
    for name, values, colour, pattern in (
        (before_name, before, BEFORE_COLOUR, "/"),
        (after_name, after, AFTER_COLOUR, ""),
    ):
        fig.add_trace(
            go.Bar(
                name=plain(name),
                x=[v or 0 for v in values],
                y=[_wrap(label) for label in labels],
                orientation="h",
                marker=dict(color=colour, pattern=dict(shape=pattern)),
                text=["-" if v is None else str(whole(v)) for v in values],
                textposition="outside",
                outsidetextfont=AXIS_FONT,
                cliponaxis=False,
                # the names are typed titles: plain text in the legend, read from there in the hover
                hovertemplate="%{fullData.name} %{y}: %{x:.0f}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group")
    return _layout(fig, len(labels) * 2, legend=True)
