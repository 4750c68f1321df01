"""Live: the projector view during a workshop. Behind the beheercode.

The join code and QR code stay on screen for latecomers (the facilitator can fold them away once everyone
has joined, to give the chart the width); the response counts, the radar and the gespreksstarters
refresh on their own every few seconds, without reloading the page.
"""

import streamlit as st

from dia_scan.core.text import markdown_safe
from dia_scan.ui.common import access
from dia_scan.ui.common.context import db
from dia_scan.ui.quickscan.live import LIVE_SECONDS, join_panel, live_layout, live_panel

conn = db()
round_row = access.require_round(conn, purpose="de live weergave te openen", key="live")

st.title(markdown_safe(f"{round_row['organisation_name']}: {round_row['title']}"), anchor=False)
st.caption(
    f"Deze pagina ververst zichzelf elke {LIVE_SECONDS} seconden. "
    "Zet hem op het grote scherm; groepen met te weinig deelnemers blijven verborgen."
)
# Once everyone has joined, the facilitator can fold the join code away so the chart gets the width.
show_join = st.toggle(
    "Deelnamecode en QR-code tonen",
    value=True,
    key=f"live_show_join_{round_row['id']}",
    help="Zet uit als iedereen meedoet: dan krijgt de grafiek de hele breedte.",
)
join, panel = live_layout(show_join)
if join is not None:
    with join:
        join_panel(round_row)
with panel:
    live_panel(round_row["id"])
