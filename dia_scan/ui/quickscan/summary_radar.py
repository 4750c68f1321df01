"""The radar on the Terugkoppeling, readable on a phone.

Beside its circle a radar needs room for the theme names; on a phone (390 px) that left the circle about
150 px wide. So the page sends two versions and the screen's width picks one: on a wide screen the
radar with names, on a narrow one (640 px or less, the width at which Resultaten swaps its radar for
the table) a radar with numbered axes that takes the whole width, with the numbered names under it.
"""

from __future__ import annotations

import streamlit as st

from dia_scan.core.text import markdown_safe
from dia_scan.output.charts import PLOTLY_CONFIG
from dia_scan.output.images import axis_key, compact_radar, numbered_radar

_WIDTH_CSS = """<style>
@media (max-width: 640px) { .st-key-summary_radar_wide { display: none; } }
@media (min-width: 641px) { .st-key-summary_radar_phone { display: none; } }
</style>"""


def summary_radar(labels: list[str], series: list, alt: str, language: str = "nl") -> None:
    """The radar with names on a wide screen, the numbered one and its list of names on a phone; its
    legend in the participant's ``language``."""
    st.html(_WIDTH_CSS)
    with st.container(key="summary_radar_wide"):
        st.plotly_chart(
            compact_radar(labels, series, language=language), config=PLOTLY_CONFIG, theme=None, alt=alt
        )
    with st.container(key="summary_radar_phone"):
        st.plotly_chart(
            numbered_radar(labels, series, language=language),
            config=PLOTLY_CONFIG,
            theme=None,
            alt=alt,
            key="summary_radar_n",
        )
        st.markdown("  \n".join(markdown_safe(line) for line in axis_key(labels)))
