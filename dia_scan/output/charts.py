"""Plotly figure builders: plain data in, ``go.Figure`` out. No streamlit, no scoring.

Every figure uses Dutch labels, a fixed 0-100 scale where scores are shown, fonts of at least 14 px
(larger for the projector), and colours from the Okabe-Ito palette (safe for colour-blind readers).
Lines and bars also differ in dash, marker symbol or pattern, so they stay apart in black and white.

Longer than most because the figure builders share their palette, fonts and accessibility checks
(contrast, dash, markers), which must stay in one place.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from typing import NamedTuple

import plotly.graph_objects as go
from plotly.colors import qualitative, sample_colorscale
from plotly.subplots import make_subplots

from dia_scan.core.i18n import N_, gettext_in
from dia_scan.core.text import whole

#: Okabe & Ito (2008), without black and yellow: black is kept for the total, yellow is unreadable
#: on white. Orange (#E69F00) and sky blue (#56B4E9) are darkened to the same hues so that every line
#: and bar has at least 3:1 contrast with the white background (WCAG 2.1, 1.4.11).
GROUP_COLOURS = ("#0072B2", "#B57A00", "#009E73", "#CC79A7", "#2E8BC9", "#D55E00")
TOTAL_COLOUR = "#000000"
GROUP_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "star", "x")
GROUP_DASHES = ("solid", "dot", "dashdot", "longdash", "longdashdot", "12px,4px,2px,4px,2px,4px")
GROUP_PATTERNS = ("", "/", ".", "x", "-", "+")
DONT_KNOW_COLOUR = "#8C8C8C"
NEUTRAL_COLOUR = "#D9D9D9"
MIN_FONT = 14
#: The middle of every 0-100 score axis: what 50 means, on the chart itself.
NEUTRAL_TICK = "50 neutraal"
#: The legend name of the grey circle at 50, and the hover text of a missing score (translated for participants).
NEUTRAL_LINE = N_("50 = neutraal")
NO_ANSWERS = N_("geen antwoorden")
TEXT_DARK = "#1A1A1A"
#: Passed to st.plotly_chart: no plotly logo, no toolbar clutter on the projector.
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
FONT_FAMILY = "Source Sans Pro, Arial, sans-serif"


PERCENT_AXIS = {
    "range": [0, 100],
    "tickmode": "array",
    "tickvals": [0, 25, 50, 75, 100],
    "ticktext": ["0%", "25%", "50%", "75%", "100%"],
    "gridcolor": "#E0E0E0",
    "automargin": True,
}


class Series(NamedTuple):
    """One line of a radar chart: a group (or the total) and its scores in label order."""

    name: str
    values: Sequence[float | None]
    dashed: bool = False


def plain(text: str) -> str:
    """Plotly reads a little HTML in labels (links, bold); user text must stay plain text."""
    return html.escape(str(text), quote=False).replace("%{", "%&#123;")


def wrap(text: str, width: int = 16, separator: str = "<br>") -> str:
    """Break a label over several lines (as plain text) so axis labels do not run into each other."""
    lines = textwrap.wrap(str(text), width=width, break_long_words=False, break_on_hyphens=False)
    return separator.join(plain(line) for line in lines) or plain(text)


def _style(index: int) -> dict:
    i = index % len(GROUP_COLOURS)
    return {
        "colour": GROUP_COLOURS[i],
        "symbol": GROUP_SYMBOLS[i],
        "dash": GROUP_DASHES[i],
        "pattern": GROUP_PATTERNS[i],
    }


def _layout(fig: go.Figure, font_size: int, height: int | None, title: str | None) -> go.Figure:
    fig.update_layout(
        font={"size": max(font_size, MIN_FONT), "family": FONT_FAMILY, "color": "#1A1A1A"},
        hoverlabel={"font": {"size": max(font_size, MIN_FONT)}},
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height,
        title={"text": title} if title else None,
        legend={"font": {"size": max(font_size, MIN_FONT)}},
    )
    return fig


def radar(
    labels: Sequence[str],
    series: Sequence[Series | tuple],
    *,
    font_size: int = 16,
    height: int | None = 560,
    title: str | None = None,
    label_width: int = 12,
    neutral_line: bool = False,
    language: str = "nl",
) -> go.Figure:
    """A radar (spider) chart on a fixed 0-100 scale: one closed line per series (and, with
    ``neutral_line``, a grey circle at 50 named in the legend: what 50 means, on the chart).

    Series marked ``dashed`` (the total) are drawn black and dashed; the others get a colour, a dash
    style and a marker symbol of their own. A missing score (None) leaves a gap in the line.
    """
    if not labels:
        raise ValueError("Een radar heeft minstens één as nodig.")
    axis = [wrap(label, label_width) for label in labels]
    fig = go.Figure()
    group_index = 0
    for raw in series:
        s = Series(*raw)
        if len(s.values) != len(labels):
            raise ValueError(f"'{s.name}' heeft {len(s.values)} waarden voor {len(labels)} assen.")
        if s.dashed:
            colour, symbol, dash = TOTAL_COLOUR, "circle-open", "dash"
            width = 3
        else:
            style = _style(group_index)
            colour, symbol, dash = style["colour"], style["symbol"], style["dash"]
            width = 3
            group_index += 1
        values = list(s.values)
        shown = [whole(v) for v in values]
        fig.add_trace(
            go.Scatterpolar(
                # repeat the first point so the line closes
                r=values + values[:1],
                theta=axis + axis[:1],
                text=[(gettext_in(language, NO_ANSWERS) if v is None else str(v)) for v in shown + shown[:1]],
                name=plain(s.name),
                mode="lines+markers",
                line={"color": colour, "dash": dash, "width": width},
                marker={"symbol": symbol, "size": 10 if not s.dashed else 9, "color": colour},
                hovertemplate="<b>%{fullData.name}</b><br>%{theta}: %{text}<extra></extra>",
                connectgaps=False,
            )
        )
    if neutral_line:
        # 50 is neutral: a grey circle with its own legend entry says so on the chart itself
        fig.add_trace(
            go.Scatterpolar(
                r=[50] * (len(axis) + 1),
                theta=axis + axis[:1],
                name=gettext_in(language, NEUTRAL_LINE),
                mode="lines",
                line={"color": "#6E6E6E", "width": 2, "dash": "dot"},
                hoverinfo="skip",
            )
        )
    fig.update_layout(
        polar={
            "radialaxis": {
                "range": [0, 100],
                "tickvals": [0, 25, 50, 75, 100],
                # between the first two axes, so the tick labels do not sit under the data points
                "angle": 90 - 180 / len(labels),
                "tickangle": 0,
                "tickfont": {"size": max(font_size - 2, MIN_FONT), "color": "#555555"},
                "gridcolor": "#D0D0D0",
                "linecolor": "#B0B0B0",
            },
            "angularaxis": {
                "direction": "clockwise",
                "rotation": 90,
                "tickfont": {"size": max(font_size, MIN_FONT)},
                "gridcolor": "#D0D0D0",
                "linecolor": "#B0B0B0",
            },
            "bgcolor": "white",
        },
        # at the bottom of the whole figure, under the room kept for the axis labels there
        legend={
            "orientation": "h",
            "yref": "container",
            "yanchor": "bottom",
            "y": 0,
            "xanchor": "center",
            "x": 0.5,
        },
        # Room for the axis labels around the circle, which plotly does not keep by itself: they
        # grow with the font, and two-line labels stick out above and below when the chart is wide
        # enough for the circle to fill its height (the projector). Under the bottom labels comes the
        # legend, one line per series at most.
        margin={
            "l": _side_room(axis, font_size),
            "r": _side_room(axis, font_size),
            "t": _label_room(font_size) + (30 if title else 0),
            "b": _label_room(font_size) + _legend_room(font_size, len(series) + int(neutral_line)),
        },
        showlegend=True,
    )
    return _layout(fig, font_size, height, title)


def _side_room(axis_labels: Sequence[str], font_size: int) -> int:
    """Pixels beside the radar's circle for the widest line of an axis label (a word that cannot be
    broken, such as "Herkenbaarheid", would otherwise be cut off at the figure's edge)."""
    widest = max(len(html.unescape(line)) for label in axis_labels for line in label.split("<br>"))
    return max(6 * font_size, round(0.54 * max(font_size, MIN_FONT) * widest) + 14)


def _label_room(font_size: int) -> int:
    """Pixels for a two-line axis label outside the radar's circle."""
    return round(2.6 * max(font_size, MIN_FONT)) + 12


def _legend_room(font_size: int, entries: int) -> int:
    """Pixels for a horizontal legend that may wrap to one entry per line on a narrow chart."""
    return round(entries * 1.45 * max(font_size, MIN_FONT)) + 8


#: Legend names are wrapped to this many characters, so an entry fits beside the bars on a phone.
LEGEND_CHARS = 14
#: Pixels left of the bars for a group name wrapped to 16 characters (three lines at most).
NAME_ROOM = 150
#: Room between the plot area and a legend under it: the x-axis tick labels.
TICK_ROOM = 44


def legend_under(names: Sequence[str], font_size: int, plot_px: int) -> tuple[list[str], dict, int]:
    """(wrapped names, the legend layout, the room it needs in pixels) for a legend under the plot.

    Plotly puts legend entries side by side as far as the width of the plot area allows, and that width
    depends on the screen: on a phone each entry may get a row of its own. So the room kept under the
    plot is that of one entry per row; on a wide screen the legend uses less of it and the rest stays
    empty, under the legend. Never too little, so the legend never covers the bars (a legend placed
    with a guessed height does, once it wraps).
    """
    wrapped = [wrap(name, LEGEND_CHARS) for name in names]
    line = round(1.3 * max(font_size, MIN_FONT))
    height = sum((n.count("<br>") + 1) * line + 6 for n in wrapped) + 12
    layout = {
        "orientation": "h",
        "x": 0,
        "xanchor": "left",
        "y": -TICK_ROOM / max(plot_px, 1),  # in plot-height units: right under the tick labels
        "yanchor": "top",
        "traceorder": "normal",
        "valign": "top",
    }
    return wrapped, layout, height


class DistributionRow(NamedTuple):
    """The answers of one group to one statement: a count per answer option, in option order."""

    statement: str
    group: str
    counts: Sequence[int]


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.1) of "#RRGGBB" or "rgb(r, g, b)"."""
    if colour.startswith("#"):
        channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    else:
        channels = [round(float(part)) for part in colour[colour.index("(") + 1 : -1].split(",")[:3]]
    linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour_on(background: str) -> str:
    """Dark or white text, whichever contrasts more with the background (plotly's own pick can fail)."""
    return TEXT_DARK if contrast(TEXT_DARK, background) >= contrast("#FFFFFF", background) else "#FFFFFF"


def answer_colours(n_points: int, with_dont_know: bool) -> list[str]:
    """A diverging red-to-blue scale (colour-blind safe) for the points, grey for 'weet niet'."""
    points = sample_colorscale("RdBu", [i / max(n_points - 1, 1) for i in range(n_points)])
    if n_points % 2:
        points[n_points // 2] = NEUTRAL_COLOUR  # the scale's own middle is almost white
    return points + ([DONT_KNOW_COLOUR] if with_dont_know else [])


def ordinal_colours(n_points: int, with_rest: bool) -> list[str]:
    """Shades of blue from light to dark (colour-blind safe), grey for the rest."""
    points = sample_colorscale("Blues", [0.3 + 0.65 * i / max(n_points - 1, 1) for i in range(n_points)])
    return points + ([DONT_KNOW_COLOUR] if with_rest else [])


#: Paul Tol's colour-blind safe qualitative colours (plotly's "Safe" without its grey, which is the rest's).
CATEGORY_COLOURS = [c for c in qualitative.Safe if c != "rgb(136, 136, 136)"]


def category_colours(n_points: int, with_rest: bool) -> list[str]:
    """Distinct colours for options without an order (they repeat after 10), grey for the rest."""
    points = [CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)] for i in range(n_points)]
    return points + ([DONT_KNOW_COLOUR] if with_rest else [])


PALETTES = {"agreement": answer_colours, "ordered": ordinal_colours, "categories": category_colours}


def distribution_bars(
    options: Sequence[str],
    rows: Sequence[DistributionRow],
    *,
    dont_know_last: bool = True,
    font_size: int = 15,
    statement_width: int = 42,
    palette: str = "agreement",
    panel_titles: bool = True,
) -> go.Figure:
    """Horizontal 100% stacked bars: one small panel per statement, one bar per group.

    Each segment is the share of the group's answers for one option; the count is in the hover text.
    With ``dont_know_last`` the last option is 'weet niet': grey and hatched. The ``palette`` is the
    red-to-blue agreement scale, or "ordered": shades of one colour (age bands), or "categories":
    distinct colours (options without an order, such as gender). Without ``panel_titles`` the statement is not repeated above its panel (the page
    shows it as a heading).
    """
    statements = list(dict.fromkeys(r.statement for r in rows))
    if not statements:
        raise ValueError("Er zijn geen antwoorden om te tekenen.")
    n_points = len(options) - (1 if dont_know_last else 0)
    colours = PALETTES[palette](n_points, dont_know_last)
    titles = [wrap(text, statement_width) for text in statements]
    # Sizes in pixels: a bar per group, room above each panel for its (wrapped) statement.
    line = font_size + 7
    title_px = line * max(t.count("<br>") + 1 for t in titles) + 14 if panel_titles else 0
    group_count = max(sum(1 for r in rows if r.statement == text) for text in statements)
    # a bar per group, tall enough for its name wrapped over lines
    name_lines = max(wrap(r.group, 16).count("<br>") + 1 for r in rows)
    panel_px = max(34, name_lines * (font_size + 4) + 10) * group_count + 16
    plot_px = panel_px * len(statements) + title_px * (len(statements) - 1)
    names, legend, legend_px = legend_under(options, font_size, plot_px)
    top_px = title_px + 16
    fig = make_subplots(
        rows=len(statements),
        cols=1,
        shared_xaxes=True,
        subplot_titles=titles if panel_titles else None,
        vertical_spacing=title_px / plot_px if len(statements) > 1 else 0.0,
    )
    for row_number, statement in enumerate(statements, start=1):
        own = [r for r in rows if r.statement == statement]
        groups = [wrap(r.group, 16) for r in own]  # long names would squeeze the bars on a phone
        totals = [sum(r.counts) for r in own]
        for option_index, option in enumerate(options):
            counts = [r.counts[option_index] for r in own]
            shares = [100.0 * c / t if t else 0.0 for c, t in zip(counts, totals, strict=True)]
            is_dont_know = dont_know_last and option_index == len(options) - 1
            fig.add_trace(
                go.Bar(
                    y=groups,
                    x=shares,
                    customdata=counts,
                    name=names[option_index],
                    legendgroup=f"option{option_index}",
                    showlegend=row_number == 1,
                    orientation="h",
                    marker={
                        "color": colours[option_index],
                        "line": {"color": "#FFFFFF", "width": 1},
                        "pattern": {
                            "shape": "/" if is_dont_know else "",
                            "fillmode": "overlay",
                            "fgcolor": "#FFFFFF",
                        },
                    },
                    text=[f"{whole(s)}%" if s >= 8 else "" for s in shares],
                    textposition="inside",
                    insidetextanchor="middle",
                    textfont={
                        "size": max(font_size - 1, MIN_FONT),
                        "color": text_colour_on(colours[option_index]),
                    },
                    hovertemplate=(
                        "%{y}: <b>"
                        + plain(option)
                        + "</b><br>%{customdata} antwoorden (%{x:.0f}%)<extra></extra>"
                    ),
                ),
                row=row_number,
                col=1,
            )
        fig.update_yaxes(
            autorange="reversed",
            automargin=False,  # NAME_ROOM is kept for the names: the statements are placed by it
            tickfont={"size": max(font_size, MIN_FONT)},
            row=row_number,
            col=1,
        )
    fig.update_xaxes(**PERCENT_AXIS)
    # Statements start at the figure's left edge (not the plot's, which lies past the group names), so a
    # statement wrapped to ``statement_width`` characters fits a phone's width.
    fig.update_annotations(
        font={"size": max(font_size, MIN_FONT)}, xanchor="left", align="left", x=0, xshift=-(NAME_ROOM - 10)
    )
    fig.update_layout(
        barmode="stack",
        height=plot_px + top_px + TICK_ROOM + legend_px,
        legend=legend,
        margin={"l": NAME_ROOM, "r": 30, "t": top_px, "b": TICK_ROOM + legend_px},
        bargap=0.25,
    )
    return _layout(fig, font_size, fig.layout.height, None)


def priorities_bars(
    themes: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    font_size: int = 15,
    height: int | None = None,
) -> go.Figure:
    """Grouped horizontal bars: per theme the share (0-100%) of each group that picked it.

    ``series`` holds (group name, shares in 0-1 per theme). Bars differ in colour and in pattern.
    """
    fig = go.Figure()
    labels = [wrap(t, 28) for t in themes]
    for index, (name, shares) in enumerate(series):
        if len(shares) != len(themes):
            raise ValueError(f"'{name}' heeft {len(shares)} waarden voor {len(themes)} thema's.")
        style = _style(index)
        percent = [None if s is None else 100.0 * s for s in shares]
        fig.add_trace(
            go.Bar(
                y=labels,
                x=percent,
                name=plain(name),
                orientation="h",
                marker={
                    "color": style["colour"],
                    # overlay: the group's colour stays the fill, the pattern is drawn on top of it
                    "pattern": {
                        "shape": style["pattern"],
                        "fillmode": "overlay",
                        "fgcolor": "#FFFFFF",
                        "solidity": 0.3,
                    },
                    "line": {"color": style["colour"], "width": 1},
                },
                text=[("" if p is None else f"{whole(p)}%") for p in percent],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="<b>%{fullData.name}</b><br>%{y}: %{text}<extra></extra>",
            )
        )
    bars = max(len(series), 1)
    plot_px = max(200, len(themes) * (22 * bars + 26))
    names, legend, legend_px = legend_under([name for name, _ in series], font_size, plot_px)
    for trace, name in zip(fig.data, names, strict=True):
        trace.name = name
    axis_room = TICK_ROOM + round(1.6 * max(font_size, MIN_FONT))  # tick labels and the axis title
    legend["y"] = -axis_room / plot_px
    fig.update_layout(
        barmode="group",
        height=height or plot_px + 20 + axis_room + legend_px,
        xaxis=PERCENT_AXIS | {"title": {"text": "Deel van de groep dat dit thema koos"}},
        yaxis={"autorange": "reversed", "automargin": True},
        legend=legend,
        margin={"l": 10, "r": 60, "t": 20, "b": axis_room + legend_px},
        bargap=0.2,
    )
    return _layout(fig, font_size, fig.layout.height, None)
