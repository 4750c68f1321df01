"""Verbetertips on screen, the same for the Quick Scan and the checklist: per theme or dimension why it
was chosen, then each tip with its resources and where they come from."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dia_scan.core.advice import SelectedAdvice
from dia_scan.core.model import Tip
from dia_scan.core.text import markdown_safe
from dia_scan.output.sources import resource_heading, source_title


def show_advice(
    advice: list[SelectedAdvice],
    *,
    intro: str | None = None,
    empty: str | None = None,
    after_tip: Callable[[SelectedAdvice, Tip], None] | None = None,
) -> None:
    """Each selected theme or dimension with its tips; ``after_tip`` adds something under a tip (the
    button that puts it on the verbeteragenda)."""
    if not advice:
        if empty:
            st.write(empty)
        return
    if intro:
        st.caption(intro)
    for selected in advice:
        st.markdown(f"#### {markdown_safe(selected.target_title)}")
        st.caption(markdown_safe(selected.reason))
        for tip, resources in selected.tips:
            with st.container(border=True):
                st.markdown(f"**{markdown_safe(tip.title)}**")
                st.markdown(markdown_safe(tip.text))
                for resource in resources:
                    source = source_title(resource.source)
                    source = f" (bron: {markdown_safe(source)})" if source else ""
                    st.markdown(f"**{markdown_safe(resource_heading(resource))}**{source}")
                    if resource.description:
                        st.caption(markdown_safe(resource.description))
                if after_tip is not None:
                    after_tip(selected, tip)
