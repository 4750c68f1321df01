"""Plotly figures of a checklist result: data in, ``go.Figure`` out (no streamlit, testable).

Scores run 0-100 on a fixed axis. Bars carry their score and traffic light as text, and the two
assessments in a comparison differ in pattern as well as colour, so nothing depends on colour alone.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from dia_scan.core.text import whole
from dia_scan.output.charts import FONT_FAMILY, MIN_FONT, TEXT_DARK, legend_under
from dia_scan.output.palette import AFTER_COLOUR, BEFORE_COLOUR, LIGHT_COLOURS, LIGHT_SYMBOLS, NO_SCORE_COLOUR


@dataclass(frozen=True)
class BarStyle:
    """Sizes of the bar charts: the screen's by default; the printed report uses :data:`PRINT`."""

    font_size: int = 14
    label_width: int = 18
    row_height: int = 62
    base_height: int = 90
    axis_title: str = "score (0-100)"


SCREEN = BarStyle()
PRINT = BarStyle(font_size=15, label_width=24, row_height=58, base_height=110, axis_title="score (0 tot 100)")


def _wrap(text: str, width: int) -> str:
    return "<br>".join(textwrap.wrap(text, width=width)) or text


def _bar_text(score: float | None, light: str | None) -> str:
    if score is None or light is None:
        return "geen score"
    return f"{whole(score)} {LIGHT_SYMBOLS[light]} {light}"


def _layout(fig: go.Figure, rows: int, legend: bool, style: BarStyle) -> go.Figure:
    # Dark text set explicitly: Streamlit's chart theme would make labels grey (too little contrast).
    font = dict(size=max(style.font_size, MIN_FONT), color=TEXT_DARK)
    plot_px = style.row_height * rows
    legend_px, legend_layout = 0, {}
    if legend:  # under the axis title, with room for one entry per row (see charts.legend_under)
        names, legend_layout, legend_px = legend_under([t.name for t in fig.data], style.font_size, plot_px)
        for trace, name in zip(fig.data, names, strict=True):
            trace.name = name
        legend_layout["y"] = -(44 + 8) / max(plot_px, 1)
    fig.update_layout(
        font=dict(family=FONT_FAMILY, **font),
        height=style.base_height + plot_px + legend_px,
        margin=dict(l=8, r=24, t=16, b=44 + legend_px),
        xaxis=dict(
            range=[0, 119],
            tickvals=[0, 25, 50, 75, 100],
            title=dict(text=style.axis_title, font=font),
            tickfont=font,
            fixedrange=True,
        ),
        yaxis=dict(autorange="reversed", fixedrange=True, automargin=True, tickfont=font),
        showlegend=legend,
        legend=legend_layout | dict(font=font),
        paper_bgcolor="white",
        plot_bgcolor="white",
        bargap=0.3,
    )
    fig.update_xaxes(gridcolor="#E5E5E5", zeroline=False)
    # the traffic-light borders, so a reader sees where orange and green start
    for x in (50, 75):
        fig.add_vline(x=x, line_dash="dot", line_color="#888888", line_width=1)
    return fig


def dimension_bars(
    labels: Sequence[str],
    scores: Sequence[float | None],
    lights: Sequence[str | None],
    style: BarStyle = SCREEN,
) -> go.Figure:
    """One horizontal bar per dimension, coloured by traffic light and labelled with score and word."""
    fig = go.Figure(
        go.Bar(
            x=[s or 0 for s in scores],
            y=[_wrap(label, style.label_width) for label in labels],
            orientation="h",
            marker_color=[LIGHT_COLOURS.get(light or "", NO_SCORE_COLOUR) for light in lights],
            text=[_bar_text(s, light) for s, light in zip(scores, lights, strict=True)],
            textposition="outside",
            outsidetextfont=dict(color=TEXT_DARK),
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.0f}<extra></extra>",
        )
    )
    return _layout(fig, len(labels), False, style)


def comparison_bars(
    labels: Sequence[str],
    before: Sequence[float | None],
    after: Sequence[float | None],
    before_name: str,
    after_name: str,
    style: BarStyle = SCREEN,
) -> go.Figure:
    """Two bars per dimension: the earlier assessment (light, striped) and the later one (dark)."""
    fig = go.Figure()
    for name, values, colour, pattern in (
        (before_name, before, BEFORE_COLOUR, "/"),
        (after_name, after, AFTER_COLOUR, ""),
    ):
        fig.add_trace(
            go.Bar(
                name=name,  # made plain text (and wrapped) with the legend in _layout
                x=[v or 0 for v in values],
                y=[_wrap(label, style.label_width) for label in labels],
                orientation="h",
                marker=dict(color=colour, pattern=dict(shape=pattern)),
                text=["-" if v is None else str(whole(v)) for v in values],
                textposition="outside",
                outsidetextfont=dict(color=TEXT_DARK),
                cliponaxis=False,
                # the names are typed titles: plain text in the legend, read from there in the hover
                hovertemplate="%{fullData.name} %{y}: %{x:.0f}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group")
    return _layout(fig, len(labels) * 2, True, style)
