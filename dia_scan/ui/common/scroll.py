"""Start a new screen of a questionnaire at its top."""

from __future__ import annotations

import streamlit as st


def scroll_to_top(step: int) -> None:
    """On a phone "Volgende" sits far down and Streamlit keeps the scroll position, so a new screen would
    open half-way. A fixed script with only the step number in it (so it runs again on every new step);
    no typed text ever goes here."""
    st.html(
        f"<script>/* stap {int(step)} */"
        "document.querySelector('[data-testid=\"stMain\"]')?.scrollTo({top: 0});</script>",
        unsafe_allow_javascript=True,
        width="content",
    )
