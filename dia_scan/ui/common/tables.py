"""Tables on screen: a missing value is an empty cell, never "None".

``st.dataframe`` draws "None" in every cell without a value (a group without a score, an action
without a date), whatever a pandas Styler says. The caption under a table says "een leeg vak betekent:
geen score", so the cell must be empty. :func:`blank_missing` therefore turns the missing values of a
column into empty text: numbers become text too (right-aligned, as numbers are), dates Dutch text.
Such a column then sorts as text; a column without missing values stays as it is.

An editable table (:func:`edit_table`) must keep its types (a date column stays a date column, so the
grid offers its date picker), so there the grid itself is told to leave an empty cell empty: without
``placeholder`` it draws a grey "None" in it. Both functions pass the same placeholder.

A table wider than its box scrolls sideways. Streamlit paints every scrollbar transparent until the
pointer is over it, so on a laptop or phone nobody sees that there are more columns; :func:`table_styles`
(once per run, from app.py) gives the grids' scrollbars a visible colour (they keep Streamlit's thin
width, the room the grid leaves for them). Phones draw their own scrollbars, only while scrolling, so a
shadow along the right edge says too that there is more: a scroll-driven animation (Chromium, Safari)
that only runs on a table that can scroll sideways, and is gone once it is scrolled to the end.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

#: What the grid draws in a cell without a value (Streamlit's own default is "None").
EMPTY_CELL = ""

# the grid's scroll box; colour: Streamlit's own hover colour (its faded text), but always
_SCROLLBARS = """<style>
[data-testid="stDataFrame"] .dvn-scroller {
  scrollbar-color: rgba(49, 51, 63, 0.45) rgba(49, 51, 63, 0.06) !important;
  scroll-timeline: --dia-grid inline;
}
[data-testid="stDataFrame"] { timeline-scope: --dia-grid; }
[data-testid="stDataFrame"]::after {
  content: ""; position: absolute; top: 0; right: 0; bottom: 12px; width: 28px; z-index: 2;
  pointer-events: none; opacity: 0;
  background: linear-gradient(to right, rgba(49, 51, 63, 0), rgba(49, 51, 63, 0.3));
  animation: dia-more-columns linear both;
  animation-timeline: --dia-grid;
}
@keyframes dia-more-columns { from { opacity: 1; } 95% { opacity: 1; } to { opacity: 0; } }
</style>"""


def table_styles() -> None:
    """Visible scrollbars on every table (a style block takes no room on the page)."""
    st.html(_SCROLLBARS)


def _number(value) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:.1f}".replace(".", ",")


def _is_missing(value) -> bool:
    return value is None or (not isinstance(value, list | tuple | dict) and bool(pd.isna(value)))


def blank_missing(frame: pd.DataFrame | list[dict]) -> tuple[pd.DataFrame, dict]:
    """(the frame with empty text where a value is missing, column settings that keep numbers right-aligned)."""
    out = frame.copy() if isinstance(frame, pd.DataFrame) else pd.DataFrame(frame)
    config = {}
    for column in out.columns:
        values = out[column]
        if not values.map(_is_missing).any():
            continue
        if pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.map(lambda day: "" if pd.isna(day) else day.strftime("%d-%m-%Y"))
        elif pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            out[column] = values.map(lambda v: "" if pd.isna(v) else _number(v)).astype(object)
            config[column] = st.column_config.TextColumn(alignment="right")
        else:
            out[column] = values.map(lambda v: "" if _is_missing(v) else v).astype(object)
    return out, config


def show_table(frame: pd.DataFrame | list[dict], **kwargs) -> None:
    """``st.dataframe`` without "None" in empty cells (``hide_index`` defaults to True)."""
    kwargs.setdefault("hide_index", True)
    shown, config = blank_missing(frame)
    kwargs["column_config"] = config | (kwargs.get("column_config") or {})
    kwargs.setdefault("placeholder", EMPTY_CELL)
    st.dataframe(shown, **kwargs)


def edit_table(frame: pd.DataFrame, **kwargs) -> pd.DataFrame:
    """``st.data_editor`` with an empty cell (not "None") where a value is missing; the frame keeps its
    types, so a missing date stays ``NaT`` in a date column (``hide_index`` defaults to True)."""
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("placeholder", EMPTY_CELL)
    return st.data_editor(frame, **kwargs)
