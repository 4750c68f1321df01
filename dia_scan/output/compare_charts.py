"""Plotly figures for comparisons: heatmap, spread per theme, scores over time, change per theme.

Data in, ``go.Figure`` out; no streamlit, no scoring. Same conventions as :mod:`dia_scan.output.charts`:
Dutch labels, a fixed 0-100 scale, fonts of at least 14 px, colour-blind safe colours, and names that
people typed passed through ``plain`` so plotly never reads them as HTML.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from dia_scan.output.charts import (
    GROUP_COLOURS,
    GROUP_DASHES,
    GROUP_SYMBOLS,
    MIN_FONT,
    NEUTRAL_TICK,
    TOTAL_COLOUR,
    _layout,
    plain,
    whole,
    wrap,
)

#: Light ends of ColorBrewer RdBu (colour-blind safe): black text stays readable on every cell.
HEATMAP_SCALE = [[0.0, "#F4A582"], [0.5, "#F7F7F7"], [1.0, "#92C5DE"]]
#: Two more line colours after the six group colours (a grey with 3:1 contrast, Tol's wine), for eight themes.
EXTRA_COLOURS = ("#767676", "#882255")
UP_COLOUR, DOWN_COLOUR = "#0072B2", "#D55E00"
TEXT_COLOUR = "#1A1A1A"


def _ticks(font_size: int) -> dict:
    return {"size": max(font_size, MIN_FONT), "color": TEXT_COLOUR}


def _line_style(index: int) -> tuple[str, str, str]:
    colours = GROUP_COLOURS + EXTRA_COLOURS
    return (
        colours[index % len(colours)],
        GROUP_DASHES[index % len(GROUP_DASHES)],
        GROUP_SYMBOLS[index % len(GROUP_SYMBOLS)],
    )


def heatmap(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    font_size: int = 15,
) -> go.Figure:
    """Organisations (rows) by themes (columns); the whole score in each cell, empty when unknown."""
    if not rows or not columns:
        raise ValueError("Een heatmap heeft minstens één rij en één kolom nodig.")
    text = [["" if v is None else str(whole(v)) for v in row] for row in values]
    fig = go.Figure(
        go.Heatmap(
            z=[list(row) for row in values],
            x=[plain(c) for c in columns],
            y=[plain(r) for r in rows],
            text=text,
            texttemplate="%{text}",
            textfont={"size": max(font_size, MIN_FONT), "color": "#1A1A1A"},
            colorscale=HEATMAP_SCALE,
            zmin=0,
            zmax=100,
            xgap=2,
            ygap=2,
            hoverongaps=False,
            showscale=False,
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
        )
    )
    # angled labels: horizontal ones run into each other once there are eight themes and a total
    fig.update_xaxes(side="top", tickangle=-35, tickfont=_ticks(font_size - 1))
    fig.update_yaxes(autorange="reversed", tickfont=_ticks(font_size))
    height = 34 * len(rows) + 130
    fig.update_layout(margin={"l": 10, "r": 40, "t": 150, "b": 10})
    return _layout(fig, font_size, height + 40, None)


def spread(
    points: Sequence[tuple[str, str, float]], themes: Sequence[str], *, font_size: int = 15
) -> go.Figure:
    """Per theme a box of the organisations' scores with every organisation as a dot.

    ``points`` holds (theme, organisation name, score); ``themes`` the order of the boxes.
    """
    fig = go.Figure()
    # many organisations: smaller, lighter dots, so the box stays visible
    dense = len(points) > 30 * max(len(themes), 1)
    for theme in themes:
        own = [(name, score) for t, name, score in points if t == theme]
        if not own:
            continue
        colour = GROUP_COLOURS[0]
        fig.add_trace(
            go.Box(
                y=[score for _, score in own],
                x=[wrap(theme, 14)] * len(own),
                name=plain(theme),
                text=[plain(name) for name, _ in own],
                boxpoints="all",
                jitter=0.4,
                pointpos=0,
                marker={"size": 4 if dense else 7, "color": colour, "opacity": 0.3 if dense else 0.55},
                line={"color": "#1A1A1A", "width": 1.5},
                fillcolor="rgba(0,114,178,0.10)",
                hovertemplate="%{text}: %{y:.0f}<extra></extra>",
                showlegend=False,
            )
        )
    _score_axis(fig, font_size)
    fig.update_xaxes(tickfont=_ticks(font_size - 1))
    fig.update_layout(margin={"l": 10, "r": 10, "t": 30, "b": 10}, boxmode="overlay")
    return _layout(fig, font_size, 520, None)


def _score_axis(fig: go.Figure, font_size: int) -> None:
    """The vertical score axis of both charts: 0 to 100, with 50 marked as neutral."""
    fig.update_yaxes(
        range=[0, 100],
        tickvals=[0, 25, 50, 75, 100],
        ticktext=["0", "25", NEUTRAL_TICK, "75", "100"],
        title={"text": "Score (0-100)", "font": {"color": TEXT_COLOUR}},
        gridcolor="#E0E0E0",
        tickfont=_ticks(font_size),
    )


def over_time(
    rounds: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    total: Sequence[float | None] | None = None,
    *,
    font_size: int = 15,
) -> go.Figure:
    """One line per theme over the rounds (oldest left), and the overall score as a black dashed line."""
    fig = go.Figure()
    x = [wrap(r, 22) for r in rounds]
    for index, (name, values) in enumerate(series):
        colour, dash, symbol = _line_style(index)
        fig.add_trace(
            go.Scatter(
                x=x,
                y=list(values),
                name=plain(name),
                mode="lines+markers",
                line={"color": colour, "dash": dash, "width": 3},
                marker={"symbol": symbol, "size": 10, "color": colour},
                text=["geen score" if v is None else str(whole(v)) for v in values],
                hovertemplate="<b>%{fullData.name}</b><br>%{x}: %{text}<extra></extra>",
            )
        )
    if total is not None:
        fig.add_trace(
            go.Scatter(
                x=x,
                y=list(total),
                name="Totaal",
                mode="lines+markers",
                line={"color": TOTAL_COLOUR, "dash": "dash", "width": 4},
                marker={"symbol": "circle-open", "size": 11, "color": TOTAL_COLOUR},
                text=["geen score" if v is None else str(whole(v)) for v in total],
                hovertemplate="<b>Totaal</b><br>%{x}: %{text}<extra></extra>",
            )
        )
    _score_axis(fig, font_size)
    fig.update_xaxes(tickfont=_ticks(font_size))
    fig.update_layout(
        legend={"orientation": "v", "x": 1.02, "y": 1, "xanchor": "left"},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
    )
    return _layout(fig, font_size, 480, None)


def change_bars(themes: Sequence[str], changes: Sequence[float | None], *, font_size: int = 15) -> go.Figure:
    """Horizontal bars of the change in points per theme: up in blue, down in orange with a pattern."""
    values = [0.0 if c is None else c for c in changes]
    colours = [UP_COLOUR if v >= 0 else DOWN_COLOUR for v in values]
    patterns = ["" if v >= 0 else "/" for v in values]
    labels = []
    for c in changes:
        if c is None:
            labels.append("niet te vergelijken")
        else:
            w = whole(c)
            labels.append(f"+{w}" if w > 0 else str(w))
    limit = max([abs(v) for v in values] + [10.0]) * 1.3
    fig = go.Figure(
        go.Bar(
            y=[wrap(t, 26) for t in themes],
            x=values,
            orientation="h",
            marker={"color": colours, "pattern": {"shape": patterns, "fgcolor": "#FFFFFF", "solidity": 0.3}},
            text=labels,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text} punten<extra></extra>",
        )
    )
    fig.add_vline(x=0, line={"color": "#1A1A1A", "width": 1})
    fig.update_xaxes(
        range=[-limit, limit],
        title={"text": "Verschil in punten", "font": {"color": TEXT_COLOUR}},
        gridcolor="#E0E0E0",
        zeroline=False,
        tickfont=_ticks(font_size),
    )
    fig.update_yaxes(autorange="reversed", tickfont=_ticks(font_size))
    fig.update_layout(margin={"l": 10, "r": 30, "t": 20, "b": 10}, showlegend=False)
    return _layout(fig, font_size, 60 * len(themes) + 90, None)
