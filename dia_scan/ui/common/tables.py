"""Tables on screen: a missing value is an empty cell, never "None" or "<NA>".

``st.dataframe`` writes "None" in a cell without a value (a group without a score, an action without a
date). The table under a chart says "een leeg vak betekent: geen score", so the cell must be empty.
A pandas Styler with ``na_rep=""`` keeps the numbers as numbers (they still sort) and shows blanks.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st


def blank_missing(frame: pd.DataFrame | list[dict]):
    """The frame (or rows) as a Styler that shows missing values as empty cells, numbers in Dutch notation."""
    if not isinstance(frame, pd.DataFrame):
        frame = pd.DataFrame(frame)
    return frame.style.format(na_rep="", precision=1, decimal=",", thousands=".")


def show_table(frame: pd.DataFrame | list[dict], **kwargs) -> None:
    """``st.dataframe`` without "None" in empty cells (``hide_index`` defaults to True)."""
    kwargs.setdefault("hide_index", True)
    st.dataframe(blank_missing(frame), **kwargs)
