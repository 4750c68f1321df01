"""Scan beheren: set up a new round, or open one with its beheercode and manage it."""

import streamlit as st

from dia_scan.ui.common import access
from dia_scan.ui.common.context import catalog, db, show_notice
from dia_scan.ui.quickscan import manage as setup_manage
from dia_scan.ui.quickscan import setup as setup_round

MODE = "beheren_mode"
MODES = {"beheren": "Ronde beheren", "nieuw": "Nieuwe ronde maken"}

st.title("Scan beheren")
show_notice()
conn = db()
cat = catalog()

if MODE not in st.session_state:
    st.session_state[MODE] = "beheren" if access.managed_round_ids() else "nieuw"
mode = st.segmented_control(
    "Wat wilt u doen?",
    list(MODES),
    format_func=MODES.get,
    key=MODE,
    required=True,
    label_visibility="collapsed",
)

if mode == "nieuw":
    setup_round.show_form(conn, cat, on_created_mode=(MODE, "beheren"))
else:
    round_row = access.require_round(conn)
    setup_round.show_created(round_row)
    setup_manage.show(conn, cat, round_row)
    st.divider()
    with st.expander("Een andere ronde openen"):
        with st.form("other_round_login", border=False):
            code = st.text_input("Deelnamecode", max_chars=20, key="other_code")
            secret = st.text_input("Beheercode", type="password", max_chars=40, key="other_secret")
            opened = st.form_submit_button("Openen", key="other_open")
        if opened and access.try_login(conn, code, secret) is not None:
            st.rerun()
