"""Live: the projector view during a workshop. Behind the beheercode (or a window pass from Scan beheren).

The short address, the join code and a QR code stay on top for latecomers (the facilitator can fold them
away in the sidebar once everyone has joined); the counts, the radar and the gespreksstarters refresh on
their own every few seconds, without reloading the page.
"""

import streamlit as st

from dia_scan.core import lifecycle
from dia_scan.ui.common import access
from dia_scan.ui.common.context import db
from dia_scan.ui.quickscan.live import LIVE_SECONDS, live_layout, live_panel

conn = db()
round_row = access.require_round(conn, purpose="de live weergave te openen", key="live")

with st.sidebar:
    # a closed round invites nobody (ui/quickscan/live.py), so there is no code to show or hide
    show_join = not lifecycle.is_over(round_row) and st.toggle(
        "Deelnamecode en QR-code tonen",
        value=True,
        key=f"live_show_join_{round_row.id}",
        help="Zet uit als iedereen meedoet: dan krijgt de grafiek meer ruimte.",
    )
    st.caption(
        f"Deze pagina ververst zichzelf elke {LIVE_SECONDS} seconden. Zet hem op het grote scherm; "
        "groepen met te weinig deelnemers blijven verborgen."
    )
live_layout(round_row, show_join)
live_panel(round_row.id, show_join)
